import fs from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { documentAccess, documents } from '../../db/schema';
import { Agent, type Res } from '../../../test/agent';
import { auditEventsOf, buildNetwork, buildOrganization, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

const ctx = await setupTestApp();
ctx.clock.set('2025-11-17T02:00:00Z'); // a Monday, 10:00 in Shanghai
const net = await buildNetwork(ctx);
const ws1 = net.ws1.workstation.id;
const otherStaff = await signedIn(ctx, 'workstation_staff', ws1); // same workstation, not assigned
const agency = await buildOrganization(ctx, { type: 'agency' });
const expert = await signedIn(ctx, 'expert', agency.id);
const idleExpert = await signedIn(ctx, 'expert', agency.id);

async function member(name: string) {
  const ent = await net.staff1.post('/api/enterprises', { uscc: validUscc('91440305'), name });
  if (ent.status !== 201) throw new Error(ent.text);
  return ent.body.data.id as string;
}
const clientId = await member('材料委托企业');
const client = await signedIn(ctx, 'enterprise_user', clientId);
const clientColleague = await signedIn(ctx, 'enterprise_user', clientId);
const strangerEnterprise = await signedIn(ctx, 'enterprise_user', await member('无关企业'));

const form = { subject: '专利侵权咨询', question: '对方产品是否落入我司专利保护范围？', ipType: 'patent_invention', rightNumbers: ['ZL201580074208.0'] };
async function newCase() {
  const created = await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: clientId, form });
  if (created.status !== 201) throw new Error(created.text);
  const id = created.body.data.id as string;
  const accepted = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'accept', version: 1 });
  const assigned = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'assign', version: accepted.body.data.version, assigneeId: expert.user.id });
  if (assigned.status !== 200) throw new Error(assigned.text);
  return id;
}
const caseId = await newCase();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest of a png')]);

interface UploadOpts {
  confidentiality?: string;
  shared?: boolean;
  data?: Buffer | null;
  filename?: string;
  type?: string;
}

async function upload(agent: Agent, id: string, o: UploadOpts = {}): Promise<Res> {
  const body = new FormData();
  if (o.confidentiality !== undefined) body.set('confidentiality', o.confidentiality);
  if (o.shared !== undefined) body.set('sharedWithEnterprise', String(o.shared));
  if (o.data !== null) body.set('file', new File([o.data ?? PDF], o.filename ?? '证据.pdf', { type: o.type ?? 'application/pdf' }));
  const headers: Record<string, string> = { 'accept-language': agent.lang };
  if (agent.cookie) headers.cookie = agent.cookie;
  if (agent.csrf) headers['x-csrf-token'] = agent.csrf;
  const res = await ctx.app.request(`/api/cases/${id}/documents`, { method: 'POST', body, headers });
  ctx.clock.advance(1000); // documents list oldest first
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as any, headers: res.headers, text };
}

