/**
 * The application: routes, the query client and the handling of a session that ends or needs its
 * second step while someone is using the app.
 */
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router-dom';
import { ApiError, isApiError } from './api/client';
import { fetchMe } from './api/queries';
import { AccountPage } from './features/account/account-page';
import { AuditPage } from './features/audit/audit-page';
import { ForgotPasswordPage } from './features/auth/forgot-password-page';
import { InvitePage } from './features/auth/invite-page';
import { LoginPage } from './features/auth/login-page';
import { MfaChallengePage } from './features/auth/mfa-challenge-page';
import { MfaSetupPage } from './features/auth/mfa-setup-page';
import { ResetPasswordPage } from './features/auth/reset-password-page';
import { ChaptersPage } from './features/chapters/chapters-page';
import { CenterDetailPage } from './features/centers/center-detail-page';
import { CentersPage } from './features/centers/centers-page';
import { HomePage } from './features/home/home-page';
import { ImportsPage } from './features/imports/imports-page';
import { InvitationsPage } from './features/invitations/invitations-page';
import { OutboxPage } from './features/outbox/outbox-page';
import { PartnersPage } from './features/partners/partners-page';
import {
  ClinicianProgressPage,
  CredentialsPage,
  MyPathwayPage,
  NewPathwayPage,
  PathwayPage,
  PathwaysPage,
  PROGRESS_ROLES,
  ProgressPage,
  VerifyPage,
} from './features/pathways/lazy-pages';
import { UserDetailPage } from './features/people/user-detail-page';
import { UsersPage } from './features/people/users-page';
import { SettingsPage } from './features/settings/settings-page';
import { RouteErrorPage } from './features/shell/error-page';
import { NotFoundRoute } from './features/shell/not-found-route';
import { isPublicPath, withNext } from './features/shell/redirects';
import { RequireRole } from './features/shell/require-role';
import { RequireSession } from './features/shell/require-session';
import { MANAGER_ROLES, NETWORK_ROLES } from './features/shell/session';
import { ToastProvider } from './ui/toasts';
import {
  CARE_ROLES,
  CaseloadPage,
  EpisodePage,
  FormPage,
  OUTCOME_ROLES,
  OutcomesPage,
} from './features/care/lazy-pages';
import { CareImportPage } from './features/care/import-page';
import { ACCESS_ROLES, AccessPage, AccessParametersPage, CapacityPage } from './features/access/lazy-pages';
import { PlanComparePage, PlannerPage, PLANNER_ROLES } from './features/planner/lazy-pages';
import {
  CatalogPage,
  CohortEventPage,
  CohortPage,
  CohortsPage,
  COHORT_ROLES,
} from './features/cohorts/lazy-pages';

