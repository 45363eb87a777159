import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildNetwork, auditEventsOf } from '../../../test/factories';
import { gbk } from '../../../test/gbk';
import { setupTestApp } from '../../../test/harness';
import { runPatentsImport } from '../../cli/patents.commands';
import { presentRefusedRows, refusedRowLines, stoppedMessage } from '../../i18n/row-problems';
import { ImportStopped } from './patents.readers';
import { importPatents } from './patents.import';

const ctx = await setupTestApp();
const stream = (text: string) => Readable.from([Buffer.from(text, 'utf8')]);
const jsonl = (rows: object[]) => stream(rows.map((r) => JSON.stringify(r)).join('\n'));

async function rowsWhere(cond: ReturnType<typeof sql>) {
  const res = await ctx.db.execute(sql`select * from patents where ${cond}`);
  return (res as unknown as { rows: Record<string, unknown>[] }).rows;
}

describe('JSONL: good rows are kept, bad rows reported with reasons', () => {
  it('takes legal status and type as Chinese registers and exports word them; 失效 alone is refused, for it does not say which', async () => {
    const lines = [
      { externalId: 'zh-ls-1', title: '有效的专利', legalStatus: '有效', type: '发明专利' },
      { externalId: 'zh-ls-2', title: '审中的申请', legalStatus: '审中', type: '实用新型' },
      { externalId: 'zh-ls-3', title: '欠费的专利', legalStatus: '未缴年费终止', type: '外观设计' },
      { externalId: 'zh-ls-4', title: '状态不明', legalStatus: '失效' },
    ].map((o) => JSON.stringify(o)).join('\n');
    const r = await importPatents(ctx.deps, stream(lines), 'jsonl');
    expect(r.counts).toMatchObject({ read: 4, inserted: 3, bad: 1 });
    expect(r.badRows).toEqual([{ line: 4, problems: [{ field: 'legalStatus', key: 'patent.legal_status_vague', params: { value: '失效' } }] }]);
    expect(presentRefusedRows(r.badRows, 'zh-CN')[0].problems[0].message).toMatch(/^“失效”没有说明是哪种法律状态/);
    const rows = await rowsWhere(sql`external_id like 'zh-ls-%' order by external_id`);
    expect(rows.map((x) => [x.legal_status, x.type])).toEqual([
      ['granted_valid', 'invention'],
      ['under_examination', 'utility_model'],
      ['lapsed_fee', 'design'],
    ]);
  });
  it('imports and refuses row by row', async () => {
    const lines = [
      JSON.stringify({ applicationNumber: '200710308494.X', title: '一种图像处理方法', type: 'invention', applicants: ['甲公司'], ipc: ['G06T 7/00'], publicationDate: '2008-06-25' }),
      JSON.stringify({ applicationNumber: '200710308494.1', title: '校验位错误' }),
      '{ not json',
      JSON.stringify({ applicationNumber: '201580074208.0', abstract: '没有名称' }),
      JSON.stringify({ externalId: 'x-1', title: '日期错误', publicationDate: '2021-02-30', ipc: 'H01M 10/052;XYZ', legalStatus: 'alive' }),
      '',
      JSON.stringify({ title: '没有任何编号' }),
      JSON.stringify({ applicationNumber: '201110030901.1', title: '合格记录', applicants: '乙公司;丙大学', inventors: ['张三'], filingDate: '2011/01/20', legalStatus: 'GRANTED_VALID' }),
      JSON.stringify({ externalId: 'x-2', title: '多余字段', colour: 'red' }),
    ].join('\n');
    const r = await importPatents(ctx.deps, stream(lines), 'jsonl');
    expect(r.counts).toEqual({ read: 8, inserted: 2, updated: 0, unchanged: 0, bad: 6 });
    expect(r.badRows).toEqual([
      { line: 2, problems: [{ field: 'applicationNumber', key: 'patent.check_character', params: { value: '200710308494.1', expected: 'X' } }] },
      { line: 3, problems: [{ field: null, key: 'import.bad_json', params: { detail: expect.any(String) } }] },
      { line: 4, problems: [{ field: 'title', key: 'import.required' }] },
      {
        line: 5,
        problems: [
          { field: 'ipc', key: 'patent.ipc', params: { value: 'XYZ' } },
          { field: 'publicationDate', key: 'import.date', params: { value: '2021-02-30' } },
          { field: 'legalStatus', key: 'patent.legal_status', params: { value: 'alive', allowed: expect.stringContaining('granted_valid') } },
        ],
      },
      { line: 7, problems: [{ field: null, key: 'patent.identity' }] },
      { line: 9, problems: [{ field: 'colour', key: 'import.unknown_field', params: { fields: expect.stringContaining('applicationNumber') } }] },
    ]);
    // Worded for each reader: Chinese by default, English on request; no key is left untranslated.
    const zh = presentRefusedRows(r.badRows, 'zh-CN');
    expect(zh[0].problems[0].message).toBe('申请号 200710308494.1 的校验位不正确（应为 X）');
    expect(zh[4].problems[0].message).toBe('申请号、公开（公告）号或 externalId 至少填写一项，用以识别记录');
    expect(presentRefusedRows(r.badRows, 'en-US')[0].problems[0].message).toBe('Wrong check character in application number 200710308494.1 (expected X)');
    for (const locale of ['zh-CN', 'en-US'] as const) {
      for (const row of presentRefusedRows(r.badRows, locale)) for (const p of row.problems) expect(p.message).not.toMatch(/^(patent|import)\.|\{\w+\}/);
    }
    // Fields as the clerk knows them: the column header, and the JSON key.
    expect(refusedRowLines(r.badRows.slice(2, 3), 'zh-CN')).toEqual(['第 4 行，名称（title）：必填']);
    const [kept] = await rowsWhere(sql`application_number = '201110030901.1'`);
    expect(kept).toMatchObject({ title: '合格记录', applicants: ['乙公司', '丙大学'], filing_date: '2011-01-20', legal_status: 'granted_valid', type: 'invention', upsert_key: 'an:201110030901' });
    // One audit event for the whole import, with its counts and the input's hash.
    const [event] = await auditEventsOf(ctx, { recordId: r.batchId });
    expect(event).toMatchObject({ type: 'bulk.completed', data: { operation: 'patents.import', counts: r.counts, sha256: r.sha256 } });
  });
});

