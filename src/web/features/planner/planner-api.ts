/**
 * Data hooks of the planner page: the suggested request, saved plans, solving and deleting. The
 * request and result shapes are the planner's own (planner.types.ts), imported as types only:
 * nothing of the server is bundled.
 */
import {
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
  type UseQueryResult,
} from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';
import type { Role } from '../../api/types';
import type { ZPlanSummary } from '../../../server/modules/access/access.schemas';
import type {
  AllocationEntry,
  CenterOutcome,
  ComparisonEntry,
  PlanResult,
  QuarterReach,
  ScenarioName,
  ScenarioResult,
  TPlannerCenter,
  TPlannerCohort,
  TPlannerInput,
  TPlannerInputRaw,
} from '../../../server/modules/access/planner/planner.types';

export type {
  AllocationEntry,
  CenterOutcome,
  ComparisonEntry,
  PlanResult,
  QuarterReach,
  ScenarioName,
  ScenarioResult,
  TPlannerCenter,
  TPlannerCohort,
  TPlannerInput,
  TPlannerInputRaw,
};
export type PlanSummary = z.infer<typeof ZPlanSummary>;

/** The planner is the network administrators' tool (the API refuses anyone else). */
export const PLANNER_ROLES: Role[] = ['network_admin'];

export interface SuggestedPlan {
  input: TPlannerInputRaw;
  /** Centers left out because they have no demand figures for the period. */
  excluded: number;
}

/** A saved plan as the API returns it: the request with its defaults filled in, and the result. */
export interface Plan {
  summary: PlanSummary;
  input: TPlannerInput;
  result: PlanResult;
}

export const plannerKeys = {
  suggested: (period: string) => ['plans-suggested', period] as const,
  list: ['plans'] as const,
  plan: (id: string) => ['plan', id] as const,
};

export function useSuggestedPlan(period = 'last12') {
  return useQuery({
    queryKey: plannerKeys.suggested(period),
    queryFn: ({ signal }) => api.get<SuggestedPlan>('/plans/suggested', { period }, signal),
    // The form is filled from it once; a refetch on focus would not change the form.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function usePlans() {
  return useQuery({
    queryKey: plannerKeys.list,
    queryFn: ({ signal }) => api.get<{ items: PlanSummary[] }>('/plans', undefined, signal),
    select: (d) => d.items,
  });
}

export function usePlan(id: string | null) {
  return useQuery({
    queryKey: plannerKeys.plan(id ?? ''),
    queryFn: ({ signal }) => api.get<Plan>(`/plans/${id}`, undefined, signal),
    enabled: id !== null,
    // A saved plan never changes.
    staleTime: Infinity,
  });
}

/**
 * Several saved plans at once, for the comparison: one query per plan, under the same keys as
 * usePlan, so a plan already opened on the planner page is not fetched again. Each answers on its
 * own: a deleted plan (404) does not hide the others.
 */
export function usePlansById(ids: readonly string[]): UseQueryResult<Plan>[] {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: plannerKeys.plan(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Plan>(`/plans/${id}`, undefined, signal),
      // A saved plan never changes.
      staleTime: Infinity,
    })),
    combine: keepResults,
  });
}

/**
 * Without `combine`, useQueries returns a new array on every render; with one (defined once, here)
 * the array is kept until a plan's query changes, so the page's figures are not recomputed.
 */
function keepResults(results: UseQueryResult<Plan>[]): UseQueryResult<Plan>[] {
  return results;
}

/** Solves and saves a plan; the new plan is put in the cache so it shows without another request. */
export function useCreatePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; input: TPlannerInputRaw }) => api.post<Plan>('/plans', body),
    onSuccess: (plan) => {
      queryClient.setQueryData(plannerKeys.plan(plan.summary.id), plan);
      void queryClient.invalidateQueries({ queryKey: plannerKeys.list });
    },
  });
}

export function useDeletePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`/plans/${id}`),
    onSuccess: (_v, id) => {
      queryClient.removeQueries({ queryKey: plannerKeys.plan(id) });
      void queryClient.invalidateQueries({ queryKey: plannerKeys.list });
    },
  });
}
