import { sql } from 'drizzle-orm';
import { CLUSTERS_2022 } from '../../../shared/src/clusters';
import { DISTRICTS } from '../../../shared/src/districts';
import type { DbOrTx } from '../db/client';
import {
  enterpriseMemberships,
  enterpriseProfiles,
  memberships,
  organizations,
  professionalProfiles,
  serviceKinds,
  users,
  workflowEvents,
  workstationBranches,
  workstationProfiles,
  workstationStaff,
} from '../db/schema';
import { sortKey } from '../lib/sort-key';
import { mulberry32 } from '../lib/random';
import { USCC_ALPHABET, usccCheckChar } from '../lib/uscc';
import { seedCases } from './network-cases';

/** A small deterministic generator, so every seeded network is the same network. */
export function prng(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
    some: <T>(xs: readonly T[], n: number) => {
      const copy = [...xs];
      const out: T[] = [];
      while (out.length < n && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
      return out;
    },
  };
}

const SHENZHEN_DISTRICTS = DISTRICTS.filter((d) => d.kind === 'district');
const FAMILY = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '华', '建国', '晓东', '文', '斌', '婷', '雪', '宁', '欣'];
const HOST_KINDS = [
  { suffix: '行业协会', type: '行业协会', kind: 'industry_association' },
  { suffix: '产业促进会', type: '行业协会', kind: 'industry_association' },
  { suffix: '产业联合会', type: '行业协会', kind: 'industry_association' },
  { suffix: '商会', type: '商会', kind: 'chamber_of_commerce' },
  { suffix: '产业园区管理服务中心', type: '产业园区', kind: 'industrial_park' },
] as const;
const FIRM_WORDS = ['华', '创', '鹏', '瑞', '联', '兴', '达', '科', '信', '泰', '恒', '通', '源', '新', '智', '海', '云', '安', '博', '盛', '卓', '维', '宏', '远', '腾', '嘉', '光', '正', '中', '天'];
const FIRM_TAILS = ['科技有限公司', '技术有限公司', '电子有限公司', '股份有限公司', '实业有限公司', '信息技术有限公司', '生物科技有限公司', '新材料有限公司'];
const ROADS = ['深南大道', '科技园一路', '高新南七道', '福华三路', '留仙大道', '龙岗大道', '宝安大道', '梅林路', '坪山大道', '光明大道', '沙河西路', '民治大道'];
const QUALIFICATIONS = ['专利代理师', '律师', '知识产权师', '商标代理人', '技术经理人'];
const TOPICS = ['专利检索实务', '商标侵权判定', '海外知识产权纠纷应对', '企业知识产权合规管理体系（GB/T 29490-2023）', '展会知识产权保护', '商业秘密保护'];

/** Two streets (街道) of each district, for the names of branches (分站) there. */
const STREETS: Record<string, [string, string]> = {
  '440303': ['东门', '笋岗'],
  '440304': ['华强北', '梅林'],
  '440305': ['粤海', '蛇口'],
  '440306': ['新安', '福永'],
  '440307': ['坂田', '布吉'],
  '440308': ['沙头角', '海山'],
  '440309': ['民治', '观澜'],
  '440310': ['坑梓', '石井'],
  '440311': ['公明', '凤凰'],
};

/**
 * Branches (分站) of a few workstations, decided by position alone (not the random stream, so every
 * other generated record stays as it was): the demo's first workstation has two, its second one,
 * and every twelfth generated workstation one or, every twenty-fourth, two, named after streets of
 * its district.
 */
function branchesFor(position: number, generated: number | null, district: string): { name: string; address: string }[] {
  const count = generated === null ? (position === 0 ? 2 : position === 1 ? 1 : 0) : generated % 12 === 5 ? (generated % 24 === 5 ? 2 : 1) : 0;
  const streets = STREETS[district] ?? ['中心', '东部'];
  const area = DISTRICTS.find((d) => d.code === district)?.name ?? '';
  return streets.slice(0, count).map((street) => ({ name: `${street}分站`, address: `深圳市${area}${street}街道` }));
}

