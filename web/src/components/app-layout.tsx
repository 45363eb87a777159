import {
  AuditOutlined,
  BankOutlined,
  GlobalOutlined,
  ShopOutlined,
  ApartmentOutlined,
  BookOutlined,
  CustomerServiceOutlined,
  FileSearchOutlined,
  InboxOutlined,
  DownOutlined,
  HomeOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Dropdown, Layout, Menu, Space, type MenuProps } from 'antd';
import { Suspense, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { NAV_ITEMS, canSee, type NavItem } from '../app/navigation';
import { signOut, useCurrentUser } from '../auth/session';
import { FullPageSpin } from './full-page-spin';
import { LanguageSwitch } from './language-switch';
import { NotificationBell } from '../features/notifications/notification-bell';
import { Logo } from './logo';

const { Header, Sider, Content, Footer } = Layout;

const ICONS: Record<string, ReactNode> = {
  home: <HomeOutlined />,
  organizations: <ApartmentOutlined />,
  users: <TeamOutlined />,
  audit: <AuditOutlined />,
  profile: <UserOutlined />,
  inbox: <InboxOutlined />,
  cases: <FileSearchOutlined />,
  portal: <CustomerServiceOutlined />,
  ledger: <BookOutlined />,
  workstations: <BankOutlined />,
  enterprises: <ShopOutlined />,
  directory: <GlobalOutlined />,
};

function selectedKey(pathname: string): string {
  const matches = NAV_ITEMS.filter((item) =>
    item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`),
  );
  return matches[0]?.key ?? '';
}

export function AppLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const menuItems = useMemo<MenuProps['items']>(() => {
    const roles = user.roles.map((membership) => membership.role);
    const visible = NAV_ITEMS.filter((item) => canSee(item, roles));
    const toItem = (item: NavItem) => ({
      key: item.key,
      icon: ICONS[item.key],
      label: <Link to={item.path}>{t(item.label)}</Link>,
    });
    const admin = visible.filter((item) => item.group === 'admin');
    return [
      ...visible.filter((item) => item.key === 'home').map(toItem),
      // Feature pages (work, portal, ledger, registries) sit between Home and the admin group.
      ...visible.filter((item) => !item.group && item.key !== 'home' && item.key !== 'profile').map(toItem),
      ...(admin.length > 0 ? [{ type: 'group' as const, key: 'admin', label: t('nav.adminGroup'), children: admin.map(toItem) }] : []),
      ...visible.filter((item) => item.key === 'profile').map(toItem),
    ];
  }, [user.roles, t]);

  const userMenu: MenuProps = {
    items: [
      { key: 'profile', icon: <UserOutlined />, label: t('nav.profile') },
      { type: 'divider' },
      { key: 'signOut', icon: <LogoutOutlined />, label: t('auth.signOut'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'profile') navigate('/profile');
      if (key === 'signOut') void signOut();
    },
  };

  return (
    <Layout className="app-layout">
      <Sider width={224} collapsedWidth={64} collapsed={collapsed} trigger={null} breakpoint="lg" onBreakpoint={setCollapsed}>
        <Link to="/" className="app-brand" aria-label={t('app.name')}>
          <Logo />
          {!collapsed && <span className="app-brand-name">{t('app.name')}</span>}
        </Link>
        <nav aria-label={t('nav.main')}>
          <Menu theme="dark" mode="inline" selectedKeys={[selectedKey(location.pathname)]} items={menuItems} />
        </nav>
      </Sider>
      <Layout>
        <Header className="app-header">
          <Button
            type="text"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed((value) => !value)}
            aria-label={t(collapsed ? 'nav.expand' : 'nav.collapse')}
            aria-expanded={!collapsed}
          />
          <span className="app-header-title">{t('app.fullName')}</span>
          <Space size="small" className="app-header-actions">
            <NotificationBell />
            <LanguageSwitch />
            <Dropdown trigger={['click']} menu={userMenu}>
              <Button type="text" className="user-button">
                <Avatar size="small" icon={<UserOutlined />} alt="" />
                <span>{user.displayName}</span>
                <DownOutlined aria-hidden />
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content className="app-content" id="main-content">
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
        <Footer className="app-footer">{t('app.footer', { year: new Date().getFullYear() })}</Footer>
      </Layout>
    </Layout>
  );
}
