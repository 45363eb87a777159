import { Card, Descriptions, Space, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useCurrentUser } from '../../auth/session';
import { MembershipLabel } from '../../components/labels';
import { PageContainer } from '../../components/page-container';
import { useFormat } from '../../i18n/format';
import { PasswordForm } from '../auth/password-form';
import { SessionsCard } from './sessions-card';
import { TokensCard } from './tokens-card';
import { TotpCard } from './totp-card';

const TABS = ['account', 'password', 'sessions', 'tokens', 'totp'] as const;
type Tab = (typeof TABS)[number];

export default function ProfilePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const active: Tab = TABS.find((tab) => tab === requested) ?? 'account';

  return (
    <PageContainer title={t('nav.profile')}>
      <Card>
        <Tabs
          activeKey={active}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          items={[
            {
              key: 'account',
              label: t('profile.tabs.account'),
              children: (
                <Descriptions
                  bordered
                  column={{ xs: 1, md: 2 }}
                  items={[
                    { key: 'username', label: t('user.username'), children: user.username },
                    { key: 'displayName', label: t('user.displayName'), children: user.displayName },
                    { key: 'email', label: t('user.email'), children: user.email ?? '—' },
                    { key: 'createdAt', label: t('user.createdAt'), children: format.dateTime(user.createdAt) },
                    {
                      key: 'roles',
                      label: t('user.roles'),
                      span: 2,
                      children: (
                        <Space orientation="vertical" size={6}>
                          {user.roles.map((membership) => (
                            <MembershipLabel key={membership.id} role={membership.role} organizationName={membership.organizationName} />
                          ))}
                        </Space>
                      ),
                    },
                  ]}
                />
              ),
            },
            {
              key: 'password',
              label: t('profile.tabs.password'),
              children: (
                <div className="narrow-form">
                  <PasswordForm />
                </div>
              ),
            },
            { key: 'sessions', label: t('profile.tabs.sessions'), children: <SessionsCard /> },
            { key: 'tokens', label: t('profile.tabs.tokens'), children: <TokensCard /> },
            { key: 'totp', label: t('profile.tabs.totp'), children: <TotpCard /> },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
