import { Card } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/language-switch';
import { Logo } from '../../components/logo';

/** The frame of the sign-in and forced password-change and TOTP-enrolment screens; `wide` for the enrolment's QR code. */
export function AuthLayout({ title, children, wide = false }: { title: string; children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="auth-page">
      <header className="auth-topbar">
        <LanguageSwitch />
      </header>
      <main className="auth-main">
        <div className="auth-brand">
          <Logo size={44} />
          <div>
            <div className="auth-brand-name">{t('app.name')}</div>
            <div className="auth-brand-tagline">{t('app.fullName')}</div>
          </div>
        </div>
        <Card className={wide ? 'auth-card auth-card-wide' : 'auth-card'}>
          <h1 className="auth-title">{title}</h1>
          {children}
        </Card>
      </main>
      <footer className="auth-footer">{t('app.footer', { year: new Date().getFullYear() })}</footer>
    </div>
  );
}
