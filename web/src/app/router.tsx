import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { RequireAuth, RequireNav } from '../auth/guards';
import { AppLayout } from '../components/app-layout';
import { FullPageSpin } from '../components/full-page-spin';
import { ForbiddenPage, NotFoundPage } from '../components/status-pages';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { MfaEnrolmentPage } from '../features/auth/mfa-enrolment-page';
import { PasswordChangePage } from '../features/auth/password-change-page';
import { ForgotPasswordPage, ResetPasswordPage } from '../features/auth/password-reset-pages';
import { SignInPage } from '../features/auth/sign-in-page';

const ProfilePage = lazy(() => import('../features/profile/profile-page'));
const OrganizationsPage = lazy(() => import('../features/organizations/organizations-page'));
const UsersPage = lazy(() => import('../features/users/users-page'));
const AuditPage = lazy(() => import('../features/audit/audit-page'));
const InboxPage = lazy(() => import('../features/cases/inbox-page'));
const CasesPage = lazy(() => import('../features/cases/cases-page'));
const CasePage = lazy(() => import('../features/cases/case-page'));
const NewRequestPage = lazy(() => import('../features/cases/new-request-page'));
const PortalPage = lazy(() => import('../features/portal/portal-page'));
const SubmitRequestPage = lazy(() => import('../features/portal/submit-request-page'));
const LedgerPage = lazy(() => import('../features/ledger/ledger-page'));
const WorkstationsPage = lazy(() => import('../features/workstations/workstations-page'));
const WorkstationPage = lazy(() => import('../features/workstations/workstation-page'));
const EnterprisesPage = lazy(() => import('../features/enterprises/enterprises-page'));
const EnterprisePage = lazy(() => import('../features/enterprises/enterprise-page'));
const EnterpriseImportPage = lazy(() => import('../features/enterprises/import-page'));
const InvitationsPage = lazy(() => import('../features/enterprises/invitations-page'));
const ProfessionalsPage = lazy(() => import('../features/professionals/professionals-page'));
const DirectoryPage = lazy(() => import('../features/directory/directory-page'));
const RegistrationPage = lazy(() => import('../features/registration/registration-page'));
const PatentSearchPage = lazy(() => import('../features/search/patent-search-page'));
const PatentPage = lazy(() => import('../features/search/patent-page'));
const SavedSearchesPage = lazy(() => import('../features/search/saved-searches-page'));
const SavedSearchPage = lazy(() => import('../features/search/saved-search-page'));
const TrademarkSearchPage = lazy(() => import('../features/search/trademark-search-page'));
const TrademarkPage = lazy(() => import('../features/search/trademark-page'));
const RecordsImportPage = lazy(() => import('../features/search/records-import-page'));
const SavedSearchRedirect = lazy(() => import('../features/search/saved-search-redirect'));
const WatchAlertsPage = lazy(() => import('../features/search/watch-alerts-page'));

function guarded(navKey: string, page: ReactNode) {
  return <RequireNav navKey={navKey}>{page}</RequireNav>;
}

export const router = createBrowserRouter([
  { path: '/login', element: <SignInPage /> },
  { path: '/password-change', element: <PasswordChangePage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/mfa-enrolment', element: <MfaEnrolmentPage /> },
  { path: '/directory', element: <Suspense fallback={<FullPageSpin />}><DirectoryPage /></Suspense> },
  { path: '/register', element: <Suspense fallback={<FullPageSpin />}><RegistrationPage /></Suspense> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: 'admin/organizations', element: guarded('organizations', <OrganizationsPage />) },
      { path: 'admin/users', element: guarded('users', <UsersPage />) },
      { path: 'admin/audit', element: guarded('audit', <AuditPage />) },
      { path: 'inbox', element: guarded('inbox', <InboxPage />) },
      { path: 'cases', element: guarded('cases', <CasesPage />) },
      // Staff enter a request on an enterprise's behalf (the page itself refuses other roles).
      { path: 'cases/new', element: guarded('cases', <NewRequestPage />) },
      // Open to every signed-in user: the server answers 404 unless the caller may see the case.
      { path: 'cases/:id', element: <CasePage /> },
      { path: 'portal', element: guarded('portal', <PortalPage />) },
      { path: 'portal/new', element: guarded('portal', <SubmitRequestPage />) },
      { path: 'ledger', element: guarded('ledger', <LedgerPage />) },
      { path: 'workstations', element: guarded('workstations', <WorkstationsPage />) },
      { path: 'workstations/:id', element: guarded('workstations', <WorkstationPage />) },
      { path: 'enterprises', element: guarded('enterprises', <EnterprisesPage />) },
      { path: 'enterprises/import', element: guarded('enterprises', <EnterpriseImportPage />) },
      { path: 'enterprises/invitations', element: guarded('enterprises', <InvitationsPage />) },
      { path: 'enterprises/:id', element: guarded('enterprises', <EnterprisePage />) },
      { path: 'professionals', element: guarded('professionals', <ProfessionalsPage />) },
      { path: 'patents', element: guarded('patents', <PatentSearchPage />) },
      // The server answers 403 to an upload from a role that may not import.
      { path: 'patents/import', element: guarded('patents', <RecordsImportPage />) },
      { path: 'patents/:id', element: guarded('patents', <PatentPage />) },
      { path: 'saved-searches', element: guarded('savedSearches', <SavedSearchesPage />) },
      // The server answers 404 for a saved search that is not the caller's own.
      { path: 'saved-searches/:id', element: guarded('savedSearches', <SavedSearchPage />) },
      // Watch alerts link to /patents/saved/<id>.
      { path: 'patents/saved/:id', element: <SavedSearchRedirect /> },
      // The alerts of a watch kept for the reader's workstation or enterprise (their notifications link here).
      { path: 'patents/watches/:id', element: guarded('patents', <WatchAlertsPage />) },
      { path: 'trademarks', element: guarded('trademarks', <TrademarkSearchPage />) },
      { path: 'trademarks/:id', element: guarded('trademarks', <TrademarkPage />) },
      { path: '403', element: <ForbiddenPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
