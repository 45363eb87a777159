import { describe, expect, it } from 'vitest';
import type { OrganizationType, RoleName } from '../../db/schema';
import type { Actor } from '../../policy/actor';
import { readsWatchAlerts } from './patents.policy';

const actor = (userId: string, ...roles: [RoleName, string, OrganizationType][]): Actor => ({
  userId,
  username: userId,
  displayName: userId,
  roles: roles.map(([role, organizationId, organizationType], i) => ({ membershipId: `m${i}`, role, organizationId, organizationType })),
  isDemo: false,
  mustChangePassword: false,
  via: 'session',
});
const watch = { ownerId: 'owner', watch: true, workstationId: 'ws1', enterpriseId: 'ent1' };

describe('readsWatchAlerts', () => {
  it('the owner always; the workstation\'s staff and the enterprise\'s users while it watches', () => {
    expect(readsWatchAlerts(actor('owner'), { ...watch, watch: false })).toBe(true);
    expect(readsWatchAlerts(actor('a', ['workstation_staff', 'ws1', 'workstation']), watch)).toBe(true);
    expect(readsWatchAlerts(actor('b', ['workstation_admin', 'ws1', 'workstation']), watch)).toBe(true);
    expect(readsWatchAlerts(actor('c', ['enterprise_user', 'ent1', 'enterprise']), watch)).toBe(true);
    expect(readsWatchAlerts(actor('a', ['workstation_staff', 'ws1', 'workstation']), { ...watch, watch: false })).toBe(false);
  });

  it('nobody else: another workstation or enterprise, the wrong role in the right organization, the bureau', () => {
    expect(readsWatchAlerts(actor('d', ['workstation_staff', 'ws2', 'workstation']), watch)).toBe(false);
    expect(readsWatchAlerts(actor('e', ['enterprise_user', 'ent2', 'enterprise']), watch)).toBe(false);
    expect(readsWatchAlerts(actor('f', ['enterprise_user', 'ws1', 'workstation']), watch)).toBe(false);
    expect(readsWatchAlerts(actor('g', ['bureau_admin', 'bureau', 'bureau']), watch)).toBe(false);
    expect(readsWatchAlerts(actor('a', ['workstation_staff', 'ws1', 'workstation']), { ...watch, workstationId: null })).toBe(false);
  });
});
