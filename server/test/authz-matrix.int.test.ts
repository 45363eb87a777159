import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { generate, generateSecret } from 'otplib';
import { afterAll, describe, expect, it } from 'vitest';
import { roleNames, users, type OrganizationType, type RoleName } from '../src/db/schema';
import { sha256 } from '../src/lib/crypto';
import * as authRepo from '../src/modules/auth/auth.repository';
import { IMPORT_JOB } from '../src/modules/enterprises/enterprises.import';
import * as invitationsRepo from '../src/modules/invitations/invitations.repository';
import { importPatents } from '../src/modules/patents/patents.import';
import { importTrademarks } from '../src/modules/trademarks/trademarks.import';
import { notify } from '../src/modules/notifications/notifications.service';
import * as workstationsRepo from '../src/modules/workstations/workstations.repository';
import { Agent, type Res } from './agent';
import { buildOrganization, buildUser, signedIn, validUscc } from './factories';
import { setupTestApp } from './harness';

/**
 * The authorization matrix: every route the app registers x every role (anonymous and the ten roles)
 * x a record in the caller's scope and one in another tenant's scope, checked against the table
 * below. A route the app registers that is missing from the table fails the test, so a new endpoint
 * cannot land without a decision about who may call it.
 *
 * A cell is two characters, the caller's own record and another tenant's record:
 *   +  2xx (for a list: answered, and the record is in it)
 *   -  403 or 404 (for a list: refused, or answered without the record)
 *   4  refused with 400, 403 or 404 (the service answers a scope refusal as a validation error)
 *   !  401 (anonymous caller on a signed-in route)
 *   .  not applicable (a route about the caller only has no "other" record)
 * A leak is a 2xx where the cell says -, 4 or !, or another tenant's record inside a list.
 */
const ROLES = ['anonymous', ...roleNames] as const;
type Role = (typeof ROLES)[number];
type Scope = 'own' | 'other';