const routes: RouteObject[] = [
  {
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/invite', element: <InvitePage /> },
      { path: '/mfa', element: <MfaChallengePage /> },
      { path: '/mfa/setup', element: <MfaSetupPage /> },
      { path: '/verify', element: <VerifyPage /> },
      { path: '/verify/:credentialId', element: <VerifyPage /> },
      // The family form of a one-time link: public, the token in the fragment (#), never in a log.
      { path: '/form', element: <FormPage /> },
      {
        element: <RequireSession />,
        children: [
          { index: true, element: <HomePage /> },
          {
            path: '/caseload',
            element: (
              <RequireRole roles={CARE_ROLES}>
                <CaseloadPage />
              </RequireRole>
            ),
          },
          {
            path: '/episodes/:episodeId',
            element: (
              <RequireRole roles={CARE_ROLES}>
                <EpisodePage />
              </RequireRole>
            ),
          },
          {
            path: '/outcomes',
            element: (
              <RequireRole roles={OUTCOME_ROLES}>
                <OutcomesPage />
              </RequireRole>
            ),
          },
          {
            path: '/care/import',
            element: (
              <RequireRole roles={['center_director', 'network_admin']}>
                <CareImportPage />
              </RequireRole>
            ),
          },
          {
            path: '/access',
            element: (
              <RequireRole roles={ACCESS_ROLES}>
                <AccessPage />
              </RequireRole>
            ),
          },
          {
            path: '/access/centers/:centerId',
            element: (
              <RequireRole roles={ACCESS_ROLES}>
                <CapacityPage />
              </RequireRole>
            ),
          },
          {
            path: '/access/parameters',
            element: (
              <RequireRole roles={['network_admin']}>
                <AccessParametersPage />
              </RequireRole>
            ),
          },
          {
            path: '/access/planner',
            element: (
              <RequireRole roles={PLANNER_ROLES}>
                <PlannerPage />
              </RequireRole>
            ),
          },
          {
            path: '/access/planner/compare',
            element: (
              <RequireRole roles={PLANNER_ROLES}>
                <PlanComparePage />
              </RequireRole>
            ),
          },
          {
            path: '/centers',
            element: (
              <RequireRole roles={NETWORK_ROLES}>
                <CentersPage />
              </RequireRole>
            ),
          },
          {
            path: '/centers/:centerId',
            element: (
              <RequireRole roles={NETWORK_ROLES}>
                <CenterDetailPage />
              </RequireRole>
            ),
          },
          {
            path: '/users',
            element: (
              <RequireRole roles={MANAGER_ROLES}>
                <UsersPage />
              </RequireRole>
            ),
          },
          {
            path: '/users/:userId',
            element: (
              <RequireRole roles={MANAGER_ROLES}>
                <UserDetailPage />
              </RequireRole>
            ),
          },
          {
            path: '/invitations',
            element: (
              <RequireRole roles={MANAGER_ROLES}>
                <InvitationsPage />
              </RequireRole>
            ),
          },
          {
            path: '/outbox',
            element: (
              <RequireRole roles={MANAGER_ROLES}>
                <OutboxPage />
              </RequireRole>
            ),
          },
          {
            path: '/audit',
            element: (
              <RequireRole roles={MANAGER_ROLES}>
                <AuditPage />
              </RequireRole>
            ),
          },
          {
            path: '/imports',
            element: (
              <RequireRole roles={['network_admin']}>
                <ImportsPage />
              </RequireRole>
            ),
          },
          {
            path: '/partners',
            element: (
              <RequireRole roles={['network_admin']}>
                <PartnersPage />
              </RequireRole>
            ),
          },
          {
            path: '/chapters',
            element: (
              <RequireRole roles={['network_admin']}>
                <ChaptersPage />
              </RequireRole>
            ),
          },
          {
            path: '/settings',
            element: (
              <RequireRole roles={['network_admin']}>
                <SettingsPage />
              </RequireRole>
            ),
          },
          { path: '/my-pathway', element: <MyPathwayPage /> },
          {
            path: '/clinicians/:clinicianId/progress',
            element: (
              <RequireRole roles={PROGRESS_ROLES}>
                <ClinicianProgressPage />
              </RequireRole>
            ),
          },
          {
            path: '/progress',
            element: (
              <RequireRole roles={PROGRESS_ROLES}>
                <ProgressPage />
              </RequireRole>
            ),
          },
          {
            path: '/pathways',
            element: (
              <RequireRole roles={NETWORK_ROLES}>
                <PathwaysPage />
              </RequireRole>
            ),
          },
          {
            path: '/pathways/new',
            element: (
              <RequireRole roles={['network_admin']}>
                <NewPathwayPage />
              </RequireRole>
            ),
          },
          {
            path: '/pathways/:pathwayId',
            element: (
              <RequireRole roles={NETWORK_ROLES}>
                <PathwayPage />
              </RequireRole>
            ),
          },
          {
            path: '/credentials',
            element: (
              <RequireRole roles={['network_admin']}>
                <CredentialsPage />
              </RequireRole>
            ),
          },
          { path: '/account', element: <AccountPage /> },
          {
            path: '/cohorts',
            element: (
              <RequireRole roles={COHORT_ROLES}>
                <CohortsPage />
              </RequireRole>
            ),
          },
          {
            path: '/cohorts/:cohortId',
            element: (
              <RequireRole roles={COHORT_ROLES}>
                <CohortPage />
              </RequireRole>
            ),
          },
          {
            path: '/cohorts/:cohortId/events/:eventId',
            element: (
              <RequireRole roles={COHORT_ROLES}>
                <CohortEventPage />
              </RequireRole>
            ),
          },
          {
            path: '/catalog',
            element: (
              <RequireRole roles={NETWORK_ROLES}>
                <CatalogPage />
              </RequireRole>
            ),
          },
        ],
      },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export const router = createBrowserRouter(routes);

function currentPath(): string {
  const { pathname, search } = router.state.location;
  return `${pathname}${search}`;
}

/** A request found the session gone: back to sign-in, keeping where the person was. */
function onUnauthenticated(): void {
  const { pathname } = router.state.location;
  if (isPublicPath(pathname) && pathname !== '/mfa' && pathname !== '/mfa/setup') return;
  const here = isPublicPath(pathname) ? '/' : currentPath();
  queryClient.clear();
  void router.navigate(withNext('/login', here), { replace: true, state: { notice: 'sessionEnded' } });
}

/** A request needs the second step first: to the challenge or to setting it up. */
async function onMfaRequired(): Promise<void> {
  const here = currentPath();
  try {
    const me = await fetchMe();
    queryClient.setQueryData(['me'], me);
    const target = me.session.mfaState === 'enrolment_required' ? '/mfa/setup' : '/mfa';
    if (router.state.location.pathname !== target)
      void router.navigate(withNext(target, here), { replace: true });
  } catch (error) {
    if (isApiError(error, 'UNAUTHENTICATED')) onUnauthenticated();
  }
}

function handleAuthError(error: unknown, isMeQuery: boolean): void {
  if (!(error instanceof ApiError)) return;
  // /me failures are handled by the session gate, which renders the redirect itself.
  if (error.code === 'UNAUTHENTICATED' && !isMeQuery) onUnauthenticated();
  if (error.code === 'MFA_REQUIRED') void onMfaRequired();
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => handleAuthError(error, query.queryKey[0] === 'me'),
  }),
  mutationCache: new MutationCache({ onError: (error) => handleAuthError(error, false) }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: true,
      retry: (count, error) =>
        count < 2 && !(error instanceof ApiError && error.status > 0 && error.status < 500),
    },
    mutations: { retry: false },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  );
}
