import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Agent, type Res } from '../../../test/agent';
import { auditEventsOf, buildNetwork, buildOrganization, buildWorkstation, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';
import { runEnterprisesImport } from '../../cli/enterprises-import';
import { runImport } from './enterprises.import';
import * as repo from './enterprises.repository';
import { sortKey } from '../../lib/sort-key';
import { sha256 } from '../../lib/crypto';
import { sqlState } from '../../db/errors';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);

const HEADERS = ['统一社会信用代码', '企业名称', '所属区', '产业集群', '高新技术企业', '专精特新', '规上企业', '联系人', '联系电话', '联系人同意用途'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
type Cell = string | null | { formula: string };

/** Sends a multipart upload the way the web app does: session cookie, CSRF header, language. */
async function upload(agent: Agent, file: Buffer, filename: string, fields: Record<string, string> = {}): Promise<Res> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(file)]), filename);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const headers: Record<string, string> = { 'accept-language': agent.lang };
  if (agent.cookie) headers.cookie = agent.cookie;
  if (agent.csrf) headers['x-csrf-token'] = agent.csrf;
  const res = await ctx.app.request('/api/enterprises/imports', { method: 'POST', headers, body: form });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: body as any, headers: res.headers, text };
}

async function download(agent: Agent, url: string) {
  const headers: Record<string, string> = { 'accept-language': agent.lang };
  if (agent.cookie) headers.cookie = agent.cookie;
  const res = await ctx.app.request(url, { headers });
  return { status: res.status, headers: res.headers, data: Buffer.from(await res.arrayBuffer()) };
}