//  columns:                                         anon  bur  dis  all  wsa  wss  ent  exp  med  agy  eva
const EXPECT: Record<string, string> = {
  'GET /healthz':                                   '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /metrics':                                   '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/openapi.json':                          '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/docs':                                  '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/docs/init.js':                          '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/docs/assets/:file':                     '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /':                                          '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /*':                                         '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'HEAD /*':                                        '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',

  'POST /api/auth/login':                           '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'POST /api/auth/login/totp':                      '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'POST /api/auth/logout':                          '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/auth/me':                               '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'POST /api/auth/password':                        '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/auth/sessions':                         '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'DELETE /api/auth/sessions/:id':                  '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'GET /api/auth/tokens':                           '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'POST /api/auth/tokens':                          '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'DELETE /api/auth/tokens/:id':                    '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'POST /api/auth/totp/setup':                      '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'POST /api/auth/totp/enable':                     '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'POST /api/auth/totp/disable':                    '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  // The bureau reads anyone's sign-in log (?userId=); everyone else only their own.
  'GET /api/auth/login-log':                        '!!   ++   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'POST /api/auth/password-reset/request':          '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'POST /api/auth/password-reset/confirm':          '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'POST /api/registrations':                        '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',

  // Bureau, district and alliance see every organization; others their own and its parents.
  'GET /api/organizations':                         '!!   ++   ++   ++   +-   +-   +-   +-   +-   +-   +-',
  'POST /api/organizations':                        '!.   +.   -.   -.   -.   -.   -.   -.   -.   -.   -.',
  'GET /api/organizations/:id':                     '!!   ++   ++   ++   +-   +-   +-   +-   +-   +-   +-',
  'PATCH /api/organizations/:id':                   '!!   ++   --   --   --   --   --   --   --   --   --',
  'POST /api/organizations/:id/deactivate':         '!!   ++   --   --   --   --   --   --   --   --   --',
  'POST /api/organizations/:id/activate':           '!!   ++   --   --   --   --   --   --   --   --   --',

  // The bureau manages every account; a workstation admin its own workstation's staff.
  'GET /api/users':                                 '!!   ++   --   --   +-   +-   --   --   --   --   --',
  'POST /api/users':                                '!!   ++   --   --   +4   --   --   --   --   --   --',
  'GET /api/users/:id':                             '!!   ++   --   --   +-   +-   --   --   --   --   --',
  'PATCH /api/users/:id':                           '!!   ++   --   --   +-   --   --   --   --   --   --',
  'POST /api/users/:id/deactivate':                 '!!   ++   --   --   +-   --   --   --   --   --   --',
  'POST /api/users/:id/activate':                   '!!   ++   --   --   +-   --   --   --   --   --   --',
  'POST /api/users/:id/reset-password':             '!!   ++   --   --   +-   --   --   --   --   --   --',
  'POST /api/users/:id/roles':                      '!!   ++   --   --   +-   --   --   --   --   --   --',
  'DELETE /api/users/:id/roles/:membershipId':      '!!   ++   --   --   +-   --   --   --   --   --   --',

  // The whole log for the bureau; a workstation admin the events of their workstation.
  'GET /api/audit':                                 '!!   ++   --   --   +-   --   --   --   --   --   --',
  'GET /api/audit/export':                          '!!   ++   --   --   +-   --   --   --   --   --   --',
  // A job is its creator's (and the bureau's).
  'GET /api/jobs/:id':                              '!!   ++   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  // Everyone's list of recent jobs holds their own only, the bureau's too.
  'GET /api/jobs':                                  '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',

  'GET /api/notifications':                         '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'POST /api/notifications/:id/read':               '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'POST /api/notifications/read-all':               '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',

  // The working-day calendar is the network's: everyone reads it, the bureau keeps its overrides.
  'GET /api/calendar/working-days/add':             '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/calendar/overrides':                    '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'PUT /api/calendar/overrides/:date':              '!.   +.   -.   -.   -.   -.   -.   -.   -.   -.   -.',
  'DELETE /api/calendar/overrides/:date':           '!.   +.   -.   -.   -.   -.   -.   -.   -.   -.   -.',

  'GET /api/reference/clusters':                    '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/reference/districts':                   '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/public/workstations':                   '+.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',

  // Filings: bureau, district and alliance read all; a workstation's admin and staff their own;
  // the bureau decides; the workstation's admin (its host body's 负责人) prepares and files.
  'GET /api/workstations':                          '!!   ++   ++   ++   +-   +-   --   --   --   --   --',
  'GET /api/workstations/export':                   '!!   ++   ++   ++   +-   +-   --   --   --   --   --',
  'POST /api/workstations':                         '!!   ++   --   --   --   --   --   --   --   --   --',
  'GET /api/workstations/:id':                      '!!   ++   ++   ++   +-   +-   --   --   --   --   --',
  'PATCH /api/workstations/:id':                    '!!   ++   --   --   +-   --   --   --   --   --   --',
  'POST /api/workstations/:id/transitions':         '!!   ++   --   --   +-   --   --   --   --   --   --',
  'POST /api/workstations/:id/changes/:changeId/decision': '!!   ++   --   --   --   --   --   --   --   --   --',
  'POST /api/workstations/:id/documents':           '!!   ++   --   --   +-   --   --   --   --   --   --',
  'GET /api/workstations/:id/documents/:documentId':'!!   ++   ++   ++   +-   +-   --   --   --   --   --',
  'GET /api/workstations/:id/staff':                '!!   ++   ++   ++   +-   +-   --   --   --   --   --',
  'POST /api/workstations/:id/staff':               '!!   ++   --   --   +-   --   --   --   --   --   --',
  'PATCH /api/workstations/:id/staff/:staffId':     '!!   ++   --   --   +-   --   --   --   --   --   --',
  'POST /api/workstations/:id/branches':            '!!   ++   --   --   +-   --   --   --   --   --   --',
  'PATCH /api/workstations/:id/branches/:branchId': '!!   ++   --   --   +-   --   --   --   --   --   --',
  'DELETE /api/workstations/:id/branches/:branchId':'!!   ++   --   --   +-   --   --   --   --   --   --',

  // The registry: bureau and alliance all; a district its district; a workstation its members; an
  // enterprise itself. Registering needs a workstation of one's own (the bureau registers unattached).
  'GET /api/enterprises':                           '!!   ++   +-   ++   +-   +-   +-   --   --   --   --',
  'POST /api/enterprises':                          '!!   +-   4-   4-   +-   +-   4-   4-   4-   4-   4-',
  'GET /api/enterprises/:id':                       '!!   ++   +-   ++   +-   +-   +-   --   --   --   --',
  'GET /api/enterprises/export':                    '!!   ++   +-   ++   +-   +-   +-   --   --   --   --',
  'GET /api/enterprises/import-template':           '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  // Imports go into a workstation of one's own (the bureau: any, or the registry alone).
  'POST /api/enterprises/imports':                  '!!   ++   --   --   +-   +-   --   --   --   --   --',
  // An import job's report is its creator's (and the bureau's).
  'GET /api/enterprises/imports/:jobId/report':     '!!   ++   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'PATCH /api/enterprises/:id':                     '!!   ++   --   --   +-   +-   +-   --   --   --   --',
  'POST /api/enterprises/:id/invitations':          '!!   --   --   --   +-   +-   --   --   --   --   --',
  'GET /api/invitations':                           '!!   --   --   --   +-   +-   --   --   --   --   --',
  'POST /api/invitations/:id/decision':             '!!   --   --   --   +-   +-   --   --   --   --   --',

  // Cases: the owning workstation's staff, the client enterprise's users and the assigned
  // professionals see a case; nobody else (not the bureau: it reads the ledger's metadata only).
  'GET /api/cases':                                 '!!   --   --   --   +-   +-   +-   +-   +-   --   --',
  'GET /api/cases/export':                          '!!   --   --   --   +-   +-   +-   +-   +-   --   --',
  'POST /api/cases':                                '!!   --   --   --   +-   +-   +4   --   --   --   --',
  'POST /api/cases/quick-consultation':             '!!   --   --   --   +-   +-   --   --   --   --   --',
  'GET /api/cases/:id':                             '!!   --   --   --   +-   +-   +-   +-   +-   --   --',
  'POST /api/cases/:id/transitions':                '!!   --   --   --   +-   +-   +-   +-   +-   --   --',
  // The case itself (its branch): the owning workstation's staff only; its enterprise and assignees read it.
  'PATCH /api/cases/:id':                           '!!   --   --   --   +-   +-   --   --   --   --   --',
  'POST /api/cases/:id/parties':                    '!!   --   --   --   +-   +-   --   --   --   --   --',
  // Links between cases: staff of the workstation of both cases (here a fresh case of the same workstation).
  'POST /api/cases/:id/links':                      '!!   --   --   --   +-   +-   --   --   --   --   --',
  'DELETE /api/cases/:id/links/:linkId':            '!!   --   --   --   +-   +-   --   --   --   --   --',
  'POST /api/cases/:id/messages':                   '!!   --   --   --   +-   +-   +-   +-   +-   --   --',
  'POST /api/cases/:id/rating':                     '!!   --   --   --   --   --   +-   --   --   --   --',
  'GET /api/cases/:id/notices/:kind':               '!!   --   --   --   +-   +-   +-   +-   +-   --   --',
  // Case documents: whoever opens the case adds and reads documents (which ones: case-documents.int.test.ts);
  // the uploader deletes and names people on a trade secret (here, on a document of their own).
  'GET /api/cases/:id/documents':                   '!!   --   --   --   +-   +-   +-   +-   +-   --   --',
  'POST /api/cases/:id/documents':                  '!!   --   --   --   +-   +-   +-   +-   +-   --   --',
  'GET /api/cases/:id/documents/:documentId':       '!!   --   --   --   +-   +-   +-   +-   +-   --   --',
  'DELETE /api/cases/:id/documents/:documentId':    '!!   --   --   --   +-   +-   +-   +-   +-   --   --',
  'PUT /api/cases/:id/documents/:documentId/access/:userId': '!!   --   --   --   +-   +-   +-   +-   +-   --   --',
  'DELETE /api/cases/:id/documents/:documentId/access/:userId': '!!   --   --   --   +-   +-   +-   +-   +-   --   --',
  // Hands over open cases in the caller's own workstations only (checked separately below).
  'POST /api/cases/reassign':                       '!.   -.   -.   -.   +.   -.   -.   -.   -.   -.   -.',
  // The ledger: bureau and alliance every row, a district its district, a workstation its own.
  'GET /api/ledger':                                '!!   ++   +-   ++   +-   +-   --   --   --   --   --',
  'GET /api/ledger/export':                         '!!   ++   +-   ++   +-   +-   --   --   --   --   --',

  // Patent records are reference data every signed-in user searches; importing is for the bureau and
  // workstation administrators. A saved search is its owner's alone; a watch may name a workstation
  // of one's own (the bureau: any).
  'GET /api/patents/search':                        '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/patents/facets':                        '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/patents/export.xlsx':                   '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'POST /api/patents/imports':                      '!.   +.   -.   -.   +.   -.   -.   -.   -.   -.   -.',
  'GET /api/patents/:id':                           '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  // Trademark records likewise: every signed-in user searches them; importing is for the same people.
  'GET /api/trademarks/search':                     '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/trademarks/export.xlsx':                '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'POST /api/trademarks/imports':                   '!.   +.   -.   -.   +.   -.   -.   -.   -.   -.   -.',
  'GET /api/trademarks/:id':                        '!.   +.   +.   +.   +.   +.   +.   +.   +.   +.   +.',
  'GET /api/saved-searches':                        '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'POST /api/saved-searches':                       '!!   ++   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'GET /api/saved-searches/:id':                    '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'PATCH /api/saved-searches/:id':                  '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'DELETE /api/saved-searches/:id':                 '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'GET /api/saved-searches/:id/report.pdf':         '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'GET /api/saved-searches/:id/results.xlsx':       '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  'POST /api/saved-searches/:id/results':           '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  // Alerts also reach a watch's workstation staff and enterprise users; another workstation's watch is 404 to everyone here.
  'GET /api/saved-searches/:id/alerts':             '!!   +-   +-   +-   +-   +-   +-   +-   +-   +-   +-',
  // A report goes onto a retrieval case its searcher can open (own: of the caller's workstation or enterprise).
  'POST /api/saved-searches/:id/report/attach':      '!!   --   --   --   +-   +-   +-   --   --   --   --',

  // The professional pool: bureau and workstation staff browse; the subject and the bureau edit.
  'GET /api/professionals':                         '!!   ++   --   --   ++   ++   --   --   --   --   --',
  'GET /api/professionals/export':                  '!!   ++   --   --   ++   ++   --   --   --   --   --',
  // Registering a new agency, expert or mediator is the bureau's alone.
  'POST /api/professionals':                        '!.   +.   -.   -.   -.   -.   -.   -.   -.   -.   -.',
  'GET /api/professionals/:subjectType/:subjectId': '!!   ++   --   --   ++   ++   --   +-   +-   +-   --',
  'PUT /api/professionals/:subjectType/:subjectId': '!!   ++   --   --   --   --   --   +-   +-   +-   --',
};

function cell(route: string, role: Role, scope: Scope): string {
  const tokens = EXPECT[route].trim().split(/\s+/);
  if (tokens.length !== ROLES.length || tokens.some((t) => !/^[+\-4!.]{2}$/.test(t))) throw new Error(`bad expectation row for ${route}`);
  return tokens[ROLES.indexOf(role)][scope === 'own' ? 0 : 1];
}

// ---------------------------------------------------------------------------------------------
// The world: one network built once. "own" records sit in the caller's scope, "other" records in
// another tenant's (the second workstation, the second enterprise, the second agency).

const ctx = await setupTestApp();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const org = {
  bureau: await buildOrganization(ctx, { type: 'bureau', name: '矩阵市局' }),
  alliance: await buildOrganization(ctx, { type: 'alliance', name: '矩阵联盟办公室' }),
  host1: await buildOrganization(ctx, { type: 'host_association', name: '矩阵甲协会', districtCode: '440305' }),
  host2: await buildOrganization(ctx, { type: 'host_association', name: '矩阵乙协会', districtCode: '440304' }),
  agency1: await buildOrganization(ctx, { type: 'agency', name: '矩阵甲代理所' }),
  agency2: await buildOrganization(ctx, { type: 'agency', name: '矩阵乙代理所' }),
};
const district = await buildOrganization(ctx, { type: 'district_bureau', name: '矩阵南山局', parentId: org.bureau.id, districtCode: '440305' });

const bureau = await signedIn(ctx, 'bureau_admin', org.bureau.id);
const createWorkstation = async (hostId: string, name: string, districtCode: string) => {
  const res = await bureau.post('/api/workstations', { hostId, name, districts: [districtCode] });
  if (res.status !== 201) throw new Error(`workstation: ${res.text}`);
  return res.body.data as { id: string; name: string };
};
const ws1 = await createWorkstation(org.host1.id, '矩阵甲工作站', '440305');
const ws2 = await createWorkstation(org.host2.id, '矩阵乙工作站', '440304');
// createWorkstation sets the district on the organization from the first filing district.

const staff2 = await signedIn(ctx, 'workstation_staff', ws2.id);
const agents: Record<Exclude<Role, 'anonymous'>, Awaited<ReturnType<typeof signedIn>>> = {
  bureau_admin: bureau,
  district_officer: await signedIn(ctx, 'district_officer', district.id),
  alliance_officer: await signedIn(ctx, 'alliance_officer', org.alliance.id),
  workstation_admin: await signedIn(ctx, 'workstation_admin', ws1.id),
  workstation_staff: await signedIn(ctx, 'workstation_staff', ws1.id),
  enterprise_user: undefined as never, // after the enterprises exist
  expert: await signedIn(ctx, 'expert', org.agency1.id),
  mediator: await signedIn(ctx, 'mediator', org.agency1.id),
  agency_user: await signedIn(ctx, 'agency_user', org.agency1.id),
  evaluation_expert: await signedIn(ctx, 'evaluation_expert', org.agency1.id),
};

const createEnterprise = async (agent: Agent, name: string, districtCode: string) => {
  const res = await agent.post('/api/enterprises', { uscc: validUscc(), name, districtCode });
  if (res.status !== 201) throw new Error(`enterprise: ${res.text}`);
  return res.body.data as { id: string; name: string; uscc: string };
};
const ent1 = await createEnterprise(agents.workstation_staff, '矩阵甲科技有限公司', '440305');
const ent2 = await createEnterprise(staff2, '矩阵乙科技有限公司', '440304');
agents.enterprise_user = await signedIn(ctx, 'enterprise_user', ent1.id);
const expert2 = await buildUser(ctx, { role: 'expert', organizationId: org.agency2.id });

type OrgRef = { id: string; name: string; type: OrganizationType };
const ORGS: Record<string, OrgRef> = {
  bureau: { ...org.bureau, type: 'bureau' },
  district: { ...district, type: 'district_bureau' },
  alliance: { ...org.alliance, type: 'alliance' },
  ws1: { ...ws1, type: 'workstation' },
  ws2: { ...ws2, type: 'workstation' },
  ent1: { ...ent1, type: 'enterprise' },
  ent2: { ...ent2, type: 'enterprise' },
  agency1: { ...org.agency1, type: 'agency' },
  agency2: { ...org.agency2, type: 'agency' },
};

/** The organization the role is held in, and the one of "another tenant" for that role. */
function orgOf(role: Role, scope: Scope): OrgRef {
  const own: Record<Role, string> = {
    anonymous: 'ws1',
    bureau_admin: 'bureau',
    district_officer: 'district',
    alliance_officer: 'alliance',
    workstation_admin: 'ws1',
    workstation_staff: 'ws1',
    enterprise_user: 'ent1',
    expert: 'agency1',
    mediator: 'agency1',
    agency_user: 'agency1',
    evaluation_expert: 'agency1',
  };
  const other: Record<Role, string> = { ...own, anonymous: 'ws2', bureau_admin: 'ws2', district_officer: 'ws2', alliance_officer: 'ws2', workstation_admin: 'ws2', workstation_staff: 'ws2', enterprise_user: 'ent2', expert: 'agency2', mediator: 'agency2', agency_user: 'agency2', evaluation_expert: 'agency2' };
  return ORGS[scope === 'own' ? own[role] : other[role]];
}

/** For records that live under a workstation or an enterprise, whatever the role: the first or the second. */
const wsFor = (scope: Scope) => (scope === 'own' ? ws1 : ws2);
const entFor = (_role: Role, scope: Scope) => (scope === 'own' ? ent1 : ent2);

const ROLE_IN: Record<OrganizationType, RoleName> = {
  bureau: 'evaluation_expert',
  district_bureau: 'district_officer',
  alliance: 'alliance_officer',
  host_association: 'workstation_admin',
  workstation: 'workstation_staff',
  enterprise: 'enterprise_user',
  agency: 'agency_user',
};

/** A user "in scope" for user routes: for the bureau any workstation's staff; otherwise a colleague in the caller's organization. */
function userOrg(role: Role, scope: Scope): OrgRef {
  if (role === 'bureau_admin') return scope === 'own' ? ORGS.ws1 : ORGS.ws2;
  return orgOf(role, scope);
}
const freshUser = async (o: OrgRef) => (await buildUser(ctx, { role: ROLE_IN[o.type], organizationId: o.id })).user as { id: string; username: string; displayName: string };
const peers = new Map<string, { id: string; username: string; displayName: string }>();
async function peerIn(o: OrgRef) {
  if (!peers.has(o.id)) peers.set(o.id, await freshUser(o));
  return peers.get(o.id)!;
}

/** A new signed-in user of the role (for calls that end or change the caller's own session or password). */
async function freshAgent(role: Exclude<Role, 'anonymous'>, opts: { enrolled?: boolean } = {}) {
  if (opts.enrolled === false) {
    const u = await buildUser(ctx, { role, organizationId: orgOf(role, 'own').id });
    const a = new Agent(ctx);
    const res = await a.login(u.username, u.password);
    if (res.status !== 200) throw new Error(`login ${u.username}: ${res.text}`);
    return Object.assign(a, { user: u.user, username: u.username, password: u.password });
  }
  return signedIn(ctx, role, orgOf(role, 'own').id);
}

const otherUser = staff2.user as { id: string };
const userOfRole = (role: Role) => (role === 'anonymous' ? otherUser : (agents[role].user as { id: string }));

// Records the lists and detail pages are checked against.
const docs = {
  ws1: (await uploadAs(bureau, `/api/workstations/${ws1.id}/documents`)).body.data.id as string,
  ws2: (await uploadAs(bureau, `/api/workstations/${ws2.id}/documents`)).body.data.id as string,
};
const staffRecord = {
  ws1: (await bureau.post(`/api/workstations/${ws1.id}/staff`, { name: '甲专员' })).body.data.id as string,
  ws2: (await bureau.post(`/api/workstations/${ws2.id}/staff`, { name: '乙专员' })).body.data.id as string,
};
const invitation = async (agent: Agent, enterpriseId: string) => {
  const res = await agent.post(`/api/enterprises/${enterpriseId}/invitations`, { name: '联系人' });
  if (res.status !== 201) throw new Error(`invitation: ${res.text}`);
  return res.body as { data: { id: string }; code: string };
};
const invitations = { own: (await invitation(agents.workstation_staff, ent1.id)).data.id, other: (await invitation(staff2, ent2.id)).data.id };
// Audit events filed under each workstation (workstation.created is already there; add an edit).
for (const w of [ws1, ws2]) {
  const v = (await bureau.get(`/api/organizations/${w.id}`)).body.data.version;
  await bureau.patch(`/api/organizations/${w.id}`, { version: v, name: w.name });
}

// Cases: one assigned to the expert, one to the mediator, one of the other workstation, and two
// delivered ones (rows of the ledger).
const FORM = { subject: '专利侵权咨询', question: '对方产品是否落入我司专利保护范围？', ipType: 'patent_invention', rightNumbers: ['ZL201580074208.0'] };
async function newCase(scope: Scope, opts: { accept?: boolean; assign?: string; answer?: boolean } = {}) {
  const by = scope === 'own' ? agents.workstation_staff : staff2;
  const created = await by.post('/api/cases', { type: 'consultation', workstationId: wsFor(scope).id, enterpriseId: entFor('anonymous', scope).id, form: FORM });
  if (created.status !== 201) throw new Error(`case: ${created.text}`);
  let c = created.body.data as { id: string; version: number };
  const step = async (body: Record<string, unknown>) => {
    const r = await by.post(`/api/cases/${c.id}/transitions`, { version: c.version, ...body });
    if (r.status !== 200) throw new Error(`case step ${String(body.action)}: ${r.text}`);
    c = r.body.data;
  };
  if (opts.accept || opts.assign || opts.answer) await step({ action: 'accept' });
  if (opts.assign) await step({ action: 'assign', assigneeId: opts.assign });
  if (opts.answer) await step({ action: 'answer', answer: '书面答复' });
  return c;
}
const cases = {
  own: await newCase('own', { assign: agents.expert.user.id }),
  mediator: await newCase('own', { assign: agents.mediator.user.id }),
  other: await newCase('other', { accept: true }),
  ledgerOwn: await newCase('own', { answer: true }),
  ledgerOther: await newCase('other', { answer: true }),
};
const caseFor = (role: Role, scope: Scope) => (scope === 'other' ? cases.other : role === 'mediator' ? cases.mediator : cases.own);
const handover = { from: await buildUser(ctx, { role: 'expert', organizationId: org.agency1.id }), to: await buildUser(ctx, { role: 'expert', organizationId: org.agency1.id }) };

// Case documents: a public one shared with the enterprise in each case the roles see, and one in the
// other workstation's case. Calls that delete or name people use a fresh document of the caller's own.
const CASE_DOCUMENT_ROLES: Role[] = ['workstation_admin', 'workstation_staff', 'enterprise_user', 'expert', 'mediator'];
function caseDocumentForm(confidentiality: string) {
  const form = new FormData();
  form.set('confidentiality', confidentiality);
  if (confidentiality !== 'trade_secret') form.set('sharedWithEnterprise', 'true');
  form.set('file', new File([PDF], 'evidence.pdf', { type: 'application/pdf' }));
  return form;
}
async function caseDocument(agent: Agent, caseId: string, confidentiality = 'public') {
  const res = await uploadAs(agent, `/api/cases/${caseId}/documents`, caseDocumentForm(confidentiality));
  if (res.status !== 201) throw new Error(`case document: ${res.text}`);
  return res.body.data.id as string;
}
const caseDocs = {
  own: await caseDocument(agents.workstation_staff, cases.own.id),
  mediator: await caseDocument(agents.workstation_staff, cases.mediator.id),
  other: await caseDocument(staff2, cases.other.id),
};
const caseDocFor = (role: Role, scope: Scope) => (scope === 'other' ? caseDocs.other : role === 'mediator' ? caseDocs.mediator : caseDocs.own);
async function callersCaseDocument(role: Role, scope: Scope, confidentiality = 'public') {
  const c = caseFor(role, scope);
  if (scope === 'own' && CASE_DOCUMENT_ROLES.includes(role)) return `/api/cases/${c.id}/documents/${await caseDocument(agents[role as Exclude<Role, 'anonymous'>], c.id, confidentiality)}`;
  return `/api/cases/${c.id}/documents/${caseDocFor(role, scope)}`;
}
/** Someone who can open the case, to name on a trade secret. */
const nameable = (role: Role) => (role === 'workstation_staff' ? agents.workstation_admin.user : agents.workstation_staff.user) as { id: string };

// A patent record, a saved search of every caller's own and one of another user's, and import jobs.
await importPatents(ctx.deps, Readable.from([Buffer.from(JSON.stringify({ applicationNumber: '201110030901.1', title: '一种锂电池隔膜', applicants: ['矩阵甲科技有限公司'], publicationDate: '2012-07-18' }))]), 'jsonl');
const patentId = (await bureau.get('/api/patents/search?q=隔膜')).body.items[0].id as string;
await importTrademarks(ctx.deps, Readable.from([Buffer.from(JSON.stringify({ registrationNumber: '12345678', markName: '矩阵商标', niceClasses: [9], applicants: ['矩阵甲科技有限公司'] }))]), 'jsonl');
const trademarkId = (await bureau.get('/api/trademarks/search?q=矩阵商标')).body.items[0].id as string;
const newSavedSearch = async (agent: Agent) => {
  const res = await agent.post('/api/saved-searches', { name: '矩阵检索', query: '隔膜', results: [{ patentId, category: 'X', note: '相关' }] });
  if (res.status !== 201) throw new Error(`saved search: ${res.text}`);
  return res.body.data as { id: string; version: number };
};
const savedSearches = new Map<Role, { id: string; version: number }>();
for (const role of roleNames) savedSearches.set(role, await newSavedSearch(agents[role]));
const otherSavedSearch = await newSavedSearch(staff2);
/** A watch another workstation keeps for itself: its staff read the alerts, nobody here does. */
const otherWatch = await staff2.post('/api/saved-searches', { name: '矩阵预警', query: '隔膜', watch: true, workstationId: ws2.id }).then((res) => {
  if (res.status !== 201) throw new Error(`watch: ${res.text}`);
  return res.body.data as { id: string };
});
async function retrievalCase(scope: Scope) {
  const by = scope === 'own' ? agents.workstation_staff : staff2;
  const form = { subject: '矩阵查新', purpose: 'novelty', technicalSolution: '一种隔膜' };
  const created = await by.post('/api/cases', { type: 'retrieval', workstationId: wsFor(scope).id, enterpriseId: entFor('anonymous', scope).id, form });
  if (created.status !== 201) throw new Error(`retrieval case: ${created.text}`);
  return created.body.data.id as string;
}
const retrievalCases = { own: await retrievalCase('own'), other: await retrievalCase('other') };
const savedSearchFor = (role: Role, scope: Scope) => (scope === 'own' && role !== 'anonymous' ? savedSearches.get(role)! : otherSavedSearch);
async function importJob(userId: string) {
  const job = await ctx.deps.jobs.enqueue(IMPORT_JOB, {}, { createdBy: userId });
  await ctx.db.execute(sql`update jobs set status = 'succeeded', result = '{"reportKey": null}'::jsonb where id = ${job.id}`);
  return job.id as string;
}
const otherImportJob = await importJob(otherUser.id);
const IMPORT_HEADERS = ['统一社会信用代码', '企业名称', '所属区', '产业集群', '高新技术企业', '专精特新', '规上企业', '联系人', '联系电话', '联系人同意用途'];
function importForm(workstationId: string) {
  const row = [validUscc(), `矩阵导入${randomBytes(3).toString('hex')}科技有限公司`, '南山区', 'C13', '是', '否', '', '张三', '13800000000', '维权援助服务联络'];
  const csv = '\uFEFF' + [IMPORT_HEADERS, row].map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n') + '\r\n';
  const form = new FormData();
  form.set('file', new File([Buffer.from(csv)], 'members.csv', { type: 'text/csv' }));
  form.set('mode', 'dry_run');
  form.set('workstationId', workstationId);
  return form;
}

/** The text of a spreadsheet answer (every cell), to look for a record in it. */
async function xlsxText(agent: Agent, path: string): Promise<Res> {
  const headers: Record<string, string> = {};
  if (agent.cookie) headers.cookie = agent.cookie;
  const res = await ctx.app.request(path, { headers });
  let text: string;
  try {
    const buf = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) text = buf.toString('utf8');
    else {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buf as never);
      const cells: string[] = [];
      wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => void cells.push(String(c.value)))));
      text = cells.join('\n');
    }
  } catch (e) {
    text = `(the body broke off: ${(e as Error).message})`;
  }
  return { status: res.status, body: null, headers: res.headers, text };
}

