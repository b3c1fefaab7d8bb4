/**
 * Query hooks: one per read endpoint, with stable keys so that mutations can refresh what they
 * change (invalidate by the first key segment).
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, setCsrfToken, type QueryValue } from './client';
import type {
  Page,
  TAuditEvent,
  TCenter,
  TCenterDetail,
  TChapter,
  TClinicianProgress,
  TCredential,
  TImportBatch,
  TInvitation,
  TMeResponse,
  TMfaStatus,
  TNetworkSettings,
  TNetworkSummary,
  TOutboxMessage,
  TPartnerOrganization,
  TPathway,
  TPublicCredential,
  TRoster,
  TSession,
  TSigningKey,
  TStaffMember,
  TUserDetail,
  TUserSummary,
} from './types';

export const queryKeys = {
  me: ['me'] as const,
  summary: ['network-summary'] as const,
  centers: (params: Record<string, QueryValue>) => ['centers', params] as const,
  center: (id: string) => ['center', id] as const,
  chapters: ['chapters'] as const,
  partners: ['partner-organizations'] as const,
  staff: (centerId: string, includeEnded: boolean) => ['staff', centerId, includeEnded] as const,
  invitations: (params: Record<string, QueryValue>) => ['invitations', params] as const,
  users: (params: Record<string, QueryValue>) => ['users', params] as const,
  user: (id: string) => ['user', id] as const,
  audit: (params: Record<string, QueryValue>) => ['audit', params] as const,
  outbox: (params: Record<string, QueryValue>) => ['outbox', params] as const,
  settings: ['settings'] as const,
  imports: ['imports'] as const,
  mfa: ['mfa-status'] as const,
  sessions: ['sessions'] as const,
  pathways: ['pathways'] as const,
  pathway: (id: string) => ['pathway', id] as const,
  clinicianProgress: (id: string) => ['clinician-progress', id] as const,
  roster: (params: Record<string, QueryValue>) => ['progress-roster', params] as const,
  credentials: (params: Record<string, QueryValue>) => ['credentials', params] as const,
  signingKeys: ['signing-keys'] as const,
  publicCredential: (idOrNumber: string) => ['public-credential', idOrNumber] as const,
};

let hadSession = false;
/** Whether this page view has seen a signed-in session (so a 401 means it ended). */
export function hasHadSession(): boolean {
  return hadSession;
}

export async function fetchMe(): Promise<TMeResponse> {
  const me = await api.get<TMeResponse>('/me');
  setCsrfToken(me.csrfToken);
  hadSession = true;
  return me;
}

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

export function useNetworkSummary(enabled = true) {
  return useQuery({
    queryKey: queryKeys.summary,
    queryFn: ({ signal }) => api.get<TNetworkSummary>('/network/summary', undefined, signal),
    enabled,
  });
}

