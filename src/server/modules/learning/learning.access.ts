/**
 * Rules shared by the learning services: who may see a clinician's learning records, which center
 * a record belongs to, the system-scope transaction used after authorisation, and error helpers.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { uuidArray } from '../../platform/sql.js';
import * as repo from './learning.repo.js';

export type Trx = Transaction<DB>;

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: string }).code === UNIQUE_VIOLATION
  );
}

/**
 * A network-wide system-scope transaction. Only for work the service has already authorised for
 * the actor (seat counting, waitlist promotion, names of trainers and roster members, aggregates):
 * see docs/decisions/0008-cohort-seats-in-system-scope.md. Audit events still carry the real actor.
 */
export function systemTx<T>(ctx: Ctx, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return ctx.db.scoped({ purpose: 'system', allCenters: true }, fn);
}

/** 422: well-formed, but a rule of the domain refuses it; details name the field. */
export function unprocessable(details: ErrorDetail[], message?: string): AppError {
  return new AppError(
    'UNPROCESSABLE',
    message ??
      (details.length === 1 ? `${details[0]!.path}: ${details[0]!.message}` : 'Some fields cannot be used.'),
    details,
  );
}

export type ClinicianAccess = 'self' | 'admin' | 'director' | 'trainer';

/**
 * How the actor may see this person's learning records, or 404: the person themself, a network
 * administrator, a director of a center where the person is active staff, a trainer of a cohort
 * the person is enrolled in. Run under the actor's scope, so other tenants' people are not found.
 */
export async function clinicianAccess(trx: Trx, actor: Actor, userId: string): Promise<ClinicianAccess> {
  if (actor.userId === userId) return 'self';
  if (actor.scope.allCenters) {
    if (await repo.isVisiblePerson(trx, userId)) return 'admin';
    throw AppError.notFound('The clinician');
  }
  const manages = actor.scope.manageCenterIds ?? [];
  if (manages.length > 0) {
    const staff = await trx
      .selectFrom('membership')
      .select('id')
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .where(sql<boolean>`center_id = any(${uuidArray(manages)}::uuid[])`)
      .executeTakeFirst();
    if (staff) return 'director';
  }
  if (actor.roles.has('trainer')) {
    const trains = await trx
      .selectFrom('enrollment')
      .select('id')
      .where('user_id', '=', userId)
      .where('status', '<>', 'withdrawn')
      .where(sql<boolean>`waymark_trains_cohort(cohort_id)`)
      .executeTakeFirst();
    if (trains) return 'trainer';
  }
  throw AppError.notFound('The clinician');
}

/**
 * The center a learning record of this clinician belongs to: the named one (which must be one of
 * their active clinician centers) or their only one. Run in a scope that sees the memberships.
 */
export async function clinicianCenter(
  trx: Trx,
  userId: string,
  centerId: string | undefined,
): Promise<string> {
  const centers = await repo.clinicianCenters(trx, userId);
  if (centerId !== undefined) {
    if (!centers.includes(centerId))
      throw unprocessable([
        { path: 'centerId', message: 'is not a center where this person is an active clinician' },
      ]);
    return centerId;
  }
  if (centers.length === 1) return centers[0]!;
  if (centers.length === 0)
    throw unprocessable([{ path: 'userId', message: 'is not an active clinician of any center' }]);
  throw unprocessable([
    { path: 'centerId', message: 'is required: this clinician works at several centers' },
  ]);
}

/** Today's date in UTC, YYYY-MM-DD. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The date `days` after a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