/** A workstation document: a small PDF of kind "other". */
function documentForm() {
  const form = new FormData();
  form.set('kind', 'other');
  form.set('file', new File([PDF], 'evidence.pdf', { type: 'application/pdf' }));
  return form;
}

async function uploadAs(agent: Agent, path: string, form: FormData = documentForm()): Promise<Res> {
  const headers: Record<string, string> = {};
  if (agent.cookie) headers.cookie = agent.cookie;
  if (agent.csrf) headers['x-csrf-token'] = agent.csrf;
  const res = await ctx.app.request(path, { method: 'POST', body: form, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers, text };
}

const sessionPublicId = async (agent: Agent) => {
  const cookie = agent.cookie!.split('=')[1];
  const r = await ctx.db.execute(sql`select public_id from sessions where id = ${sha256(cookie)}`);
  return (r as unknown as { rows: { public_id: string }[] }).rows[0].public_id;
};
const extraSession = async (userId: string) =>
  (await authRepo.insertSession(ctx.db, { id: sha256(randomBytes(24).toString('hex')), userId, csrfToken: 'x', expiresAt: new Date(ctx.clock.now.getTime() + 3_600_000), createdAt: ctx.clock.now, lastSeenAt: ctx.clock.now })).publicId;
const token = async (userId: string) => (await authRepo.insertToken(ctx.db, { userId, name: 'matrix', tokenHash: sha256(randomBytes(24).toString('hex')), createdAt: ctx.clock.now })).id;
const notification = async (userId: string) => (await notify(ctx.deps, { userIds: [userId], kind: 'matrix', title: '矩阵', body: '矩阵' }))[0].id;
const job = async (userId: string) => (await ctx.deps.jobs.enqueue('matrix.noop', {}, { createdBy: userId })).id;
const versionOf = async (path: string) => (await bureau.get(path)).body.data.version as number;
const otherSession = await sessionPublicId(staff2);
const otherToken = await token(otherUser.id);
const otherNotification = await notification(otherUser.id);
const otherJob = await job(otherUser.id);

/** A user with TOTP on, and a pending second sign-in step for them. */
async function mfaPending() {
  const u = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws1.id });
  const secret = generateSecret();
  await ctx.db.update(users).set({ totpSecret: secret, totpEnabled: true }).where(eq(users.id, u.user.id));
  const res = await new Agent(ctx).post('/api/auth/login', { username: u.username, password: u.password });
  return { mfaToken: res.body.mfaToken as string, code: await generate({ secret }) };
}