async function download(agent: Agent, id: string, documentId: string) {
  const headers: Record<string, string> = {};
  if (agent.cookie) headers.cookie = agent.cookie;
  const res = await ctx.app.request(`/api/cases/${id}/documents/${documentId}`, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const listed = async (agent: Agent, id = caseId) => {
  const res = await agent.get(`/api/cases/${id}/documents`);
  return res.status === 200 ? (res.body.items as { id: string }[]).map((d) => d.id) : res.status;
};
const storedFiles = () => {
  const dir = path.join(ctx.deps.env.DATA_DIR, 'files', 'case');
  return fs.existsSync(dir) ? fs.readdirSync(dir).length : 0;
};
const rowsOf = async (id: string) => (await ctx.db.select({ id: documents.id }).from(documents).where(and(eq(documents.recordType, 'case'), eq(documents.recordId, id)))).length;
const auditCount = async () => Number(((await ctx.db.execute(sql`select count(*)::int as n from audit_events`)) as unknown as { rows: { n: number }[] }).rows[0].n);

describe('case documents: input', () => {
  it('requires a signed-in caller', async () => {
    const anon = new Agent(ctx);
    expect((await upload(anon, caseId, { confidentiality: 'internal' })).status).toBe(401);
    expect((await anon.get(`/api/cases/${caseId}/documents`)).status).toBe(401);
  });

  it('refuses a missing file, a disguised file, a too-large file and a bad confidentiality, storing nothing', async () => {
    const before = { rows: await rowsOf(caseId), files: storedFiles(), audit: await auditCount() };

    const none = await upload(net.staff1, caseId, { confidentiality: 'internal', data: null });
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'VALIDATION', message: '请选择要上传的文件', details: [{ path: 'file', message: expect.any(String) }] });

    const disguised = await upload(net.staff1, caseId, { confidentiality: 'internal', data: Buffer.from('MZ\x90\x00 this is a program, not a pdf'), filename: '合同.pdf' });
    expect(disguised.status).toBe(415);
    expect(disguised.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '文件类型不被接受（仅限 PDF、PNG、JPEG），以内容判断而非文件名' });
    const english = new Agent(ctx);
    Object.assign(english, { cookie: net.staff1.cookie, csrf: net.staff1.csrf, lang: 'en-US' });
    const disguisedEn = await upload(english, caseId, { confidentiality: 'internal', data: Buffer.from('<html><script>alert(1)</script></html>'), filename: 'photo.png', type: 'image/png' });
    expect(disguisedEn.status).toBe(415);
    expect(disguisedEn.body.error.message).toBe('File type not accepted (PDF, PNG or JPEG only), judged by content, not by name');

    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    PDF.copy(big);
    const tooLarge = await upload(net.staff1, caseId, { confidentiality: 'internal', data: big });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '文件过大（上限 10 MB）' });

    const badLevel = await upload(net.staff1, caseId, { confidentiality: 'secret' });
    expect(badLevel.status).toBe(400);
    expect(badLevel.body.error.code).toBe('VALIDATION');
    expect(badLevel.body.error.details.map((d: { path: string }) => d.path)).toEqual(['confidentiality']);

    const noLevel = await upload(net.staff1, caseId, {});
    expect(noLevel.status).toBe(400);
    expect(noLevel.body.error.details.map((d: { path: string }) => d.path)).toEqual(['confidentiality']);

    const sharedSecret = await upload(net.staff1, caseId, { confidentiality: 'trade_secret', shared: true });
    expect(sharedSecret.status).toBe(400);
    expect(sharedSecret.body.error).toMatchObject({ code: 'VALIDATION', details: [{ path: 'sharedWithEnterprise', message: expect.any(String) }] });
    expect(sharedSecret.body.error.message).toContain('商业秘密');

    const json = await net.staff1.post(`/api/cases/${caseId}/documents`, { confidentiality: 'internal' });
    expect(json.status).toBe(415);

    expect({ rows: await rowsOf(caseId), files: storedFiles(), audit: await auditCount() }).toEqual(before);
  });
});

