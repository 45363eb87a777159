import { Button, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { LanguageSwitch } from '../../components/language-switch';
import { Logo } from '../../components/logo';
import '../workstations/registry.css';

/** The frame of pages anyone can open (no sign-in): brand, language, sign-in or back to the app. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const navigate = useNavigate();
  return (
    <div className="public-page">
      <header className="public-header">
        <Link to="/directory" className="public-brand">
          <Logo />
          <span>{t('app.name')}</span>
        </Link>
        <Space className="public-header-actions" size="small">
          <LanguageSwitch />
          <Button type="primary" onClick={() => navigate(session ? '/' : '/login')}>
            {t(session ? 'directory.toApp' : 'auth.signIn')}
          </Button>
        </Space>
      </header>
      <main className="public-main" id="main-content">
        {children}
      </main>
      <footer className="auth-footer">{t('app.footer', { year: new Date().getFullYear() })}</footer>
    </div>
  );
}
