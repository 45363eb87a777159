/** The roles of the platform and the organization types each may be held in. */
export const ROLE_ORG_TYPES = {
  bureau_admin: ['bureau'],
  district_officer: ['district_bureau'],
  alliance_officer: ['alliance'],
  // In a host association: the 负责人 who prepares and files its workstations.
  workstation_admin: ['workstation', 'host_association'],
  workstation_staff: ['workstation'],
  enterprise_user: ['enterprise'],
  expert: ['agency', 'workstation', 'bureau', 'alliance'],
  mediator: ['agency', 'workstation', 'bureau', 'alliance'],
  agency_user: ['agency'],
  evaluation_expert: ['bureau', 'alliance', 'agency'],
} as const;

/** Which parent each organization type may have (null: top level). */
export const ORG_PARENT_TYPES = {
  bureau: [null],
  district_bureau: ['bureau'],
  alliance: [null],
  host_association: [null],
  workstation: ['host_association'],
  agency: [null],
  enterprise: [null],
} as const;
