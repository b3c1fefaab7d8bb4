/**
 * The cohort and catalog pages, loaded on first use (like the pathway pages): most people open
 * them rarely, and they bring their own styles.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import type { Role } from '../../api/types';
import { Spinner } from '../../ui/spinner';

/** Roles that take part in cohorts: run them, train them, enrol in them, enrol their staff. */
export const COHORT_ROLES: Role[] = ['network_admin', 'trainer', 'center_director', 'clinician'];

function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): ComponentType {
  const Page = lazy(() => load().then((m) => ({ default: pick(m) })));
  function LazyPage() {
    return (
      <Suspense fallback={<Spinner label="Loading…" />}>
        <Page />
      </Suspense>
    );
  }
  return LazyPage;
}

export const CohortsPage = lazyPage(
  () => import('./cohorts-page'),
  (m) => m.CohortsPage,
);
export const CohortPage = lazyPage(
  () => import('./cohort-page'),
  (m) => m.CohortPage,
);
export const CohortEventPage = lazyPage(
  () => import('./event-page'),
  (m) => m.CohortEventPage,
);
export const CatalogPage = lazyPage(
  () => import('../catalog/catalog-page'),
  (m) => m.CatalogPage,
);
