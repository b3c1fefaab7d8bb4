/**
 * A clinician's learning records outside cohorts: the self-attested qualification (degree and
 * license) that prerequisite checks read, knowledge-test attempts, course completions recorded from
 * elsewhere (e.g. TF-CBTWeb), and continuing-education hours.
 *
 * Who sees a person's records: themself, directors of a center where they are active staff,
 * trainers of a cohort they are enrolled in, network administrators; anyone else gets 404.
 */
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit.js';
import { centersWhere, requireActor, tx, type Actor, type Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { uuidArray } from '../../platform/sql.js';
import {
  addDays,
  clinicianAccess,
  clinicianCenter,
  isUniqueViolation,
  systemTx,
  todayUtc,
  unprocessable,
  type Trx,
} from './learning.access.js';
import { toCourseCompletion, toQualification, toTestAttempt } from './learning.mapper.js';
import * as repo from './learning.repo.js';
import type {
  TCeHours,
  TCeHoursQuery,
  TCourseCompletion,
  TCreateCourseCompletionRequest,
  TCreateTestAttemptRequest,
  TPutQualificationRequest,
  TQualification,
  TTestAttempt,
} from './learning.schemas.js';

/** A few minutes of clock difference between browser and server are not "the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

export class RecordsService {
  // Qualifications --------------------------------------------------------------------------------

  async getQualification(ctx: Ctx, userId: string): Promise<TQualification> {
    const actor = requireActor(ctx);
    const { row, verifierName } = await tx(ctx, async (trx) => {
      await clinicianAccess(trx, actor, userId);
      return this.#qualification(trx, userId);
    });
    // The verifying director may work at a center the reader cannot see; their name is not private.
    const name =
      row?.verified_by && verifierName === null
        ? ((await systemTx(ctx, (trx) => repo.displayNames(trx, [row.verified_by!]))).get(row.verified_by) ??
          null)
        : verifierName;
    return toQualification(userId, row, name);
  }

  async putQualification(ctx: Ctx, userId: string, input: TPutQualificationRequest): Promise<TQualification> {
    const actor = requireActor(ctx);
    if (userId !== actor.userId) {
      await tx(ctx, (trx) => clinicianAccess(trx, actor, userId));
      throw AppError.forbidden(
        'Only the clinician can record and attest their own degree and license; a director can verify it.',
      );
    }
    const licenseState = input.licenseStatus === 'none' ? null : (input.licenseState ?? null);
    await tx(ctx, async (trx) => {
      const before = await trx
        .selectFrom('clinician_qualification')
        .selectAll()
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const changed =
        !before ||
        before.degree_level !== input.degreeLevel ||
        before.license_status !== input.licenseStatus ||
        before.license_state !== licenseState;
      const now = new Date();
      if (before) {
        await trx
          .updateTable('clinician_qualification')
          .set({
            degree_level: input.degreeLevel,
            license_status: input.licenseStatus,
            license_state: licenseState,
            attested_at: now,
            updated_at: now,
            // A verification vouches for the values it saw; new values need a new one.
            ...(changed && { verified_by: null, verified_at: null }),
          })
          .where('user_id', '=', userId)
          .execute();
      } else {
        await trx
          .insertInto('clinician_qualification')
          .values({
            user_id: userId,
            degree_level: input.degreeLevel,
            license_status: input.licenseStatus,
            license_state: licenseState,
            attested_at: now,
          })
          .execute();
      }
      await recordAudit(trx, ctx, {
        action: 'qualification.attest',
        targetType: 'user',
        targetId: userId,
        centerId: centersWhere(actor, 'clinician')[0] ?? null,
        details: {
          degreeLevel: input.degreeLevel,
          licenseStatus: input.licenseStatus,
          licenseState,
          verificationCleared: changed && before?.verified_at != null,
        },
      });
    });
    return this.getQualification(ctx, userId);
  }

  async verifyQualification(ctx: Ctx, userId: string): Promise<TQualification> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      const access = await clinicianAccess(trx, actor, userId);
      const isAdmin = actor.scope.allCenters === true;
      const managed = isAdmin ? [] : await this.#managedCentersOf(trx, actor, userId);
      if (!isAdmin && (access === 'self' || managed.length === 0)) {
        throw AppError.forbidden(
          access === 'self'
            ? 'A qualification is verified by someone else: a director of your center or a network administrator.'
            : "Only a director of the clinician's center or a network administrator can verify a qualification.",
        );
      }
      const row = await trx
        .selectFrom('clinician_qualification')
        .select(['user_id', 'degree_level', 'license_status'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!row)
        throw AppError.conflict('This clinician has not recorded a degree and license yet.', 'userId');
      await trx
        .updateTable('clinician_qualification')
        .set({ verified_by: actor.userId, verified_at: new Date() })
        .where('user_id', '=', userId)
        .execute();
      const centerId = managed[0] ?? (await repo.clinicianCenters(trx, userId))[0] ?? null;
      await recordAudit(trx, ctx, {
        action: 'qualification.verify',
        targetType: 'user',
        targetId: userId,
        centerId,
        details: { degreeLevel: row.degree_level, licenseStatus: row.license_status },
      });
    });
    return this.getQualification(ctx, userId);
  }

  async #qualification(trx: Trx, userId: string) {
    const row = await trx
      .selectFrom('clinician_qualification')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const verifierName = row?.verified_by
      ? ((await repo.displayNames(trx, [row.verified_by])).get(row.verified_by) ?? null)
      : null;
    return { row, verifierName };
  }

  /** Centers the actor directs where the person is active staff (any role). */
  async #managedCentersOf(trx: Trx, actor: Actor, userId: string): Promise<string[]> {
    const manages = actor.scope.manageCenterIds ?? [];
    if (manages.length === 0) return [];
    const rows = await trx
      .selectFrom('membership')
      .select('center_id')
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .where(sql<boolean>`center_id = any(${uuidArray(manages)}::uuid[])`)
      .execute();
    return [...new Set(rows.map((r) => r.center_id!))];
  }

  /** Centers of the person's current enrolments in cohorts the actor trains (optionally of one model). */
  async #trainedCentersOf(
    trx: Trx,
    actor: Actor,
    userId: string,
    modelId?: string | null,
  ): Promise<string[]> {
    if (!actor.roles.has('trainer')) return [];
    let q = trx
      .selectFrom('enrollment as e')
      .innerJoin('cohort as co', 'co.id', 'e.cohort_id')
      .innerJoin('cohort_trainer as ct', (j) =>
        j.onRef('ct.cohort_id', '=', 'co.id').on('ct.user_id', '=', actor.userId),
      )
      .leftJoin('course as c', 'c.id', 'co.course_id')
      .select('e.center_id')
      .where('e.user_id', '=', userId)
      .where('e.status', '<>', 'withdrawn')
      .orderBy('e.created_at', 'desc');
    if (modelId !== undefined) {
      if (modelId === null) return [];
      q = q.where(sql<boolean>`coalesce(co.model_id, c.model_id) = ${modelId}`);
    }
    return [...new Set((await q.execute()).map((r) => r.center_id))];
  }

  // Knowledge tests -------------------------------------------------------------------------------

  async createTestAttempt(
    ctx: Ctx,
    courseId: string,
    input: TCreateTestAttemptRequest,
  ): Promise<TTestAttempt> {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      const course = await repo.findCourseById(trx, courseId);
      if (!course) throw AppError.notFound('The course');
      let centerId: string;
      if (actor.scope.allCenters) {
        await clinicianAccess(trx, actor, input.userId);
        centerId = await clinicianCenter(trx, input.userId, input.centerId);
      } else {
        const trained = await this.#trainedCentersOf(trx, actor, input.userId, course.model_id);
        if (trained.length === 0) {
          await clinicianAccess(trx, actor, input.userId);
          const model = course.model_code ? `${course.model_code} ` : '';
          throw AppError.forbidden(
            `Test results are recorded by a trainer of one of the clinician's ${model}cohorts or a network administrator.`,
          );
        }
        if (input.centerId !== undefined && !trained.includes(input.centerId))
          throw unprocessable([
            { path: 'centerId', message: 'is not the center of an enrolment in your cohorts' },
          ]);
        centerId = input.centerId ?? trained[0]!;
      }
      if (course.kind !== 'knowledge_test' || course.pass_mark === null)
        throw unprocessable([
          { path: 'courseId', message: `is ${course.code}, which is not a knowledge test` },
        ]);
      const takenAt = new Date(input.takenAt);
      if (takenAt.getTime() > Date.now() + CLOCK_SKEW_MS)
        throw AppError.validation([{ path: 'takenAt', message: 'must not be in the future' }]);
      const previous = await trx
        .selectFrom('test_attempt')
        .select(['taken_at', 'passed'])
        .where('user_id', '=', input.userId)
        .where('course_id', '=', courseId)
        .where('taken_at', '<=', takenAt)
        .orderBy('taken_at', 'desc')
        .executeTakeFirst();
      if (previous && !previous.passed && course.retake_wait_days) {
        const failedOn = previous.taken_at.toISOString().slice(0, 10);
        const firstAllowed = addDays(failedOn, course.retake_wait_days);
        if (takenAt.toISOString().slice(0, 10) < firstAllowed) {
          throw new AppError(
            'RETAKE_TOO_SOON',
            `${course.code} can be retaken from ${firstAllowed}, ${course.retake_wait_days} days after the attempt on ${failedOn} that did not pass.`,
            [
              {
                path: 'takenAt',
                message: `must be on or after ${firstAllowed} (${course.retake_wait_days} days after the failed attempt on ${failedOn})`,
              },
            ],
          );
        }
      }
      const passed = input.score >= course.pass_mark;
      const row = await trx
        .insertInto('test_attempt')
        .values({
          course_id: courseId,
          user_id: input.userId,
          center_id: centerId,
          score: input.score,
          pass_mark: course.pass_mark,
          passed,
          taken_at: takenAt,
          recorded_by: actor.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'test_attempt.create',
        targetType: 'test_attempt',
        targetId: row.id,
        centerId,
        details: { courseId, courseCode: course.code, userId: input.userId, score: input.score, passed },
      });
      return toTestAttempt({ ...row, course_code: course.code, course_title: course.title });
    });
  }

  async findTestAttempts(
    ctx: Ctx,
    userId: string,
    query: { courseId?: string | undefined },
  ): Promise<{ items: TTestAttempt[]; total: number }> {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      await clinicianAccess(trx, actor, userId);
      let q = trx
        .selectFrom('test_attempt as t')
        .innerJoin('course as c', 'c.id', 't.course_id')
        .selectAll('t')
        .select(['c.code as course_code', 'c.title as course_title'])
        .where('t.user_id', '=', userId);
      if (query.courseId) q = q.where('t.course_id', '=', query.courseId);
      const rows = await q.orderBy('t.taken_at', 'desc').execute();
      return { items: rows.map(toTestAttempt), total: rows.length };
    });
  }

  // Course completions ----------------------------------------------------------------------------

  async createCourseCompletion(ctx: Ctx, input: TCreateCourseCompletionRequest): Promise<TCourseCompletion> {
    const actor = requireActor(ctx);
    const coursePath = input.courseId !== undefined ? 'courseId' : 'courseCode';
    return tx(ctx, async (trx) => {
      const course =
        input.courseId !== undefined
          ? await repo.findCourseById(trx, input.courseId)
          : await repo.findCourseByCode(trx, input.courseCode!);
      if (!course) throw AppError.validation([{ path: coursePath, message: 'is not a known course' }]);
      const centerId = await this.#completionCenter(trx, actor, input.userId, input.centerId);
      if (input.completedOn > todayUtc())
        throw AppError.validation([{ path: 'completedOn', message: 'must not be in the future' }]);
      const existing = await trx
        .selectFrom('course_completion')
        .select('completed_on')
        .where('course_id', '=', course.id)
        .where('user_id', '=', input.userId)
        .executeTakeFirst();
      const already = `${course.code} is already recorded as completed${existing ? ` on ${existing.completed_on}` : ''} for this clinician.`;
      if (existing) throw AppError.conflict(already, coursePath);
      const ceHours = input.ceHours ?? Number(course.ce_hours);
      let row;
      try {
        row = await trx
          .insertInto('course_completion')
          .values({
            course_id: course.id,
            user_id: input.userId,
            center_id: centerId,
            completed_on: input.completedOn,
            ce_hours: ceHours,
            source: 'record',
            recorded_by: actor.userId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        if (isUniqueViolation(error)) throw AppError.conflict(already, coursePath);
        throw error;
      }
      await recordAudit(trx, ctx, {
        action: 'course_completion.create',
        targetType: 'course_completion',
        targetId: row.id,
        centerId,
        details: {
          courseId: course.id,
          courseCode: course.code,
          userId: input.userId,
          completedOn: input.completedOn,
          ceHours,
        },
      });
      return toCourseCompletion({ ...row, course_code: course.code, course_title: course.title });
    });
  }

  /**
   * Network administrators record for anyone; directors for clinicians of their centers; trainers
   * for people enrolled in their cohorts. Returns the center the record belongs to.
   */
  async #completionCenter(
    trx: Trx,
    actor: Actor,
    userId: string,
    centerId: string | undefined,
  ): Promise<string> {
    if (actor.scope.allCenters) {
      await clinicianAccess(trx, actor, userId);
      return clinicianCenter(trx, userId, centerId);
    }
    const managed = await this.#managedCentersOf(trx, actor, userId);
    if (managed.length > 0) {
      const clinicianAt = (await repo.clinicianCenters(trx, userId)).filter((c) => managed.includes(c));
      if (clinicianAt.length > 0) {
        if (centerId === undefined) return clinicianAt[0]!;
        if (clinicianAt.includes(centerId)) return centerId;
      }
    }
    const trained = await this.#trainedCentersOf(trx, actor, userId);
    if (trained.length > 0) {
      if (centerId === undefined) return trained[0]!;
      if (trained.includes(centerId)) return centerId;
      throw unprocessable([
        { path: 'centerId', message: 'is not the center of an enrolment in your cohorts' },
      ]);
    }
    const access = await clinicianAccess(trx, actor, userId);
    if (access === 'director')
      throw unprocessable([
        {
          path: centerId === undefined ? 'userId' : 'centerId',
          message: 'is not an active clinician of a center you direct',
        },
      ]);
    throw AppError.forbidden(
      "Completions are recorded by a director of the clinician's center, a trainer of their cohort or a network administrator.",
    );
  }

  async findCourseCompletions(
    ctx: Ctx,
    userId: string,
  ): Promise<{ items: TCourseCompletion[]; total: number }> {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      await clinicianAccess(trx, actor, userId);
      const rows = await trx
        .selectFrom('course_completion as cc')
        .innerJoin('course as c', 'c.id', 'cc.course_id')
        .selectAll('cc')
        .select(['c.code as course_code', 'c.title as course_title'])
        .where('cc.user_id', '=', userId)
        .orderBy('cc.completed_on', 'desc')
        .orderBy('c.code')
        .execute();
      return { items: rows.map(toCourseCompletion), total: rows.length };
    });
  }

  // Continuing education --------------------------------------------------------------------------

  /**
   * CE hours from attendance and completions. The reader's right to see the person is checked under
   * their own scope; the hours are then read whole (system scope), so a trainer and a director see
   * the same total as the clinician.
   */
  async getCeHours(ctx: Ctx, userId: string, query: TCeHoursQuery): Promise<TCeHours> {
    const actor = requireActor(ctx);
    await tx(ctx, (trx) => clinicianAccess(trx, actor, userId));
    const all = await systemTx(ctx, (trx) => repo.ceActivities(trx, [userId]));
    const items = all
      .filter((a) => (!query.from || a.date >= query.from) && (!query.to || a.date <= query.to))
      .map(({ userId: _userId, ...item }) => item);
    // Summed in hundredths, so that 120 x 0.1 h is 12 h.
    const totalHours = items.reduce((sum, a) => sum + Math.round(a.hours * 100), 0) / 100;
    return { userId, totalHours, items };
  }
}
