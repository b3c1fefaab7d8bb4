/**
 * The care pages (caseload, episode, outcomes), the home page's alerts panel and the public family
 * form, loaded on first use like the pathway pages: they bring charts and their own styles, and
 * the family form must stay a small download on a phone.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import type { Role } from '../../api/types';
import { FullPageSpinner, Spinner } from '../../ui/spinner';

/** Roles that hold or oversee a caseload of de-identified episodes. */
export const CARE_ROLES: Role[] = ['clinician', 'center_director', 'network_admin'];
/** Roles that read outcomes across clinicians, centers or states. */
export const OUTCOME_ROLES: Role[] = ['center_director', 'network_admin'];
/** Roles that receive safety and "not on track" alerts. */
export const ALERT_ROLES: Role[] = ['clinician', 'center_director', 'trainer'];

function lazyPage<M>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType,
  { fullPage = false, inline = false }: { fullPage?: boolean; inline?: boolean } = {},
): ComponentType {
  const Page = lazy(() => load().then((m) => ({ default: pick(m) })));
  function LazyPage() {
    return (
      <Suspense fallback={fullPage ? <FullPageSpinner /> : <Spinner label="Loading…" inline={inline} />}>
        <Page />
      </Suspense>
    );
  }
  return LazyPage;
}

export const CaseloadPage = lazyPage(
  () => import('./caseload-page'),
  (m) => m.CaseloadPage,
);
export const EpisodePage = lazyPage(
  () => import('./episode-page'),
  (m) => m.EpisodePage,
);
export const OutcomesPage = lazyPage(
  () => import('./outcomes-page'),
  (m) => m.OutcomesPage,
);
/** The public family form (no sign-in): its chunk imports nothing of the signed-in app. */
export const FormPage = lazyPage(
  () => import('./form-page'),
  (m) => m.FormPage,
  { fullPage: true },
);
/** The home page's panel of open alerts. */
export const HomeAlertsPanel = lazyPage(
  () => import('./alerts'),
  (m) => m.HomeAlertsPanel,
  { inline: true },
);