const personName = (r: ReturnType<typeof prng>) => r.pick(FAMILY) + r.pick(GIVEN);

/** A valid 统一社会信用代码 for a registered enterprise in a Shenzhen district, unique per index. */
export function enterpriseUscc(division: string, index: number): string {
  let n = index * 7_919 + 104_729;
  let body = '';
  for (let i = 0; i < 8; i++) {
    body = USCC_ALPHABET[n % 31] + body;
    n = Math.floor(n / 31);
  }
  const first17 = `9${'1'}${division}M${body}`.slice(0, 17);
  return first17 + usccCheckChar(first17);
}

export interface NetworkScale {
  workstations: number;
  enterprises: number;
  /** Cases over five years (network-cases.ts); none when left out. */
  cases?: number;
  /** Ledger rows in all: the cases' own rows, then services without a case up to this many. */
  ledgerRows?: number;
}

/**
 * demo: what `npm start` seeds on a first start (design.md's demo scale for the ledger, 50,000 rows,
 * which adds about a second; only a few hundred cases, which cost more each). shenzhen: the city's
 * five years (`seed --scale shenzhen`).
 */
export const SCALES: Record<'demo' | 'shenzhen', NetworkScale> = {
  demo: { workstations: 130, enterprises: 12_000, cases: 300, ledgerRows: 50_000 },
  shenzhen: { workstations: 130, enterprises: 120_000, cases: 200_000, ledgerRows: 500_000 },
};

