/**
 * Learning API: the catalog of treatment models and courses, clinicians' qualifications, cohorts
 * with their enrolments, events and attendance, knowledge tests, course completions and CE hours.
 * Routes declare the roles; the services decide what a caller may see within them (404 for another
 * tenant's records, never 403).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, ctxFromRequest } from '../../platform/context.js';
import type { Services } from '../../services.js';
import * as S from './learning.schemas.js';

const ADMIN = 'network_admin' as const;
const DIRECTOR = 'center_director' as const;
const TRAINER = 'trainer' as const;
const CLINICIAN = 'clinician' as const;
/** Everyone who works in or for the network of centers (not partner organisations). */
const NETWORK_ROLES = [ADMIN, TRAINER, DIRECTOR, CLINICIAN, 'funder_viewer'] as const;
/** Roles that may see some person's learning records (which ones, the service decides). */
const RECORD_READERS = [ADMIN, TRAINER, DIRECTOR, CLINICIAN] as const;

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() });
const ZOk = z.object({ ok: z.literal(true) });

export async function learningRoutes(appBase: FastifyInstance, opts: { services: Services }): Promise<void> {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { catalog, cohorts, events, records } = opts.services.learning;

  const ZModelParams = z.strictObject({ modelId: S.ZUuid });
  const ZCourseParams = z.strictObject({ courseId: S.ZUuid });
  const ZUserParams = z.strictObject({ userId: S.ZUuid });
  const ZCohortParams = z.strictObject({ cohortId: S.ZUuid });
  const ZEnrollmentParams = z.strictObject({ cohortId: S.ZUuid, enrollmentId: S.ZUuid });
  const ZEventParams = z.strictObject({ cohortId: S.ZUuid, eventId: S.ZUuid });

  // Catalog ---------------------------------------------------------------------------------------

  app.get(
    '/training-models',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['catalog'],
        summary: 'Treatment models (TF-CBT, CFTSI, ...)',
        querystring: S.ZTrainingModelListQuery,
        response: { 200: list(S.ZTrainingModel) },
      },
    },
    async (request) => catalog.findTrainingModels(ctxFromRequest(request), request.query),
  );

  app.post(
    '/training-models',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['catalog'],
        summary: 'Add a treatment model',
        body: S.ZCreateTrainingModelRequest,
        response: { 201: S.ZTrainingModel },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await catalog.createTrainingModel(ctxFromRequest(request), request.body)),
  );

  app.get(
    '/training-models/:modelId',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['catalog'],
        summary: 'One treatment model',
        params: ZModelParams,
        response: { 200: S.ZTrainingModel },
      },
    },
    async (request) => catalog.getTrainingModel(ctxFromRequest(request), request.params.modelId),
  );

  app.patch(
    '/training-models/:modelId',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['catalog'],
        summary: 'Change a treatment model',
        params: ZModelParams,
        body: S.ZUpdateTrainingModelRequest,
        response: { 200: S.ZTrainingModel },
      },
    },
    async (request) =>
      catalog.updateTrainingModel(ctxFromRequest(request), request.params.modelId, request.body),
  );

  app.get(
    '/courses',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['catalog'],
        summary: 'Courses: online courses, live trainings, consultation series, knowledge tests, CE modules',
        querystring: S.ZCourseListQuery,
        response: { 200: list(S.ZCourse) },
      },
    },
    async (request) => catalog.findCourses(ctxFromRequest(request), request.query),
  );

  app.post(
    '/courses',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['catalog'],
        summary: 'Add a course',
        body: S.ZCreateCourseRequest,
        response: { 201: S.ZCourse },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await catalog.createCourse(ctxFromRequest(request), request.body)),
  );

  app.get(
    '/courses/:courseId',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['catalog'],
        summary: 'One course with its prerequisites',
        params: ZCourseParams,
        response: { 200: S.ZCourse },
      },
    },
    async (request) => catalog.getCourse(ctxFromRequest(request), request.params.courseId),
  );

  app.patch(
    '/courses/:courseId',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['catalog'],
        summary: 'Change a course (set active to false to stop offering it)',
        params: ZCourseParams,
        body: S.ZUpdateCourseRequest,
        response: { 200: S.ZCourse },
      },
    },
    async (request) => catalog.updateCourse(ctxFromRequest(request), request.params.courseId, request.body),
  );

  // Clinicians' records ---------------------------------------------------------------------------

  app.get(
    '/clinicians/:userId/qualification',
    {
      config: { access: access.roles(...RECORD_READERS) },
      schema: {
        tags: ['learning records'],
        summary: 'A clinician’s degree and license, as attested (and verified)',
        params: ZUserParams,
        response: { 200: S.ZQualification },
      },
    },
    async (request) => records.getQualification(ctxFromRequest(request), request.params.userId),
  );

  app.put(
    '/clinicians/:userId/qualification',
    {
      config: { access: access.roles(TRAINER, DIRECTOR, CLINICIAN) },
      schema: {
        tags: ['learning records'],
        summary: 'Record and attest your own degree and license',
        description:
          'Only for yourself. attestation must be true ("I attest this is accurate"). Changing a value clears an earlier verification.',
        params: ZUserParams,
        body: S.ZPutQualificationRequest,
        response: { 200: S.ZQualification },
      },
    },
    async (request) => records.putQualification(ctxFromRequest(request), request.params.userId, request.body),
  );

  app.post(
    '/clinicians/:userId/qualification/verify',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['learning records'],
        summary: 'Verify a clinician’s attested qualification (their director or an administrator)',
        params: ZUserParams,
        response: { 200: S.ZQualification },
      },
    },
    async (request) => records.verifyQualification(ctxFromRequest(request), request.params.userId),
  );

  app.get(
    '/clinicians/:userId/ce-hours',
    {
      config: { access: access.roles(...RECORD_READERS) },
      schema: {
        tags: ['learning records'],
        summary: 'Continuing-education hours: attended events and recorded completions, newest first',
        params: ZUserParams,
        querystring: S.ZCeHoursQuery,
        response: { 200: S.ZCeHours },
      },
    },
    async (request) => records.getCeHours(ctxFromRequest(request), request.params.userId, request.query),
  );

  app.get(
    '/clinicians/:userId/test-attempts',
    {
      config: { access: access.roles(...RECORD_READERS) },
      schema: {
        tags: ['learning records'],
        summary: 'A clinician’s knowledge-test attempts, newest first',
        params: ZUserParams,
        querystring: S.ZTestAttemptListQuery,
        response: { 200: list(S.ZTestAttempt) },
      },
    },
    async (request) =>
      records.findTestAttempts(ctxFromRequest(request), request.params.userId, request.query),
  );

  app.get(
    '/clinicians/:userId/course-completions',
    {
      config: { access: access.roles(...RECORD_READERS) },
      schema: {
        tags: ['learning records'],
        summary: 'Courses a clinician completed outside Waymark cohorts',
        params: ZUserParams,
        response: { 200: list(S.ZCourseCompletion) },
      },
    },
    async (request) => records.findCourseCompletions(ctxFromRequest(request), request.params.userId),
  );

  app.post(
    '/courses/:courseId/test-attempts',
    {
      config: { access: access.roles(ADMIN, TRAINER) },
      schema: {
        tags: ['learning records'],
        summary: 'Record a knowledge-test attempt (a trainer of the clinician’s cohort, or an administrator)',
        description:
          'The pass mark comes from the course. After a failed attempt, a retake earlier than the course’s waiting period is refused with RETAKE_TOO_SOON naming the first allowed date.',
        params: ZCourseParams,
        body: S.ZCreateTestAttemptRequest,
        response: { 201: S.ZTestAttempt },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await records.createTestAttempt(ctxFromRequest(request), request.params.courseId, request.body),
        ),
  );

  app.post(
    '/course-completions',
    {
      config: { access: access.roles(ADMIN, DIRECTOR, TRAINER) },
      schema: {
        tags: ['learning records'],
        summary: 'Record a course completed outside Waymark, e.g. TF-CBTWeb',
        body: S.ZCreateCourseCompletionRequest,
        response: { 201: S.ZCourseCompletion },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await records.createCourseCompletion(ctxFromRequest(request), request.body)),
  );

  // Cohorts ---------------------------------------------------------------------------------------

  app.get(
    '/cohorts',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['cohorts'],
        summary: 'Cohorts and learning collaboratives',
        description: 'mine=true: the cohorts you train and the ones you are enrolled or waitlisted in.',
        querystring: S.ZCohortListQuery,
        response: { 200: list(S.ZCohort) },
      },
    },
    async (request) => cohorts.findCohorts(ctxFromRequest(request), request.query),
  );

  app.post(
    '/cohorts',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['cohorts'],
        summary: 'Start a cohort of a course, or a learning collaborative',
        body: S.ZCreateCohortRequest,
        response: { 201: S.ZCohort },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await cohorts.createCohort(ctxFromRequest(request), request.body)),
  );

  app.get(
    '/cohorts/:cohortId',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['cohorts'],
        summary: 'One cohort with its seats, waitlist and trainers',
        params: ZCohortParams,
        response: { 200: S.ZCohort },
      },
    },
    async (request) => cohorts.getCohort(ctxFromRequest(request), request.params.cohortId),
  );

  app.patch(
    '/cohorts/:cohortId',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['cohorts'],
        summary:
          'Change a cohort: seats (not below those taken; more seats move the waitlist up), status, dates, trainers',
        params: ZCohortParams,
        body: S.ZUpdateCohortRequest,
        response: { 200: S.ZCohort },
      },
    },
    async (request) => cohorts.updateCohort(ctxFromRequest(request), request.params.cohortId, request.body),
  );

  app.get(
    '/cohorts/:cohortId/enrollments',
    {
      config: { access: access.roles(ADMIN, TRAINER, DIRECTOR, CLINICIAN) },
      schema: {
        tags: ['cohorts'],
        summary:
          'The roster: everyone for the cohort’s trainers, a director’s own people, a clinician themself',
        params: ZCohortParams,
        querystring: S.ZEnrollmentListQuery,
        response: { 200: list(S.ZEnrollment) },
      },
    },
    async (request) =>
      cohorts.findEnrollments(ctxFromRequest(request), request.params.cohortId, request.query),
  );

  app.post(
    '/cohorts/:cohortId/enrollments',
    {
      config: { access: access.roles(ADMIN, DIRECTOR, CLINICIAN) },
      schema: {
        tags: ['cohorts'],
        summary: 'Enrol a clinician (themself, a director for their center’s clinicians, an administrator)',
        description:
          'Checked in order: the cohort is open (COHORT_NOT_OPEN), the person is an active clinician of the center, the ' +
          'course’s prerequisites (PREREQUISITE_MISSING: degree, license, courses), not already on the cohort (409). ' +
          'A full cohort puts the person on the waitlist (status waitlisted with its position) unless waitlist is false (COHORT_FULL).',
        params: ZCohortParams,
        body: S.ZEnrollRequest,
        response: { 201: S.ZEnrollment },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await cohorts.enroll(ctxFromRequest(request), request.params.cohortId, request.body)),
  );

  app.post(
    '/cohorts/:cohortId/enrollments/:enrollmentId/withdraw',
    {
      config: { access: access.roles(ADMIN, DIRECTOR, CLINICIAN, TRAINER) },
      schema: {
        tags: ['cohorts'],
        summary:
          'Withdraw an enrolment (kept in the history); a freed seat goes to the first on the waitlist',
        params: ZEnrollmentParams,
        body: S.ZWithdrawRequest,
        response: { 200: S.ZEnrollment },
      },
    },
    async (request) =>
      cohorts.withdraw(
        ctxFromRequest(request),
        request.params.cohortId,
        request.params.enrollmentId,
        request.body?.reason,
      ),
  );

  app.post(
    '/cohorts/:cohortId/enrollments/:enrollmentId/complete',
    {
      config: { access: access.roles(ADMIN, TRAINER) },
      schema: {
        tags: ['cohorts'],
        summary: 'Mark an enrolled member as having completed the cohort',
        params: ZEnrollmentParams,
        response: { 200: S.ZEnrollment },
      },
    },
    async (request) =>
      cohorts.complete(ctxFromRequest(request), request.params.cohortId, request.params.enrollmentId),
  );

  // Events and attendance -------------------------------------------------------------------------

  app.get(
    '/cohorts/:cohortId/events',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['attendance'],
        summary: 'The cohort’s sessions and calls, with attendance counts',
        params: ZCohortParams,
        querystring: S.ZEventListQuery,
        response: { 200: list(S.ZCohortEvent) },
      },
    },
    async (request) => events.findEvents(ctxFromRequest(request), request.params.cohortId, request.query),
  );

  app.post(
    '/cohorts/:cohortId/events',
    {
      config: { access: access.roles(ADMIN, TRAINER) },
      schema: {
        tags: ['attendance'],
        summary: 'Schedule a session or call (the cohort’s trainers or an administrator)',
        params: ZCohortParams,
        body: S.ZCreateEventRequest,
        response: { 201: S.ZCohortEvent },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await events.createEvent(ctxFromRequest(request), request.params.cohortId, request.body)),
  );

  app.post(
    '/cohorts/:cohortId/events/series',
    {
      config: { access: access.roles(ADMIN, TRAINER) },
      schema: {
        tags: ['attendance'],
        summary:
          'Schedule a series, e.g. twelve consultation calls two weeks apart ("Consultation call 3 of 12")',
        params: ZCohortParams,
        body: S.ZCreateEventSeriesRequest,
        response: { 201: list(S.ZCohortEvent) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await events.createEventSeries(ctxFromRequest(request), request.params.cohortId, request.body)),
  );

  app.get(
    '/cohorts/:cohortId/events/:eventId',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['attendance'],
        summary: 'One event with its roster and each member’s attendance (as far as you may see)',
        params: ZEventParams,
        response: { 200: S.ZCohortEventDetail },
      },
    },
    async (request) =>
      events.getEvent(ctxFromRequest(request), request.params.cohortId, request.params.eventId),
  );

  app.put(
    '/cohorts/:cohortId/events/:eventId/attendance',
    {
      config: { access: access.roles(ADMIN, TRAINER) },
      schema: {
        tags: ['attendance'],
        summary: 'Record attendance for the roster in one step (all records or none)',
        description:
          'minutesAttended defaults to the event’s duration for present and 0 otherwise, and may not exceed the duration.',
        params: ZEventParams,
        body: S.ZAttendanceRequest,
        response: { 200: S.ZCohortEventDetail },
      },
    },
    async (request) =>
      events.recordAttendance(
        ctxFromRequest(request),
        request.params.cohortId,
        request.params.eventId,
        request.body,
      ),
  );

  app.delete(
    '/cohorts/:cohortId/events/:eventId',
    {
      config: { access: access.roles(ADMIN, TRAINER) },
      schema: {
        tags: ['attendance'],
        summary: 'Delete an event that has no attendance recorded',
        params: ZEventParams,
        response: { 200: ZOk },
      },
    },
    async (request) => {
      await events.deleteEvent(ctxFromRequest(request), request.params.cohortId, request.params.eventId);
      return { ok: true as const };
    },
  );
}
