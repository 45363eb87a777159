import { ApartmentOutlined, AuditOutlined, SafetyCertificateOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Row, Space, Statistic, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, type Query } from '../../api/client';
import type { Page } from '../../api/types';
import { hasRole, useCurrentUser } from '../../auth/session';
import { MembershipLabel } from '../../components/labels';
import { PageContainer } from '../../components/page-container';
import { useFormat } from '../../i18n/format';

function useTotal(path: string, query: Query, enabled: boolean) {
  return useQuery({
    queryKey: ['dashboard', path, query],
    queryFn: () => api.get<Page<unknown>>(path, { ...query, page: 1, pageSize: 1 }),
    select: (page) => page.total,
    enabled,
  });
}

function StatCard({ title, value, icon, to }: { title: string; value: number | undefined; icon: ReactNode; to: string }) {
  const format = useFormat();
  return (
    <Card className="stat-card">
      <Link to={to} className="stat-link">
        <Statistic title={title} value={value ?? 0} loading={value === undefined} prefix={icon} formatter={(v) => format.number(Number(v))} />
      </Link>
    </Card>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const isBureau = hasRole(user, 'bureau_admin');
  const canManageUsers = isBureau || hasRole(user, 'workstation_admin');

  const organizations = useTotal('/organizations', {}, isBureau);
  const workstations = useTotal('/organizations', { type: 'workstation' }, isBureau);
  const users = useTotal('/users', {}, canManageUsers);
  const auditEvents = useTotal('/audit', {}, isBureau);

  return (
    <PageContainer title={t('dashboard.title')}>
      <Card className="welcome-card">
        <Space orientation="vertical" size={4}>
          <h2 className="welcome-title">{t('dashboard.welcome', { name: user.displayName })}</h2>
          <p className="welcome-text">{t('dashboard.intro')}</p>
        </Space>
      </Card>

      {(isBureau || canManageUsers) && (
        <Row gutter={[16, 16]} className="stat-row">
          {isBureau && (
            <Col xs={24} sm={12} xl={6}>
              <StatCard title={t('dashboard.organizations')} value={organizations.data} icon={<ApartmentOutlined />} to="/admin/organizations" />
            </Col>
          )}
          {isBureau && (
            <Col xs={24} sm={12} xl={6}>
              <StatCard title={t('dashboard.workstations')} value={workstations.data} icon={<SafetyCertificateOutlined />} to="/admin/organizations?type=workstation" />
            </Col>
          )}
          {canManageUsers && (
            <Col xs={24} sm={12} xl={6}>
              <StatCard title={t(isBureau ? 'dashboard.users' : 'dashboard.staff')} value={users.data} icon={<TeamOutlined />} to="/admin/users" />
            </Col>
          )}
          {isBureau && (
            <Col xs={24} sm={12} xl={6}>
              <StatCard title={t('dashboard.auditEvents')} value={auditEvents.data} icon={<AuditOutlined />} to="/admin/audit" />
            </Col>
          )}
        </Row>
      )}

      <Row gutter={[16, 16]} className="stat-row">
        <Col xs={24} lg={14}>
          <Card title={<h2 className="card-title">{t('dashboard.myRoles')}</h2>}>
            {user.roles.length === 0 ? (
              <p>{t('dashboard.noRoles')}</p>
            ) : (
              <Space orientation="vertical" size={6}>
                {user.roles.map((membership) => (
                  <MembershipLabel key={membership.id} role={membership.role} organizationName={membership.organizationName} />
                ))}
              </Space>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            title={<h2 className="card-title">{t('dashboard.account')}</h2>}
            extra={
              <Link to="/profile">
                <UserOutlined aria-hidden /> {t('nav.profile')}
              </Link>
            }
          >
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'username', label: t('user.username'), children: user.username },
                { key: 'email', label: t('user.email'), children: user.email ?? '—' },
                {
                  key: 'totp',
                  label: t('profile.totp'),
                  children: (
                    <Tag color={user.totpEnabled ? 'success' : 'default'}>{t(user.totpEnabled ? 'profile.totpOn' : 'profile.totpOff')}</Tag>
                  ),
                },
                { key: 'createdAt', label: t('user.createdAt'), children: format.dateTime(user.createdAt) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