async function insertBatches<T>(rows: T[], size: number, insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * The network around the hand-made demo records: host associations with one active workstation each
 * over all 28 clusters and every district, their staff, agencies with experts and mediators, and
 * enterprises with valid codes joined to the workstations of their clusters. Bulk inserts only.
 */
export async function seedNetwork(
  tx: DbOrTx,
  opts: {
    now: Date;
    scale: NetworkScale;
    passwordHash: string;
    /** Workstations already made (the demo's two), counted toward the total and given profiles. */
    existing: { workstationId: string; hostId: string; cluster: string; district: string }[];
  },
) {
  const r = prng(20_260_425);
  const now = opts.now;
  const year = now.getUTCFullYear();
  const clusters = CLUSTERS_2022.map((c) => c.code);
  const ws: { id: string; clusters: string[]; districts: string[] }[] = [];

  // Existing demo workstations become active filed workstations with full profiles.
  let filingSeq = 0;
  const filingNo = () => `深知保备〔${year - 1}〕${String(++filingSeq).padStart(3, '0')}号`;
  const profileFor = (id: string, cl: string[], ds: string[]) => ({
    organizationId: id,
    filingStatus: 'active' as const,
    filingNumber: filingNo(),
    filingDate: `${year - 1}-0${r.int(1, 9)}-1${r.int(0, 9)}`,
    clusters: cl,
    districts: ds,
    services: ['consultation', 'retrieval', 'assistance', 'mediation', ...r.some(serviceKinds.slice(4), r.int(1, 4))],
    premises: { area: r.int(60, 400), facilities: '独立办公室、接待室、调解室' },
    funding: { description: '协会会费与专项资金', annualBudget: r.int(20, 200) * 10_000 },
    leader: { name: personName(r), title: r.pick(['秘书长', '副会长', '主任']), qualifications: r.some(QUALIFICATIONS, 1) },
    allianceMember: r.next() < 0.85,
    selfDisciplineSigned: r.next() < 0.6,
  });
  const profiles: (typeof workstationProfiles.$inferInsert)[] = [];
  const branches: (typeof workstationBranches.$inferInsert)[] = [];
  for (const [k, e] of opts.existing.entries()) {
    for (const b of branchesFor(k, null, e.district)) branches.push({ workstationId: e.workstationId, ...b, createdAt: now, updatedAt: now });
    profiles.push(profileFor(e.workstationId, [e.cluster], [e.district]));
    ws.push({ id: e.workstationId, clusters: [e.cluster], districts: [e.district] });
    await tx.execute(sql`update organizations set founded_on = ${`${year - 8}-03-18`}, address = ${`深圳市${DISTRICTS.find((d) => d.code === e.district)?.name ?? ''}${r.pick(ROADS)}${r.int(1, 999)}号`}, contact_phone = ${'0755-8' + r.int(1000000, 9999999)} where id in (${e.workstationId}::uuid, ${e.hostId}::uuid)`);
  }

  // Host associations and their workstations: cluster i % 28 and district i % 9, so every cluster
  // and every district has workstations.
  const extra = Math.max(0, opts.scale.workstations - opts.existing.length);
  const hostRows: (typeof organizations.$inferInsert)[] = [];
  const plan: { cluster: (typeof CLUSTERS_2022)[number]; district: (typeof SHENZHEN_DISTRICTS)[number]; hostName: string; kind: (typeof HOST_KINDS)[number] }[] = [];
  // Names already taken (the demo's own hosts and workstations): a generated host never repeats one.
  const taken = await tx.select({ name: organizations.name }).from(organizations);
  const usedNames = new Set<string>(taken.map((o) => o.name));
  for (let i = 0; i < extra; i++) {
    const cluster = CLUSTERS_2022[i % CLUSTERS_2022.length];
    const district = SHENZHEN_DISTRICTS[i % SHENZHEN_DISTRICTS.length];
    let kind = HOST_KINDS[Math.floor(i / CLUSTERS_2022.length) % HOST_KINDS.length];
    let hostName = kind.type === '产业园区' ? `深圳市${district.name}${cluster.name}${kind.suffix}` : `深圳市${cluster.name}${kind.suffix}`;
    if (usedNames.has(hostName)) {
      kind = HOST_KINDS[4];
      hostName = `深圳市${district.name}${cluster.name}${kind.suffix}`;
    }
    usedNames.add(hostName);
    plan.push({ cluster, district, hostName, kind });
    hostRows.push({
      type: 'host_association',
      name: hostName,
      nameSort: sortKey(hostName),
      uscc: enterpriseUscc('440300', 900_000 + i).replace(/^91/, '51'),
      districtCode: district.code,
      foundedOn: `${r.int(1995, year - 2)}-0${r.int(1, 9)}-${String(r.int(10, 28))}`,
      hostKind: kind.kind,
      address: `深圳市${district.name}${r.pick(ROADS)}${r.int(1, 999)}号`,
      contactPhone: `0755-${r.int(2000, 8999)}${r.int(1000, 9999)}`,
      createdAt: now,
      updatedAt: now,
    });
  }
  // The host codes reuse the enterprise generator with a 51 (social organization) prefix: recompute the check.
  for (const h of hostRows) h.uscc = h.uscc!.slice(0, 17) + usccCheckChar(h.uscc!.slice(0, 17));
  const hosts = hostRows.length ? await tx.insert(organizations).values(hostRows).returning({ id: organizations.id }) : [];
  const wsRows = plan.map((p, i) => {
    const name = `${p.hostName.replace(/管理服务中心$/, '')}知识产权保护工作站`;
    return {
      type: 'workstation' as const,
      name,
      nameSort: sortKey(name),
      parentId: hosts[i].id,
      districtCode: p.district.code,
      address: hostRows[i].address,
      contactPhone: hostRows[i].contactPhone,
      contactEmail: `ipws${String(i + 3).padStart(3, '0')}@example.cn`,
      createdAt: now,
      updatedAt: now,
    };
  });
  const created = wsRows.length ? await tx.insert(organizations).values(wsRows).returning({ id: organizations.id }) : [];
  created.forEach((c, i) => {
    const p = plan[i];
    const related = r.next() < 0.4 ? [r.pick(clusters)] : [];
    const cl = [...new Set([p.cluster.code, ...related])];
    const ds = [...new Set([p.district.code, ...(r.next() < 0.3 ? [r.pick(SHENZHEN_DISTRICTS).code] : [])])];
    // The two functional areas are served too: 大鹏新区 by every other workstation serving 龙岗区 (its
    // streets carry 龙岗 codes), 深汕特别合作区 by some marine, new-energy and deep-sea workstations.
    // Decided without the random stream, so every other generated record stays as it was.
    const served: string[] = [...ds];
    if (ds.includes('440307') && i % 2 === 0) served.push('440307-DP');
    if (['C20', 'C13', 'F06'].includes(p.cluster.code) && i % 3 === 0) served.push('SSTH');
    profiles.push(profileFor(c.id, cl, served));
    ws.push({ id: c.id, clusters: cl, districts: ds });
    for (const b of branchesFor(opts.existing.length + i, i, p.district.code)) branches.push({ workstationId: c.id, ...b, createdAt: now, updatedAt: now });
  });
  await insertBatches(profiles, 500, (b) => tx.insert(workstationProfiles).values(b));
  if (branches.length) await tx.insert(workstationBranches).values(branches);
  await insertBatches(
    profiles.map((p) => ({ recordType: 'workstation', recordId: p.organizationId, action: 'register_by_bureau', fromState: 'draft', toState: 'active', reason: '演示数据：既有工作站', at: now })),
    500,
    (b) => tx.insert(workflowEvents).values(b),
  );

  // Staff: two to four per workstation with qualifications and training records.
  const staff: (typeof workstationStaff.$inferInsert)[] = [];
  for (const w of ws) {
    for (let k = 0, n = r.int(2, 4); k < n; k++) {
      staff.push({
        workstationId: w.id,
        name: personName(r),
        title: k === 0 ? '站长' : '专员',
        fullTime: k < 2,
        qualifications: r.some(QUALIFICATIONS, r.int(0, 2)),
        training: [{ date: `${year - 1}-${String(r.int(1, 12)).padStart(2, '0')}-15`, topic: r.pick(TOPICS), hours: r.int(2, 16) }],
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  await insertBatches(staff, 500, (b) => tx.insert(workstationStaff).values(b));

  // Agencies, each with an expert and a mediator account (they share the demo password's hash).
  const agencyNames = ['深圳市中知律师事务所', '深圳市鹏信专利代理有限公司', '深圳市华科知识产权代理有限公司', '广东深正律师事务所', '深圳市创新司法鉴定所', '深圳市前海国际知识产权服务中心'];
  const agencies = await tx
    .insert(organizations)
    .values(agencyNames.map((name, i) => ({ type: 'agency' as const, name, nameSort: sortKey(name), uscc: enterpriseUscc('440300', 800_000 + i), districtCode: r.pick(SHENZHEN_DISTRICTS).code, createdAt: now, updatedAt: now })))
    .returning({ id: organizations.id });
  const people: (typeof users.$inferInsert)[] = [];
  const roles: { username: string; agency: string; role: 'expert' | 'mediator' }[] = [];
  agencies.forEach((a, i) => {
    for (const role of ['expert', 'mediator'] as const) {
      const username = `${role}${String(i + 1).padStart(2, '0')}`;
      const displayName = `${role === 'expert' ? '专家' : '调解员'} ${personName(r)}`;
      people.push({ username, displayName, displayNameSort: sortKey(displayName), passwordHash: opts.passwordHash, isDemo: true, createdAt: now, updatedAt: now });
      roles.push({ username, agency: a.id, role });
    }
  });
  const madeUsers = await tx.insert(users).values(people).returning({ id: users.id, username: users.username });
  await tx.insert(memberships).values(roles.map((x) => ({ userId: madeUsers.find((u) => u.username === x.username)!.id, organizationId: x.agency, role: x.role, createdAt: now })));
  const jurisdictions = ['US', 'DE', 'JP', 'KR', 'GB', 'FR', 'SG'];
  await tx.insert(professionalProfiles).values([
    ...agencies.map((a, i) => ({
      subjectType: 'agency' as const,
      subjectId: a.id,
      agencyType: (['law_firm', 'patent_agency', 'patent_agency', 'law_firm', 'appraisal', 'other'] as const)[i],
      licenceNumber: `44${r.int(10000, 99999)}${i}`, // unique by the index i
      ipTypes: r.some(['patent_invention', 'utility_model', 'design', 'trademark', 'copyright', 'trade_secret'], 3),
      ipcSections: r.some(['A', 'B', 'C', 'G', 'H'], 2),
      jurisdictions: r.some(jurisdictions, 2),
      languages: ['zh', 'en'],
      ndaOnFile: true,
    })),
    ...madeUsers.map((u) => ({
      subjectType: 'user' as const,
      subjectId: u.id,
      ipTypes: r.some(['patent_invention', 'utility_model', 'trademark', 'trade_secret'], 2),
      industries: r.some(clusters, 2),
      languages: ['zh'],
      ndaOnFile: r.next() < 0.8,
    })),
  ]);

  // Enterprises: valid codes in their district, one or two clusters, members of one or two
  // workstations of their cluster.
  const byCluster = new Map<string, string[]>();
  for (const w of ws) for (const c of w.clusters) byCluster.set(c, [...(byCluster.get(c) ?? []), w.id]);
  let enterprises = 0;
  let joined = 0;
  const batch = 1000;
  for (let start = 0; start < opts.scale.enterprises; start += batch) {
    const orgRows: (typeof organizations.$inferInsert)[] = [];
    const meta: { clusters: string[]; flags: string[] }[] = [];
    for (let i = start; i < Math.min(opts.scale.enterprises, start + batch); i++) {
      const d = SHENZHEN_DISTRICTS[i % SHENZHEN_DISTRICTS.length];
      const c = clusters[Math.floor(r.next() ** 1.6 * clusters.length)];
      // A registered name is unique in the city: a taken one gets a longer 字号 until it is free.
      const trade = CLUSTERS_2022.find((x) => x.code === c)!.name.slice(0, 2);
      let name = '';
      for (let words = 2; !name || usedNames.has(name); words++) {
        const word = Array.from({ length: words }, () => r.pick(FIRM_WORDS)).join('');
        name = `深圳市${word}${trade}${r.pick(FIRM_TAILS)}`;
      }
      usedNames.add(name);
      orgRows.push({ type: 'enterprise', name, nameSort: '', uscc: enterpriseUscc(d.code, i), districtCode: d.code, createdAt: now, updatedAt: now });
      meta.push({ clusters: r.next() < 0.2 ? [c, r.pick(clusters)].filter((x, k, a) => a.indexOf(x) === k) : [c], flags: [...(r.next() < 0.3 ? ['high_tech'] : []), ...(r.next() < 0.1 ? ['specialized'] : []), ...(r.next() < 0.25 ? ['above_scale'] : [])] });
    }
    for (const o of orgRows) o.nameSort = sortKey(o.name);
    const made = await tx.insert(organizations).values(orgRows).returning({ id: organizations.id });
    await tx.insert(enterpriseProfiles).values(made.map((m, k) => ({ organizationId: m.id, clusters: meta[k].clusters, flags: meta[k].flags })));
    const ms: (typeof enterpriseMemberships.$inferInsert)[] = [];
    made.forEach((m, k) => {
      const options = byCluster.get(meta[k].clusters[0]) ?? [ws[0].id];
      for (const wId of r.some(options, r.next() < 0.25 ? 2 : 1)) {
        ms.push({ enterpriseId: m.id, workstationId: wId, joinedOn: `${r.int(year - 5, year - 1)}-${String(r.int(1, 12)).padStart(2, '0')}-01`, source: 'seed', createdAt: now });
      }
    });
    await tx.insert(enterpriseMemberships).values(ms);
    enterprises += made.length;
    joined += ms.length;
  }

  // Five years of cases of those enterprises, and the service ledger.
  const history = await seedCases(tx, { now, r, count: opts.scale.cases ?? 0, ledgerRows: opts.scale.ledgerRows });
  return {
    workstations: ws.length,
    branches: branches.length,
    hostAssociations: hosts.length,
    staff: staff.length,
    agencies: agencies.length,
    professionals: madeUsers.length,
    enterprises,
    memberships: joined,
    cases: history.cases,
    ledgerRows: history.ledgerRows,
  };
}