describe('case documents: upload, list, download', () => {
  it('stores the file, lists it, gives back the same bytes and shows it on the case page and timeline', async () => {
    const id = await newCase();
    const res = await upload(net.staff1, id, { confidentiality: 'internal', data: PNG, filename: 'C:\\证据\\现场照片.png', type: 'image/png' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      filename: '现场照片.png',
      contentType: 'image/png',
      size: PNG.length,
      confidentiality: 'internal',
      sharedWithEnterprise: false,
      fromEnterprise: false,
      uploader: { id: net.staff1.user.id },
      namedUsers: null,
      abilities: { canDownload: true, canDelete: true, canManageAccess: false },
    });
    const docId = res.body.data.id;
    expect(await listed(net.staff1, id)).toEqual([docId]);

    const got = await download(net.staff1, id, docId);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(PNG)).toBe(true);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('现场照片.png')}`);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');

    const detail = (await net.staff1.get(`/api/cases/${id}`)).body;
    expect(detail.data.documents.map((d: { id: string }) => d.id)).toEqual([docId]);
    expect(detail.abilities.uploadDocument).toBe(true);
    expect(detail.data.timeline.at(-1)).toMatchObject({ action: 'document_uploaded', reason: '现场照片.png', to: 'assigned' });

    const uploaded = await auditEventsOf(ctx, { recordId: id, type: 'case.document_uploaded' });
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]).toMatchObject({ actorId: net.staff1.user.id, organizationId: ws1, data: { documentId: docId, confidentiality: 'internal', filename: '现场照片.png' } });
    // An internal document is not audited on download.
    expect(await auditEventsOf(ctx, { recordId: id, type: 'case.document_downloaded' })).toHaveLength(0);
  });
});

describe('case documents: who sees what', () => {
  const ids = {} as Record<'pub' | 'internal' | 'confidential' | 'secret' | 'shared' | 'clientSecret', string>;

  it('sets up one document of each kind', async () => {
    for (const [key, confidentiality, shared] of [
      ['pub', 'public', false],
      ['internal', 'internal', false],
      ['confidential', 'confidential', false],
      ['secret', 'trade_secret', false],
      ['shared', 'internal', true],
    ] as const) {
      const res = await upload(net.staff1, caseId, { confidentiality, shared, filename: `${key}.pdf` });
      expect(res.status, res.text).toBe(201);
      ids[key] = res.body.data.id;
    }
    const own = await upload(client, caseId, { confidentiality: 'trade_secret', filename: '工艺配方.pdf' });
    expect(own.status).toBe(201);
    expect(own.body.data).toMatchObject({ fromEnterprise: true, namedUsers: [], abilities: { canManageAccess: true } });
    ids.clientSecret = own.body.data.id;
  });

  it('the owning workstation: staff public and internal, confidential only when assigned or admin, trade secrets only when named', async () => {
    expect(await listed(otherStaff)).toEqual([ids.pub, ids.internal, ids.shared]);
    expect((await download(otherStaff, caseId, ids.confidential)).status).toBe(404);
    expect((await download(otherStaff, caseId, ids.secret)).status).toBe(404);
    expect((await download(otherStaff, caseId, ids.internal)).status).toBe(200);
    expect(await listed(net.wsAdmin1)).toEqual([ids.pub, ids.internal, ids.confidential, ids.shared]);
    expect((await download(net.wsAdmin1, caseId, ids.secret)).status).toBe(404);
    // The uploader sees all of theirs, but not the enterprise's own trade secret.
    expect(await listed(net.staff1)).toEqual([ids.pub, ids.internal, ids.confidential, ids.secret, ids.shared]);
    expect((await download(net.staff1, caseId, ids.clientSecret)).status).toBe(404);
  });

  it('an assigned expert: public to confidential; a trade secret only while named', async () => {
    expect(await listed(expert)).toEqual([ids.pub, ids.internal, ids.confidential, ids.shared]);
    expect((await download(expert, caseId, ids.secret)).status).toBe(404);
    const named = await net.staff1.request('PUT', `/api/cases/${caseId}/documents/${ids.secret}/access/${expert.user.id}`);
    expect(named.status).toBe(200);
    expect(named.body.data.namedUsers).toEqual([{ userId: expert.user.id, name: expert.user.displayName }]);
    expect(await listed(expert)).toContain(ids.secret);
    const got = await download(expert, caseId, ids.secret);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(PDF)).toBe(true);
    // Named is not in charge: the expert cannot name others, and does not see who else is named.
    const seen = (await expert.get(`/api/cases/${caseId}/documents`)).body.items.find((d: { id: string }) => d.id === ids.secret);
    expect(seen).toMatchObject({ namedUsers: null, abilities: { canManageAccess: false, canDelete: false } });
    expect((await expert.request('PUT', `/api/cases/${caseId}/documents/${ids.secret}/access/${otherStaff.user.id}`)).status).toBe(403);

    const revoked = await net.staff1.del(`/api/cases/${caseId}/documents/${ids.secret}/access/${expert.user.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.data.namedUsers).toEqual([]);
    expect((await download(expert, caseId, ids.secret)).status).toBe(404);
    expect(await listed(expert)).not.toContain(ids.secret);

    const events = await auditEventsOf(ctx, { recordId: caseId });
    expect(events.filter((e) => e.type === 'case.document_access_granted').map((e) => e.data)).toEqual([{ documentId: ids.secret, userId: expert.user.id }]);
    expect(events.filter((e) => e.type === 'case.document_access_revoked').map((e) => e.data)).toEqual([{ documentId: ids.secret, userId: expert.user.id }]);
  });

  it('names only people who can open the case, and only on trade secrets', async () => {
    const outsider = await net.staff1.request('PUT', `/api/cases/${caseId}/documents/${ids.secret}/access/${idleExpert.user.id}`);
    expect(outsider.status).toBe(400);
    expect(outsider.body.error).toMatchObject({ code: 'VALIDATION', details: [{ path: 'userId', message: expect.any(String) }] });
    const notSecret = await net.staff1.request('PUT', `/api/cases/${caseId}/documents/${ids.internal}/access/${expert.user.id}`);
    expect(notSecret.status).toBe(400);
    // Someone who cannot see the document gets 404, never a hint that it exists.
    expect((await otherStaff.request('PUT', `/api/cases/${caseId}/documents/${ids.secret}/access/${otherStaff.user.id}`)).status).toBe(404);
    expect(await ctx.db.select().from(documentAccess).where(eq(documentAccess.documentId, ids.secret))).toEqual([]);
    const list = (await net.staff1.get(`/api/cases/${caseId}/documents`)).body;
    expect(list.candidates.map((c: { userId: string }) => c.userId)).toEqual(expect.arrayContaining([expert.user.id, otherStaff.user.id, client.user.id]));
    expect(list.candidates.map((c: { userId: string }) => c.userId)).not.toContain(idleExpert.user.id);
  });

  it('the enterprise: what it uploaded and what was shared with it; another enterprise and another workstation get 404', async () => {
    expect(await listed(client)).toEqual([ids.shared, ids.clientSecret]);
    expect(await listed(clientColleague)).toEqual([ids.shared, ids.clientSecret]);
    expect((await download(clientColleague, caseId, ids.clientSecret)).status).toBe(200);
    expect((await download(client, caseId, ids.internal)).status).toBe(404);
    expect((await download(client, caseId, ids.pub)).status).toBe(404);
    // The enterprise names the staff member it wants to read its trade secret.
    const named = await client.request('PUT', `/api/cases/${caseId}/documents/${ids.clientSecret}/access/${net.staff1.user.id}`);
    expect(named.status).toBe(200);
    expect((await download(net.staff1, caseId, ids.clientSecret)).status).toBe(200);
    expect((await download(otherStaff, caseId, ids.clientSecret)).status).toBe(404);

    for (const outsider of [strangerEnterprise, net.staff2, net.wsAdmin2, idleExpert, net.admin]) {
      expect(await listed(outsider)).toBe(404);
      expect((await download(outsider, caseId, ids.pub)).status).toBe(404);
      expect((await upload(outsider, caseId, { confidentiality: 'public' })).status).toBe(404);
    }
  });

  it('the timeline shows a document event only to those who may see the document', async () => {
    const uploads = async (agent: Agent) =>
      (await agent.get(`/api/cases/${caseId}`)).body.data.timeline.filter((e: { action: string }) => e.action === 'document_uploaded').map((e: { reason: string }) => e.reason);
    expect(await uploads(otherStaff)).toEqual(['pub.pdf', 'internal.pdf', 'shared.pdf']);
    expect(await uploads(client)).toEqual(['shared.pdf', '工艺配方.pdf']);
    expect(await uploads(net.staff1)).toEqual(['pub.pdf', 'internal.pdf', 'confidential.pdf', 'secret.pdf', 'shared.pdf', '工艺配方.pdf']);
    const detail = (await client.get(`/api/cases/${caseId}`)).body.data;
    expect(detail.documents.map((d: { id: string }) => d.id)).toEqual([ids.shared, ids.clientSecret]);
  });

  it('audits every download of confidential and trade-secret material, and no other', async () => {
    const before = await auditEventsOf(ctx, { recordId: caseId, type: 'case.document_downloaded' });
    expect((await download(net.wsAdmin1, caseId, ids.confidential)).status).toBe(200);
    expect((await download(net.wsAdmin1, caseId, ids.confidential)).status).toBe(200);
    expect((await download(net.wsAdmin1, caseId, ids.pub)).status).toBe(200);
    expect((await download(otherStaff, caseId, ids.confidential)).status).toBe(404);
    const after = await auditEventsOf(ctx, { recordId: caseId, type: 'case.document_downloaded' });
    const fresh = after.slice(before.length);
    expect(fresh).toHaveLength(2);
    expect(fresh[0]).toMatchObject({ actorId: net.wsAdmin1.user.id, organizationId: ws1, data: { documentId: ids.confidential, confidentiality: 'confidential' } });
    // Trade-secret downloads were audited above (the expert while named, the colleague, the named staff member).
    expect(before.filter((e) => (e.data as { documentId: string }).documentId === ids.secret).map((e) => e.actorId)).toEqual([expert.user.id]);
    expect(before.filter((e) => (e.data as { documentId: string }).documentId === ids.clientSecret).map((e) => e.actorId)).toEqual([clientColleague.user.id, net.staff1.user.id]);
    // A trade secret's file name stays out of the audit log.
    const uploaded = await auditEventsOf(ctx, { recordId: caseId, type: 'case.document_uploaded' });
    expect(uploaded.find((e) => (e.data as { documentId: string }).documentId === ids.clientSecret)?.data).toMatchObject({ filename: null, confidentiality: 'trade_secret' });
  });

  it('deletes by the uploader or the workstation admin only; the bytes go too and the timeline says so', async () => {
    expect((await otherStaff.del(`/api/cases/${caseId}/documents/${ids.internal}`)).status).toBe(403);
    expect((await expert.del(`/api/cases/${caseId}/documents/${ids.pub}`)).status).toBe(403);
    expect((await client.del(`/api/cases/${caseId}/documents/${ids.pub}`)).status).toBe(404);
    const files = storedFiles();
    const res = await net.wsAdmin1.del(`/api/cases/${caseId}/documents/${ids.internal}`);
    expect(res.status).toBe(204);
    expect(storedFiles()).toBe(files - 1);
    expect((await download(net.staff1, caseId, ids.internal)).status).toBe(404);
    expect(await listed(net.staff1)).not.toContain(ids.internal);
    expect((await net.staff1.del(`/api/cases/${caseId}/documents/${ids.secret}`)).status).toBe(204);
    const deleted = await auditEventsOf(ctx, { recordId: caseId, type: 'case.document_deleted' });
    expect(deleted.map((e) => [e.actorId, (e.data as { documentId: string }).documentId])).toEqual([
      [net.wsAdmin1.user.id, ids.internal],
      [net.staff1.user.id, ids.secret],
    ]);
    const timeline = async (agent: Agent) =>
      (await agent.get(`/api/cases/${caseId}`)).body.data.timeline.filter((e: { action: string }) => e.action === 'document_deleted').map((e: { reason: string }) => e.reason);
    expect(await timeline(otherStaff)).toEqual(['internal.pdf']);
    expect(await timeline(net.staff1)).toEqual(['internal.pdf', 'secret.pdf']);
    expect(await timeline(client)).toEqual([]);
  });
});

