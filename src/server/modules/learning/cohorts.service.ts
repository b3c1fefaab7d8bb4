/**
 * Cohorts (a course, or a whole learning collaborative, run for a period) and their enrolments:
 * prerequisite checks, seats, the waitlist and its promotions.
 *
 * Surprising on purpose: seats are counted and the waitlist is moved in a system-scope
 * transaction, after the actor has been authorised under their own scope. Row-level security hides
 * other centers' enrolments from a clinician or a director, but a seat is a seat whoever holds it.
 * A per-cohort advisory lock serialises those transactions so concurrent enrolments cannot
 * overbook (docs/decisions/0008-cohort-seats-in-system-scope.md). Audit events carry the real actor.
 */
import { sql, type Selectable } from 'kysely';
import type { Config } from '../../config.js';
import type { EnrollmentTable } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import { requireActor, tx, type Actor, type Ctx } from '../../platform/context.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { enqueueMessage } from '../../platform/outbox.js';
import { DEGREE_RANK, type DegreeLevelValue, type LicenseStatusValue } from '../../../shared/pathways.js';
import { clinicianAccess, isUniqueViolation, systemTx, unprocessable, type Trx } from './learning.access.js';
import { toCohort, toEnrollment } from './learning.mapper.js';
import * as repo from './learning.repo.js';
import type {
  TCohort,
  TCohortListQuery,
  TCreateCohortRequest,
  TEnrollment,
  TEnrollmentListQuery,
  TEnrollRequest,
  TUpdateCohortRequest,
} from './learning.schemas.js';

type EnrollmentRow = Selectable<EnrollmentTable>;

const DEGREE_LABEL: Record<DegreeLevelValue, string> = {
  none: 'no degree',
  bachelor: "a bachelor's degree",
  master: "a master's degree",
  doctorate: 'a doctorate',
};
const LICENSE_LABEL: Record<LicenseStatusValue, string> = {
  none: 'no license',
  provisional: 'a provisional license',
  permanent: 'a permanent license',
};

/** A text[] literal of US state codes (already validated as two capital letters). */
function stateArray(states: readonly string[]) {
  return sql<string[]>`${`{${states.join(',')}}`}::text[]`;
}

export class CohortsService {
  constructor(private readonly config: Config) {}

  // Cohorts ---------------------------------------------------------------------------------------

