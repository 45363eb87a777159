import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNetwork, auditEventsOf } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';
import { importPatents } from './patents.import';

const ctx = await setupTestApp();
const stream = (text: string) => Readable.from([Buffer.from(text, 'utf8')]);
const jsonl = (rows: object[]) => stream(rows.map((r) => JSON.stringify(r)).join('\n'));

async function rowsWhere(cond: ReturnType<typeof sql>) {
  const res = await ctx.db.execute(sql`select * from patents where ${cond}`);
  return (res as unknown as { rows: Record<string, unknown>[] }).rows;
}

describe('JSONL: good rows are kept, bad rows reported with reasons', () => {
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
      { line: 2, reasons: ['applicationNumber: wrong check character in 200710308494.1 (expected X)'] },
      { line: 3, reasons: [expect.stringMatching(/^not valid JSON/)] },
      { line: 4, reasons: ['title: required'] },
      {
        line: 5,
        reasons: [
          'ipc: XYZ is not an IPC code (e.g. H01M 10/052)',
          'publicationDate: 2021-02-30 is not a date (YYYY-MM-DD)',
          expect.stringMatching(/^legalStatus: alive is not one of/),
        ],
      },
      { line: 7, reasons: ['applicationNumber, publicationNumber or externalId: one is required to identify the record'] },
      { line: 9, reasons: ['unknown field: colour'] },
    ]);
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
    ws.addRow(['applicationNumber', 'title', 'applicants', 'publicationDate', 'type']);
    ws.addRow(['202010000002.6', '表格导入的专利', '己公司; 庚公司', new Date(Date.UTC(2021, 4, 6)), '实用新型']);
    ws.addRow(['202010000002.7', '坏行', '', '', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await importPatents(ctx.deps, Readable.from([buf]), 'xlsx');
    expect(r.counts).toMatchObject({ read: 2, inserted: 1, bad: 1 });
    expect(r.badRows).toEqual([{ line: 3, reasons: [expect.stringContaining('wrong check character')] }]);
    const [row] = await rowsWhere(sql`upsert_key = 'an:202010000002'`);
    expect(row).toMatchObject({ title: '表格导入的专利', applicants: ['己公司', '庚公司'], publication_date: '2021-05-06', type: 'utility_model' });
  });
});

describe('POST /api/patents/imports', () => {
  let net: Awaited<ReturnType<typeof buildNetwork>>;
  beforeAll(async () => {
    net = await buildNetwork(ctx);
  });
  const upload = (agent: typeof net.admin, name: string, content: string) => {
    const form = new FormData();
    form.append('file', new File([content], name));
    return ctx.app.request('/api/patents/imports', { method: 'POST', body: form, headers: { cookie: agent.cookie!, 'x-csrf-token': agent.csrf! } });
  };

  it('runs the upload as a job with progress and ends with the counts and the refused rows', async () => {
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
      result: { counts: { read: 2, inserted: 1, bad: 1 }, badRows: [{ line: 2, reasons: ['title: required'] }] },
    });
    expect(await rowsWhere(sql`external_id = 'up-1'`)).toHaveLength(1);
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
