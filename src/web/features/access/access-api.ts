/**
 * Data hooks of the access pages: the gap per center, chapter, state or the nation, a center's
 * capacity and reported months, and the network's capacity parameters. Types come from the
 * server's access schemas (types only: nothing of the server is bundled).
 */
import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';
import type { Role } from '../../api/types';
import type {
  ACCESS_MONTH_COLUMNS,
  AccessMonth,
  AccessMonthInput,
  CapacityInput,
  CenterCapacity,
  GapResponse,
  GapRow,
  Level,
  ZAccessMonthImportResult,
  ZNetworkParameters,
  ZOverridesInput,
} from '../../../server/modules/access/access.schemas';

export type { AccessMonth, AccessMonthInput, CapacityInput, CenterCapacity, GapResponse, GapRow, Level };
export type DemandSource = GapRow['figures']['source'];
export type TCapacityParameters = CenterCapacity['parameters'];
export type ParameterName = keyof TCapacityParameters;
export type TCapacityPerson = CenterCapacity['people'][number];
export type TNetworkParameters = z.infer<typeof ZNetworkParameters>;
export type TOverridesInput = z.input<typeof ZOverridesInput>;
export type TMonthImportResult = z.infer<typeof ZAccessMonthImportResult>;

/** Who uses the access pages: the network's administrators and center directors. */
export const ACCESS_ROLES: Role[] = ['network_admin', 'center_director'];

/** The columns of the monthly demand CSV, as the server's importer reads them. */
export const MONTH_CSV_COLUMNS = [
  'month',
  'referred',
  'started',
  'waiting_end',
  'referred_out',
  'never_served',
  'median_wait_days',
] as const satisfies typeof ACCESS_MONTH_COLUMNS;

export interface GapParams {
  level: Level;
  period: string;
  state?: string;
  centerId?: string;
  trendMonths?: number;
}

export const accessKeys = {
  all: ['access'] as const,
  gap: (params: GapParams) => ['access', 'gap', params] as const,
  comparison: (period: string) => ['access', 'comparison', period] as const,
  capacity: (centerId: string) => ['access', 'capacity', centerId] as const,
  months: (centerId: string) => ['access', 'months', centerId] as const,
  parameters: ['access', 'parameters'] as const,
};

/** After any change to capacity, parameters or reported months: every access figure may move. */
export function refreshAccess(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: accessKeys.all });
}

function gapQuery(params: GapParams, signal?: AbortSignal) {
  return api.get<GapResponse>(
    '/access/gap',
    {
      level: params.level,
      period: params.period,
      state: params.state,
      centerId: params.centerId,
      trendMonths: params.trendMonths,
    },
    signal,
  );
}

export function useGap(params: GapParams, enabled = true) {
  return useQuery({
    queryKey: accessKeys.gap(params),
    queryFn: ({ signal }) => gapQuery(params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A director's comparison: their center(s), and the chapter, state and nation that contain them. */
export interface Comparison {
  period: GapResponse['period'];
  centers: GapRow[];
  chapters: GapRow[];
  states: GapRow[];
  nation: GapRow | null;
}

export function useComparison(period: string) {
  return useQuery({
    queryKey: accessKeys.comparison(period),
    queryFn: async ({ signal }): Promise<Comparison> => {
      const [center, chapter, state, nation] = await Promise.all(
        (['center', 'chapter', 'state', 'nation'] as const).map((level) =>
          gapQuery({ level, period }, signal),
        ),
      );
      return {
        period: center!.period,
        centers: center!.rows,
        chapters: chapter!.rows,
        states: state!.rows,
        nation: nation!.rows[0] ?? null,
      };
    },
    placeholderData: keepPreviousData,
  });
}

export function useCenterCapacity(centerId: string | null) {
  return useQuery({
    queryKey: accessKeys.capacity(centerId ?? ''),
    queryFn: ({ signal }) => api.get<CenterCapacity>(`/centers/${centerId}/capacity`, undefined, signal),
    enabled: Boolean(centerId),
  });
}

export function useAccessMonths(centerId: string) {
  return useQuery({
    queryKey: accessKeys.months(centerId),
    queryFn: ({ signal }) =>
      api.get<{ items: AccessMonth[] }>(`/centers/${centerId}/access-months`, undefined, signal),
    select: (d) => [...d.items].sort((a, b) => b.month.localeCompare(a.month)),
  });
}

export function useNetworkParameters() {
  return useQuery({
    queryKey: accessKeys.parameters,
    queryFn: ({ signal }) => api.get<TNetworkParameters>('/access/parameters', undefined, signal),
  });
}