describe('the ledger row\'s confidentiality follows the case\'s documents', () => {
  const ledgerLevel = async (id: string) => {
    const rows = (await net.staff1.get('/api/ledger?pageSize=100')).body.items.filter((r: { caseId: string }) => r.caseId === id);
    expect(rows).toHaveLength(1);
    return rows[0].confidentiality as string;
  };
  const answer = async (id: string) => {
    const v = (await expert.get(`/api/cases/${id}`)).body.data.version;
    const res = await expert.post(`/api/cases/${id}/transitions`, { action: 'answer', version: v, answer: '书面答复' });
    expect(res.status, res.text).toBe(200);
  };

  it('is internal without documents or with public ones only, and takes the most restrictive level, up and down as documents come and go', async () => {
    const id = await newCase();
    expect((await upload(net.staff1, id, { confidentiality: 'public', filename: '公开.pdf' })).status).toBe(201);
    await answer(id);
    // A public document does not make the row public: the row names an enterprise and its request.
    expect(await ledgerLevel(id)).toBe('internal');
    const confidential = await upload(net.staff1, id, { confidentiality: 'confidential', filename: '保密.pdf' });
    expect(confidential.status).toBe(201);
    expect(await ledgerLevel(id)).toBe('confidential');
    const secret = await upload(client, id, { confidentiality: 'trade_secret', filename: '配方.pdf' });
    expect(secret.status).toBe(201);
    expect(await ledgerLevel(id)).toBe('trade_secret');
    // A refused upload changes nothing.
    expect((await upload(client, id, { confidentiality: 'trade_secret', shared: true })).status).toBe(400);
    expect((await client.del(`/api/cases/${id}/documents/${secret.body.data.id}`)).status).toBe(204);
    expect(await ledgerLevel(id)).toBe('confidential');
    expect((await net.staff1.del(`/api/cases/${id}/documents/${confidential.body.data.id}`)).status).toBe(204);
    expect(await ledgerLevel(id)).toBe('internal');
  });

  it('is written with the row when the case counts, and exported as 密级', async () => {
    const id = await newCase();
    expect((await upload(client, id, { confidentiality: 'trade_secret', filename: '工艺.pdf' })).status).toBe(201);
    await answer(id);
    expect(await ledgerLevel(id)).toBe('trade_secret');
    const caseNo = (await net.staff1.get(`/api/cases/${id}`)).body.data.caseNo;
    const xlsx = await ctx.app.request('/api/ledger/export', { headers: { cookie: net.staff1.cookie! } });
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = wb.getWorksheet('服务台账')!;
    const headers = sheet.getRow(1).values as unknown[];
    const column = (header: string) => sheet.getColumn(headers.indexOf(header)).values.slice(2);
    expect(column('密级')[column('案件编号').indexOf(caseNo)]).toBe('商业秘密');
  });
});