const loginTarget = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws1.id });
await new Agent(ctx).login(loginTarget.username, loginTarget.password);
const docsHtml = (await new Agent(ctx).get('/api/docs')).text;
const docsAsset = /\/api\/docs\/assets\/([^"]+)"/.exec(docsHtml)![1];

// ---------------------------------------------------------------------------------------------
// How each route is called for a role and a scope.

interface Call {
  method?: string;
  path: string;
  body?: unknown;
  /** A multipart upload of this form. */
  form?: FormData;
  /** A spreadsheet answer: `find` is looked for in its cells. */
  xlsx?: boolean;
  /** Run as this agent instead of the role's (a fresh session, for calls that end it). */
  agent?: Agent;
  /** For a list: text that shows the record is in the answer. */
  find?: string;
  cleanup?: () => Promise<void>;
}
type CallOf = (role: Role, scope: Scope) => Promise<Call> | Call;

const self = (path: string): CallOf => () => ({ path });
const listFind = (path: (role: Role, scope: Scope) => Promise<[string, string]> | [string, string]): CallOf => async (role, scope) => {
  const [p, find] = await path(role, scope);
  return { path: p, find };
};

const freshWorkstation = async (scope: Scope) => createWorkstation(scope === 'own' ? org.host1.id : org.host2.id, `矩阵新站${randomBytes(3).toString('hex')}`, scope === 'own' ? '440305' : '440304');
const freshOrg = async () => buildOrganization(ctx, { type: 'agency' });
const orgTarget = async (role: Role, scope: Scope, fresh: boolean) => (fresh && role === 'bureau_admin' ? await freshOrg() : orgOf(role, scope));

const CALLS: Record<string, CallOf> = {
  'GET /healthz': self('/healthz'),
  'GET /metrics': self('/metrics'),
  'GET /api/openapi.json': self('/api/openapi.json'),
  'GET /api/docs': self('/api/docs'),
  'GET /api/docs/init.js': self('/api/docs/init.js'),
  'GET /api/docs/assets/:file': self(`/api/docs/assets/${docsAsset}`),
  'GET /': self('/'),
  'GET /*': self('/workstations'),
  'HEAD /*': () => ({ method: 'HEAD', path: '/workstations' }),

  'POST /api/auth/login': () => ({ path: '/api/auth/login', body: { username: loginTarget.username, password: loginTarget.password } }),
  'POST /api/auth/login/totp': async () => ({ path: '/api/auth/login/totp', body: await mfaPending() }),
  'POST /api/auth/logout': async (role) => ({ path: '/api/auth/logout', body: {}, agent: role === 'anonymous' ? new Agent(ctx) : await freshAgent(role) }),
  'GET /api/auth/me': self('/api/auth/me'),
  'POST /api/auth/password': async (role) => {
    if (role === 'anonymous') return { path: '/api/auth/password', body: { currentPassword: 'x', newPassword: 'Brand-New-Pass-42' } };
    const a = await freshAgent(role);
    return { path: '/api/auth/password', body: { currentPassword: a.password, newPassword: 'Brand-New-Pass-42' }, agent: a };
  },
  'GET /api/auth/sessions': async (role, scope) => ({
    path: '/api/auth/sessions',
    find: scope === 'other' ? otherSession : role === 'anonymous' ? otherSession : await sessionPublicId(agents[role]),
  }),
  'DELETE /api/auth/sessions/:id': async (role, scope) => ({ method: 'DELETE', path: `/api/auth/sessions/${scope === 'own' ? await extraSession(userOfRole(role).id) : otherSession}` }),
  'GET /api/auth/tokens': async (role, scope) => ({ path: '/api/auth/tokens', find: scope === 'own' ? await token(userOfRole(role).id) : otherToken }),
  'POST /api/auth/tokens': () => ({ path: '/api/auth/tokens', body: { name: '矩阵令牌' } }),
  'DELETE /api/auth/tokens/:id': async (role, scope) => ({ method: 'DELETE', path: `/api/auth/tokens/${scope === 'own' ? await token(userOfRole(role).id) : otherToken}` }),
  'POST /api/auth/totp/setup': async (role) => ({ path: '/api/auth/totp/setup', body: {}, agent: role === 'anonymous' ? undefined : await freshAgent(role, { enrolled: false }) }),
  'POST /api/auth/totp/enable': async (role) => {
    if (role === 'anonymous') return { path: '/api/auth/totp/enable', body: { code: '123456' } };
    const a = await freshAgent(role, { enrolled: false });
    const { secret } = (await a.post('/api/auth/totp/setup')).body;
    return { path: '/api/auth/totp/enable', body: { code: await generate({ secret }) }, agent: a };
  },
  'POST /api/auth/totp/disable': async (role) => {
    if (role === 'anonymous') return { path: '/api/auth/totp/disable', body: { code: '123456' } };
    const a = await freshAgent(role, { enrolled: false });
    const { secret } = (await a.post('/api/auth/totp/setup')).body;
    const enabled = await a.post('/api/auth/totp/enable', { code: await generate({ secret }) });
    if (enabled.status !== 200) throw new Error(`totp enable: ${enabled.text}`);
    return { path: '/api/auth/totp/disable', body: { code: await generate({ secret }) }, agent: a };
  },
  'GET /api/auth/login-log': (role, scope) => {
    const id = scope === 'own' ? userOfRole(role).id : loginTarget.user.id;
    return { path: `/api/auth/login-log?userId=${id}&pageSize=100`, find: `"userId":"${id}"` };
  },
  'POST /api/auth/password-reset/request': () => ({ path: '/api/auth/password-reset/request', body: { login: loginTarget.username } }),
  'POST /api/auth/password-reset/confirm': async () => {
    const u = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws1.id });
    const t = randomBytes(24).toString('hex');
    await invitationsRepo.insertReset(ctx.db, { id: sha256(t), userId: u.user.id, expiresAt: new Date(ctx.clock.now.getTime() + 600_000), createdAt: ctx.clock.now });
    return { path: '/api/auth/password-reset/confirm', body: { token: t, newPassword: 'Reset-Pass-2026!' } };
  },
  'POST /api/registrations': async () => {
    const { code } = await invitation(agents.workstation_staff, ent1.id);
    const username = `reg${randomBytes(4).toString('hex')}`;
    return { path: '/api/registrations', body: { code, uscc: ent1.uscc, username, displayName: '注册人', password: 'Register-Pass-1' } };
  },

  'GET /api/organizations': listFind((role, scope) => {
    const o = orgOf(role, scope);
    return [`/api/organizations?q=${encodeURIComponent(o.name)}`, o.id];
  }),
  'POST /api/organizations': () => ({ path: '/api/organizations', body: { type: 'agency', name: `矩阵新机构${randomBytes(3).toString('hex')}` } }),
  'GET /api/organizations/:id': (role, scope) => ({ path: `/api/organizations/${orgOf(role, scope).id}` }),
  'PATCH /api/organizations/:id': async (role, scope) => {
    const o = orgOf(role, scope);
    return { method: 'PATCH', path: `/api/organizations/${o.id}`, body: { version: await versionOf(`/api/organizations/${o.id}`), name: o.name } };
  },
  'POST /api/organizations/:id/deactivate': async (role, scope) => {
    const o = await orgTarget(role, scope, true);
    return { path: `/api/organizations/${o.id}/deactivate`, body: { version: await versionOf(`/api/organizations/${o.id}`) } };
  },
  'POST /api/organizations/:id/activate': async (role, scope) => {
    const o = await orgTarget(role, scope, true);
    let version = await versionOf(`/api/organizations/${o.id}`);
    if (role === 'bureau_admin') version = (await bureau.post(`/api/organizations/${o.id}/deactivate`, { version })).body.data.version;
    return { path: `/api/organizations/${o.id}/activate`, body: { version } };
  },

  'GET /api/users': listFind(async (role, scope) => {
    const u = await peerIn(userOrg(role, scope));
    return [`/api/users?q=${encodeURIComponent(u.username)}`, u.id];
  }),
  'POST /api/users': (role, scope) => {
    const o = userOrg(role, scope);
    return { path: '/api/users', body: { username: `new${randomBytes(4).toString('hex')}`, displayName: '新账号', password: 'New-Account-2026', organizationId: o.id, role: ROLE_IN[o.type] } };
  },
  'GET /api/users/:id': async (role, scope) => ({ path: `/api/users/${(await peerIn(userOrg(role, scope))).id}` }),
  'PATCH /api/users/:id': async (role, scope) => {
    const u = await peerIn(userOrg(role, scope));
    return { method: 'PATCH', path: `/api/users/${u.id}`, body: { version: await versionOf(`/api/users/${u.id}`), displayName: u.displayName } };
  },
  'POST /api/users/:id/deactivate': async (role, scope) => {
    const u = await freshUser(userOrg(role, scope));
    return { path: `/api/users/${u.id}/deactivate`, body: { version: 1 } };
  },
  'POST /api/users/:id/activate': async (role, scope) => {
    const u = await freshUser(userOrg(role, scope));
    await ctx.db.update(users).set({ active: false, version: 2 }).where(eq(users.id, u.id));
    return { path: `/api/users/${u.id}/activate`, body: { version: 2 } };
  },
  'POST /api/users/:id/reset-password': async (role, scope) => ({ path: `/api/users/${(await freshUser(userOrg(role, scope))).id}/reset-password`, body: {} }),
  'POST /api/users/:id/roles': async (role, scope) => {
    const o = userOrg(role, scope);
    const u = await freshUser(o);
    const grant = o.type === 'workstation' ? 'workstation_admin' : o.type === 'agency' ? 'expert' : o.type === 'bureau' ? 'mediator' : ROLE_IN[o.type];
    return { path: `/api/users/${u.id}/roles`, body: { organizationId: o.id, role: grant } };
  },
  'DELETE /api/users/:id/roles/:membershipId': async (role, scope) => {
    const u = await freshUser(userOrg(role, scope));
    const r = await ctx.db.execute(sql`select id from memberships where user_id = ${u.id}`);
    return { method: 'DELETE', path: `/api/users/${u.id}/roles/${(r as unknown as { rows: { id: string }[] }).rows[0].id}` };
  },

  'GET /api/audit': (_role, scope) => {
    const w = wsFor(scope);
    return { path: `/api/audit?recordId=${w.id}&pageSize=100`, find: `"organizationId":"${w.id}"` };
  },
  'GET /api/audit/export': (_role, scope) => {
    const w = wsFor(scope);
    return { path: `/api/audit/export?recordId=${w.id}`, find: w.id };
  },
  'GET /api/jobs': async (role, scope) => ({ path: '/api/jobs?type=matrix.noop', find: scope === 'own' ? await job(userOfRole(role).id) : otherJob }),
  'GET /api/jobs/:id': async (role, scope) => ({ path: `/api/jobs/${scope === 'own' ? await job(userOfRole(role).id) : otherJob}` }),

  'GET /api/notifications': async (role, scope) => ({ path: '/api/notifications?pageSize=100', find: scope === 'own' ? await notification(userOfRole(role).id) : otherNotification }),
  'POST /api/notifications/:id/read': async (role, scope) => ({ path: `/api/notifications/${scope === 'own' ? await notification(userOfRole(role).id) : otherNotification}/read`, body: {} }),
  'POST /api/notifications/read-all': () => ({ path: '/api/notifications/read-all', body: {} }),

  'GET /api/calendar/working-days/add': self('/api/calendar/working-days/add?from=2026-03-02&days=5'),
  'GET /api/calendar/overrides': self('/api/calendar/overrides'),
  'PUT /api/calendar/overrides/:date': () => ({ method: 'PUT', path: '/api/calendar/overrides/2031-01-06', body: { workday: false, note: '矩阵' } }),
  'DELETE /api/calendar/overrides/:date': () => ({ method: 'DELETE', path: '/api/calendar/overrides/2031-01-06' }),

  'GET /api/reference/clusters': self('/api/reference/clusters'),
  'GET /api/reference/districts': self('/api/reference/districts'),
  'GET /api/public/workstations': self('/api/public/workstations'),

  'GET /api/workstations': (_role, scope) => {
    const w = wsFor(scope);
    return { path: `/api/workstations?q=${encodeURIComponent(w.name)}`, find: w.id };
  },
  'POST /api/workstations': (_role, scope) => ({
    path: '/api/workstations',
    body: { hostId: scope === 'own' ? org.host1.id : org.host2.id, name: `矩阵草稿站${randomBytes(3).toString('hex')}` },
  }),
  'GET /api/workstations/export': (_role, scope) => {
    const w = wsFor(scope);
    return { path: `/api/workstations/export?q=${encodeURIComponent(w.name)}`, xlsx: true, find: w.name };
  },
  'GET /api/workstations/:id': (_role, scope) => ({ path: `/api/workstations/${wsFor(scope).id}` }),
  'PATCH /api/workstations/:id': async (_role, scope) => {
    const w = wsFor(scope);
    return { method: 'PATCH', path: `/api/workstations/${w.id}`, body: { version: await versionOf(`/api/workstations/${w.id}`), address: '深圳市南山区科技园' } };
  },
  'POST /api/workstations/:id/transitions': async (role, scope) => {
    if (role === 'bureau_admin') {
      const w = await freshWorkstation(scope);
      return { path: `/api/workstations/${w.id}/transitions`, body: { action: 'register_by_bureau', version: 1, reason: '市局直接登记' } };
    }
    const w = wsFor(scope);
    const version = await versionOf(`/api/workstations/${w.id}`);
    return {
      path: `/api/workstations/${w.id}/transitions`,
      body: { action: 'withdraw', version, reason: '撤回' },
      // The first workstation stays a draft for the calls after this one.
      cleanup: async () => {
        await ctx.db.execute(sql`update workstation_profiles set filing_status = 'draft' where organization_id = ${w.id}`);
      },
    };
  },
  'POST /api/workstations/:id/changes/:changeId/decision': async (_role, scope) => {
    const w = wsFor(scope);
    const change = await workstationsRepo.insertChange(ctx.db, { workstationId: w.id, changes: { address: '新地址' }, requestedBy: otherUser.id, createdAt: ctx.clock.now });
    return { path: `/api/workstations/${w.id}/changes/${change.id}/decision`, body: { decision: 'reject', reason: '材料不全' } };
  },
  'POST /api/workstations/:id/documents': (_role, scope) => ({ path: `/api/workstations/${wsFor(scope).id}/documents`, form: documentForm() }),
  'GET /api/workstations/:id/documents/:documentId': (_role, scope) => ({ path: `/api/workstations/${wsFor(scope).id}/documents/${scope === 'own' ? docs.ws1 : docs.ws2}` }),
  'GET /api/workstations/:id/staff': (_role, scope) => ({ path: `/api/workstations/${wsFor(scope).id}/staff` }),
  'POST /api/workstations/:id/staff': (_role, scope) => ({ path: `/api/workstations/${wsFor(scope).id}/staff`, body: { name: '新专员' } }),
  'PATCH /api/workstations/:id/staff/:staffId': async (_role, scope) => {
    const w = wsFor(scope);
    const id = scope === 'own' ? staffRecord.ws1 : staffRecord.ws2;
    const staff = (await bureau.get(`/api/workstations/${w.id}/staff`)).body.items.find((s: { id: string }) => s.id === id);
    return { method: 'PATCH', path: `/api/workstations/${w.id}/staff/${id}`, body: { name: staff.name, version: staff.version } };
  },
  'POST /api/workstations/:id/branches': (_role, scope) => ({ path: `/api/workstations/${wsFor(scope).id}/branches`, body: { name: '矩阵分站' } }),
  'PATCH /api/workstations/:id/branches/:branchId': async (_role, scope) => {
    const w = wsFor(scope);
    const b = (await bureau.post(`/api/workstations/${w.id}/branches`, { name: '矩阵待改分站' })).body.data;
    return { method: 'PATCH', path: `/api/workstations/${w.id}/branches/${b.id}`, body: { name: '矩阵改名分站', version: b.version } };
  },
  'DELETE /api/workstations/:id/branches/:branchId': async (_role, scope) => {
    const w = wsFor(scope);
    const b = (await bureau.post(`/api/workstations/${w.id}/branches`, { name: '矩阵待撤分站' })).body.data;
    return { method: 'DELETE', path: `/api/workstations/${w.id}/branches/${b.id}?version=${b.version}` };
  },

  'GET /api/enterprises': (role, scope) => {
    const e = entFor(role, scope);
    return { path: `/api/enterprises?q=${encodeURIComponent(e.name)}`, find: e.id };
  },
  'POST /api/enterprises': (role, scope) => {
    const staffOwn = scope === 'own' && (role === 'workstation_admin' || role === 'workstation_staff');
    return {
      path: '/api/enterprises',
      body: { uscc: validUscc(), name: `矩阵新企业${randomBytes(3).toString('hex')}`, ...(scope === 'other' ? { workstationId: ws2.id } : staffOwn ? { workstationId: ws1.id } : {}) },
    };
  },
  'GET /api/enterprises/export': (role, scope) => ({ path: '/api/enterprises/export', xlsx: true, find: entFor(role, scope).uscc }),
  'GET /api/enterprises/import-template': self('/api/enterprises/import-template'),
  'POST /api/enterprises/imports': (_role, scope) => ({ path: '/api/enterprises/imports', form: importForm(wsFor(scope).id) }),
  'GET /api/enterprises/imports/:jobId/report': async (role, scope) => ({ path: `/api/enterprises/imports/${scope === 'own' ? await importJob(userOfRole(role).id) : otherImportJob}/report` }),
  'GET /api/enterprises/:id': (role, scope) => ({ path: `/api/enterprises/${entFor(role, scope).id}` }),
  'PATCH /api/enterprises/:id': async (role, scope) => {
    const e = entFor(role, scope);
    return { method: 'PATCH', path: `/api/enterprises/${e.id}`, body: { version: await versionOf(`/api/enterprises/${e.id}`), address: '深圳市南山区' } };
  },
  'POST /api/enterprises/:id/invitations': (role, scope) => ({ path: `/api/enterprises/${entFor(role, scope).id}/invitations`, body: { name: '矩阵联系人' } }),
  'GET /api/invitations': (_role, scope) => ({ path: '/api/invitations', find: scope === 'own' ? invitations.own : invitations.other }),
  'POST /api/invitations/:id/decision': async (_role, scope) => {
    const inv = scope === 'own' ? await invitation(agents.workstation_staff, ent1.id) : await invitation(staff2, ent2.id);
    return { path: `/api/invitations/${inv.data.id}/decision`, body: { decision: 'revoke' } };
  },

  'GET /api/cases': (role, scope) => ({ path: '/api/cases?pageSize=100', find: caseFor(role, scope).id }),
  'GET /api/cases/export': (role, scope) => ({ path: '/api/cases/export', xlsx: true, find: (caseFor(role, scope) as unknown as { caseNo: string }).caseNo }),
  'POST /api/cases': (role, scope) => ({
    path: '/api/cases',
    body: { type: 'consultation', workstationId: wsFor(scope).id, ...(role === 'workstation_admin' || role === 'workstation_staff' ? { enterpriseId: entFor(role, scope).id } : {}), form: FORM },
  }),
  'POST /api/cases/quick-consultation': (role, scope) => ({
    path: '/api/cases/quick-consultation',
    body: { workstationId: wsFor(scope).id, enterpriseId: entFor(role, scope).id, channel: 'phone', form: FORM, answer: '电话答复' },
  }),
  'GET /api/cases/:id': (role, scope) => ({ path: `/api/cases/${caseFor(role, scope).id}` }),
  'POST /api/cases/:id/transitions': async (role, scope) => {
    if ((role === 'expert' || role === 'mediator') && scope === 'own') {
      const c = await newCase('own', { assign: userOfRole(role).id });
      return { path: `/api/cases/${c.id}/transitions`, body: { action: 'answer', version: c.version, answer: '专家答复' } };
    }
    const c = await newCase(scope);
    return { path: `/api/cases/${c.id}/transitions`, body: { action: role === 'enterprise_user' ? 'withdraw' : 'accept', version: c.version } };
  },
  'PATCH /api/cases/:id': async (role, scope) => {
    const c = role === 'expert' || role === 'mediator' ? caseFor(role, scope) : await newCase(scope);
    return { method: 'PATCH', path: `/api/cases/${c.id}`, body: { version: c.version, branchId: null } };
  },
  'POST /api/cases/:id/parties': (role, scope) => ({ path: `/api/cases/${caseFor(role, scope).id}/parties`, body: { uscc: validUscc(), name: '对方公司', side: 'adverse' } }),
  'POST /api/cases/:id/links': async (role, scope) => ({ path: `/api/cases/${caseFor(role, scope).id}/links`, body: { caseId: (await newCase(scope)).id, kind: 'related' } }),
  'DELETE /api/cases/:id/links/:linkId': async (_role, scope) => {
    const by = scope === 'own' ? agents.workstation_staff : staff2;
    const c = await newCase(scope);
    const linked = await by.post(`/api/cases/${c.id}/links`, { caseId: (await newCase(scope)).id, kind: 'child' });
    if (linked.status !== 201) throw new Error(`case link: ${linked.text}`);
    return { method: 'DELETE', path: `/api/cases/${c.id}/links/${linked.body.data.links[0].id}` };
  },
  'POST /api/cases/:id/messages': (role, scope) => ({ path: `/api/cases/${caseFor(role, scope).id}/messages`, body: { kind: 'message', body: '请问进展如何？' } }),
  'POST /api/cases/:id/rating': async (role, scope) => {
    const c = role === 'enterprise_user' && scope === 'own' ? await newCase('own', { answer: true }) : scope === 'own' ? cases.ledgerOwn : cases.ledgerOther;
    return { path: `/api/cases/${c.id}/rating`, body: { score: 5, comment: '满意' } };
  },
  'GET /api/cases/:id/notices/:kind': (role, scope) => ({ path: `/api/cases/${caseFor(role, scope).id}/notices/acceptance` }),
  'GET /api/cases/:id/documents': (role, scope) => ({ path: `/api/cases/${caseFor(role, scope).id}/documents`, find: caseDocFor(role, scope) }),
  'POST /api/cases/:id/documents': (role, scope) => ({ path: `/api/cases/${caseFor(role, scope).id}/documents`, form: caseDocumentForm('internal') }),
  'GET /api/cases/:id/documents/:documentId': (role, scope) => ({ path: `/api/cases/${caseFor(role, scope).id}/documents/${caseDocFor(role, scope)}` }),
  'DELETE /api/cases/:id/documents/:documentId': async (role, scope) => ({ method: 'DELETE', path: await callersCaseDocument(role, scope) }),
  'PUT /api/cases/:id/documents/:documentId/access/:userId': async (role, scope) => ({
    method: 'PUT',
    path: `${await callersCaseDocument(role, scope, 'trade_secret')}/access/${nameable(role).id}`,
  }),
  'DELETE /api/cases/:id/documents/:documentId/access/:userId': async (role, scope) => ({
    method: 'DELETE',
    path: `${await callersCaseDocument(role, scope, 'trade_secret')}/access/${nameable(role).id}`,
  }),
  'POST /api/cases/reassign': () => ({ path: '/api/cases/reassign', body: { fromUserId: handover.from.user.id, toUserId: handover.to.user.id, reason: '离职交接' } }),
  'GET /api/ledger': (_role, scope) => ({ path: '/api/ledger?pageSize=100', find: `"caseId":"${(scope === 'own' ? cases.ledgerOwn : cases.ledgerOther).id}"` }),
  'GET /api/ledger/export': (role, scope) => ({ path: '/api/ledger/export', xlsx: true, find: entFor(role, scope).uscc }),

  'GET /api/patents/search': self('/api/patents/search?q=隔膜'),
  'GET /api/patents/facets': self('/api/patents/facets?q=隔膜'),
  'GET /api/patents/export.xlsx': self('/api/patents/export.xlsx?q=隔膜'),
  'POST /api/patents/imports': () => {
    const form = new FormData();
    form.set('file', new File([Buffer.from(JSON.stringify({ applicationNumber: '201580074208.0', title: '一种电池隔膜' }))], 'patents.jsonl'));
    return { path: '/api/patents/imports', form };
  },
  'GET /api/patents/:id': self(`/api/patents/${patentId}`),
  'GET /api/trademarks/search': self('/api/trademarks/search?q=矩阵商标&niceClass=9'),
  'GET /api/trademarks/export.xlsx': self('/api/trademarks/export.xlsx?q=矩阵商标&niceClass=9'),
  'POST /api/trademarks/imports': () => {
    const form = new FormData();
    form.set('file', new File([Buffer.from(JSON.stringify({ registrationNumber: '12345679', markName: '矩阵导入商标', niceClasses: [35] }))], 'trademarks.jsonl'));
    return { path: '/api/trademarks/imports', form };
  },
  'GET /api/trademarks/:id': self(`/api/trademarks/${trademarkId}`),
  'GET /api/saved-searches': (role, scope) => ({ path: '/api/saved-searches?pageSize=100', find: savedSearchFor(role, scope).id }),
  'POST /api/saved-searches': (_role, scope) => ({ path: '/api/saved-searches', body: { name: '新检索', query: '电池', watch: true, ...(scope === 'other' ? { workstationId: ws2.id } : {}) } }),
  'GET /api/saved-searches/:id': (role, scope) => ({ path: `/api/saved-searches/${savedSearchFor(role, scope).id}` }),
  'PATCH /api/saved-searches/:id': async (role, scope) => {
    const s = savedSearchFor(role, scope);
    const version = Number(((await ctx.db.execute(sql`select version from saved_searches where id = ${s.id}`)) as unknown as { rows: { version: number }[] }).rows[0].version);
    return { method: 'PATCH', path: `/api/saved-searches/${s.id}`, body: { version, conclusion: '具备新颖性' } };
  },
  'DELETE /api/saved-searches/:id': async (role, scope) => ({
    method: 'DELETE',
    path: `/api/saved-searches/${scope === 'own' && role !== 'anonymous' ? (await newSavedSearch(agents[role])).id : otherSavedSearch.id}`,
  }),
  'GET /api/saved-searches/:id/report.pdf': (role, scope) => ({ path: `/api/saved-searches/${savedSearchFor(role, scope).id}/report.pdf` }),
  'POST /api/saved-searches/:id/report/attach': (role, scope) => ({
    path: `/api/saved-searches/${savedSearchFor(role, 'own').id}/report/attach`,
    body: { caseId: retrievalCases[scope] },
  }),
  'POST /api/saved-searches/:id/results': (role, scope) => ({
    method: 'POST',
    path: `/api/saved-searches/${savedSearchFor(role, scope).id}/results`,
    body: { results: [{ patentId, category: 'A', note: '背景技术' }] },
  }),
  'GET /api/saved-searches/:id/alerts': (role, scope) => ({ path: `/api/saved-searches/${scope === 'own' ? savedSearchFor(role, scope).id : otherWatch.id}/alerts` }),
  'GET /api/saved-searches/:id/results.xlsx': (role, scope) => ({ path: `/api/saved-searches/${savedSearchFor(role, scope).id}/results.xlsx` }),

  'GET /api/professionals': (_role, scope) => {
    const o = scope === 'own' ? org.agency1 : org.agency2;
    return { path: `/api/professionals?kind=agency&q=${encodeURIComponent(o.name)}`, find: o.id };
  },
  'GET /api/professionals/export': (_role, scope) => {
    const o = scope === 'own' ? org.agency1 : org.agency2;
    return { path: `/api/professionals/export?kind=agency&q=${encodeURIComponent(o.name)}`, xlsx: true, find: o.name };
  },
  'POST /api/professionals': () => ({ path: '/api/professionals', body: { kind: 'agency', agency: { name: `矩阵新登记机构${randomBytes(3).toString('hex')}` }, profile: { ipTypes: ['design'] } } }),
  'GET /api/professionals/:subjectType/:subjectId': (role, scope) => ({ path: `/api/professionals/${professionalSubject(role, scope)}` }),
  'PUT /api/professionals/:subjectType/:subjectId': async (role, scope) => {
    const subject = professionalSubject(role, scope);
    const current = (await bureau.get(`/api/professionals/${subject}`)).body.data.profile;
    return { method: 'PUT', path: `/api/professionals/${subject}`, body: { ...(current ? { version: current.version } : {}), ipTypes: ['trademark'] } };
  },
};

