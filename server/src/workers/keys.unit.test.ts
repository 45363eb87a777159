import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { indexFields, mergeRecord } from '../modules/patents/patents.keys';
import { normalizeRow, type PatentInput } from '../modules/patents/patents.record';
import * as tm from '../modules/trademarks/trademarks.keys';
import { normalizeTrademarkRow, type TrademarkInput } from '../modules/trademarks/trademarks.record';
import { bigramCode } from '../search/text';
import { unpackKeys, worker } from './keys.tasks';
import { closeWorkers, resetWorkers, runTask, workerFailure, workerModule } from './pool';

afterAll(() => closeWorkers());

// The records and keys as the import computed them before there were workers.
const newPatentRecords = (rows: PatentInput[]) =>
  rows.map((r) => {
    const s = mergeRecord(null, r);
    return { ...s, ...indexFields(s) };
  });
const newTrademarkRecords = (rows: TrademarkInput[]) =>
  rows.map((r) => {
    const s = tm.mergeTrademark(null, r);
    return { ...s, ...tm.indexFields(s) };
  });

const valid = <T>(r: { ok: true; record: T } | { ok: false }): T => {
  if (!r.ok) throw new Error('test row refused');
  return r.record;
};

// Astral Han (CJK extension B: 𠀀𠀁, 𪚥), Latin and full-width Latin tokens, numbers, lists.
const patents: PatentInput[] = [
  { applicationNumber: '201580074208.0', publicationNumber: 'CN107123456A', title: '一种𠀀𠀁石墨烯电池隔膜', abstract: '采用OLED与Li-ion 5G模组，𪚥字测试；ＬＩＤＡＲ定位。', claims: '1. 一种隔膜，其特征在于……', applicants: ['深圳𠀀科技有限公司', 'Apex Holdings Ltd'], inventors: ['王伟', 'John SMITH'], ipc: ['H01M 50/403', 'H01M 10/052'], publicationDate: '2017-08-01', legalStatus: 'under_examination' },
  { applicationNumber: '200710308494.X', title: '一种图像处理方法', abstract: 'An image processing method using CMOS sensors and FPGA.', applicants: ['甲公司'], ipc: ['G06T 7/00'], type: 'invention' },
  { externalId: 'x-astral', title: '𠀀', abstract: '' },
].map((r) => valid(normalizeRow(r)));

const trademarks: TrademarkInput[] = [
  { registrationNumber: 'G1234567', markName: '𠀀𠀁星', niceClasses: [9, 42], goodsServices: 'OLED显示屏；Li-ion电池', applicants: ['Apex Holdings Ltd', '深圳𪚥有限公司'], status: 'registered' },
  { registrationNumber: '10000003', markName: 'SUPERNOVA', niceClasses: [9], goodsServices: 'lamps and nova-lights', applicants: ['Nova Lighting Ltd'] },
].map((r) => valid(normalizeTrademarkRow(r)));

// Every field but the id (a new record's random UUID).
const withoutIds = <T extends { id: string }>(rs: T[]) => rs.map(({ id: _id, ...rest }) => rest);

describe('keys computed in a worker thread', () => {
  it('equal the keys computed on this thread, astral Han and Latin tokens included', async () => {
    const here = newPatentRecords(patents);
    const there = unpackKeys('patentKeys', await runTask(1, 'patentKeys', patents), patents);
    expect(workerFailure()).toBeNull(); // the task ran in a worker, not in the fallback
    expect(withoutIds(there)).toEqual(withoutIds(here));
    // The cases the test is for are in the keys, not only equal on both sides.
    expect(here[0].hanKeys).toContain(bigramCode('𠀀', '𠀁'));
    expect(here[0].hanKeys).toContain(bigramCode('𠀁', '石'));
    expect([...here[0].searchKeys, ...here[0].postingKeys]).toEqual(expect.arrayContaining(['w:oled', 'w:li', 'w:ion', 'w:5g', 'w:lidar', 'p:w:apex', 'i:w:smith', 'n:cn107123456']));
    expect(here[2].hanKeys).toHaveLength(0);
    expect(new Set(there.map((r) => r.id)).size).toBe(3);

    const tmHere = newTrademarkRecords(trademarks);
    const tmThere = unpackKeys('trademarkKeys', await runTask(1, 'trademarkKeys', trademarks), trademarks);
    expect(withoutIds(tmThere)).toEqual(withoutIds(tmHere));
    expect(tmHere[0].hanKeys).toContain(bigramCode('𠀀', '𠀁'));
    expect(tmHere[0].searchKeys).toEqual(expect.arrayContaining(['w:oled', 'p:w:apex', 'n:g1234567']));
  });

  it('without workers, the same task runs on this thread', async () => {
    const packed = await runTask(0, 'patentKeys', patents);
    expect(packed.han).toBeInstanceOf(Int32Array);
    expect(withoutIds(unpackKeys('patentKeys', packed, patents))).toEqual(withoutIds(newPatentRecords(patents)));
    expect(withoutIds(unpackKeys('trademarkKeys', worker.trademarkKeys(trademarks), trademarks))).toEqual(withoutIds(newTrademarkRecords(trademarks)));
  });

  it("a task's own error is thrown as on this thread, and the workers stay in use", async () => {
    const broken = [{ ...patents[0], applicants: null }] as unknown as PatentInput[];
    await expect(runTask(1, 'patentKeys', broken)).rejects.toThrow(TypeError);
    expect(workerFailure()).toBeNull();
  });
});

describe('workers that cannot start', () => {
  it('leave the import to this thread: same answer, the failure reported once', async () => {
    await closeWorkers();
    const url = workerModule.url;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-workers-'));
    const bad = path.join(dir, 'bad.worker.mjs');
    fs.writeFileSync(bad, "throw new Error('no worker here');\n");
    workerModule.url = pathToFileURL(bad).href;
    try {
      const reports: unknown[] = [];
      const answers = await Promise.all([1, 2, 3].map(() => runTask(1, 'patentKeys', patents, (err) => reports.push(err))));
      for (const a of answers) expect(withoutIds(unpackKeys('patentKeys', a, patents))).toEqual(withoutIds(newPatentRecords(patents)));
      expect(reports).toHaveLength(1);
      expect(String(workerFailure())).toMatch(/no worker here|Terminating/);
      // From then on the process computes in place, without trying again.
      expect(withoutIds(unpackKeys('trademarkKeys', await runTask(1, 'trademarkKeys', trademarks, (err) => reports.push(err)), trademarks))).toEqual(withoutIds(newTrademarkRecords(trademarks)));
      expect(reports).toHaveLength(1);
    } finally {
      workerModule.url = url;
      resetWorkers();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
