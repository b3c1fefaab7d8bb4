/**
 * A cohort's events (live sessions, learning sessions, consultation calls) and their attendance,
 * which is also where continuing-education hours come from (minutes present / 60).
 *
 * Anyone who can see a cohort sees its schedule with attendance counts (aggregates, counted over
 * everyone). Who appears on an event's roster follows row-level security: the cohort's trainers
 * and administrators see everyone, a director their center's people, a clinician themself.
 * Attendance is recorded by the cohort's trainers or administrators, the whole roster at once.
 */
import type { Selectable } from 'kysely';
import type { CohortEventTable } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import { requireActor, tx, type Actor, type Ctx } from '../../platform/context.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { systemTx, unprocessable, type Trx } from './learning.access.js';
import { toCohortEvent } from './learning.mapper.js';
import * as repo from './learning.repo.js';
import type {
  TAttendanceRequest,
  TCohortEvent,
  TCohortEventDetail,
  TCreateEventRequest,
  TCreateEventSeriesRequest,
} from './learning.schemas.js';

type EventRow = Selectable<CohortEventTable>;

/** Attendance may be recorded from a few minutes before the start (clocks differ). */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Start times of a series. Steps are taken in UTC: a weekly call keeps its UTC time, so across a
 * daylight-saving change its local time moves by an hour. Monthly steps keep the day of the month,
 * or the month's last day when it is shorter (31 January, 28 February, 31 March).
 */
export function seriesStarts(first: Date, count: number, every: 'week' | 'two_weeks' | 'month'): Date[] {
  const starts: Date[] = [];
  for (let i = 0; i < count; i++) {
    if (every !== 'month') {
      starts.push(new Date(first.getTime() + i * (every === 'week' ? 7 : 14) * 86_400_000));
      continue;
    }
    const year = first.getUTCFullYear();
    const month = first.getUTCMonth() + i;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    starts.push(
      new Date(
        Date.UTC(
          year,
          month,
          Math.min(first.getUTCDate(), lastDay),
          first.getUTCHours(),
          first.getUTCMinutes(),
          first.getUTCSeconds(),
          first.getUTCMilliseconds(),
        ),
      ),
    );
  }
  return starts;
}

