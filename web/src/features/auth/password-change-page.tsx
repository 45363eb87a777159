import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { signOut, useSession } from '../../auth/session';
import { FullPageSpin } from '../../components/full-page-spin';
import { AuthLayout } from './auth-layout';
import { PasswordForm } from './password-form';

/** The forced step: a user whose password was set by someone else must choose a new one first. */
export function PasswordChangePage() {
  const { t } = useTranslation();
  const { session, isPending } = useSession();
  if (isPending) return <FullPageSpin />;
  if (!session) return <Navigate to="/login" replace />;
  if (!session.user.mustChangePassword) return <Navigate to="/" replace />;
  return (
    <AuthLayout title={t('password.forcedTitle')}>
      <Alert type="info" showIcon title={t('password.forcedHint')} className="form-alert" />
      <PasswordForm block />
      <Button type="link" block onClick={() => void signOut()} className="auth-secondary">
        {t('auth.signOut')}
      </Button>
    </AuthLayout>
  );
}