/** Experts and mediators are profiles of their own; everyone else's "own" profile is their agency's. */
function professionalSubject(role: Role, scope: Scope) {
  if (role === 'expert' || role === 'mediator') return scope === 'own' ? `user/${userOfRole(role).id}` : `user/${expert2.user.id}`;
  return scope === 'own' ? `agency/${org.agency1.id}` : `agency/${org.agency2.id}`;
}

// ---------------------------------------------------------------------------------------------

const isMiddleware = (r: { method: string; path: string }) => r.method === 'ALL' && (r.path === '/*' || r.path === '/api/*');
const registered = [...new Set(ctx.app.routes.filter((r) => !isMiddleware(r)).map((r) => `${r.method} ${r.path}`))];

function clone(a: Agent): Agent {
  const c = new Agent(ctx);
  Object.assign(c, { cookie: a.cookie, csrf: a.csrf, bearer: a.bearer });
  return c;
}

function verdict(expect: string, call: Call, res: Res): string | null {
  const ok = res.status >= 200 && res.status < 300;
  if (ok && res.text.startsWith('(the body broke off')) return expect === '+' ? `2xx, then ${res.text}` : `LEAK: ${res.status}, then ${res.text} (refuse before streaming)`;
  const refused = res.status === 403 || res.status === 404;
  const inList = call.find !== undefined && ok && res.text.includes(call.find);
  switch (expect) {
    case '+':
      if (!ok) return `expected 2xx, got ${res.status} ${res.text.slice(0, 160)}`;
      if (call.find !== undefined && !inList) return 'expected the record in the list';
      return null;
    case '-':
      if (call.find !== undefined) return refused || (ok && !inList) ? null : inList ? 'LEAK: the record is in the list' : `expected refusal or absence, got ${res.status}`;
      if (refused) return null;
      return ok ? `LEAK: ${res.status} where 403/404 is expected` : `expected 403/404, got ${res.status} ${res.text.slice(0, 160)}`;
    case '4':
      if (refused || res.status === 400) return null;
      return ok ? `LEAK: ${res.status} where 400/403/404 is expected` : `expected 400/403/404, got ${res.status}`;
    case '!':
      if (res.status === 401) return null;
      return ok ? `LEAK: ${res.status} for an anonymous caller` : `expected 401, got ${res.status}`;
  }
  return `unknown expectation ${expect}`;
}

