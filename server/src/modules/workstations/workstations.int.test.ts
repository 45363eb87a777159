import { describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent';
import { buildNetwork, buildOrganization, signedIn } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

async function upload(agent: Agent, id: string, kind: string, data: Buffer, filename = 'cert.pdf') {
  const form = new FormData();
  form.set('kind', kind);
  form.set('file', new File([new Uint8Array(data)], filename));
  const h: Record<string, string> = { cookie: agent.cookie!, 'x-csrf-token': agent.csrf! };
  const res = await ctx.app.request(`/api/workstations/${id}/documents`, { method: 'POST', body: form, headers: h });
  return { status: res.status, body: await res.json() };
}

const complete = {
  clusters: ['C13'],
  districts: ['440305'],
  services: ['consultation', 'retrieval', 'mediation'],
  address: '深圳市南山区科技园一路 1 号',
  contactPhone: '0755-26000000',
  leader: { name: '李明', title: '秘书长' },
};

async function hostWithAdmin(foundedOn: string) {
  const host = await buildOrganization(ctx, { type: 'host_association', name: `新材料协会${Math.random().toString(36).slice(2, 6)}` });
  await ctx.db.execute(`update organizations set founded_on = '${foundedOn}' where id = '${host.id}'` as never);
  const admin = await signedIn(ctx, 'workstation_admin', host.id);
  return { host, admin };
}

describe('workstation filing through the API', () => {
  it('a host files, the bureau asks for a correction, it is resubmitted, approved, and appears in the public directory', async () => {
    const { host, admin } = await hostWithAdmin('2020-01-15');
    const created = await admin.post('/api/workstations', { hostId: host.id, name: '新材料行业知识产权保护工作站' });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    expect(created.body.data.filingStatus).toBe('draft');
    expect(created.body.abilities.actions).toEqual(['submit', 'withdraw']);

    // incomplete: refused with the missing fields named
    const early = await admin.post(`/api/workstations/${id}/transitions`, { action: 'submit', version: created.body.data.version });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('clusters');

    const edited = await admin.patch(`/api/workstations/${id}`, { version: created.body.data.version, ...complete });
    expect(edited.status).toBe(200);
    const bad = await upload(admin, id, 'registration_certificate', Buffer.from('MZ not a pdf at all'), 'cert.pdf');
    expect(bad.status).toBe(400);
    expect((await upload(admin, id, 'registration_certificate', PDF)).status).toBe(201);
    // the premises proof is still missing: refused, naming it
    let v = (await admin.get(`/api/workstations/${id}`)).body.data.version;
    const noPremises = await admin.post(`/api/workstations/${id}/transitions`, { action: 'submit', version: v });
    expect(noPremises.status).toBe(400);
    expect(noPremises.body.error.message).toContain('documents.premises_proof');
    expect((await admin.get(`/api/workstations/${id}`)).body.data.missing).toEqual(['documents.premises_proof']);
    expect((await upload(admin, id, 'premises_proof', PDF, 'premises.pdf')).status).toBe(201);

    v = (await admin.get(`/api/workstations/${id}`)).body.data.version;
    const submitted = await admin.post(`/api/workstations/${id}/transitions`, { action: 'submit', version: v });
    expect(submitted.status).toBe(200);
    expect(submitted.body.data.filingStatus).toBe('submitted');
    // The bureau is told there is a filing to check; the host is not told what it did itself.
    const bureauNotes = await net.admin.get('/api/notifications');
    expect(bureauNotes.body.items.some((n: { title: string; link: string }) => n.title === '备案已提交：新材料行业知识产权保护工作站' && n.link === `/workstations/${id}`)).toBe(true);
    expect((await admin.get('/api/notifications')).body.items.some((n: { title: string }) => n.title.startsWith('备案已提交'))).toBe(false);

    // the bureau sees it, checks it and asks for a correction with a reason the host reads
    v = submitted.body.data.version;
    expect((await net.admin.post(`/api/workstations/${id}/transitions`, { action: 'begin_check', version: v })).status).toBe(200);
    v++;
    const noReason = await net.admin.post(`/api/workstations/${id}/transitions`, { action: 'request_correction', version: v });
    expect(noReason.status).toBe(400);
    const corr = await net.admin.post(`/api/workstations/${id}/transitions`, { action: 'request_correction', version: v, reason: '请补充经费来源证明' });
    expect(corr.body.data.filingStatus).toBe('needs_correction');
    const hostView = await admin.get(`/api/workstations/${id}`);
    expect(hostView.body.data.lastReason).toBe('请补充经费来源证明');
    const notes = await admin.get('/api/notifications');
    expect(notes.body.items.some((n: { title: string }) => n.title.includes('补正'))).toBe(true);

    expect((await upload(admin, id, 'funding_proof', PDF, 'funding.pdf')).status).toBe(201);
    v = hostView.body.data.version;
    expect((await admin.post(`/api/workstations/${id}/transitions`, { action: 'submit', version: v })).status).toBe(200);
    for (const action of ['begin_check', 'pass_check', 'approve']) {
      v++;
      const r = await net.admin.post(`/api/workstations/${id}/transitions`, { action, version: v });
      expect(r.status, action).toBe(200);
    }
    const active = await admin.get(`/api/workstations/${id}`);
    expect(active.body.data.filingStatus).toBe('active');
    expect(active.body.data.filingNumber).toMatch(/^深知保备〔2026〕\d{3}号$/);
    expect(active.body.data.history.map((h: { action: string }) => h.action)).toEqual([
      'create', 'submit', 'begin_check', 'request_correction', 'submit', 'begin_check', 'pass_check', 'approve',
    ]);

    const pub = await new Agent(ctx).get('/api/public/workstations?cluster=C13');
    expect(pub.status).toBe(200);
    const entry = pub.body.items.find((w: { id: string }) => w.id === id);
    expect(entry).toMatchObject({ name: '新材料行业知识产权保护工作站', clusters: ['C13'], contactPhone: '0755-26000000' });
    expect(entry).not.toHaveProperty('funding');
    expect(entry).not.toHaveProperty('lastReason');
  });

  it('refuses submission when the host is less than one year old', async () => {
    const { host, admin } = await hostWithAdmin('2025-11-01');
    const created = await admin.post('/api/workstations', { hostId: host.id, name: '年轻协会工作站', ...complete });
    const id = created.body.data.id;
    await upload(admin, id, 'registration_certificate', PDF);
    await upload(admin, id, 'premises_proof', PDF);
    const v = (await admin.get(`/api/workstations/${id}`)).body.data.version;
    const r = await admin.post(`/api/workstations/${id}/transitions`, { action: 'submit', version: v });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('成立未满一年');
  });

  it('an active workstation files changes that take effect only when the bureau approves them', async () => {
    const { host, admin } = await hostWithAdmin('2019-06-01');
    const created = await admin.post('/api/workstations', { hostId: host.id, name: '变更测试工作站', ...complete });
    const id = created.body.data.id;
    const reg = await net.admin.post(`/api/workstations/${id}/transitions`, { action: 'register_by_bureau', version: created.body.data.version, reason: '2023 年已登记的工作站' });
    expect(reg.body.data.filingStatus).toBe('active');
    const change = await admin.patch(`/api/workstations/${id}`, { version: reg.body.data.version, address: '深圳市福田区新地址 8 号' });
    expect(change.status).toBe(200);
    expect(change.body.data.address).toBe(complete.address);
    expect(change.body.data.pendingChange.changes).toEqual({ address: '深圳市福田区新地址 8 号' });
    const told = (await net.admin.get('/api/notifications')).body.items.find((n: { title: string }) => n.title === '变更备案待审核：变更测试工作站');
    expect(told).toMatchObject({ body: '变更事项：地址', link: `/workstations/${id}` });
    expect((await admin.patch(`/api/workstations/${id}`, { version: change.body.data.version, address: 'x' })).status).toBe(409);
    const decided = await net.admin.post(`/api/workstations/${id}/changes/${change.body.data.pendingChange.id}/decision`, { decision: 'approve' });
    expect(decided.status).toBe(200);
    expect(decided.body.data.address).toBe('深圳市福田区新地址 8 号');
    expect(decided.body.data.pendingChange).toBeNull();
  });

  it('suspends and reinstates, and refuses illegal or stale steps', async () => {
    const { host, admin } = await hostWithAdmin('2019-06-01');
    const created = await admin.post('/api/workstations', { hostId: host.id, name: '暂停测试工作站', ...complete });
    const id = created.body.data.id;
    const v0 = created.body.data.version;
    let r = await net.admin.post(`/api/workstations/${id}/transitions`, { action: 'register_by_bureau', version: v0, reason: '既有' });
    expect(r.status).toBe(200);
    const v = r.body.data.version;
    expect(v).toBe(v0 + 1);
    const stale = await net.admin.post(`/api/workstations/${id}/transitions`, { action: 'suspend', version: v0, reason: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const illegal = await net.admin.post(`/api/workstations/${id}/transitions`, { action: 'approve', version: v });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.code).toBe('INVALID_TRANSITION');
    const forbidden = await admin.post(`/api/workstations/${id}/transitions`, { action: 'suspend', version: v, reason: 'x' });
    expect(forbidden.status).toBe(403);
    r = await net.admin.post(`/api/workstations/${id}/transitions`, { action: 'suspend', version: v, reason: '年度评价不合格' });
    expect(r.body.data.filingStatus).toBe('suspended');
    expect((await new Agent(ctx).get('/api/public/workstations?q=暂停测试')).body.items).toHaveLength(0);
    r = await net.admin.post(`/api/workstations/${id}/transitions`, { action: 'reinstate', version: v + 1, reason: '整改完成' });
    expect(r.body.data.filingStatus).toBe('active');
  });

  it('hides a workstation from other workstations and needs sign-in', async () => {
    const { host, admin } = await hostWithAdmin('2019-06-01');
    const created = await admin.post('/api/workstations', { hostId: host.id, name: '隐私测试工作站' });
    const id = created.body.data.id;
    expect((await net.staff2.get(`/api/workstations/${id}`)).status).toBe(404);
    expect((await net.staff2.get('/api/workstations')).body.items.every((w: { id: string }) => w.id !== id)).toBe(true);
    expect((await new Agent(ctx).get(`/api/workstations/${id}`)).status).toBe(401);
    expect((await net.wsAdmin2.post('/api/workstations', { hostId: host.id, name: '越权' })).status).toBe(403);
    const bad = await admin.post('/api/workstations', { hostId: host.id, name: 'x', clusters: ['Z99'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('clusters.0');
  });

  it('adds, edits and closes a branch with the version last read; others cannot', async () => {
    const { host, admin } = await hostWithAdmin('2018-01-01');
    const id = (await admin.post('/api/workstations', { hostId: host.id, name: '分站测试工作站' })).body.data.id;
    const added = await admin.post(`/api/workstations/${id}/branches`, { name: '南山分站', hostUnit: '南山园区', address: '深圳市南山区' });
    expect(added.status).toBe(201);
    const b = added.body.data;

    const edited = await admin.patch(`/api/workstations/${id}/branches/${b.id}`, { version: b.version, name: '南山科技园分站', address: '深圳市南山区科技园' });
    expect(edited.status).toBe(200);
    expect(edited.body.data).toMatchObject({ name: '南山科技园分站', hostUnit: null, address: '深圳市南山区科技园', version: b.version + 1 });
    const stale = await admin.patch(`/api/workstations/${id}/branches/${b.id}`, { version: b.version, name: '过期' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const empty = await admin.patch(`/api/workstations/${id}/branches/${b.id}`, { version: b.version + 1, name: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('name');
    expect((await net.wsAdmin2.patch(`/api/workstations/${id}/branches/${b.id}`, { version: b.version + 1, name: '越权' })).status).toBe(404);
    expect((await new Agent(ctx).patch(`/api/workstations/${id}/branches/${b.id}`, { version: b.version + 1, name: '匿名' })).status).toBe(401);
    expect((await admin.patch(`/api/workstations/${id}/branches/${net.ws1.workstation.id}`, { version: 1, name: '不存在' })).status).toBe(404);

    expect((await admin.del(`/api/workstations/${id}/branches/${b.id}?version=${b.version}`)).status).toBe(409);
    expect((await net.wsAdmin2.del(`/api/workstations/${id}/branches/${b.id}?version=${b.version + 1}`)).status).toBe(404);
    expect((await admin.del(`/api/workstations/${id}/branches/${b.id}?version=${b.version + 1}`)).status).toBe(204);
    const after = await admin.get(`/api/workstations/${id}`);
    expect(after.body.data.branches).toEqual([]);
    const audit = await net.admin.get(`/api/audit?recordId=${id}&pageSize=100`);
    expect(audit.body.items.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['workstation.branch_saved', 'workstation.branch_removed']));
  });

  it('keeps only active agencies as partners, named in the detail, and links a staff record only to an account of the workstation', async () => {
    const { host, admin } = await hostWithAdmin('2018-01-01');
    const agency = await buildOrganization(ctx, { type: 'agency', name: '深圳市合作专利代理有限公司' });
    const notAgency = await buildOrganization(ctx, { type: 'enterprise', name: '不是机构的企业' });
    const bad = await admin.post('/api/workstations', { hostId: host.id, name: '合作机构工作站', partnerAgencyIds: [agency.id, notAgency.id] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['partnerAgencyIds.1']);
    const created = await admin.post('/api/workstations', { hostId: host.id, name: '合作机构工作站', partnerAgencyIds: [agency.id] });
    expect(created.status).toBe(201);
    expect(created.body.data.partnerAgencies).toEqual([{ id: agency.id, name: '深圳市合作专利代理有限公司' }]);
    const id = created.body.data.id;
    const badPatch = await admin.patch(`/api/workstations/${id}`, { version: created.body.data.version, partnerAgencyIds: [notAgency.id] });
    expect(badPatch.status).toBe(400);
    expect((await admin.get(`/api/workstations/${id}`)).body.data.partnerAgencyIds).toEqual([agency.id]);

    const colleague = await signedIn(ctx, 'workstation_staff', id);
    const outsider = await signedIn(ctx, 'workstation_staff', net.ws2.workstation.id);
    const refused = await admin.post(`/api/workstations/${id}/staff`, { name: '外站账号', userId: outsider.user.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('userId');
    const linked = await admin.post(`/api/workstations/${id}/staff`, { name: '本站专员', userId: colleague.user.id });
    expect(linked.status).toBe(201);
    expect(linked.body.data.userId).toBe(colleague.user.id);
  });
});

describe('GET /api/workstations/export', () => {
  async function names(agent: Agent, query = '') {
    const res = await ctx.app.request(`/api/workstations/export${query}`, { headers: { cookie: agent.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = wb.getWorksheet('工作站名单')!;
    return sheet.getColumn(1).values.slice(2).map(String);
  }

  it('needs sign-in and valid filters', async () => {
    expect((await new Agent(ctx).get('/api/workstations/export')).status).toBe(401);
    const bad = await net.admin.get('/api/workstations/export?status=sleeping');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
  });

  it('writes what the caller may see with the list filters, formula text neutralised', async () => {
    const a = await hostWithAdmin('2020-01-15');
    const b = await hostWithAdmin('2020-01-15');
    const formulaName = '=HYPERLINK("http://example.com")导出工作站';
    const created = await a.admin.post('/api/workstations', { hostId: a.host.id, name: formulaName });
    expect(created.status).toBe(201);
    const other = await b.admin.post('/api/workstations', { hostId: b.host.id, name: '另一协会的导出工作站' });
    expect(other.status).toBe(201);

    const bureau = await names(net.admin, `?q=${encodeURIComponent('导出工作站')}`);
    expect(bureau).toEqual(expect.arrayContaining([`'${formulaName}`, '另一协会的导出工作站']));
    expect(bureau).not.toContain(formulaName);
    // A filter the rows do not match leaves them out.
    expect(await names(net.admin, `?q=${encodeURIComponent('导出工作站')}&status=active`)).toEqual([]);
    // A host admin sees their own host's workstation and not another host's.
    const own = await names(a.admin);
    expect(own).toContain(`'${formulaName}`);
    expect(own).not.toContain('另一协会的导出工作站');
  });
});
