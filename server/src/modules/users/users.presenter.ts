import { z } from 'zod';
import { organizationTypes, roleNames } from '../../db/schema';
import type { RoleRow, UserRow } from './users.repository';

export const roleView = z.object({
  id: z.string(),
  role: z.enum(roleNames),
  organizationId: z.string(),
  organizationName: z.string(),
  organizationType: z.enum(organizationTypes),
  workstationId: z.string().nullable(),
});

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  active: z.boolean(),
  locale: z.string(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  roles: z.array(roleView),
  createdAt: z.string(),
  version: z.number().int(),
});
export type UserView = z.infer<typeof userView>;

export const userAbilities = z.object({
  update: z.boolean(),
  deactivate: z.boolean(),
  activate: z.boolean(),
  resetPassword: z.boolean(),
  manageRoles: z.boolean(),
});

export function presentUser(u: UserRow, roles: RoleRow[]): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    active: u.active,
    locale: u.locale,
    mustChangePassword: u.mustChangePassword && !u.isDemo,
    totpEnabled: u.totpEnabled,
    roles: roles
      .filter((r) => r.userId === u.id)
      .map((r) => ({
        id: r.id,
        role: r.role,
        organizationId: r.organizationId,
        organizationName: r.organizationName,
        organizationType: r.organizationType,
        workstationId: r.organizationType === 'workstation' ? r.organizationId : null,
      })),
    createdAt: u.createdAt.toISOString(),
    version: u.version,
  };
}
