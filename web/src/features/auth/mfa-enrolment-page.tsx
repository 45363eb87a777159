import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { signOut, useSession } from '../../auth/session';
import { FullPageSpin } from '../../components/full-page-spin';
import { TotpCard } from '../profile/totp-card';
import { AuthLayout } from './auth-layout';

/**
 * The forced step for a bureau administrator without a second factor (MLPS level 3): the server
 * answers every other call with MFA_ENROLMENT_REQUIRED until TOTP is on, so this page is all there is.
 */
export function MfaEnrolmentPage() {
  const { t } = useTranslation();
  const { session, isPending } = useSession();
  if (isPending) return <FullPageSpin />;
  if (!session) return <Navigate to="/login" replace />;
  if (session.user.mustChangePassword) return <Navigate to="/password-change" replace />;
  if (!session.mfaEnrolmentRequired) return <Navigate to="/" replace />;
  return (
    <AuthLayout title={t('mfa.enrolTitle')} wide>
      <Alert type="warning" showIcon title={t('mfa.enrolHint')} className="form-alert" />
      <TotpCard />
      <Button type="link" block onClick={() => void signOut()} className="auth-secondary">
        {t('auth.signOut')}
      </Button>
    </AuthLayout>
  );
}
