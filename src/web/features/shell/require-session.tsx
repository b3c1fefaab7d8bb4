/**
 * The gate in front of the signed-in app: loads /me, sends people who must sign in (or finish
 * two-step verification) to the right page with the path they wanted, and otherwise renders the
 * app shell.
 */
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { hasHadSession, useMe } from '../../api/queries';
import { FullPageSpinner } from '../../ui/spinner';
import { AppShell } from './app-shell';
import { ServiceUnavailable } from './error-page';
import { withNext, type LoginNotice } from './redirects';
import { SessionProvider } from './session';

export function RequireSession() {
  const me = useMe();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;

  if (me.isPending) return <FullPageSpinner label="Loading Waymark…" />;
  if (me.error) {
    if (isApiError(me.error, 'UNAUTHENTICATED')) {
      const notice: LoginNotice | undefined = hasHadSession() || here !== '/' ? 'sessionEnded' : undefined;
      return <Navigate to={withNext('/login', here)} replace state={notice ? { notice } : null} />;
    }
    return <ServiceUnavailable error={me.error} onRetry={() => void me.refetch()} />;
  }
  const state = me.data.session.mfaState;
  if (state === 'pending') return <Navigate to={withNext('/mfa', here)} replace />;
  if (state === 'enrolment_required') return <Navigate to={withNext('/mfa/setup', here)} replace />;

  return (
    <SessionProvider me={me.data}>
      <AppShell>
        <Outlet />
      </AppShell>
    </SessionProvider>
  );
}
