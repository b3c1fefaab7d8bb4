/**
 * Data hooks and shapes for the learning pages (cohorts, their rosters, sessions and attendance,
 * and the catalog of treatment models and courses). Kept beside the pages that use them; the
 * types come from the server's learning schemas (types only: nothing of the server is bundled).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, request, type QueryValue } from '../../api/client';
import type {
  TCohort,
  TCohortEvent,
  TCohortEventDetail,
  TCourse,
  TEnrollment,
  TTrainingModel,
} from '../../../server/modules/learning/learning.schemas';

export type { TCohort, TCohortEvent, TCohortEventDetail, TCourse, TEnrollment, TTrainingModel };
export type TRosterEntry = TCohortEventDetail['roster'][number];
export type AttendanceStatus = 'present' | 'absent' | 'excused';

export const learningKeys = {
  cohorts: (params: Record<string, QueryValue>) => ['cohorts', params] as const,
  cohort: (id: string) => ['cohort', id] as const,
  enrollments: (cohortId: string) => ['cohort-enrollments', cohortId] as const,
  events: (cohortId: string) => ['cohort-events', cohortId] as const,
  event: (cohortId: string, eventId: string) => ['cohort-event', cohortId, eventId] as const,
  models: ['training-models'] as const,
  courses: (params: Record<string, QueryValue>) => ['courses', params] as const,
};

/** Every query a change to a cohort (enrolment, attendance, schedule) may alter. */
export const COHORT_QUERY_ROOTS = [
  'cohorts',
  'cohort',
  'cohort-enrollments',
  'cohort-events',
  'cohort-event',
  'progress-roster',
  'clinician-progress',
] as const;

interface List<T> {
  items: T[];
  total: number;
}

export interface CohortListParams extends Record<string, QueryValue> {
  status?: TCohort['status'];
  mine?: 'true';
  q?: string;
  page?: number;
  pageSize?: number;
}

export function useCohorts(params: CohortListParams, enabled = true) {
  return useQuery({
    queryKey: learningKeys.cohorts(params),
    queryFn: ({ signal }) => api.get<List<TCohort>>('/cohorts', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCohort(cohortId: string | null | undefined) {
  return useQuery({
    queryKey: learningKeys.cohort(cohortId ?? ''),
    queryFn: ({ signal }) => api.get<TCohort>(`/cohorts/${cohortId}`, undefined, signal),
    enabled: Boolean(cohortId),
  });
}

/** The roster as far as the reader may see it (everyone, their center's people, or themself). */
export function useEnrollments(cohortId: string, enabled = true) {
  return useQuery({
    queryKey: learningKeys.enrollments(cohortId),
    queryFn: ({ signal }) =>
      api.get<List<TEnrollment>>(`/cohorts/${cohortId}/enrollments`, undefined, signal),
    select: (d) => d.items,
    enabled,
  });
}

export function useCohortEvents(cohortId: string) {
  return useQuery({
    queryKey: learningKeys.events(cohortId),
    queryFn: ({ signal }) => api.get<List<TCohortEvent>>(`/cohorts/${cohortId}/events`, undefined, signal),
    select: (d) => d.items,
  });
}

export function useCohortEvent(cohortId: string, eventId: string | null) {
  return useQuery({
    queryKey: learningKeys.event(cohortId, eventId ?? ''),
    queryFn: ({ signal }) =>
      api.get<TCohortEventDetail>(`/cohorts/${cohortId}/events/${eventId}`, undefined, signal),
    enabled: Boolean(eventId),
  });
}

export function useTrainingModels(enabled = true) {
  return useQuery({
    queryKey: learningKeys.models,
    queryFn: ({ signal }) => api.get<List<TTrainingModel>>('/training-models', undefined, signal),
    select: (d) => d.items,
    enabled,
  });
}

export interface CourseListParams extends Record<string, QueryValue> {
  kind?: TCourse['kind'];
  modelId?: string;
  active?: 'true' | 'false';
  q?: string;
}

export function useCourses(params: CourseListParams = {}, enabled = true) {
  return useQuery({
    queryKey: learningKeys.courses(params),
    queryFn: ({ signal }) => api.get<List<TCourse>>('/courses', { ...params, pageSize: 500 }, signal),
    select: (d) => d.items,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function putAttendance(
  cohortId: string,
  eventId: string,
  records: { enrollmentId: string; status: AttendanceStatus; minutesAttended: number }[],
): Promise<TCohortEventDetail> {
  return request<TCohortEventDetail>('PUT', `/cohorts/${cohortId}/events/${eventId}/attendance`, {
    body: { records },
  });
}

// Labels ---------------------------------------------------------------------------------------

export const MODALITY_LABEL: Record<TCohort['modality'], string> = {
  in_person: 'In person',
  virtual: 'Virtual',
  hybrid: 'Hybrid',
};

export const COHORT_STATUS_LABEL: Record<TCohort['status'], string> = {
  open: 'Open',
  closed: 'Closed',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const COURSE_KIND_LABEL: Record<TCourse['kind'], string> = {
  online_course: 'Online course',
  live_training: 'Live training',
  learning_session: 'Learning session',
  consultation_series: 'Consultation series',
  knowledge_test: 'Knowledge test',
  ce_module: 'CE module',
};

export const EVENT_KIND_LABEL: Record<TCohortEvent['kind'], string> = {
  live_session: 'Live session',
  learning_session: 'Learning session',
  consultation_call: 'Consultation call',
};

export const ATTENDANCE_LABEL: Record<AttendanceStatus, string> = {
  present: 'Present',
  absent: 'Absent',
  excused: 'Excused',
};

/** "12 seats", "8 of 30". */
export function seatsText(c: Pick<TCohort, 'seats' | 'seatsTaken'>): string {
  return `${c.seatsTaken} of ${c.seats}`;
}

export function isFull(c: Pick<TCohort, 'seats' | 'seatsTaken'>): boolean {
  return c.seatsTaken >= c.seats;
}

/** Whether an event has started (attendance can be recorded from then on). */
export function hasStarted(e: Pick<TCohortEvent, 'startsAt'>): boolean {
  return Date.parse(e.startsAt) <= Date.now();
}
