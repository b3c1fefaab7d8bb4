/**
 * The pages of pathways, progress, credentials and public verification, loaded on first use: they
 * bring the requirement schemas (Zod) and charts, which the rest of the app does not need.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import type { Role } from '../../api/types';
import { FullPageSpinner, Spinner } from '../../ui/spinner';

/** Roles that follow other clinicians' progress toward certification. */
export const PROGRESS_ROLES: Role[] = ['network_admin', 'center_director', 'trainer'];

function lazyPage<M>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType,
  { fullPage = false }: { fullPage?: boolean } = {},
): ComponentType {
  const Page = lazy(() => load().then((m) => ({ default: pick(m) })));
  function LazyPage() {
    return (
      <Suspense fallback={fullPage ? <FullPageSpinner /> : <Spinner label="Loading…" />}>
        <Page />
      </Suspense>
    );
  }
  return LazyPage;
}

const progress = () => import('../progress/my-pathway-page');
export const MyPathwayPage = lazyPage(progress, (m) => m.MyPathwayPage);
export const ClinicianProgressPage = lazyPage(progress, (m) => m.ClinicianProgressPage);
export const ProgressPage = lazyPage(
  () => import('../progress/progress-page'),
  (m) => m.ProgressPage,
);
export const PathwaysPage = lazyPage(
  () => import('./pathways-page'),
  (m) => m.PathwaysPage,
);
const editor = () => import('./pathway-editor-page');
export const NewPathwayPage = lazyPage(editor, (m) => m.NewPathwayPage);
export const PathwayPage = lazyPage(editor, (m) => m.PathwayPage);
export const CredentialsPage = lazyPage(
  () => import('../credentials/credentials-page'),
  (m) => m.CredentialsPage,
);
export const VerifyPage = lazyPage(
  () => import('../verify/verify-page'),
  (m) => m.VerifyPage,
  { fullPage: true },
);
/** The home page's card for clinicians. */
export const MyPathwayHomeCard = lazyPage(
  () => import('../progress/my-pathway-card'),
  (m) => m.MyPathwayHomeCard,
);