describe('one record per application', () => {
  it('an A publication and its B grant update one record', async () => {
    const a = { applicationNumber: '201580074208.0', publicationNumber: 'CN107123456A', title: '一种电池隔膜', claims: '申请时的权利要求。', publicationDate: '2017-08-01', filingDate: '2015-12-30', legalStatus: 'under_examination' };
    const b = { applicationNumber: 'CN 201580074208.0', publicationNumber: 'CN107123456B', title: '一种电池隔膜', claims: '授权的权利要求。', publicationDate: '2020-03-10', legalStatus: 'granted_valid' };
    const first = await importPatents(ctx.deps, jsonl([a]), 'jsonl');
    expect(first.counts).toMatchObject({ inserted: 1, updated: 0 });
    const second = await importPatents(ctx.deps, jsonl([b]), 'jsonl');
    expect(second.counts).toMatchObject({ inserted: 0, updated: 1 });
    const rows = await rowsWhere(sql`upsert_key = 'an:201580074208'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      application_number: '201580074208.0',
      publication_number: 'CN107123456A',
      publication_date: '2017-08-01',
      kind_code: 'B',
      grant_number: 'CN107123456B',
      grant_date: '2020-03-10',
      claims: '授权的权利要求。',
      filing_date: '2015-12-30',
      legal_status: 'granted_valid',
      version: 2,
    });
    expect(rows[0].publications).toEqual([
      { number: 'CN107123456A', kind: 'A', date: '2017-08-01' },
      { number: 'CN107123456B', kind: 'B', date: '2020-03-10' },
    ]);
    // Either number now finds it.
    expect((rows[0].search_keys as string[])).toEqual(expect.arrayContaining(['n:201580074208', 'n:cn107123456', 'n:cn107123456a', 'n:cn107123456b']));
  });

  it('A and B in one file make one record; a re-import changes nothing', async () => {
    const a = { publicationNumber: 'CN108000001A', title: '无申请号的记录', publicationDate: '2018-01-02' };
    const b = { publicationNumber: 'CN108000001B', title: '无申请号的记录', publicationDate: '2019-05-06' };
    const r = await importPatents(ctx.deps, jsonl([a, b]), 'jsonl');
    expect(r.counts).toMatchObject({ inserted: 1, updated: 1 });
    expect(await rowsWhere(sql`upsert_key = 'pn:CN108000001'`)).toHaveLength(1);
    const again = await importPatents(ctx.deps, jsonl([a, b]), 'jsonl');
    expect(again.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });

  it('a record known by an external id with quotes, backslashes, commas and braces is found again', async () => {
    const odd = { externalId: 'ext "q" \\ a,b {c} NULL 锂', title: '奇特编号' };
    expect((await importPatents(ctx.deps, jsonl([odd]), 'jsonl')).counts).toMatchObject({ inserted: 1 });
    expect((await importPatents(ctx.deps, jsonl([odd]), 'jsonl')).counts).toMatchObject({ inserted: 0, unchanged: 1 });
    expect((await importPatents(ctx.deps, jsonl([{ ...odd, title: '奇特编号（改）' }]), 'jsonl')).counts).toMatchObject({ inserted: 0, updated: 1 });
    expect(await rowsWhere(sql`external_id = ${odd.externalId}`)).toHaveLength(1);
  });

  it('a record first known by its publication takes its application number when it arrives', async () => {
    await importPatents(ctx.deps, jsonl([{ publicationNumber: 'CN109000009A', title: '先有公开号', publicationDate: '2019-01-01' }]), 'jsonl');
    const r = await importPatents(ctx.deps, jsonl([{ applicationNumber: '200780042406.4', publicationNumber: 'CN109000009B', title: '先有公开号' }]), 'jsonl');
    expect(r.counts).toMatchObject({ inserted: 0, updated: 1 });
    const rows = await rowsWhere(sql`title = '先有公开号'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ upsert_key: 'an:200780042406', application_number: '200780042406.4', publication_number: 'CN109000009A', kind_code: 'B' });
  });
});