const tally = { cells: 0, leaks: 0, mismatches: 0 };


describe('authorization matrix', () => {
  it('covers every route the app registers, and no route it does not', () => {
    expect(registered.filter((k) => !(k in EXPECT))).toEqual([]);
    expect(Object.keys(EXPECT).filter((k) => !registered.includes(k) && !['GET /', 'GET /*', 'HEAD /*'].includes(k))).toEqual([]);
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(EXPECT).sort());
  });

  it.each(registered.filter((k) => k in EXPECT))('%s', async (route) => {
    const problems: string[] = [];
    for (const role of ROLES) {
      for (const scope of ['own', 'other'] as const) {
        const want = cell(route, role, scope);
        if (want === '.') continue;
        const call = await CALLS[route](role, scope);
        const agent = call.agent ?? (role === 'anonymous' ? new Agent(ctx) : clone(agents[role]));
        const [method] = route.split(' ');
        const res = call.form
          ? await uploadAs(agent, call.path, call.form)
          : call.xlsx
            ? await xlsxText(agent, call.path)
            : await agent.request(call.method ?? method, call.path, call.body);
        await call.cleanup?.();
        tally.cells++;
        const problem = verdict(want, call, res);
        if (problem) {
          tally.mismatches++;
          if (problem.startsWith('LEAK')) tally.leaks++;
          problems.push(`${role}/${scope}: ${problem}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('case hand-over stays inside the caller\'s workstations', () => {
  it('moves nothing of another workstation\'s cases', async () => {
    const from = await buildUser(ctx, { role: 'expert', organizationId: org.agency2.id });
    const to = await buildUser(ctx, { role: 'expert', organizationId: org.agency2.id });
    const c = await newCase('other', { assign: from.user.id });
    const res = await agents.workstation_admin.post('/api/cases/reassign', { fromUserId: from.user.id, toUserId: to.user.id, reason: '交接' });
    expect(res.status).toBe(200);
    expect(res.body.moved).toEqual([]);
    const after = (await staff2.get(`/api/cases/${c.id}`)).body.data;
    expect(after.assignments.filter((a: { active: boolean }) => a.active).map((a: { userId: string }) => a.userId)).toEqual([from.user.id]);
    expect(after.version).toBe(c.version);
  });
});

afterAll(() => {
  process.stdout.write(`authorization matrix: ${registered.length} routes, ${tally.cells} cells checked, ${tally.leaks} leaks, ${tally.mismatches} mismatches\n`);
});