export class EventsService {
  async findEvents(
    ctx: Ctx,
    cohortId: string,
    query: { kind?: 'live_session' | 'learning_session' | 'consultation_call' | undefined },
  ): Promise<{ items: TCohortEvent[]; total: number }> {
    const rows = await tx(ctx, async (trx) => {
      if (!(await repo.findCohortById(trx, cohortId))) throw AppError.notFound('The cohort');
      return repo.findEvents(trx, cohortId, query.kind);
    });
    const items = await systemTx(ctx, (trx) => this.#eventViews(trx, cohortId, rows));
    return { items, total: items.length };
  }

  async createEvent(ctx: Ctx, cohortId: string, input: TCreateEventRequest): Promise<TCohortEvent> {
    const actor = requireActor(ctx);
    const row = await tx(ctx, async (trx) => {
      await this.#assertCanManage(trx, actor, cohortId);
      const created = await trx
        .insertInto('cohort_event')
        .values({
          cohort_id: cohortId,
          kind: input.kind,
          title: input.title,
          starts_at: new Date(input.startsAt),
          duration_minutes: input.durationMinutes,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'cohort_event.create',
        targetType: 'cohort_event',
        targetId: created.id,
        details: { cohortId, kind: input.kind, title: input.title, startsAt: input.startsAt },
      });
      return created;
    });
    return (await systemTx(ctx, (trx) => this.#eventViews(trx, cohortId, [row])))[0]!;
  }

  /** Schedules `count` events at a fixed interval, titled "<title> N of <count>". */
  async createEventSeries(
    ctx: Ctx,
    cohortId: string,
    input: TCreateEventSeriesRequest,
  ): Promise<{ items: TCohortEvent[]; total: number }> {
    const actor = requireActor(ctx);
    const starts = seriesStarts(new Date(input.firstStartsAt), input.count, input.every);
    const rows = await tx(ctx, async (trx) => {
      await this.#assertCanManage(trx, actor, cohortId);
      const created = await trx
        .insertInto('cohort_event')
        .values(
          starts.map((startsAt, i) => ({
            cohort_id: cohortId,
            kind: input.kind,
            title: `${input.title} ${i + 1} of ${input.count}`,
            starts_at: startsAt,
            duration_minutes: input.durationMinutes,
          })),
        )
        .returningAll()
        .execute();
      await recordAudit(trx, ctx, {
        action: 'cohort_event.create_series',
        targetType: 'cohort',
        targetId: cohortId,
        details: {
          kind: input.kind,
          title: input.title,
          count: input.count,
          every: input.every,
          firstStartsAt: input.firstStartsAt,
        },
      });
      return created.sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
    });
    const items = await systemTx(ctx, (trx) => this.#eventViews(trx, cohortId, rows));
    return { items, total: items.length };
  }

  async getEvent(ctx: Ctx, cohortId: string, eventId: string): Promise<TCohortEventDetail> {
    const { event, roster, attendance } = await tx(ctx, async (trx) => {
      const row = await repo.findEventById(trx, cohortId, eventId);
      if (!row) throw AppError.notFound('The event');
      // Under the reader's scope: whose enrolments and attendance they may see.
      return {
        event: row,
        roster: await repo.rosterEnrollments(trx, cohortId),
        attendance: await repo.attendanceOfEvent(trx, eventId),
      };
    });
    return systemTx(ctx, async (trx) => {
      const view = (await this.#eventViews(trx, cohortId, [event]))[0]!;
      const names = await repo.displayNames(
        trx,
        roster.map((r) => r.user_id),
      );
      const centers = await repo.centerNames(
        trx,
        roster.map((r) => r.center_id),
      );
      const byEnrollment = new Map(attendance.map((a) => [a.enrollment_id, a]));
      return {
        ...view,
        roster: roster
          .map((r) => {
            const a = byEnrollment.get(r.id);
            return {
              enrollmentId: r.id,
              userId: r.user_id,
              displayName: names.get(r.user_id) ?? 'Unknown',
              centerId: r.center_id,
              centerName: centers.get(r.center_id) ?? 'Unknown',
              enrollmentStatus: r.status as 'enrolled' | 'completed',
              attendance: a
                ? {
                    status: a.status,
                    minutesAttended: a.minutes_attended,
                    recordedAt: a.recorded_at.toISOString(),
                  }
                : null,
            };
          })
          .sort(
            (a, b) =>
              a.displayName.localeCompare(b.displayName) || a.enrollmentId.localeCompare(b.enrollmentId),
          ),
      };
    });
  }

  /**
   * Records attendance for any part of the roster in one step (insert or replace per person).
   * Every record is checked first; if any is wrong, nothing is written and every problem is named.
   */
  async recordAttendance(
    ctx: Ctx,
    cohortId: string,
    eventId: string,
    input: TAttendanceRequest,
  ): Promise<TCohortEventDetail> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      await this.#assertCanManage(trx, actor, cohortId);
      const event = await repo.findEventById(trx, cohortId, eventId);
      if (!event) throw AppError.notFound('The event');
      if (event.starts_at.getTime() > Date.now() + CLOCK_SKEW_MS)
        throw AppError.conflict(
          `This event starts at ${event.starts_at.toISOString()}; attendance can be recorded once it has started.`,
        );
      const roster = new Map((await repo.rosterEnrollments(trx, cohortId)).map((r) => [r.id, r]));
      const details: ErrorDetail[] = [];
      let offRoster = false;
      const now = new Date();
      const values = input.records.flatMap((record, i) => {
        const member = roster.get(record.enrollmentId);
        if (!member) {
          offRoster = true;
          details.push({
            path: `records.${i}.enrollmentId`,
            message: "is not on this cohort's roster (its enrolled and completed members)",
          });
          return [];
        }
        const present = record.status === 'present';
        const minutes = record.minutesAttended ?? (present ? event.duration_minutes : 0);
        const path = `records.${i}.minutesAttended`;
        if (minutes > event.duration_minutes)
          details.push({ path, message: `must not exceed the event's ${event.duration_minutes} minutes` });
        else if (present && minutes === 0)
          details.push({ path, message: 'must be more than 0 for someone present' });
        else if (!present && minutes > 0)
          details.push({ path, message: `must be 0 for someone ${record.status}` });
        return [
          {
            event_id: eventId,
            enrollment_id: member.id,
            user_id: member.user_id,
            center_id: member.center_id,
            status: record.status,
            minutes_attended: minutes,
            recorded_by: actor.userId,
            recorded_at: now,
          },
        ];
      });
      if (details.length > 0) {
        throw offRoster
          ? unprocessable(
              details,
              details.length === 1 ? undefined : 'Some attendance records cannot be used; nothing was saved.',
            )
          : AppError.validation(
              details,
              details.length === 1 ? undefined : 'Some attendance records are not valid; nothing was saved.',
            );
      }
      await trx
        .insertInto('attendance')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['event_id', 'enrollment_id']).doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            minutes_attended: eb.ref('excluded.minutes_attended'),
            recorded_by: eb.ref('excluded.recorded_by'),
            recorded_at: eb.ref('excluded.recorded_at'),
          })),
        )
        .execute();
      // One audit event per center, so each center's directors see their people's records.
      const byCenter = new Map<string, typeof values>();
      for (const v of values) byCenter.set(v.center_id, [...(byCenter.get(v.center_id) ?? []), v]);
      for (const [centerId, list] of byCenter) {
        await recordAudit(trx, ctx, {
          action: 'attendance.record',
          targetType: 'cohort_event',
          targetId: eventId,
          centerId,
          details: {
            cohortId,
            records: list.length,
            present: list.filter((v) => v.status === 'present').length,
            absent: list.filter((v) => v.status === 'absent').length,
            excused: list.filter((v) => v.status === 'excused').length,
          },
        });
      }
    });
    return this.getEvent(ctx, cohortId, eventId);
  }

  async deleteEvent(ctx: Ctx, cohortId: string, eventId: string): Promise<void> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      await this.#assertCanManage(trx, actor, cohortId);
      const event = await repo.findEventById(trx, cohortId, eventId);
      if (!event) throw AppError.notFound('The event');
      const recorded = await trx
        .selectFrom('attendance')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('event_id', '=', eventId)
        .executeTakeFirstOrThrow();
      if (Number(recorded.n) > 0)
        throw AppError.conflict(
          `Attendance was recorded for this event (${Number(recorded.n)} people), so it cannot be deleted.`,
        );
      await trx.deleteFrom('cohort_event').where('id', '=', eventId).execute();
      await recordAudit(trx, ctx, {
        action: 'cohort_event.delete',
        targetType: 'cohort_event',
        targetId: eventId,
        details: { cohortId, kind: event.kind, title: event.title, startsAt: event.starts_at.toISOString() },
      });
    });
  }

  /** 404 for an unknown cohort; 403 unless a network administrator or one of the cohort's trainers. */
  async #assertCanManage(trx: Trx, actor: Actor, cohortId: string): Promise<void> {
    if (!(await repo.findCohortById(trx, cohortId))) throw AppError.notFound('The cohort');
    if (actor.scope.allCenters) return;
    if (!(await repo.isCohortTrainer(trx, cohortId, actor.userId)))
      throw AppError.forbidden("Only the cohort's trainers and network administrators can do this.");
  }

  /** Events with attendance counts over everyone and the roster's size (system scope: aggregates). */
  async #eventViews(trx: Trx, cohortId: string, rows: EventRow[]): Promise<TCohortEvent[]> {
    const counts = await repo.attendanceCounts(
      trx,
      rows.map((r) => r.id),
    );
    const rosterSize = (await repo.seatCounts(trx, [cohortId])).get(cohortId)!.seatsTaken;
    return rows.map((r) => toCohortEvent(r, { ...counts.get(r.id)!, rosterSize }));
  }
}
