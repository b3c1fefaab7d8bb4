/**
 * Data hooks, mutations and labels for the care pages (episodes, sessions, measures, outcomes,
 * alerts and family form links). Kept beside the pages that use them, so they load with them; the
 * types come from the server's care schemas (types only: nothing of the server is bundled).
 */
import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from '../../api/client';
import type {
  TAdministration,
  TAlert,
  TCareSession,
  TEpisode,
  TEpisodeOutcome,
  TFormLink,
  TInstrumentDefinition,
  TInstrumentSummary,
  TOutcomeSummaryRow,
} from '../../api/types';
import type { TTrainingModel } from '../../../server/modules/learning/learning.schemas';

export type { TTrainingModel };
export type Phase = TAdministration['phase'];
export type Respondent = TAdministration['respondent'];
export type EpisodeStatus = TEpisode['status'];
export type Gender = NonNullable<TEpisode['gender']>;
export type RaceEthnicity = TEpisode['raceEthnicity'][number];
export type DischargeReason = NonNullable<TEpisode['dischargeReason']>;
export type Participant = TCareSession['participants'][number];
export type AlertAction = NonNullable<TAlert['action']>;
export type OutcomeClass = NonNullable<TEpisodeOutcome['series'][number]['classificationToLatest']>;
export type FormLanguage = TFormLink['language'];
export type OutcomeLevel = 'clinician' | 'center' | 'state' | 'network';

interface List<T> {
  items: T[];
  total: number;
}

export const careKeys = {
  episodes: (params: Record<string, QueryValue>) => ['episodes', params] as const,
  episode: (id: string) => ['episode', id] as const,
  sessions: (episodeId: string) => ['episode-sessions', episodeId] as const,
  administrations: (episodeId: string) => ['episode-administrations', episodeId] as const,
  outcome: (episodeId: string) => ['episode-outcome', episodeId] as const,
  formLinks: (episodeId: string) => ['episode-form-links', episodeId] as const,
  alerts: (params: Record<string, QueryValue>) => ['alerts', params] as const,
  instruments: ['instruments'] as const,
  instrument: (code: string) => ['instrument', code] as const,
  model: (id: string) => ['training-model', id] as const,
  outcomes: (params: Record<string, QueryValue>) => ['outcomes', params] as const,
};

/**
 * Everything a change to an episode's record (a session, a measure, a discharge, an alert) may
 * alter: the episode, its lists, its outcome, the caseload and the alerts.
 */
export function refreshEpisode(queryClient: QueryClient, episodeId: string): void {
  for (const key of [
    careKeys.episode(episodeId),
    careKeys.sessions(episodeId),
    careKeys.administrations(episodeId),
    careKeys.outcome(episodeId),
    careKeys.formLinks(episodeId),
  ])
    void queryClient.invalidateQueries({ queryKey: key });
  void queryClient.invalidateQueries({ queryKey: ['episodes'] });
  void queryClient.invalidateQueries({ queryKey: ['alerts'] });
  void queryClient.invalidateQueries({ queryKey: ['outcomes'] });
}

export interface EpisodeListParams extends Record<string, QueryValue> {
  centerId?: string;
  clinicianId?: string;
  status?: EpisodeStatus;
  attention?: 'true';
  q?: string;
  page?: number;
  pageSize?: number;
}

