/**
 * The planner page, loaded on first use: it brings the charts, the map and its own styles, which
 * the rest of the app does not need.
 */
import { lazy, Suspense } from 'react';
import { Spinner } from '../../ui/spinner';

export { PLANNER_ROLES } from './planner-api';

const Page = lazy(() => import('./planner-page').then((m) => ({ default: m.PlannerPage })));

export function PlannerPage() {
  return (
    <Suspense fallback={<Spinner label="Loading…" />}>
      <Page />
    </Suspense>
  );
}
