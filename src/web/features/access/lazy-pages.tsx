/**
 * The access pages, loaded on first use: they bring the map, the charts and their own styles,
 * which the rest of the app does not need.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import { Spinner } from '../../ui/spinner';

export { ACCESS_ROLES } from './access-api';

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

export const AccessPage = lazyPage(
  () => import('./access-page'),
  (m) => m.AccessPage,
);
export const CapacityPage = lazyPage(
  () => import('./capacity-page'),
  (m) => m.CapacityPage,
);
export const AccessParametersPage = lazyPage(
  () => import('./parameters-page'),
  (m) => m.ParametersPage,
);