describe('CSV and .xlsx', () => {
  it('CSV: quoted cells with commas, quotes and line breaks; lists split on ;; CNIPA headers', async () => {
    const csv =
      '\uFEFF申请号,名称,摘要,申请(专利权)人,分类号,公开(公告)日,legalStatus\r\n' +
      '201710117081.7,"一种""高效""散热器","第一行,含逗号\r\n第二行",丁公司;戊公司,F28D 15/02;H05K 7/20,2018-02-03,granted_valid\r\n' +
      '201710117081.8,坏校验位,,,,,\r\n' +
      '\r\n' +
      'CN 98123456.X,旧号,,,,,\r\n';
    const r = await importPatents(ctx.deps, stream(csv), 'csv');
    expect(r.counts).toMatchObject({ read: 3, inserted: 1, bad: 2 });
    expect(r.badRows.map((b) => b.line)).toEqual([4, 6]);
    const [row] = await rowsWhere(sql`upsert_key = 'an:201710117081'`);
    expect(row).toMatchObject({ title: '一种"高效"散热器', abstract: '第一行,含逗号\r\n第二行', applicants: ['丁公司', '戊公司'], ipc: ['F28D 15/02', 'H05K 7/20'], main_ipc: 'F28D 15/02' });
  });

  it('.xlsx: the first sheet, read as a stream', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('专利');
    ws.addRow(['applicationNumber', 'title', 'applicants', 'publicationDate', 'type', '代理人']);
    ws.addRow(['202010000002.6', '表格导入的专利', '己公司; 庚公司', new Date(Date.UTC(2021, 4, 6)), '实用新型', '王五']);
    ws.addRow(['202010000002.7', '坏行', '', '', '', '']);
    wb.addWorksheet('说明').addRow(['第二张表不导入']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    // The workbook reader's temporary files (a sheet before the shared strings) are gone afterwards.
    const temporary = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));
    const before = temporary();
    const r = await importPatents(ctx.deps, Readable.from([buf]), 'xlsx');
    // (removed asynchronously, just after the import's end)
    await expect.poll(temporary, { timeout: 2000 }).toEqual(before);
    expect(r.counts).toMatchObject({ read: 2, inserted: 1, bad: 1 });
    expect(r.ignoredColumns).toEqual(['代理人']);
    expect(r.badRows).toEqual([{ line: 3, problems: [expect.objectContaining({ field: 'applicationNumber', key: 'patent.check_character' })] }]);
    const [row] = await rowsWhere(sql`upsert_key = 'an:202010000002'`);
    expect(row).toMatchObject({ title: '表格导入的专利', applicants: ['己公司', '庚公司'], publication_date: '2021-05-06', type: 'utility_model' });
  });
});