export interface CenterListParams extends Record<string, QueryValue> {
  q?: string;
  state?: string;
  memberType?: string;
  chapterId?: string;
  status?: 'active' | 'inactive' | 'all';
  accreditation?: 'expiring' | 'expired' | 'current' | 'none';
  sort?: 'name' | 'state' | 'accreditationExpiresOn' | 'updatedAt';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export function useCenters(params: CenterListParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.centers(params),
    queryFn: ({ signal }) => api.get<Page<TCenter>>('/centers', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCenter(centerId: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.center(centerId ?? ''),
    queryFn: ({ signal }) => api.get<TCenterDetail>(`/centers/${centerId}`, undefined, signal),
    enabled: Boolean(centerId),
  });
}

export function useChapters(enabled = true) {
  return useQuery({
    queryKey: queryKeys.chapters,
    queryFn: ({ signal }) => api.get<{ items: TChapter[] }>('/chapters', undefined, signal),
    select: (d) => d.items,
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useStaff(centerId: string | null | undefined, includeEnded = false, enabled = true) {
  return useQuery({
    queryKey: queryKeys.staff(centerId ?? '', includeEnded),
    queryFn: ({ signal }) =>
      api.get<{ items: TStaffMember[] }>(
        `/centers/${centerId}/staff`,
        { includeEnded: includeEnded ? 'true' : 'false' },
        signal,
      ),
    select: (d) => d.items,
    enabled: enabled && Boolean(centerId),
  });
}

export interface InvitationListParams extends Record<string, QueryValue> {
  centerId?: string;
  status?: 'pending' | 'accepted' | 'expired' | 'revoked';
  page?: number;
  pageSize?: number;
}

export function useInvitations(params: InvitationListParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.invitations(params),
    queryFn: ({ signal }) => api.get<Page<TInvitation>>('/invitations', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export interface UserListParams extends Record<string, QueryValue> {
  q?: string;
  role?: string;
  centerId?: string;
  status?: 'active' | 'deactivated';
  page?: number;
  pageSize?: number;
}

export function useUsers(params: UserListParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.users(params),
    queryFn: ({ signal }) => api.get<Page<TUserSummary>>('/users', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUser(userId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.user(userId ?? ''),
    queryFn: ({ signal }) => api.get<TUserDetail>(`/users/${userId}`, undefined, signal),
    enabled: Boolean(userId),
  });
}

export interface AuditFilters extends Record<string, QueryValue> {
  action?: string;
  outcome?: 'success' | 'failure';
  actorUserId?: string;
  centerId?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

interface AuditPage {
  items: TAuditEvent[];
  nextBefore: number | null;
}

export function useAuditEvents(filters: AuditFilters, limit = 50, enabled = true) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit({ ...filters, limit }),
    queryFn: ({ pageParam, signal }) =>
      api.get<AuditPage>('/audit-events', { ...filters, limit, before: pageParam ?? undefined }, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    enabled,
  });
}

export function useRecentAudit(limit: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.audit({ recent: true, limit }),
    queryFn: ({ signal }) => api.get<AuditPage>('/audit-events', { limit }, signal),
    select: (d) => d.items,
    enabled,
  });
}

export interface OutboxParams extends Record<string, QueryValue> {
  status?: TOutboxMessage['status'];
  page?: number;
  pageSize?: number;
}

export function useOutbox(params: OutboxParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.outbox(params),
    queryFn: ({ signal }) => api.get<Page<TOutboxMessage>>('/outbox', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useSettings(enabled = true) {
  return useQuery({
    queryKey: queryKeys.settings,
    queryFn: ({ signal }) => api.get<TNetworkSettings>('/settings', undefined, signal),
    enabled,
  });
}

export function useImports(enabled = true) {
  return useQuery({
    queryKey: queryKeys.imports,
    queryFn: ({ signal }) => api.get<{ items: TImportBatch[] }>('/imports', undefined, signal),
    select: (d) => d.items,
    enabled,
  });
}

export function useMfaStatus(enabled = true) {
  return useQuery({
    queryKey: queryKeys.mfa,
    queryFn: ({ signal }) => api.get<TMfaStatus>('/auth/mfa', undefined, signal),
    enabled,
  });
}

export function useSessions() {
  return useQuery({
    queryKey: queryKeys.sessions,
    queryFn: ({ signal }) => api.get<{ items: TSession[] }>('/me/sessions', undefined, signal),
    select: (d) => d.items,
  });
}

/**
 * Partner organisations: all of them for network administrators, their own for partner
 * administrators, with how many people hold an active role in each.
 */
export function usePartnerOrganizations(enabled = true) {
  return useQuery({
    queryKey: queryKeys.partners,
    queryFn: ({ signal }) =>
      api.get<{ items: TPartnerOrganization[] }>('/partner-organizations', undefined, signal),
    select: (d) => d.items,
    enabled,
  });
}

// Pathways, progress and credentials -----------------------------------------------------------

export function usePathways(enabled = true) {
  return useQuery({
    queryKey: queryKeys.pathways,
    queryFn: ({ signal }) => api.get<{ items: TPathway[] }>('/pathways', undefined, signal),
    select: (d) => d.items,
    enabled,
  });
}

export function usePathway(pathwayId: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.pathway(pathwayId ?? ''),
    queryFn: ({ signal }) => api.get<TPathway>(`/pathways/${pathwayId}`, undefined, signal),
    enabled: Boolean(pathwayId),
  });
}

/** Every pathway a clinician is on, with each requirement's evidence and the next step. */
export function useClinicianProgress(clinicianId: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.clinicianProgress(clinicianId ?? ''),
    queryFn: ({ signal }) =>
      api.get<TClinicianProgress>(`/clinicians/${clinicianId}/progress`, undefined, signal),
    enabled: Boolean(clinicianId),
  });
}

export interface RosterParams extends Record<string, QueryValue> {
  centerId?: string;
  pathwayId?: string;
  cohortId?: string;
  state?: string;
  atRisk?: 'true';
}

/** Progress of every clinician in the caller's reach (network, center or cohorts). */
export function useProgressRoster(params: RosterParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.roster(params),
    queryFn: ({ signal }) => api.get<TRoster>('/progress', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export interface CredentialListParams extends Record<string, QueryValue> {
  status?: 'active' | 'expired' | 'revoked' | 'expiring';
  userId?: string;
  centerId?: string;
  pathwayId?: string;
  page?: number;
  pageSize?: number;
}

export function useCredentials(params: CredentialListParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.credentials(params),
    queryFn: ({ signal }) => api.get<Page<TCredential>>('/credentials', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useSigningKeys(enabled = true) {
  return useQuery({
    queryKey: queryKeys.signingKeys,
    queryFn: ({ signal }) => api.get<{ items: TSigningKey[] }>('/signing-keys', undefined, signal),
    select: (d) => d.items,
    enabled,
  });
}

/** Public verification of a credential by its identifier or certificate number (no session). */
export function usePublicCredential(idOrNumber: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.publicCredential(idOrNumber ?? ''),
    queryFn: ({ signal }) =>
      api.get<TPublicCredential>(
        `/public/credentials/${encodeURIComponent(idOrNumber ?? '')}`,
        undefined,
        signal,
      ),
    enabled: Boolean(idOrNumber),
    staleTime: 60_000,
  });
}
