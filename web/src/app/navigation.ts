import type { Role } from '../api/types';

export interface NavItem {
  key: string;
  path: string;
  /** i18n key of the menu label and page title. */
  label: string;
  /** Roles that see the item; undefined means every signed-in user. */
  roles?: Role[];
  group?: 'admin';
}

// One table drives both the menu and the route guards, so they never disagree.
export const NAV_ITEMS: NavItem[] = [
  { key: 'home', path: '/', label: 'nav.home' },
  { key: 'inbox', path: '/inbox', label: 'nav.inbox', roles: ['workstation_staff', 'workstation_admin', 'expert', 'agency_user', 'mediator'] },
  { key: 'cases', path: '/cases', label: 'nav.cases', roles: ['workstation_staff', 'workstation_admin', 'expert', 'agency_user', 'mediator'] },
  { key: 'portal', path: '/portal', label: 'nav.portal', roles: ['enterprise_user'] },
  { key: 'ledger', path: '/ledger', label: 'nav.ledger', roles: ['workstation_staff', 'workstation_admin', 'bureau_admin', 'alliance_officer', 'district_officer'] },
  { key: 'workstations', path: '/workstations', label: 'nav.workstations', roles: ['bureau_admin', 'district_officer', 'alliance_officer', 'workstation_admin', 'workstation_staff'] },
  { key: 'enterprises', path: '/enterprises', label: 'nav.enterprises', roles: ['bureau_admin', 'alliance_officer', 'district_officer', 'workstation_admin', 'workstation_staff', 'enterprise_user'] },
  // The server lets the bureau and workstation staff browse the pool (they assign cases); the bureau edits.
  { key: 'professionals', path: '/professionals', label: 'nav.professionals', roles: ['bureau_admin', 'workstation_admin', 'workstation_staff'] },
  // Patent and trademark records are reference data: the server lets every signed-in user search them.
  { key: 'patents', path: '/patents', label: 'nav.patents' },
  { key: 'savedSearches', path: '/saved-searches', label: 'nav.savedSearches' },
  { key: 'trademarks', path: '/trademarks', label: 'nav.trademarks' },
  { key: 'directory', path: '/directory', label: 'nav.directory' },
  { key: 'organizations', path: '/admin/organizations', label: 'nav.organizations', roles: ['bureau_admin'], group: 'admin' },
  { key: 'users', path: '/admin/users', label: 'nav.users', roles: ['bureau_admin', 'workstation_admin'], group: 'admin' },
  { key: 'audit', path: '/admin/audit', label: 'nav.audit', roles: ['bureau_admin'], group: 'admin' },
  { key: 'profile', path: '/profile', label: 'nav.profile' },
];

export function navItem(key: string): NavItem {
  const item = NAV_ITEMS.find((candidate) => candidate.key === key);
  if (!item) throw new Error(`unknown navigation item ${key}`);
  return item;
}

export function canSee(item: NavItem, roles: Role[]): boolean {
  return !item.roles || item.roles.some((role) => roles.includes(role));
}
