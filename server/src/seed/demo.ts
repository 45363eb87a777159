import { eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { enterpriseMemberships, enterpriseProfiles, settings, type OrganizationType, type RoleName } from '../db/schema';
import { hashPassword } from '../lib/password';
import { SCALES, seedNetwork, type NetworkScale } from './network';
import { seedDemoPatents } from './demo-patents';
import { seedDemoTrademarks } from './demo-trademarks';
import { recordAudit } from '../audit/audit.service';
import { randomToken } from '../lib/crypto';
import { sortKey } from '../lib/sort-key';
import { usccCheckChar } from '../lib/uscc';
import * as orgRepo from '../modules/organizations/organizations.repository';
import { createUser } from '../modules/users/users.service';

/** A valid 统一社会信用代码 from a prefix of 17 characters (check character computed). */
export const withCheck = (first17: string) => first17 + usccCheckChar(first17);

export const DEMO_USERNAMES = [
  'bureau', 'district', 'alliance', 'wsadmin', 'staff', 'staff2', 'enterprise', 'enterprise2', 'expert', 'mediator', 'agency', 'evaluator',
] as const;

const SEED_KEY = 'seed.demo';

/** A password for the demo accounts when IPSTATION_DEMO_PASSWORD is not set; meets the password policy. */
export const newDemoPassword = () => `Demo-${randomToken(6)}9`;

export async function isSeeded(deps: Pick<AppDeps, 'db'>) {
  const [row] = await deps.db.select().from(settings).where(eq(settings.key, SEED_KEY));
  return !!row;
}

/**
 * The small demo network: the bureau, one district bureau, the alliance office, two host
 * associations with one workstation each, two enterprises, an agency with its expert, mediator and
 * agency user, an evaluation expert, and an account for each. Runs once; a second call does nothing.
 */
export async function seedDemo(
  deps: AppDeps,
  password: string,
  scale: NetworkScale = SCALES.demo,
): Promise<{ seeded: boolean; accounts: { username: string; role: RoleName; organization: string }[]; counts: Record<string, number> }> {
  if (await isSeeded(deps)) return { seeded: false, accounts: [], counts: {} };
  const passwordHash = await hashPassword(password);
  let counts: Record<string, number> = {};
  const now = deps.clock();
  const orgs: Record<string, { id: string; name: string }> = {};
  const accounts: { username: string; role: RoleName; organization: string }[] = [];

  await deps.db.transaction(async (tx) => {
    const org = async (key: string, type: OrganizationType, name: string, extra: { parent?: string; uscc?: string; district?: string } = {}) => {
      const row = await orgRepo.insert(tx, {
        type,
        name,
        nameSort: sortKey(name),
        parentId: extra.parent ? orgs[extra.parent].id : null,
        uscc: extra.uscc ?? null,
        districtCode: extra.district ?? null,
        hostKind: type === 'host_association' ? 'industry_association' : null,
        createdAt: now,
        updatedAt: now,
      });
      orgs[key] = row;
    };
    await org('bureau', 'bureau', '深圳市市场监督管理局（深圳市知识产权局）', { uscc: withCheck('11440300MB2C9215X') });
    await org('district', 'district_bureau', '深圳市市场监督管理局南山监管局', { parent: 'bureau', district: '440305' });
    await org('alliance', 'alliance', '深圳市知识产权保护工作站联盟办公室');
    await org('host1', 'host_association', '深圳市新能源行业协会', { uscc: withCheck('51440300MJL17823X'), district: '440305' });
    await org('ws1', 'workstation', '深圳市新能源行业协会知识产权保护工作站', { parent: 'host1', district: '440305' });
    await org('host2', 'host_association', '深圳市软件行业协会', { uscc: withCheck('51440300MJL03316Q'), district: '440304' });
    await org('ws2', 'workstation', '深圳市软件行业协会知识产权保护工作站', { parent: 'host2', district: '440304' });
    await org('ent1', 'enterprise', '深圳市鹏城锂电科技有限公司', { uscc: withCheck('91440300MA5F3K7L2'), district: '440305' });
    await org('ent2', 'enterprise', '深圳市南海云软件有限公司', { uscc: withCheck('91440300MA5G8N4P1'), district: '440304' });
    await org('agency', 'agency', '深圳市知信专利代理事务所（普通合伙）', { uscc: withCheck('31440000MD0181234'), district: '440304' });

    const user = async (username: string, displayName: string, orgKey: string, role: RoleName) => {
      await createUser(
        deps,
        { actor: null },
        { username, displayName, password, organizationId: orgs[orgKey].id, role, mustChangePassword: false, isDemo: true },
        tx,
      );
      accounts.push({ username, role, organization: orgs[orgKey].name });
    };
    await user('bureau', '市局管理员 王立', 'bureau', 'bureau_admin');
    await user('district', '南山监管局 陈敏', 'district', 'district_officer');
    await user('alliance', '联盟办公室 刘雪', 'alliance', 'alliance_officer');
    await user('wsadmin', '新能源工作站站长 赵强', 'ws1', 'workstation_admin');
    await user('staff', '新能源工作站专员 孙丽', 'ws1', 'workstation_staff');
    await user('staff2', '软件工作站专员 周杰', 'ws2', 'workstation_staff');
    await user('enterprise', '鹏城锂电法务 吴芳', 'ent1', 'enterprise_user');
    await user('enterprise2', '南海云软件法务 郑涛', 'ent2', 'enterprise_user');
    await user('expert', '专利代理师 钱程', 'agency', 'expert');
    await user('mediator', '调解员 冯静', 'agency', 'mediator');
    await user('agency', '知信代理 何伟', 'agency', 'agency_user');
    await user('evaluator', '评审专家 许宁', 'alliance', 'evaluation_expert');

    // The demo enterprises are members of their workstations; the network fills in the rest.
    await tx.insert(enterpriseProfiles).values([
      { organizationId: orgs.ent1.id, clusters: ['C13'], flags: ['high_tech'] },
      { organizationId: orgs.ent2.id, clusters: ['C06'], flags: ['specialized'] },
    ]);
    await tx.insert(enterpriseMemberships).values([
      { enterpriseId: orgs.ent1.id, workstationId: orgs.ws1.id, joinedOn: '2024-03-01', source: 'seed', createdAt: now },
      { enterpriseId: orgs.ent2.id, workstationId: orgs.ws2.id, joinedOn: '2024-05-01', source: 'seed', createdAt: now },
    ]);
    counts = await seedNetwork(tx, {
      now,
      scale,
      passwordHash,
      existing: [
        { workstationId: orgs.ws1.id, hostId: orgs.host1.id, cluster: 'C13', district: '440305' },
        { workstationId: orgs.ws2.id, hostId: orgs.host2.id, cluster: 'C06', district: '440304' },
      ],
    });
    counts.enterprises += 2;
    counts.accounts = accounts.length + counts.professionals;
    await tx.insert(settings).values({ key: SEED_KEY, value: { at: now.toISOString(), scale } });
    await recordAudit(tx, { actorId: null, now }, {
      type: 'bulk.completed',
      recordType: 'bulk',
      data: { operation: 'seed.demo', counts },
    });
  });
  // Patent records for the search pages, through the importer (its own transactions).
  counts.patents = await seedDemoPatents(deps);
  counts.trademarks = await seedDemoTrademarks(deps);
  // Fresh statistics after a bulk load, so the planner picks the list indexes at once.
  await deps.db.execute(sql`analyze`);
  return { seeded: true, accounts, counts };
}