describe('POST /api/patents/imports', () => {
  let net: Awaited<ReturnType<typeof buildNetwork>>;
  beforeAll(async () => {
    net = await buildNetwork(ctx);
  });
  const upload = (agent: typeof net.admin, name: string, content: string | Buffer, lang = 'zh-CN') => {
    const form = new FormData();
    form.append('file', new File([content], name));
    return ctx.app.request('/api/patents/imports', { method: 'POST', body: form, headers: { cookie: agent.cookie!, 'x-csrf-token': agent.csrf!, 'accept-language': lang } });
  };

  it('runs the upload as a job with progress and ends with the counts and the refused rows in the uploader\'s language', async () => {
    const content = [JSON.stringify({ externalId: 'up-1', title: '上传的记录' }), JSON.stringify({ externalId: 'up-2' })].join('\n');
    const res = await upload(net.wsAdmin1, 'records.jsonl', content);
    expect(res.status).toBe(202);
    const { data: job } = (await res.json()) as { data: { id: string; status: string } };
    expect(job.status).toBe('queued');
    await ctx.deps.jobs.drain();
    const done = await net.wsAdmin1.get(`/api/jobs/${job.id}`);
    expect(done.body.data).toMatchObject({
      status: 'succeeded',
      progress: Buffer.byteLength(content),
      progressTotal: Buffer.byteLength(content),
      progressMessage: '已读 2 行：新增 1，更新 0，未变 0，拒绝 1',
      result: { counts: { read: 2, inserted: 1, bad: 1 }, badRows: [{ line: 2, problems: [{ field: 'title', label: '名称（title）', message: '必填' }] }] },
    });
    expect(await rowsWhere(sql`external_id = 'up-1'`)).toHaveLength(1);

    const en = await upload(net.admin, 'records.jsonl', [JSON.stringify({ applicationNumber: '200710308494.1', title: 'x' }), '[1]', JSON.stringify({ externalId: 'up-en', title: 'x' })].join('\n'), 'en-US');
    const enJob = ((await en.json()) as { data: { id: string } }).data;
    await ctx.deps.jobs.drain();
    const enDone = await net.admin.get(`/api/jobs/${enJob.id}`);
    expect(enDone.body.data.progressMessage).toBe('3 rows read: 1 new, 0 updated, 0 unchanged, 2 refused');
    expect(enDone.body.data.result.badRows).toEqual([
      { line: 1, problems: [{ field: 'applicationNumber', label: 'applicationNumber', message: 'Wrong check character in application number 200710308494.1 (expected X)' }] },
      { line: 2, problems: [{ field: null, label: null, message: 'This line is not a JSON object (expected {...})' }] },
    ]);
  });

  it('a CSV that Excel saved in GBK, with columns of an export that no record keeps: read, and the columns named', async () => {
    const csv = gbk('申请号,名称,申请人地址,法律状态,序号\r\n201810000001.4,一种国标码编码的散热片,广东省深圳市,实质审查中,1\r\n');
    const res = await upload(net.wsAdmin1, '专利导出.csv', csv);
    expect(res.status).toBe(202);
    const { data: job } = (await res.json()) as { data: { id: string } };
    await ctx.deps.jobs.drain();
    const done = await net.wsAdmin1.get(`/api/jobs/${job.id}`);
    expect(done.body.data).toMatchObject({ status: 'succeeded', result: { counts: { read: 1, inserted: 1, bad: 0 }, ignoredColumns: ['申请人地址', '序号'] } });
    const [row] = await rowsWhere(sql`upsert_key = 'an:201810000001'`);
    expect(row).toMatchObject({ title: '一种国标码编码的散热片', legal_status: 'under_examination' });
  });

  it('a file that cannot be read on: what came before is kept, audited and alerted (once), and the uploader is told in Chinese', async () => {
    const watch = await net.staff1.post('/api/saved-searches', { name: '断流监控', query: '断流测试材料', watch: true, workstationId: net.ws1.workstation.id });
    expect(watch.status).toBe(201);
    // 2,500 lines, then the stream breaks: the first batch (2,000) was written before the reader failed.
    const lines = Array.from({ length: 2500 }, (_, i) => JSON.stringify({ externalId: `cut-${i}`, title: `一种断流测试材料${i}` })).join('\n') + '\n';
    let sent = false;
    const broken = new Readable({
      read() {
        if (!sent) {
          sent = true;
          this.push(Buffer.from(lines));
        } else this.destroy(new Error('connection reset'));
      },
    });
    const err = await importPatents(ctx.deps, broken, 'jsonl').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportStopped);
    const stopped = err as ImportStopped;
    expect(stopped.line).toBe(2500);
    expect(stopped.counts).toMatchObject({ read: 2500, inserted: 2500, bad: 0, alerts: 1 });
    expect(Number((await rowsWhere(sql`external_id like 'cut-%'`)).length)).toBe(2500);
    const [event] = (await auditEventsOf(ctx, {})).filter((e) => (e.data as { stopped?: number }).stopped === 2500);
    expect(event).toMatchObject({ type: 'bulk.completed', data: { operation: 'patents.import', counts: { read: 2500, inserted: 2500 }, stopped: 2500 } });
    expect(stoppedMessage('zh-CN', stopped.line, '已读 2500 行')).toMatch(/^文件在第 2500 行之后无法继续读取/);
    // The mended file again: those records are unchanged and alert no one twice.
    const again = await importPatents(ctx.deps, stream(lines), 'jsonl');
    expect(again.counts).toMatchObject({ read: 2500, unchanged: 2500, inserted: 0 });
    expect(again.alerts).toBe(0);
  });

  it('an upload that cannot be read fails its job with a message in the uploader\'s language, and imports nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('专利');
    ws.addRow(['externalId', 'title']);
    for (let i = 0; i < 50; i++) ws.addRow([`trunc-${i}`, `一种被截断的表格${i}`]);
    const whole = Buffer.from(await wb.xlsx.writeBuffer());
    // The workbook reader's temporary file of the sheet it was reading goes with the failed read.
    const temporary = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));
    const before = temporary();
    const res = await upload(net.wsAdmin1, '截断.xlsx', whole.subarray(0, Math.floor(whole.length / 2)));
    expect(res.status).toBe(202);
    const { data: job } = (await res.json()) as { data: { id: string } };
    await ctx.deps.jobs.drain();
    await expect.poll(temporary, { timeout: 2000 }).toEqual(before);
    const done = await net.wsAdmin1.get(`/api/jobs/${job.id}`);
    expect(done.body.data.status).toBe('failed');
    expect(done.body.data.error).toMatch(/^文件(无法读取|在第 \d+ 行之后无法继续读取)/);
    // Not what the zip reader said (it goes to the log).
    expect(done.body.data.error).not.toMatch(/zip|corrupt|error|data/i);
    expect(await rowsWhere(sql`external_id like 'trunc-%'`)).toHaveLength(0);
  });

  it('a .json file holding an array is refused once, on its first line, and imports nothing', async () => {
    const r = await importPatents(ctx.deps, stream('[\n  {"externalId": "arr-1", "title": "数组里的记录"},\n  {"externalId": "arr-2", "title": "另一条"}\n]\n'), 'jsonl');
    expect(r.counts).toMatchObject({ read: 1, inserted: 0, bad: 1 });
    expect(refusedRowLines(r.badRows, 'zh-CN')).toEqual(['第 1 行：文件是一个 JSON 数组，未导入：请改为每行一个 JSON 对象（JSONL），或上传 CSV / .xlsx']);
    expect(await rowsWhere(sql`external_id like 'arr-%'`)).toHaveLength(0);
  });

  it('staff may search but not import; an unknown format is refused', async () => {
    expect((await upload(net.staff1, 'records.jsonl', '{}')).status).toBe(403);
    const bad = await upload(net.admin, 'records.txt', 'x');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details[0].path).toBe('file');
  });

  it('anonymous uploads are 401', async () => {
    const form = new FormData();
    form.append('file', new File(['{}'], 'a.jsonl'));
    expect((await ctx.app.request('/api/patents/imports', { method: 'POST', body: form })).status).toBe(401);
  });
});

describe('ipstation patents import FILE', () => {
  // Made when a test of this block runs (a block whose tests are all filtered out runs no afterAll).
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-pat-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the counts on stdout and each refused row with its problems on stderr, in English like the rest of the CLI', async () => {
    const file = path.join(dir, 'patents.jsonl');
    fs.writeFileSync(file, [JSON.stringify({ externalId: 'cli-1', title: '命令行导入' }), JSON.stringify({ externalId: 'cli-2', title: '坏日期', filingDate: '2020-13-01', legalStatus: 'alive' })].join('\n'));
    const printed: string[] = [];
    const noted: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => noted.push(String(chunk)) > 0);
    try {
      await runPatentsImport(ctx.deps, file);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(printed[0]).toMatch(/^read 2, new 1, updated 0, unchanged 0, refused 1 \(/);
    expect(noted).toContain('Line 2, filingDate: "2020-13-01" is not a date (YYYY-MM-DD)\n');
    expect(noted).toContainEqual(expect.stringMatching(/^Line 2, legalStatus: "alive" is not a legal status; allowed: /));
  });
});