export function useEpisodes(params: EpisodeListParams, enabled = true) {
  return useQuery({
    queryKey: careKeys.episodes(params),
    queryFn: ({ signal }) => api.get<List<TEpisode>>('/episodes', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useEpisode(episodeId: string | undefined) {
  return useQuery({
    queryKey: careKeys.episode(episodeId ?? ''),
    queryFn: ({ signal }) => api.get<TEpisode>(`/episodes/${episodeId}`, undefined, signal),
    enabled: Boolean(episodeId),
  });
}

export function useSessions(episodeId: string) {
  return useQuery({
    queryKey: careKeys.sessions(episodeId),
    queryFn: ({ signal }) =>
      api.get<{ items: TCareSession[] }>(`/episodes/${episodeId}/sessions`, undefined, signal),
    select: (d) => [...d.items].sort((a, b) => b.heldOn.localeCompare(a.heldOn)),
  });
}

export function useAdministrations(episodeId: string) {
  return useQuery({
    queryKey: careKeys.administrations(episodeId),
    queryFn: ({ signal }) =>
      api.get<{ items: TAdministration[] }>(`/episodes/${episodeId}/administrations`, undefined, signal),
    select: (d) =>
      [...d.items].sort(
        (a, b) => b.administeredOn.localeCompare(a.administeredOn) || b.createdAt.localeCompare(a.createdAt),
      ),
  });
}

export function useEpisodeOutcome(episodeId: string) {
  return useQuery({
    queryKey: careKeys.outcome(episodeId),
    queryFn: ({ signal }) => api.get<TEpisodeOutcome>(`/episodes/${episodeId}/outcomes`, undefined, signal),
  });
}

export function useFormLinks(episodeId: string) {
  return useQuery({
    queryKey: careKeys.formLinks(episodeId),
    queryFn: ({ signal }) =>
      api.get<{ items: TFormLink[] }>(`/episodes/${episodeId}/form-links`, undefined, signal),
    select: (d) => [...d.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  });
}

export interface AlertListParams extends Record<string, QueryValue> {
  open?: 'true' | 'false';
  episodeId?: string;
  pageSize?: number;
}

/** Self-harm alerts first, then the oldest first within a kind (waiting longest). */
export function sortAlerts(alerts: TAlert[]): TAlert[] {
  const rank = (a: TAlert) => (a.kind === 'self_harm' ? 0 : 1);
  return [...alerts].sort((a, b) => rank(a) - rank(b) || a.raisedAt.localeCompare(b.raisedAt));
}

export function useAlerts(params: AlertListParams, enabled = true) {
  return useQuery({
    queryKey: careKeys.alerts(params),
    queryFn: ({ signal }) => api.get<List<TAlert>>('/alerts', params, signal),
    enabled,
  });
}

export function useInstruments(enabled = true) {
  return useQuery({
    queryKey: careKeys.instruments,
    queryFn: ({ signal }) => api.get<{ items: TInstrumentSummary[] }>('/instruments', undefined, signal),
    select: (d) => d.items,
    staleTime: 10 * 60_000,
    enabled,
  });
}

export function useInstrument(code: string | null | undefined) {
  return useQuery({
    queryKey: careKeys.instrument(code ?? ''),
    queryFn: ({ signal }) =>
      api.get<TInstrumentDefinition>(`/instruments/${encodeURIComponent(code ?? '')}`, undefined, signal),
    enabled: Boolean(code),
    staleTime: 10 * 60_000,
  });
}

export function useTrainingModel(modelId: string | null | undefined) {
  return useQuery({
    queryKey: careKeys.model(modelId ?? ''),
    queryFn: ({ signal }) => api.get<TTrainingModel>(`/training-models/${modelId}`, undefined, signal),
    enabled: Boolean(modelId),
    staleTime: 10 * 60_000,
  });
}

export interface OutcomeParams extends Record<string, QueryValue> {
  level: OutcomeLevel;
  centerId?: string;
  state?: string;
  from?: string;
  to?: string;
}

export function useOutcomeSummary(params: OutcomeParams, enabled = true) {
  return useQuery({
    queryKey: careKeys.outcomes(params),
    queryFn: ({ signal }) => api.get<{ items: TOutcomeSummaryRow[] }>('/outcomes', params, signal),
    select: (d) => d.items,
    placeholderData: keepPreviousData,
    enabled,
  });
}

// Labels ---------------------------------------------------------------------------------------

export const STATUS_LABEL: Record<EpisodeStatus, string> = {
  waiting: 'Waiting',
  active: 'In treatment',
  closed: 'Closed',
};

export const PHASE_LABEL: Record<Phase, string> = {
  baseline: 'Baseline',
  mid_treatment: 'Mid-treatment',
  end: 'End of treatment',
  follow_up: 'Follow-up',
};

export const RESPONDENT_LABEL: Record<Respondent, string> = {
  youth: 'Youth',
  caregiver: 'Caregiver',
  clinician: 'Clinician',
};

export const GENDER_LABEL: Record<Gender, string> = {
  female: 'Female',
  male: 'Male',
  another: 'Another gender',
  not_recorded: 'Not recorded',
};

/** OMB categories (SPD 15, 2024), in the order the standard lists them. */
export const RACE_LABEL: Record<RaceEthnicity, string> = {
  american_indian_alaska_native: 'American Indian or Alaska Native',
  asian: 'Asian',
  black_african_american: 'Black or African American',
  hispanic_latino: 'Hispanic or Latino',
  middle_eastern_north_african: 'Middle Eastern or North African',
  native_hawaiian_pacific_islander: 'Native Hawaiian or Pacific Islander',
  white: 'White',
};

export const DISCHARGE_LABEL: Record<DischargeReason, string> = {
  completed: 'Completed treatment',
  dropped_out: 'Stopped attending',
  transferred: 'Transferred',
  other: 'Other reason',
};

export const PARTICIPANT_LABEL: Record<Participant, string> = {
  child: 'Child',
  caregiver: 'Caregiver',
  conjoint: 'Conjoint (child and caregiver together)',
};

export const ALERT_KIND_LABEL: Record<TAlert['kind'], string> = {
  self_harm: 'Possible self-harm',
  not_on_track: 'Not on track',
};

export const ALERT_ACTION_LABEL: Record<AlertAction, string> = {
  safety_plan: 'Safety plan made or reviewed',
  contacted_caregiver: 'Caregiver contacted',
  emergency_referral: 'Emergency referral made',
  reviewed_in_session: 'Reviewed with the child in session',
  reviewed_in_consultation: 'Reviewed in consultation',
  plan_adjusted: 'Treatment plan adjusted',
  other: 'Other action',
};

export const OUTCOME_CLASS_LABEL: Record<OutcomeClass, string> = {
  reliable_improvement: 'Reliable improvement',
  no_reliable_change: 'No reliable change',
  reliable_deterioration: 'Reliable deterioration',
};

export const LANGUAGE_LABEL: Record<FormLanguage, string> = { en: 'English', es: 'Spanish' };

export const FORM_LINK_STATUS_LABEL: Record<TFormLink['status'], string> = {
  open: 'Waiting for answers',
  used: 'Completed',
  expired: 'Expired',
  revoked: 'Revoked',
};

export function options<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

/** "0.42" -> "42%"; null -> "—". */
export function percent(share: number | null | undefined): string {
  return share == null ? '—' : `${Math.round(share * 100)}%`;
}

/** A change in score with its sign: "−6", "+3", "0". */
export function signed(n: number | null | undefined, digits = 0): string {
  if (n == null) return '—';
  const s = Math.abs(n).toFixed(digits);
  return n > 0 ? `+${s}` : n < 0 ? `−${s}` : s;
}

/** Instruments that fit a child of this age (and a respondent, when given), enabled for the center. */
export function instrumentsFor(
  all: TInstrumentSummary[],
  ageYears: number,
  respondent?: Respondent | '',
): TInstrumentSummary[] {
  return all
    .filter((i) => i.enabled && ageYears >= i.ageMin && ageYears <= i.ageMax)
    .filter((i) => !respondent || i.respondent === respondent)
    .sort((a, b) => a.code.localeCompare(b.code));
}
