import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrganizationType, Role } from '../api/types';

// Preset tag colours that keep 4.5:1 text contrast.
const ORG_TYPE_COLORS: Record<OrganizationType, string> = {
  bureau: 'red',
  district_bureau: 'magenta',
  alliance: 'purple',
  host_association: 'geekblue',
  workstation: 'blue',
  agency: 'default',
  enterprise: 'default',
};

export function OrgTypeTag({ type }: { type: OrganizationType }) {
  const { t } = useTranslation();
  return <Tag color={ORG_TYPE_COLORS[type]}>{t(`orgType.${type}`)}</Tag>;
}

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <Tag color="blue">{t(`role.${role}`)}</Tag>;
}

/** A role held in an organization: the role as a tag, the organization's name beside it (wraps). */
export function MembershipLabel({ role, organizationName }: { role: Role; organizationName: string }) {
  return (
    <span className="membership">
      <RoleTag role={role} />
      <span className="membership-org">{organizationName}</span>
    </span>
  );
}

export function ActiveTag({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return <Tag color={active ? 'success' : 'default'}>{t(active ? 'common.active' : 'common.inactive')}</Tag>;
}
