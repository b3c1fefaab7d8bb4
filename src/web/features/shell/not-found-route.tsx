/**
 * Any path the app does not know: shown inside the app shell for signed-in users, otherwise on a
 * public page with a link to sign in.
 */
import { Link } from 'react-router-dom';
import { useMe } from '../../api/queries';
import { useI18n } from '../../i18n';
import { useDocumentTitle } from '../../ui/page-header';
import { NotFoundPage } from '../../ui/query-state';
import { FullPageSpinner } from '../../ui/spinner';
import { AppShell } from './app-shell';
import { PublicLayout } from './public-layout';
import { SessionProvider } from './session';

function PublicNotFound() {
  const { t } = useI18n();
  useDocumentTitle(t('notFound.title'));
  return (
    <PublicLayout>
      <h1 id="page-title" tabIndex={-1}>
        {t('notFound.title')}
      </h1>
      <p className="intro">{t('notFound.body')}</p>
      <Link to="/login">{t('common.backToSignIn')}</Link>
    </PublicLayout>
  );
}

export function NotFoundRoute() {
  const me = useMe();
  if (me.isPending) return <FullPageSpinner />;
  const signedIn =
    me.data && (me.data.session.mfaState === 'verified' || me.data.session.mfaState === 'not_required');
  if (!signedIn || !me.data) return <PublicNotFound />;
  return (
    <SessionProvider me={me.data}>
      <AppShell>
        <NotFoundPage title="Page not found">
          The page you asked for does not exist or is no longer available. Check the address, or use the
          navigation to find what you need.
        </NotFoundPage>
      </AppShell>
    </SessionProvider>
  );
}
