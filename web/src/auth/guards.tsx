import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { FullPageSpin } from '../components/full-page-spin';
import { ForbiddenPage } from '../components/status-pages';
import { canSee, navItem } from '../app/navigation';
import { useSession } from './session';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { session, isPending } = useSession();
  const location = useLocation();
  if (isPending) return <FullPageSpin />;
  if (!session) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (session.user.mustChangePassword) return <Navigate to="/password-change" replace />;
  if (session.mfaEnrolmentRequired) return <Navigate to="/mfa-enrolment" replace />;
  return children;
}

/** Shows the 403 page when the menu item behind this route is not for the user's roles. */
export function RequireNav({ navKey, children }: { navKey: string; children: ReactNode }) {
  const { session } = useSession();
  const roles = session?.user.roles.map((membership) => membership.role) ?? [];
  if (!canSee(navItem(navKey), roles)) return <ForbiddenPage />;
  return children;
}
