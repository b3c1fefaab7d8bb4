/**
 * The planner pages, loaded on first use: they bring the charts, the map and their own styles,
 * which the rest of the app does not need.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import { Spinner } from '../../ui/spinner';

export { PLANNER_ROLES } from './planner-api';

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

export const PlannerPage = lazyPage(
  () => import('./planner-page'),
  (m) => m.PlannerPage,
);
export const PlanComparePage = lazyPage(
  () => import('./compare-page'),
  (m) => m.PlanComparePage,
);