  async findCohorts(ctx: Ctx, query: TCohortListQuery): Promise<{ items: TCohort[]; total: number }> {
    const actor = requireActor(ctx);
    const { rows, total } = await tx(ctx, (trx) => repo.findCohorts(trx, query, actor.userId));
    return { items: await systemTx(ctx, (trx) => this.#cohortViews(trx, rows)), total };
  }

  async getCohort(ctx: Ctx, id: string): Promise<TCohort> {
    const row = await tx(ctx, (trx) => repo.findCohortById(trx, id));
    if (!row) throw AppError.notFound('The cohort');
    return (await systemTx(ctx, (trx) => this.#cohortViews(trx, [row])))[0]!;
  }

  /**
   * Seat counts over the whole cohort and the trainers' names (system scope: counts are aggregates,
   * and who trains a cohort is public network information, like the directory of centers).
   */
  async #cohortViews(trx: Trx, rows: repo.CohortRow[]): Promise<TCohort[]> {
    const ids = rows.map((r) => r.id);
    const counts = await repo.seatCounts(trx, ids);
    const trainers = new Map<string, { id: string; displayName: string }[]>();
    for (const t of await repo.cohortTrainers(trx, ids)) {
      const list = trainers.get(t.cohort_id) ?? [];
      list.push({ id: t.user_id, displayName: t.display_name });
      trainers.set(t.cohort_id, list);
    }
    return rows.map((r) => toCohort(r, counts.get(r.id), trainers.get(r.id) ?? []));
  }

  async createCohort(ctx: Ctx, input: TCreateCohortRequest): Promise<TCohort> {
    const actor = requireActor(ctx);
    const id = await tx(ctx, async (trx) => {
      let modelId = input.modelId ?? null;
      if (input.courseId !== null) {
        const course = await repo.findCourseById(trx, input.courseId);
        if (!course) throw AppError.validation([{ path: 'courseId', message: 'is not a known course' }]);
        if (!course.active)
          throw unprocessable([
            { path: 'courseId', message: `is ${course.code}, which is no longer offered` },
          ]);
        if (input.modelId === undefined) modelId = course.model_id;
      }
      if (modelId !== null) {
        const model = await trx
          .selectFrom('training_model')
          .select('id')
          .where('id', '=', modelId)
          .executeTakeFirst();
        if (!model)
          throw AppError.validation([{ path: 'modelId', message: 'is not a known treatment model' }]);
      }
      await this.#assertPathway(trx, input.pathwayId);
      await this.#assertTrainers(trx, input.trainerIds);
      const row = await trx
        .insertInto('cohort')
        .values({
          title: input.title,
          kind: input.kind,
          course_id: input.courseId,
          pathway_id: input.pathwayId,
          model_id: modelId,
          modality: input.modality,
          states: stateArray(input.states),
          seats: input.seats,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          status: input.status,
          created_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.trainerIds.length > 0)
        await trx
          .insertInto('cohort_trainer')
          .values(input.trainerIds.map((userId) => ({ cohort_id: row.id, user_id: userId })))
          .execute();
      await recordAudit(trx, ctx, {
        action: 'cohort.create',
        targetType: 'cohort',
        targetId: row.id,
        details: {
          title: input.title,
          kind: input.kind,
          courseId: input.courseId,
          seats: input.seats,
          trainerIds: input.trainerIds,
        },
      });
      return row.id;
    });
    return this.getCohort(ctx, id);
  }

  /** Network administrators only (declared on the route). Seats and the waitlist move under the cohort's lock. */
  async updateCohort(ctx: Ctx, id: string, input: TUpdateCohortRequest): Promise<TCohort> {
    await systemTx(ctx, async (trx) => {
      await repo.lockCohortSeats(trx, id);
      const before = await repo.findCohortById(trx, id);
      if (!before) throw AppError.notFound('The cohort');
      const startsOn = input.startsOn ?? before.starts_on;
      const endsOn = input.endsOn ?? before.ends_on;
      if (endsOn < startsOn)
        throw AppError.validation([
          {
            path: input.endsOn ? 'endsOn' : 'startsOn',
            message: `must not be after the end date (${endsOn})`,
          },
        ]);
      if (input.pathwayId !== undefined) await this.#assertPathway(trx, input.pathwayId);
      if (input.trainerIds !== undefined) await this.#assertTrainers(trx, input.trainerIds);
      const counts = (await repo.seatCounts(trx, [id])).get(id)!;
      if (input.seats !== undefined && input.seats < counts.seatsTaken)
        throw AppError.conflict(
          `The cohort cannot have fewer than the ${counts.seatsTaken} seats already taken.`,
          'seats',
        );
      const set = {
        ...(input.title !== undefined && { title: input.title }),
        ...(input.pathwayId !== undefined && { pathway_id: input.pathwayId }),
        ...(input.modality !== undefined && { modality: input.modality }),
        ...(input.seats !== undefined && { seats: input.seats }),
        ...(input.startsOn !== undefined && { starts_on: input.startsOn }),
        ...(input.endsOn !== undefined && { ends_on: input.endsOn }),
        ...(input.status !== undefined && { status: input.status }),
      };
      const changes: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(set)) {
        const old = (before as unknown as Record<string, unknown>)[key];
        if (old !== value) changes[key] = { from: old, to: value };
      }
      if (input.states !== undefined && input.states.join(',') !== before.states.join(','))
        changes.states = { from: before.states, to: input.states };
      if (Object.keys(set).length > 0 || input.states !== undefined) {
        await trx
          .updateTable('cohort')
          .set({
            ...set,
            ...(input.states !== undefined && { states: stateArray(input.states) }),
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .execute();
      }
      if (input.trainerIds !== undefined) {
        const current = (await repo.cohortTrainers(trx, [id])).map((t) => t.user_id);
        const next = input.trainerIds;
        if ([...current].sort().join() !== [...next].sort().join()) {
          await trx.deleteFrom('cohort_trainer').where('cohort_id', '=', id).execute();
          if (next.length > 0)
            await trx
              .insertInto('cohort_trainer')
              .values(next.map((userId) => ({ cohort_id: id, user_id: userId })))
              .execute();
          changes.trainerIds = { from: current, to: next };
        }
      }
      if (Object.keys(changes).length > 0)
        await recordAudit(trx, ctx, {
          action: 'cohort.update',
          targetType: 'cohort',
          targetId: id,
          details: changes,
        });
      // More seats, or a cohort opened again: the waitlist moves up.
      await this.#fillSeats(trx, ctx, id);
    });
    return this.getCohort(ctx, id);
  }

  async #assertPathway(trx: Trx, pathwayId: string | null): Promise<void> {
    if (pathwayId === null) return;
    const found = await trx.selectFrom('pathway').select('id').where('id', '=', pathwayId).executeTakeFirst();
    if (!found) throw AppError.validation([{ path: 'pathwayId', message: 'is not a known pathway' }]);
  }

  async #assertTrainers(trx: Trx, trainerIds: readonly string[]): Promise<void> {
    const trainers = await repo.activeTrainers(trx, trainerIds);
    const details = trainerIds.flatMap((id, i) =>
      trainers.has(id)
        ? []
        : [{ path: `trainerIds.${i}`, message: 'is not a person with an active trainer role' }],
    );
    if (details.length > 0) throw unprocessable(details);
  }

  // Enrolments ------------------------------------------------------------------------------------

  /**
   * The roster. Row-level security decides whose enrolments the reader sees: network
   * administrators and the cohort's trainers everyone, a director their center's people, a
   * clinician themself. Names and waitlist positions are then filled in for those rows only.
   */
  async findEnrollments(
    ctx: Ctx,
    cohortId: string,
    query: TEnrollmentListQuery,
  ): Promise<{ items: TEnrollment[]; total: number }> {
    const rows = await tx(ctx, async (trx) => {
      const cohort = await repo.findCohortById(trx, cohortId);
      if (!cohort) throw AppError.notFound('The cohort');
      let q = repo.enrollmentQuery(trx).where('e.cohort_id', '=', cohortId);
      if (query.status) q = q.where('e.status', '=', query.status);
      return q.orderBy('e.created_at').orderBy('e.id').execute();
    });
    const items = await systemTx(ctx, (trx) => this.#enrollmentViews(trx, cohortId, rows));
    return { items, total: items.length };
  }

  async enroll(ctx: Ctx, cohortId: string, input: TEnrollRequest): Promise<TEnrollment> {
    const actor = requireActor(ctx);
    // 1. Under the actor's own scope: may they enrol this person, and at which center?
    const { centerId, centerProblem } = await tx(ctx, async (trx) => {
      const cohort = await repo.findCohortById(trx, cohortId);
      if (!cohort) throw AppError.notFound('The cohort');
      const access = await clinicianAccess(trx, actor, input.userId);
      if (access === 'trainer')
        throw AppError.forbidden(
          'Clinicians enrol themselves; directors enrol the clinicians of their centers; administrators anyone.',
        );
      let centers = await repo.clinicianCenters(trx, input.userId);
      if (access === 'director') {
        const manages = actor.scope.manageCenterIds ?? [];
        centers = centers.filter((c) => manages.includes(c));
      }
      return pickCenter(centers, input.centerId);
    });
    // 2. System scope under the cohort's lock: the rules, in order, then a seat or the waitlist.
    const row = await systemTx(ctx, async (trx) => {
      await repo.lockCohortSeats(trx, cohortId);
      const cohort = (await repo.findCohortById(trx, cohortId))!;
      if (cohort.status !== 'open')
        throw new AppError(
          'COHORT_NOT_OPEN',
          `This cohort is ${cohort.status} and does not take enrolments now.`,
          [{ path: 'cohortId', message: `is ${cohort.status}, not open for enrolment` }],
        );
      if (centerProblem) throw centerProblem;
      // Checked again here: the membership may have ended since step 1.
      if (!(await repo.clinicianCenters(trx, input.userId)).includes(centerId!))
        throw unprocessable([{ path: 'userId', message: 'is not an active clinician of this center' }]);
      await this.#assertPrerequisites(trx, cohort.course_id, input.userId);
      const existing = await trx
        .selectFrom('enrollment')
        .select('status')
        .where('cohort_id', '=', cohortId)
        .where('user_id', '=', input.userId)
        .where('status', '<>', 'withdrawn')
        .executeTakeFirst();
      if (existing) throw AppError.conflict(alreadyMessage(existing.status), 'userId');
      const counts = (await repo.seatCounts(trx, [cohortId])).get(cohortId)!;
      const hasSeat = counts.seatsTaken < cohort.seats;
      if (!hasSeat && !input.waitlist)
        throw new AppError('COHORT_FULL', `All ${cohort.seats} seats of this cohort are taken.`, [
          { path: 'waitlist', message: `is false and all ${cohort.seats} seats are taken` },
        ]);
      let created: EnrollmentRow;
      try {
        // clock_timestamp(), not now(): the time the seat or place was taken, under the lock, so
        // the waitlist order is the order in which requests got through.
        created = await trx
          .insertInto('enrollment')
          .values({
            cohort_id: cohortId,
            user_id: input.userId,
            center_id: centerId!,
            status: hasSeat ? 'enrolled' : 'waitlisted',
            enrolled_at: hasSeat ? sql<Date>`clock_timestamp()` : null,
            waitlisted_at: hasSeat ? null : sql<Date>`clock_timestamp()`,
            enrolled_by: actor.userId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        if (isUniqueViolation(error)) throw AppError.conflict(alreadyMessage('enrolled'), 'userId');
        throw error;
      }
      const view = (await this.#enrollmentViews(trx, cohortId, [created]))[0]!;
      await recordAudit(trx, ctx, {
        action: 'enrollment.create',
        targetType: 'enrollment',
        targetId: created.id,
        centerId: created.center_id,
        details: {
          cohortId,
          userId: input.userId,
          status: created.status,
          ...(view.waitlistPosition !== null && { waitlistPosition: view.waitlistPosition }),
        },
      });
      return view;
    });
    return row;
  }

  /** Degree, license and prerequisite courses of the cohort's course; every unmet one is named. */
  async #assertPrerequisites(trx: Trx, courseId: string | null, userId: string): Promise<void> {
    if (courseId === null) return;
    const course = (await repo.findCourseById(trx, courseId))!;
    const details: ErrorDetail[] = [];
    if (course.min_degree !== null || course.license_required !== null) {
      const q = await trx
        .selectFrom('clinician_qualification')
        .select(['degree_level', 'license_status'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!q) {
        details.push({
          path: 'qualification',
          message: `record your degree and license first: ${course.code} needs ${requirementText(course)}`,
        });
      } else {
        if (course.min_degree !== null && DEGREE_RANK[q.degree_level] < DEGREE_RANK[course.min_degree])
          details.push({
            path: 'minDegree',
            message: `${course.code} needs ${DEGREE_LABEL[course.min_degree]} or higher; the recorded degree is ${DEGREE_LABEL[q.degree_level]}`,
          });
        const licensed =
          course.license_required === 'permanent'
            ? q.license_status === 'permanent'
            : course.license_required === 'any'
              ? q.license_status !== 'none'
              : true;
        if (!licensed)
          details.push({
            path: 'licenseRequired',
            message: `${course.code} needs ${course.license_required === 'permanent' ? 'a permanent license' : 'a clinical license'}; the recorded license is ${LICENSE_LABEL[q.license_status]}`,
          });
      }
    }
    const required = course.prerequisite_course_ids;
    if (required.length > 0) {
      const done = await repo.completedCourseIds(trx, userId, required);
      const refs = new Map((await repo.courseRefs(trx, required)).map((r) => [r.id, r]));
      required.forEach((id, i) => {
        if (done.has(id)) return;
        const ref = refs.get(id);
        details.push({
          path: `prerequisiteCourseIds.${i}`,
          message: ref
            ? `${ref.code} (${ref.title}) must be completed first`
            : 'a prerequisite course must be completed first',
        });
      });
    }
    if (details.length > 0)
      throw new AppError(
        'PREREQUISITE_MISSING',
        `Not yet eligible for ${course.code}: ${details[0]!.message}.`,
        details,
      );
  }

  async withdraw(
    ctx: Ctx,
    cohortId: string,
    enrollmentId: string,
    reason: string | undefined,
  ): Promise<TEnrollment> {
    const actor = requireActor(ctx);
    // Under the actor's scope: the person, their director, the cohort's trainers, administrators.
    await tx(ctx, async (trx) => {
      const row = await repo.findEnrollmentById(trx, cohortId, enrollmentId);
      if (!row || !(await this.#canActOn(trx, actor, row))) throw AppError.notFound('The enrolment');
    });
    return systemTx(ctx, async (trx) => {
      await repo.lockCohortSeats(trx, cohortId);
      const row = (await repo.findEnrollmentById(trx, cohortId, enrollmentId))!;
      if (row.status === 'withdrawn') throw AppError.conflict('This enrolment was already withdrawn.');
      if (row.status === 'completed')
        throw AppError.conflict('This enrolment is completed; a completed cohort cannot be withdrawn from.');
      // The row stays, with when and why: history is kept.
      const updated = await trx
        .updateTable('enrollment')
        .set({
          status: 'withdrawn',
          withdrawn_at: new Date(),
          withdraw_reason: reason ?? null,
          updated_at: new Date(),
        })
        .where('id', '=', enrollmentId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'enrollment.withdraw',
        targetType: 'enrollment',
        targetId: enrollmentId,
        centerId: row.center_id,
        details: { cohortId, userId: row.user_id, from: row.status, ...(reason && { reason }) },
      });
      if (row.status === 'enrolled') await this.#fillSeats(trx, ctx, cohortId);
      return (await this.#enrollmentViews(trx, cohortId, [updated]))[0]!;
    });
  }

  async complete(ctx: Ctx, cohortId: string, enrollmentId: string): Promise<TEnrollment> {
    const actor = requireActor(ctx);
    const updated = await tx(ctx, async (trx) => {
      const row = await repo.findEnrollmentById(trx, cohortId, enrollmentId);
      if (!row) throw AppError.notFound('The enrolment');
      if (!actor.scope.allCenters && !(await repo.isCohortTrainer(trx, cohortId, actor.userId)))
        throw AppError.forbidden(
          "Only the cohort's trainers and network administrators can mark a completion.",
        );
      if (row.status !== 'enrolled')
        throw AppError.conflict(
          row.status === 'completed'
            ? 'This enrolment is already completed.'
            : `Only an enrolled member can complete the cohort; this enrolment is ${row.status}.`,
        );
      const result = await trx
        .updateTable('enrollment')
        .set({ status: 'completed', completed_at: new Date(), updated_at: new Date() })
        .where('id', '=', enrollmentId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'enrollment.complete',
        targetType: 'enrollment',
        targetId: enrollmentId,
        centerId: row.center_id,
        details: { cohortId, userId: row.user_id },
      });
      return result;
    });
    return (await systemTx(ctx, (trx) => this.#enrollmentViews(trx, cohortId, [updated])))[0]!;
  }

  /** The person themself, a director of their center, a trainer of the cohort, an administrator. */
  async #canActOn(trx: Trx, actor: Actor, row: EnrollmentRow): Promise<boolean> {
    return (
      actor.scope.allCenters === true ||
      row.user_id === actor.userId ||
      (actor.scope.manageCenterIds ?? []).includes(row.center_id) ||
      (await repo.isCohortTrainer(trx, row.cohort_id, actor.userId))
    );
  }

  /**
   * Moves the earliest waitlisted people into free seats of an open cohort, audits each move and
   * tells each person by e-mail (through the outbox, in this transaction). Call under the lock.
   */
  async #fillSeats(trx: Trx, ctx: Ctx, cohortId: string): Promise<void> {
    const cohort = (await repo.findCohortById(trx, cohortId))!;
    if (cohort.status !== 'open') return;
    const counts = (await repo.seatCounts(trx, [cohortId])).get(cohortId)!;
    const free = Math.min(cohort.seats - counts.seatsTaken, counts.waitlistCount);
    if (free <= 0) return;
    const promoted = (await repo.promoteFromWaitlist(trx, cohortId, free)).sort(
      (a, b) => (a.waitlisted_at?.getTime() ?? 0) - (b.waitlisted_at?.getTime() ?? 0),
    );
    if (promoted.length === 0) return;
    const people = await trx
      .selectFrom('app_user')
      .select(['id', 'email', 'display_name', 'status'])
      .where(
        'id',
        'in',
        promoted.map((p) => p.user_id),
      )
      .execute();
    const byId = new Map(people.map((p) => [p.id, p]));
    for (const row of promoted) {
      await recordAudit(trx, ctx, {
        action: 'enrollment.promote',
        targetType: 'enrollment',
        targetId: row.id,
        centerId: row.center_id,
        details: { cohortId, userId: row.user_id, from: 'waitlisted', to: 'enrolled' },
      });
      const person = byId.get(row.user_id);
      if (!person || person.status !== 'active') continue;
      await enqueueMessage(trx, this.config, {
        kind: 'enrollment_promoted',
        to: person.email,
        subject: `A seat opened for you: ${cohort.title}`,
        bodyText:
          `Hello ${person.display_name},\n\n` +
          `A seat opened in ${cohort.title} (${cohort.starts_on} to ${cohort.ends_on}), and you have moved ` +
          'from the waitlist to enrolled.\n\n' +
          `Your cohorts and their sessions are in Waymark: ${this.config.publicUrl}/\n\n` +
          'If you can no longer take part, please withdraw, so that the next person on the waitlist gets the seat.\n',
        centerId: row.center_id,
        relatedId: row.id,
      });
    }
  }

  /** Names, center names and waitlist positions (system scope; only for rows the reader may see). */
  async #enrollmentViews(trx: Trx, cohortId: string, rows: EnrollmentRow[]): Promise<TEnrollment[]> {
    if (rows.length === 0) return [];
    const names = await repo.displayNames(
      trx,
      rows.map((r) => r.user_id),
    );
    const centers = await repo.centerNames(
      trx,
      rows.map((r) => r.center_id),
    );
    const positions = rows.some((r) => r.status === 'waitlisted')
      ? await repo.waitlistPositions(trx, cohortId)
      : new Map<string, number>();
    return rows.map((r) =>
      toEnrollment(r, {
        displayName: names.get(r.user_id) ?? 'Unknown',
        centerName: centers.get(r.center_id) ?? 'Unknown',
        waitlistPosition: positions.get(r.id) ?? null,
      }),
    );
  }
}

function alreadyMessage(status: string): string {
  if (status === 'waitlisted') return 'This clinician is already on the waitlist of this cohort.';
  if (status === 'completed') return 'This clinician has already completed this cohort.';
  return 'This clinician is already enrolled in this cohort.';
}

function requirementText(course: { min_degree: string | null; license_required: string | null }): string {
  const parts: string[] = [];
  if (course.min_degree) parts.push(`${DEGREE_LABEL[course.min_degree as DegreeLevelValue]} or higher`);
  if (course.license_required === 'permanent') parts.push('a permanent license');
  else if (course.license_required === 'any') parts.push('a clinical license');
  return parts.join(' and ');
}

/**
 * The center of an enrolment: the named one or the person's only one. A problem is returned, not
 * thrown, because the rules are checked in order and "the cohort is open" comes first.
 */
function pickCenter(
  centers: string[],
  centerId: string | undefined,
): { centerId: string | null; centerProblem: AppError | null } {
  if (centerId !== undefined) {
    return centers.includes(centerId)
      ? { centerId, centerProblem: null }
      : {
          centerId: null,
          centerProblem: unprocessable([
            { path: 'centerId', message: 'is not a center where this person is an active clinician' },
          ]),
        };
  }
  if (centers.length === 1) return { centerId: centers[0]!, centerProblem: null };
  return {
    centerId: null,
    centerProblem: unprocessable([
      centers.length === 0
        ? { path: 'userId', message: 'is not an active clinician of the center' }
        : { path: 'centerId', message: 'is required: this clinician works at several centers' },
    ]),
  };
}