async function xlsxOf(rows: Cell[][], sheetName = '企业名单'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  for (const r of rows) ws.addRow(r.map((c) => (c && typeof c === 'object' ? { formula: c.formula, result: 0 } : c)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvOf = (rows: Cell[][]) =>
  Buffer.from('\uFEFF' + rows.map((r) => r.map((c) => `"${String(c ?? '').replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n');

/** Rows of a sheet as text, read by exceljs (not by the reader under test). */
async function sheetRows(data: Buffer, sheet = 1): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as never);
  const out: string[][] = [];
  wb.worksheets[sheet - 1].eachRow((row) => {
    out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return out;
}

/** A ZIP of stored entries, for workbooks exceljs would not write (macros, foreign layouts). */
function zipOf(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const n = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n, data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(n.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, n);
    offset += 30 + n.length + data.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

/** A minimal hand-written workbook: inline strings, a namespace prefix, no shared strings. */
function handWorkbook(rows: string[][], extra: Record<string, string | Buffer> = {}) {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (i: number) => String.fromCharCode(65 + i);
  const sheetXml =
    '<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
    rows.map((r, ri) => `<x:row r="${ri + 1}">${r.map((v, ci) => `<x:c r="${col(ci)}${ri + 1}" t="inlineStr"><x:is><x:t>${esc(v)}</x:t></x:is></x:c>`).join('')}</x:row>`).join('') +
    '</x:sheetData></x:worksheet>';
  return zipOf({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>',
    'xl/workbook.xml': '<?xml version="1.0"?><workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0"?><Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/data.xml"/></Relationships>',
    'xl/worksheets/data.xml': sheetXml,
    ...extra,
  });
}

/**
 * validUscc() can repeat itself within a few thousand calls (its random part spans 10^6), and a
 * repeated code is a duplicate row to the importer: draw again until the code is new to this file.
 */
const used = new Set<string>();
function freshUscc(prefix = '91440305') {
  for (;;) {
    const code = validUscc(prefix);
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** A good row with a fresh code. */
const row = (over: Partial<Record<(typeof HEADERS)[number], Cell>> = {}, prefix = '91440305'): Cell[] => {
  const r: Record<string, Cell> = {
    统一社会信用代码: freshUscc(prefix),
    企业名称: `深圳市测试${Math.random().toString(36).slice(2, 8)}科技有限公司`,
    所属区: '南山区',
    产业集群: 'C13;C04',
    高新技术企业: '是',
    专精特新: '否',
    规上企业: '',
    联系人: '张三',
    联系电话: '13800000000',
    联系人同意用途: '维权援助服务联络',
    ...over,
  };
  return HEADERS.map((h) => r[h]);
};

const wrongCheck = (code: string) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0');

async function counts() {
  const r = await ctx.db.execute(sql`select
      (select count(*)::int from organizations where type = 'enterprise') as enterprises,
      (select count(*)::int from enterprise_profiles) as profiles,
      (select count(*)::int from enterprise_memberships) as memberships,
      (select count(*)::int from audit_events) as audit`);
  return (r as unknown as { rows: Record<string, number>[] }).rows[0];
}

const membersOf = async (workstationId: string) => {
  const r = await ctx.db.execute(sql`select o.uscc from enterprise_memberships m join organizations o on o.id = m.enterprise_id where m.workstation_id = ${workstationId}::uuid`);
  return new Set((r as unknown as { rows: { uscc: string }[] }).rows.map((x) => x.uscc));
};

function expectFileRefused(res: Res, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.message.length).toBeGreaterThan(0);
  expect(res.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

describe('GET /api/enterprises/import-template', () => {
  it('downloads an .xlsx whose first row is the Chinese headers, with a sheet of codes', async () => {
    const res = await download(net.staff1, '/api/enterprises/import-template');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toMatch(/attachment;.*\.xlsx/);
    const rows = await sheetRows(res.data);
    expect(rows[0]).toEqual(HEADERS);
    expect(rows).toHaveLength(1);
    const help = (await sheetRows(res.data, 2)).flat();
    expect(help).toEqual(expect.arrayContaining(['440305', '南山区', 'C13', '新能源']));
    expect((await download(new Agent(ctx), '/api/enterprises/import-template')).status).toBe(401);
    // Filled in as a person would, it imports.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.data as never);
    wb.worksheets[0].getRow(2).values = row() as string[];
    wb.worksheets[0].getRow(3).values = row({ 所属区: '440304', 产业集群: 'C06' }) as string[];
    const filled = await upload(net.staff1, Buffer.from(await wb.xlsx.writeBuffer()), '模板.xlsx', { mode: 'dry_run' });
    expect(filled.body.data?.counts, filled.text).toMatchObject({ total: 2, valid: 2, invalid: 0, new: 2 });
  });
});

describe('POST /api/enterprises/imports: a workstation\'s member list', () => {
  // 50 rows; row 12 of the sheet has a wrong check character, row 32 an unknown cluster.
  const rows = Array.from({ length: 50 }, () => row());
  rows[10][0] = wrongCheck(rows[10][0] as string);
  rows[30][3] = 'C13;C99';
  let file: Buffer;
  const good = () => rows.filter((_, i) => i !== 10 && i !== 30).map((r) => r[0] as string);

  beforeEach(async () => {
    file ??= await xlsxOf([HEADERS, ...rows]);
  });

  it('dry run: reports exactly the two bad rows with their row numbers and changes nothing', async () => {
    const before = await counts();
    const res = await upload(net.staff1, file, 'members.xlsx', { mode: 'dry_run' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({ mode: 'dry_run', outcome: 'dry_run', counts: { total: 50, valid: 48, invalid: 2, new: 48, joined: 0, unchanged: 0 } });
    expect(res.body.data.report).toEqual([
      { row: 12, column: '统一社会信用代码', value: rows[10][0], reason: expect.stringContaining('校验位') },
      { row: 32, column: '产业集群', value: 'C13;C99', reason: expect.stringContaining('C99') },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('all: refuses the whole file while rows have errors, with the report, and changes nothing', async () => {
    const before = await counts();
    const res = await upload(net.staff1, file, 'members.xlsx', { mode: 'all' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('2') });
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['rows.12.统一社会信用代码', 'rows.32.产业集群']);
    expect(res.body.data).toMatchObject({ outcome: 'refused', counts: { invalid: 2, new: 0 } });
    expect(await counts()).toEqual(before);
  });

  it('valid_only: imports the 48 good rows as members, with one audit event carrying the file hash', async () => {
    const before = await counts();
    const res = await upload(net.staff1, file, 'members.xlsx', { mode: 'valid_only' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({ outcome: 'imported', counts: { total: 50, valid: 48, invalid: 2, new: 48, joined: 0, unchanged: 0 } });
    expect(res.body.data.report).toHaveLength(2);
    const after = await counts();
    expect(after).toEqual({ ...before, enterprises: before.enterprises + 48, profiles: before.profiles + 48, memberships: before.memberships + 48, audit: before.audit + 1 });
    const members = await membersOf(net.ws1.workstation.id);
    for (const code of good()) expect(members.has(code)).toBe(true);
    const [event] = (await auditEventsOf(ctx, { type: 'bulk.completed' })).slice(-1);
    expect(event).toMatchObject({ organizationId: net.ws1.workstation.id, actorId: net.staff1.user.id });
    expect(event.data).toMatchObject({ operation: 'enterprises.import', sha256: sha256(file), counts: { total: 50, new: 48, invalid: 2 } });
    // The imported record is the one the API shows, with district, clusters, flags and consent.
    const listed = await net.staff1.get(`/api/enterprises?q=${good()[0]}`);
    expect(listed.body.items[0]).toMatchObject({ uscc: good()[0], districtCode: '440305', clusters: ['C13', 'C04'], flags: ['high_tech'] });
    expect(listed.body.items[0].contacts[0]).toMatchObject({ name: '张三', phone: '13800000000', consent: { purpose: '维权援助服务联络' } });
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await counts();
    const res = await upload(net.staff1, file, 'members.xlsx', { mode: 'valid_only' });
    expect(res.body.data.counts).toMatchObject({ new: 0, joined: 0, unchanged: 48 });
    const after = await counts();
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });
  });

  it('another workstation importing the same codes joins them; nothing is registered twice', async () => {
    const before = await counts();
    const res = await upload(net.staff2, file, 'members.xlsx', { mode: 'valid_only' });
    expect(res.body.data.counts).toMatchObject({ new: 0, joined: 48, unchanged: 0 });
    const after = await counts();
    expect(after.enterprises).toBe(before.enterprises);
    expect(after.memberships).toBe(before.memberships + 48);
    expect([...(await membersOf(net.ws2.workstation.id))].filter((c) => good().includes(c))).toHaveLength(48);
  });

  it('the bureau imports into the registry: existing codes are unchanged and no membership is made', async () => {
    const fresh = [row(), row()];
    const data = await xlsxOf([HEADERS, ...rows.slice(0, 3), ...fresh]);
    const before = await counts();
    const res = await upload(net.admin, data, 'registry.xlsx', { mode: 'valid_only' });
    expect(res.body.data.counts).toMatchObject({ total: 5, new: 2, joined: 0, unchanged: 3 });
    const after = await counts();
    expect(after.enterprises).toBe(before.enterprises + 2);
    expect(after.memberships).toBe(before.memberships);
  });
});

describe('POST /api/enterprises/imports: formats and bad files', () => {
  let before: Awaited<ReturnType<typeof counts>>;
  beforeEach(async () => {
    before = await counts();
  });
  afterEach(async () => {
    const health = await new Agent(ctx).get('/healthz');
    expect(health.status).toBe(200);
  });

  it('imports a .csv (UTF-8 with BOM, quoted commas and quotes), whatever its name says', async () => {
    const a = row({ 企业名称: '深圳市"引号",逗号有限公司', 所属区: '440306', 产业集群: 'c06；F02' });
    const b = row({ 所属区: '', 产业集群: '', 高新技术企业: 'Y', 联系人: '', 联系电话: '', 联系人同意用途: '' }, '91440304');
    const res = await upload(net.staff1, csvOf([HEADERS, a, b]), 'list.txt', { mode: 'all' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.counts).toMatchObject({ total: 2, valid: 2, new: 2 });
    const listed = (await net.admin.get(`/api/enterprises?q=${a[0]}`)).body.items[0];
    expect(listed).toMatchObject({ name: '深圳市"引号",逗号有限公司', districtCode: '440306', clusters: ['C06', 'F02'] });
    // No district given: taken from the code's division part; no contact, no consent needed.
    expect((await net.admin.get(`/api/enterprises?q=${b[0]}`)).body.items[0]).toMatchObject({ districtCode: '440304', flags: ['high_tech'], contacts: [] });
  });

  it('reads a workbook exceljs did not write (inline strings, prefixed XML, renamed sheet part)', async () => {
    const a = row();
    const data = handWorkbook([HEADERS, a.map((c) => String(c ?? ''))]);
    const res = await upload(net.staff1, data, 'export-from-other-tool.xlsx', { mode: 'dry_run' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.counts).toMatchObject({ total: 1, valid: 1, new: 1 });
  });

  it('refuses a PNG, or text, named .xlsx: not a spreadsheet', async () => {
    const png = await upload(net.staff1, PNG, 'members.xlsx', { mode: 'dry_run' });
    expectFileRefused(png, 400, 'VALIDATION');
    expect(png.body.error.message).toContain('.xlsx');
    expect(png.body.error.details).toEqual([{ path: 'file', message: png.body.error.message }]);
    expectFileRefused(await upload(net.staff1, PNG, 'members.csv'), 400, 'VALIDATION');
    expectFileRefused(await upload(net.staff1, Buffer.from('just some notes\n'), 'members.xlsx'), 400, 'VALIDATION');
    const notWorkbook = await upload(net.staff1, zipOf({ 'word/document.xml': '<w/>' }), 'members.xlsx');
    expectFileRefused(notWorkbook, 400, 'VALIDATION');
    expect(notWorkbook.body.error.message).toBe(png.body.error.message);
    expect(await counts()).toEqual(before);
  });

  it('refuses a workbook with macros', async () => {
    const data = handWorkbook([HEADERS, row().map((c) => String(c ?? ''))], { 'xl/vbaProject.bin': Buffer.from('macro') });
    const res = await upload(net.staff1, data, 'members.xlsx', { mode: 'valid_only' });
    expectFileRefused(res, 400, 'VALIDATION');
    expect(res.body.error.message).toContain('宏');
    expect(await counts()).toEqual(before);
  });

  it('refuses wrong headers, naming the missing ones', async () => {
    const data = await xlsxOf([['统一社会信用代码', '公司名', '所属区'], [freshUscc(), '某公司', '南山区']]);
    const res = await upload(net.staff1, data, 'members.xlsx', { mode: 'valid_only' });
    expectFileRefused(res, 400, 'VALIDATION');
    expect(res.body.error.message).toContain('企业名称');
    expect(res.body.error.message).not.toContain('统一社会信用代码');
    const none = await upload(net.staff1, csvOf([['a', 'b'], ['1', '2']]), 'x.csv');
    expect(none.body.error.message).toContain('统一社会信用代码、企业名称');
    // Contacts without the consent column cannot be kept.
    const noConsent = await upload(net.staff1, csvOf([['统一社会信用代码', '企业名称', '联系人'], [freshUscc(), '某公司', '王五']]), 'x.csv');
    expect(noConsent.body.error.message).toContain('联系人同意用途');
    expect(await counts()).toEqual(before);
  });

  it('refuses an empty file, a file with headers only, and one over 10 MB', async () => {
    expectFileRefused(await upload(net.staff1, Buffer.alloc(0), 'empty.xlsx'), 400, 'VALIDATION');
    expectFileRefused(await upload(net.staff1, await xlsxOf([HEADERS]), 'headers.xlsx'), 400, 'VALIDATION');
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    expectFileRefused(await upload(net.staff1, big, 'big.xlsx'), 413, 'PAYLOAD_TOO_LARGE');
    expect(await counts()).toEqual(before);
  });

  it('refuses a row with a formula ("formula not allowed"), and imports the others with valid_only', async () => {
    const en = await signedIn(ctx, 'workstation_staff', net.ws1.workstation.id);
    en.lang = 'en-US';
    const ok = row();
    const withFormula = row({ 企业名称: { formula: 'CONCAT("深圳","公司")' } });
    const csvFormula = row({ 联系电话: '=1+1' });
    const res = await upload(en, await xlsxOf([HEADERS, ok, withFormula]), 'members.xlsx', { mode: 'valid_only' });
    expect(res.body.data.counts).toMatchObject({ total: 2, valid: 1, invalid: 1, new: 1 });
    expect(res.body.data.report).toEqual([{ row: 3, column: '企业名称', value: '=CONCAT("深圳","公司")', reason: 'formula not allowed' }]);
    const csv = await upload(en, csvOf([HEADERS, csvFormula]), 'members.csv', { mode: 'dry_run' });
    expect(csv.body.data.report).toEqual([{ row: 2, column: '联系电话', value: '=1+1', reason: 'formula not allowed' }]);
  });

  it('refuses the second occurrence of a code, naming the first row; and each kind of bad cell', async () => {
    const a = row();
    const rows = [
      a,
      row({ 统一社会信用代码: a[0] }),
      row({ 统一社会信用代码: '12345' }),
      row({ 企业名称: '' }),
      row({ 所属区: '火星区' }),
      row({ 高新技术企业: '也许' }),
      row({ 联系电话: 'abc' }),
      row({ 联系人同意用途: '' }),
      row({ 联系人: '', 联系人同意用途: '' }),
    ];
    const res = await upload(net.staff1, await xlsxOf([HEADERS, ...rows]), 'members.xlsx', { mode: 'dry_run' });
    expect(res.body.data.counts).toMatchObject({ total: 9, valid: 1, invalid: 8 });
    expect(res.body.data.report.map((l: { row: number; column: string }) => [l.row, l.column])).toEqual([
      [3, '统一社会信用代码'],
      [4, '统一社会信用代码'],
      [5, '企业名称'],
      [6, '所属区'],
      [7, '高新技术企业'],
      [8, '联系电话'],
      [9, '联系人同意用途'],
      [10, '联系人'],
    ]);
    expect(res.body.data.report[0].reason).toContain('第 2 行');
  });
});

describe('POST /api/enterprises/imports: who may import where', () => {
  it('needs a signed-in workstation or bureau user, into a workstation of their own', async () => {
    const data = await xlsxOf([HEADERS, row()]);
    expect((await upload(new Agent(ctx), data, 'x.xlsx')).status).toBe(401);
    const expertOrg = await buildOrganization(ctx, { type: 'agency' });
    const expert = await signedIn(ctx, 'expert', expertOrg.id);
    expect((await upload(expert, data, 'x.xlsx', { mode: 'valid_only' })).status).toBe(403);
    const intruder = await upload(net.staff2, data, 'x.xlsx', { mode: 'valid_only', workstationId: net.ws1.workstation.id });
    expect(intruder.status).toBe(403);
    expect(intruder.body.error.code).toBe('FORBIDDEN');
    expect((await upload(net.staff1, data, 'x.xlsx', { mode: 'sometimes' })).status).toBe(400);
  });
});

describe('large files run as a job', () => {
  it('answers 202 with a job whose progress and result (counts and report) can be polled, and a full report to download', async () => {
    const rows = Array.from({ length: 2_500 }, () => row());
    for (const i of [5, 1_500, 2_400]) rows[i][3] = 'C77';
    const data = await xlsxOf([HEADERS, ...rows]);
    const res = await upload(net.wsAdmin1, data, 'big.xlsx', { mode: 'valid_only' });
    expect(res.status, res.text).toBe(202);
    const { jobId } = res.body;
    ctx.deps.jobs.start();
    const seen: { status: string; progress: number; progressTotal: number | null }[] = [];
    let job: any;
    for (let i = 0; i < 600; i++) {
      job = (await net.wsAdmin1.get(`/api/jobs/${jobId}`)).body.data;
      seen.push({ status: job.status, progress: job.progress, progressTotal: job.progressTotal });
      if (job.status === 'succeeded' || job.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ status: 'succeeded', progress: 2_500, progressTotal: 2_500 });
    expect(seen.some((s) => s.status === 'running' || s.status === 'queued')).toBe(true);
    expect(job.result).toMatchObject({
      mode: 'valid_only',
      outcome: 'imported',
      counts: { total: 2_500, valid: 2_497, invalid: 3, new: 2_497 },
      reportLines: 3,
      reportUrl: `/api/enterprises/imports/${jobId}/report`,
    });
    expect(job.result.report.map((l: { row: number }) => l.row)).toEqual([7, 1_502, 2_402]);
    const report = await download(net.wsAdmin1, job.result.reportUrl);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe(XLSX);
    const lines = await sheetRows(report.data);
    expect(lines[0]).toEqual(['行号', '列', '内容', '原因']);
    expect(lines.slice(1).map((l) => [l[0], l[1], l[2]])).toEqual([
      ['7', '产业集群', 'C77'],
      ['1502', '产业集群', 'C77'],
      ['2402', '产业集群', 'C77'],
    ]);
    // The job and its report are its creator's (and the bureau's), nobody else's.
    expect((await download(net.staff2, job.result.reportUrl)).status).toBe(404);
    expect((await download(net.admin, job.result.reportUrl)).status).toBe(200);
    expect((await net.staff2.get(`/api/jobs/${jobId}`)).status).toBe(404);
    expect((await auditEventsOf(ctx, { recordId: jobId })).map((e) => e.type)).toEqual(['bulk.completed']);
    // The one who started it is told it ended, with a link back to its report...
    const told = (await net.wsAdmin1.get('/api/notifications')).body.items.find((n: { link: string }) => n.link === `/enterprises/import?job=${jobId}`);
    expect(told).toMatchObject({ title: '企业导入完成：big.xlsx', body: '共 2500 行：有效 2497，错误 3，新增 2497，加入会员 0，未变 0' });
    // ...and finds it among their recent imports; nobody else does.
    const recent = await net.wsAdmin1.get('/api/jobs?type=enterprises.import');
    expect(recent.status).toBe(200);
    expect(recent.body.items[0]).toMatchObject({ id: jobId, status: 'succeeded', filename: 'big.xlsx' });
    expect(recent.body.items[0]).not.toHaveProperty('payload');
    expect((await net.staff2.get('/api/jobs?type=enterprises.import')).body.items.map((j: { id: string }) => j.id)).not.toContain(jobId);
    const bad = await net.wsAdmin1.get('/api/jobs?type=DROP%20TABLE');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('type');
    expect((await new Agent(ctx).get('/api/jobs?type=enterprises.import')).status).toBe(401);
    await ctx.deps.jobs.stop();
  });
});

describe('a file of more valid rows than are kept from the check', () => {
  it('is read a second time for the writes, with the same outcome as a file whose rows were kept', async () => {
    const rows = Array.from({ length: 2_500 }, () => row());
    for (const i of [5, 1_500, 2_400]) rows[i][3] = 'C77';
    const data = await xlsxOf([HEADERS, ...rows]);
    // A workstation of its own: the members it gains stay out of the other tests' lists.
    const ws = (await buildWorkstation(ctx, '丙')).workstation.id;
    const who = { actorId: null, requestId: null, locale: 'zh-CN' as const };
    // Only 1,000 rows kept: the writes read the sheet again.
    const first = await runImport(ctx.deps, who, { data, filename: 'twice.xlsx', mode: 'valid_only', workstationId: ws }, { heldRows: 1_000 });
    expect(first.counts).toMatchObject({ total: 2_500, valid: 2_497, invalid: 3, new: 2_497, joined: 0 });
    const codes = rows.filter((_, i) => ![5, 1_500, 2_400].includes(i)).map((r) => String(r[0]));
    const members = await ctx.db.execute(sql`
      select count(*)::int as n from enterprise_memberships m join organizations o on o.id = m.enterprise_id
      where m.workstation_id = ${ws}::uuid and o.uscc = any(${sql.param(codes)}::text[])`);
    expect((members as unknown as { rows: { n: number }[] }).rows[0].n).toBe(2_497);
    // The same file with its rows kept (the default) finds every one of them there.
    const again = await runImport(ctx.deps, who, { data, filename: 'twice.xlsx', mode: 'valid_only', workstationId: ws });
    expect(again.counts).toMatchObject({ total: 2_500, valid: 2_497, invalid: 3, new: 0, joined: 0, unchanged: 2_497 });
  });
});

describe('the rows kept from the check (packed until the writes)', () => {
  it('are written as they were read, row by row, across batches', async () => {
    // Varied rows over two batches: district from the column and from the code, clusters, flags
    // and contacts in many combinations, names with quotes, backslashes and of the longest length.
    const districts = ['南山区', '', '福田', 'Bao\'an', '龙岗区'];
    const clusterSets = ['C13;C04', '', 'C01', 'F02、C06,C13', 'C01'];
    const rows = Array.from({ length: 1_300 }, (_, i) =>
      row({
        企业名称: i % 97 === 0 ? `长${'名'.repeat(198)}${i % 10}` : `深圳市"包装"\\${i}号企业`,
        所属区: districts[i % districts.length],
        产业集群: clusterSets[i % clusterSets.length],
        高新技术企业: i % 2 ? '是' : '',
        专精特新: i % 3 ? '' : 'Y',
        规上企业: i % 7 ? '否' : '是',
        联系人: i % 4 ? '' : `联系人${i}`,
        联系电话: i % 8 ? '' : `1380000${String(i).padStart(4, '0')}`,
        联系人同意用途: i % 4 ? '' : `用途${i}`,
      }, i % 2 ? '91440304' : '91440306'),
    );
    const data = await xlsxOf([HEADERS, ...rows]);
    const who = { actorId: null, requestId: null, locale: 'zh-CN' as const };
    const outcome = await runImport(ctx.deps, who, { data, filename: 'kept.xlsx', mode: 'all', workstationId: null });
    expect(outcome.counts).toMatchObject({ total: 1_300, valid: 1_300, new: 1_300 });
    const stored = await ctx.db.execute(sql`
      select o.uscc, o.name, o.name_sort, o.district_code, p.clusters, p.flags, p.contacts from organizations o
      join enterprise_profiles p on p.organization_id = o.id where o.uscc = any(${sql.param(rows.map((r) => String(r[0])))}::text[])`);
    const byCode = new Map((stored as unknown as { rows: Record<string, unknown>[] }).rows.map((r) => [r.uscc, r]));
    const districtCode = ['440305', null, '440304', '440306', '440307'];
    rows.forEach((r, i) => {
      const name = String(r[1]);
      expect(byCode.get(String(r[0]))).toEqual({
        uscc: r[0],
        name,
        name_sort: sortKey(name),
        district_code: districtCode[i % 5] ?? (i % 2 ? '440304' : '440306'),
        clusters: [['C13', 'C04'], [], ['C01'], ['F02', 'C06', 'C13'], ['C01']][i % 5],
        flags: [i % 2 ? 'high_tech' : null, i % 3 ? null : 'specialized', i % 7 ? null : 'above_scale'].filter(Boolean),
        contacts: i % 4 ? [] : [{ name: `联系人${i}`, ...(i % 8 ? {} : { phone: `1380000${String(i).padStart(4, '0')}` }), consent: { at: expect.any(String), purpose: `用途${i}` }, workstationId: null }],
      });
    });
  });
});

describe('a batch that fails while the import is written', () => {
  it('stops the import with the error; the batches committed before stay, counted in an "interrupted" audit event', async () => {
    const rows = Array.from({ length: 2_500 }, () => row());
    const failing = String(rows[1_700][0]);
    // A real failure of the database for one row of the second batch.
    await ctx.db.execute(sql.raw(`
      create function import_test_fail() returns trigger language plpgsql as $$
      begin if new.uscc = '${failing}' then raise exception 'disk on fire'; end if; return new; end $$`));
    await ctx.db.execute(sql.raw('create trigger import_test_fail before insert on organizations for each row execute function import_test_fail()'));
    try {
      const data = await xlsxOf([HEADERS, ...rows]);
      const ws = (await buildWorkstation(ctx, '丁')).workstation.id;
      const who = { actorId: null, requestId: null, locale: 'zh-CN' as const };
      const failure = await runImport(ctx.deps, who, { data, filename: 'fails.xlsx', mode: 'all', workstationId: ws }).then(() => null, (e: unknown) => e);
      expect(sqlState(failure)).toBe('P0001'); // raise_exception: the trigger's
      const written = await ctx.db.execute(sql`
        select count(*)::int as n from organizations where uscc = any(${sql.param(rows.map((r) => String(r[0])))}::text[])`);
      // The first batch committed; the second failed whole; the last starts only after every other.
      expect((written as unknown as { rows: { n: number }[] }).rows[0].n).toBe(1_000);
      const [event] = (await auditEventsOf(ctx, { type: 'bulk.completed' })).slice(-1);
      expect(event.data).toMatchObject({ operation: 'enterprises.import.interrupted', counts: { total: 2_500, valid: 2_500, new: 1_000, joined: 0 } });
    } finally {
      await ctx.db.execute(sql.raw('drop trigger import_test_fail on organizations'));
      await ctx.db.execute(sql.raw('drop function import_test_fail()'));
    }
  });
});

describe('a code registered between the look-up and the insert', () => {
  it('is skipped, not an error: the rest of the batch is written with its profiles, and the answer names only what was inserted', async () => {
    const taken = (await buildOrganization(ctx, { type: 'enterprise', name: '先到企业' })).id;
    const [takenCode] = await ctx.db.execute(sql`select uscc from organizations where id = ${taken}::uuid`).then((r) => (r as unknown as { rows: { uscc: string }[] }).rows.map((x) => x.uscc));
    const now = ctx.clock.now;
    const fresh = [validUscc(), takenCode, validUscc()].map((uscc, i) => ({
      id: randomUUID(), uscc, name: `竞争企业${i}`, nameSort: sortKey(`竞争企业${i}`), districtCode: '440305', clusters: ['C01'], flags: ['high_tech'], contacts: [],
    }));
    const inserted = await ctx.db.transaction((tx) => repo.insertEnterprisesBulk(tx, fresh, now));
    expect([...inserted.keys()].sort()).toEqual([fresh[0].uscc, fresh[2].uscc].sort());
    expect(inserted.get(fresh[0].uscc)).toBe(fresh[0].id);
    const profiles = await ctx.db.execute(sql`
      select o.uscc, o.name, p.clusters from organizations o join enterprise_profiles p on p.organization_id = o.id
      where o.uscc = any(${sql.param(fresh.map((r) => r.uscc))}::text[]) order by o.name`);
    expect((profiles as unknown as { rows: unknown[] }).rows).toEqual([
      { uscc: fresh[0].uscc, name: '竞争企业0', clusters: ['C01'] },
      { uscc: fresh[2].uscc, name: '竞争企业2', clusters: ['C01'] },
    ]);
    // The code already registered keeps its enterprise, which gained no profile from the batch.
    const kept = await ctx.db.execute(sql`select o.name, p.organization_id from organizations o left join enterprise_profiles p on p.organization_id = o.id where o.uscc = ${takenCode}`);
    expect((kept as unknown as { rows: unknown[] }).rows).toEqual([{ name: '先到企业', organization_id: null }]);
  });

  it('without any such code, a batch is written whole in one statement', async () => {
    const now = ctx.clock.now;
    const fresh = [validUscc(), validUscc()].map((uscc, i) => ({
      id: randomUUID(), uscc, name: `整批企业${i}`, nameSort: sortKey(`整批企业${i}`), districtCode: null, clusters: [], flags: [], contacts: [{ name: '张三', consent: { at: now.toISOString(), purpose: '服务' }, workstationId: null }],
    }));
    const inserted = await ctx.db.transaction((tx) => repo.insertEnterprisesBulk(tx, fresh, now));
    expect(inserted).toEqual(new Map(fresh.map((r) => [r.uscc, r.id])));
    const rows = await ctx.db.execute(sql`
      select o.name, o.name_sort, p.contacts from organizations o join enterprise_profiles p on p.organization_id = o.id
      where o.id = any(${sql.param(fresh.map((r) => r.id))}::uuid[]) order by o.name`);
    expect((rows as unknown as { rows: unknown[] }).rows).toEqual(fresh.map((r) => ({ name: r.name, name_sort: r.nameSort, contacts: r.contacts })));
  });
});

describe('GET /api/enterprises/export', () => {
  it('exports the caller\'s scoped list with its filters, in its order, with formula-looking text neutralised', async () => {
    const tricky = await net.staff1.post('/api/enterprises', {
      uscc: freshUscc('91440305'),
      name: '=HYPERLINK("http://evil","点我")',
      clusters: ['C10'],
      contacts: [{ name: '@王五', phone: '+86 13800000000', consentPurpose: '-维权联络' }],
    });
    expect(tricky.status).toBe(201);
    const listed: { uscc: string }[] = [];
    for (let page = 1; ; page++) {
      const items = (await net.staff1.get(`/api/enterprises?pageSize=100&page=${page}&sort=-createdAt`)).body.items;
      listed.push(...items);
      if (items.length < 100) break;
    }
    const res = await download(net.staff1, '/api/enterprises/export?sort=-createdAt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    const rows = await sheetRows(res.data);
    expect(rows[0]).toEqual([...HEADERS, '加入工作站日期']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(listed.map((e) => e.uscc));
    const t = rows.find((r) => r[0] === tricky.body.data.uscc)!;
    expect(t.slice(1, 11)).toEqual(["'=HYPERLINK(\"http://evil\",\"点我\")", '南山区', 'C10', '否', '否', '否', "'@王五", "'+86 13800000000", "'-维权联络", '2026-03-02']);
    // Filters are the list's filters.
    const filtered = await sheetRows((await download(net.staff1, '/api/enterprises/export?cluster=C10')).data);
    expect(filtered.slice(1).map((r) => r[0])).toEqual([tricky.body.data.uscc]);
    // Another workstation does not see ws1's members.
    const other = await sheetRows((await download(net.staff2, '/api/enterprises/export')).data);
    expect(other.map((r) => r[0])).not.toContain(tricky.body.data.uscc);
    expect((await download(new Agent(ctx), '/api/enterprises/export')).status).toBe(401);
  });

  it('round-trips: an exported file imports back as unchanged members', async () => {
    const exported = (await download(net.staff2, '/api/enterprises/export')).data;
    const rows = (await sheetRows(exported)).length - 1;
    expect(rows).toBeGreaterThanOrEqual(48);
    const res = await upload(net.staff2, exported, 'export.xlsx', { mode: 'dry_run' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.counts).toMatchObject({ total: rows, invalid: 0, new: 0, joined: 0, unchanged: rows });
  });
});

describe('ipstation enterprises import (CLI)', () => {
  it('prints counts and the row report; exit 1 when rows are refused without --valid-only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-import-'));
    const file = path.join(dir, 'registry.csv');
    const good = row();
    fs.writeFileSync(file, csvOf([HEADERS, good, row({ 产业集群: 'C55' })]));
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const before = await counts();
      expect(await runEnterprisesImport(ctx.deps, file, {})).toBe(1);
      expect(await counts()).toEqual(before);
      expect(printed.join('')).toContain('total 2  valid 1  invalid 1');
      expect(printed.join('')).toContain('3\t产业集群\tC55\tUnknown industry cluster code: C55');
      printed.length = 0;
      expect(await runEnterprisesImport(ctx.deps, file, { validOnly: true })).toBe(0);
      expect(printed.join('')).toContain('new 1');
      const [event] = (await auditEventsOf(ctx, { type: 'bulk.completed' })).slice(-1);
      expect(event).toMatchObject({ actorId: null, organizationId: null });
      expect((await net.admin.get(`/api/enterprises?q=${good[0]}`)).body.items).toHaveLength(1);
    } finally {
      spy.mockRestore();
      quiet.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with --workstation imports a member list: the rows join that workstation, which alone sees them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-import-'));
    const file = path.join(dir, 'members.csv');
    const rows = [row(), row()];
    fs.writeFileSync(file, csvOf([HEADERS, ...rows]));
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(runEnterprisesImport(ctx.deps, file, { workstation: '没有这个工作站' })).rejects.toThrow(/no workstation "没有这个工作站"/);
      expect(await runEnterprisesImport(ctx.deps, file, { workstation: net.ws2.workstation.name })).toBe(0);
      for (const r of rows) {
        expect((await net.staff2.get(`/api/enterprises?q=${r[0]}`)).body.items).toHaveLength(1);
        expect((await net.staff1.get(`/api/enterprises?q=${r[0]}`)).body.items).toHaveLength(0);
      }
      // the same file again, by id: nothing changes
      expect(await runEnterprisesImport(ctx.deps, file, { workstation: net.ws2.workstation.id })).toBe(0);
      const [event] = (await auditEventsOf(ctx, { type: 'bulk.completed' })).slice(-1);
      expect(event).toMatchObject({ actorId: null, organizationId: net.ws2.workstation.id });
    } finally {
      spy.mockRestore();
      quiet.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
