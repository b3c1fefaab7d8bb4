/**
 * Page state kept in the address's query string (filters, sort, page), so a view can be
 * bookmarked, shared and restored with the back button.
 */
import { useCallback, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';

export function useSearchState<K extends string>(
  defaults: Record<K, string>,
): [Record<K, string>, (patch: Partial<Record<K, string>>) => void] {
  const [params, setParams] = useSearchParams();
  const defaultsRef = useRef(defaults);
  const values = {} as Record<K, string>;
  for (const k of Object.keys(defaults) as K[]) values[k] = params.get(k) ?? defaults[k];

  const update = useCallback(
    (patch: Partial<Record<K, string>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch) as [K, string | undefined][]) {
            if (v === undefined || v === '' || v === defaultsRef.current[k]) next.delete(k);
            else next.set(k, v);
          }
          // Any change other than the page itself starts again at page 1.
          if (!('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [values, update];
}
