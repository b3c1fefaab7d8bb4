/**
 * Credentials: certification pathways as data, the progress of clinicians on them, and the
 * credentials issued when a pathway is complete (PDF certificate + signed Open Badges 3.0 VC-JWT,
 * publicly verifiable, revocable, renewable).
 *
 * Who may see a clinician's progress: the clinician, network administrators, directors of a center
 * where the clinician works, and trainers of a cohort the clinician is enrolled in. Anyone else gets
 * 404. The decision is taken in the caller's own row-level-security scope; the facts are then
 * loaded in system scope, because a trainer must see counts for trainees of every center. Case
 * evidence reaches only the clinician, their center's directors and administrators; trainers see
 * that a case counts, not its code.
 */
import { sql, type Transaction } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import { hasRole, requireActor, tx, type Ctx } from '../../platform/context.js';
import type { SecretBox } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import { enqueueMessage } from '../../platform/outbox.js';
import { uuidArray } from '../../platform/sql.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import type * as S from './credentials.schemas.js';
import {
  addDays,
  addMonths,
  daysBetween,
  evaluatePathway,
  type ClinicianFacts,
  type PathwayDef,
  type PathwayProgress,
} from './progress.js';
import { loadFacts, loadPathways } from './progress.repo.js';
import {
  CredentialVerificationError,
  buildOpenBadgeCredential,
  generateSigningKey,
  openPrivateJwk,
  publicJwks,
  sealPrivateJwk,
  signCredentialJwt,
  verifyCredentialJwt,
} from './signing.js';
import { renderTranscriptPdf, transcriptCsv, type TranscriptRow } from './transcript.js';

type Trx = Transaction<DB>;

export const ISSUER_NAME = 'Waymark Mental Health Institute';
/** Days before expiry on which a reminder is queued. */
export const REMINDER_DAYS = [90, 30, 7] as const;

const SYSTEM = { purpose: 'system', allCenters: true } as const;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const todayUtc = () => new Date().toISOString().slice(0, 10);

function credentialStatus(row: { revoked_at: Date | null; expires_on: string | null }, today: string) {
  return row.revoked_at
    ? 'revoked'
    : row.expires_on !== null && row.expires_on < today
      ? 'expired'
      : 'active';
}

export class CredentialsService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly box: SecretBox,
  ) {}

  #system<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.scoped(SYSTEM, fn);
  }

  // Pathways -----------------------------------------------------------------------------------

  async listPathways(ctx: Ctx): Promise<S.TPathway[]> {
    return tx(ctx, async (trx) => {
      const rows = await pathwayQuery(trx).orderBy('p.name').execute();
      return rows.map(toPathway);
    });
  }

  async getPathway(ctx: Ctx, id: string): Promise<S.TPathway> {
    return tx(ctx, async (trx) => {
      const row = await pathwayQuery(trx).where('p.id', '=', id).executeTakeFirst();
      if (!row) throw AppError.notFound('The pathway');
      return toPathway(row);
    });
  }

  /** Course codes named by requirements must exist and be of the right kind. */
  async #checkCourses(trx: Trx, lists: { field: string; list: S.TCreatePathwayRequest['requirements'] }[]) {
    const codes = new Set<string>();
    for (const { list } of lists)
      for (const r of list) if (r.kind === 'course' || r.kind === 'test') codes.add(r.courseCode);
    const found =
      codes.size === 0
        ? []
        : await trx
            .selectFrom('course')
            .select(['code', 'kind'])
            .where('code', 'in', [...codes])
            .execute();
    const kinds = new Map(found.map((c) => [c.code, c.kind]));
    const details: { path: string; message: string }[] = [];
    for (const { field, list } of lists)
      list.forEach((r, i) => {
        if (r.kind !== 'course' && r.kind !== 'test') return;
        const kind = kinds.get(r.courseCode);
        if (!kind)
          details.push({ path: `${field}.${i}.courseCode`, message: `there is no course ${r.courseCode}` });
        else if (r.kind === 'test' && kind !== 'knowledge_test')
          details.push({
            path: `${field}.${i}.courseCode`,
            message: `${r.courseCode} is not a knowledge test`,
          });
      });
    if (details.length) throw AppError.validation(details);
  }

  async createPathway(ctx: Ctx, input: S.TCreatePathwayRequest): Promise<S.TPathway> {
    const id = await tx(ctx, async (trx) => {
      await this.#checkCourses(trx, [
        { field: 'requirements', list: input.requirements },
        { field: 'renewalRequirements', list: input.renewalRequirements },
      ]);
      const model = await trx
        .selectFrom('training_model')
        .select('id')
        .where('id', '=', input.modelId)
        .executeTakeFirst();
      if (!model)
        throw AppError.validation([{ path: 'modelId', message: 'there is no such treatment model' }]);
      const taken = await trx
        .selectFrom('pathway')
        .select('id')
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (taken) throw AppError.conflict(`A pathway with the code ${input.code} already exists.`, 'code');
      const row = await trx
        .insertInto('pathway')
        .values({
          code: input.code,
          name: input.name,
          description: input.description,
          model_id: input.modelId,
          validity_months: input.validityMonths,
          grace_days: input.graceDays,
          requirements: JSON.stringify(input.requirements),
          renewal_requirements: JSON.stringify(input.renewalRequirements),
          auto_issue: input.autoIssue,
          status: input.status,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'pathway.create',
        targetType: 'pathway',
        targetId: row.id,
        details: { code: input.code, requirements: input.requirements.map((r) => r.kind) },
      });
      return row.id;
    });
    return this.getPathway(ctx, id);
  }

  async updatePathway(ctx: Ctx, id: string, input: S.TUpdatePathwayRequest): Promise<S.TPathway> {
    await tx(ctx, async (trx) => {
      const current = await trx
        .selectFrom('pathway')
        .select('id')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw AppError.notFound('The pathway');
      await this.#checkCourses(trx, [
        { field: 'requirements', list: input.requirements ?? [] },
        { field: 'renewalRequirements', list: input.renewalRequirements ?? [] },
      ]);
      if (input.modelId) {
        const model = await trx
          .selectFrom('training_model')
          .select('id')
          .where('id', '=', input.modelId)
          .executeTakeFirst();
        if (!model)
          throw AppError.validation([{ path: 'modelId', message: 'there is no such treatment model' }]);
      }
      await trx
        .updateTable('pathway')
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.modelId !== undefined ? { model_id: input.modelId } : {}),
          ...(input.validityMonths !== undefined ? { validity_months: input.validityMonths } : {}),
          ...(input.graceDays !== undefined ? { grace_days: input.graceDays } : {}),
          ...(input.requirements !== undefined ? { requirements: JSON.stringify(input.requirements) } : {}),
          ...(input.renewalRequirements !== undefined
            ? { renewal_requirements: JSON.stringify(input.renewalRequirements) }
            : {}),
          ...(input.autoIssue !== undefined ? { auto_issue: input.autoIssue } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, ctx, {
        action: 'pathway.update',
        targetType: 'pathway',
        targetId: id,
        details: { fields: Object.keys(input) },
      });
    });
    return this.getPathway(ctx, id);
  }

  // Pathway enrolment --------------------------------------------------------------------------

  async enrol(
    ctx: Ctx,
    pathwayId: string,
    input: { userId: string; centerId?: string | undefined; startedOn?: string | undefined },
  ) {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      const pathway = await trx
        .selectFrom('pathway')
        .select(['id', 'status', 'name'])
        .where('id', '=', pathwayId)
        .executeTakeFirst();
      if (!pathway) throw AppError.notFound('The pathway');
      if (pathway.status !== 'active')
        throw AppError.conflict('This pathway is not open for enrolment.', 'pathwayId');
      // The clinician's center: where they hold an active clinician role (visible to self, managers, admins).
      const memberships = await trx
        .selectFrom('membership')
        .select('center_id')
        .where('user_id', '=', input.userId)
        .where('role', '=', 'clinician')
        .where('ended_at', 'is', null)
        .execute();
      const centers = memberships.map((m) => m.center_id).filter((c): c is string => c !== null);
      const self = input.userId === actor.userId;
      const manages = (c: string) =>
        actor.scope.allCenters || (actor.scope.manageCenterIds ?? []).includes(c);
      const allowed = centers.filter((c) => self || manages(c));
      if (allowed.length === 0) throw AppError.notFound('The clinician');
      const centerId = input.centerId ?? (allowed.length === 1 ? allowed[0]! : null);
      if (!centerId)
        throw AppError.validation([
          { path: 'centerId', message: 'is required: the clinician works at several centers' },
        ]);
      if (!allowed.includes(centerId))
        throw AppError.validation([
          { path: 'centerId', message: 'is not a center where this clinician works' },
        ]);
      const existing = await trx
        .selectFrom('pathway_enrollment')
        .select('id')
        .where('pathway_id', '=', pathwayId)
        .where('user_id', '=', input.userId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (existing) throw AppError.conflict('This clinician is already on this pathway.', 'userId');
      const row = await trx
        .insertInto('pathway_enrollment')
        .values({
          pathway_id: pathwayId,
          user_id: input.userId,
          center_id: centerId,
          started_on: input.startedOn ?? todayUtc(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'pathway_enrollment.create',
        targetType: 'pathway_enrollment',
        targetId: row.id,
        centerId,
        details: { pathwayId, userId: input.userId },
      });
      return toPathwayEnrollment(row);
    });
  }

  async withdraw(ctx: Ctx, enrollmentId: string, reason: string | undefined) {
    return tx(ctx, async (trx) => {
      const row = await trx
        .selectFrom('pathway_enrollment')
        .selectAll()
        .where('id', '=', enrollmentId)
        .executeTakeFirst();
      if (!row) throw AppError.notFound('The pathway enrolment');
      if (row.status === 'withdrawn') throw AppError.conflict('This enrolment was already withdrawn.');
      const updated = await trx
        .updateTable('pathway_enrollment')
        .set({ status: 'withdrawn', withdrawn_at: new Date(), withdraw_reason: reason ?? null })
        .where('id', '=', enrollmentId)
        .where('status', '=', 'active')
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw AppError.notFound('The pathway enrolment');
      await recordAudit(trx, ctx, {
        action: 'pathway_enrollment.withdraw',
        targetType: 'pathway_enrollment',
        targetId: enrollmentId,
        centerId: row.center_id,
        details: { pathwayId: row.pathway_id, userId: row.user_id },
      });
      return toPathwayEnrollment(updated);
    });
  }

  // Progress -----------------------------------------------------------------------------------

  /** 404 unless the actor may see this person's learning records; says whether case codes may show. */
  async #visibility(ctx: Ctx, userId: string): Promise<{ caseDetail: boolean }> {
    const actor = requireActor(ctx);
    if (actor.userId === userId || actor.scope.allCenters) return { caseDetail: true };
    return tx(ctx, async (trx) => {
      const manages = (actor.scope.manageCenterIds ?? []).length
        ? await trx
            .selectFrom('membership')
            .select('id')
            .where('user_id', '=', userId)
            .where('ended_at', 'is', null)
            .where(sql<boolean>`center_id = any(${uuidArray(actor.scope.manageCenterIds ?? [])}::uuid[])`)
            .executeTakeFirst()
        : undefined;
      if (manages) return { caseDetail: true };
      const trains = await trx
        .selectFrom('enrollment')
        .select('id')
        .where('user_id', '=', userId)
        .where('status', '<>', 'withdrawn')
        .where(sql<boolean>`waymark_trains_cohort(cohort_id)`)
        .executeTakeFirst();
      if (trains) return { caseDetail: false };
      throw AppError.notFound('The clinician');
    });
  }

  async clinicianProgress(ctx: Ctx, userId: string, today = todayUtc()): Promise<S.TClinicianProgress> {
    const { caseDetail } = await this.#visibility(ctx, userId);
    return this.#system(async (trx) => {
      const user = await trx
        .selectFrom('app_user')
        .select(['id', 'display_name'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user) throw AppError.notFound('The clinician');
      const centers = await trx
        .selectFrom('membership as m')
        .innerJoin('center as c', 'c.id', 'm.center_id')
        .select('c.name')
        .where('m.user_id', '=', userId)
        .where('m.ended_at', 'is', null)
        .distinct()
        .execute();
      const facts = (await loadFacts(trx, [userId])).get(userId)!;
      const pathwayIds = pathwaysOf(facts);
      const pathways = await loadPathways(trx, pathwayIds);
      const progress = pathwayIds
        .map((id) => pathways.get(id))
        .filter((p): p is PathwayDef => !!p)
        .map((p) => evaluatePathway(p, facts, { today }))
        .map((p) => (caseDetail ? p : withoutCaseCodes(p)));
      return {
        clinician: { id: user.id, displayName: user.display_name, centerNames: centers.map((c) => c.name) },
        asOf: today,
        pathways: progress,
      };
    });
  }

  /**
   * Progress of many clinicians at once: network administrators see everyone, directors their
   * centers' clinicians, trainers the people enrolled in their cohorts.
   */
  async roster(ctx: Ctx, query: S.TProgressQuery, today = todayUtc()): Promise<S.TRoster> {
    const actor = requireActor(ctx);
    if (!actor.scope.allCenters && !hasRole(actor, 'center_director', 'trainer')) throw AppError.forbidden();
    const manage = actor.scope.manageCenterIds ?? [];
    if (
      query.centerId &&
      !actor.scope.allCenters &&
      !manage.includes(query.centerId) &&
      !hasRole(actor, 'trainer')
    )
      throw AppError.notFound('The center');
    // Who is in the actor's reach, decided in their own scope: everyone for administrators, the
    // clinicians of managed centers for directors, the people in their cohorts for trainers.
    const reach = actor.scope.allCenters
      ? null
      : await tx(ctx, async (trx) => {
          const ids = new Set<string>();
          if (manage.length) {
            const staff = await trx
              .selectFrom('membership')
              .select('user_id')
              .where('role', '=', 'clinician')
              .where('ended_at', 'is', null)
              .where(sql<boolean>`center_id = any(${uuidArray(manage)}::uuid[])`)
              .execute();
            for (const s of staff) ids.add(s.user_id);
          }
          const trainees = await trx
            .selectFrom('enrollment')
            .select('user_id')
            .where('status', '<>', 'withdrawn')
            .where(sql<boolean>`waymark_trains_cohort(cohort_id)`)
            .execute();
          for (const s of trainees) ids.add(s.user_id);
          return [...ids];
        });
    const people = await this.#system(async (trx) => {
      let q = trx
        .selectFrom('membership as m')
        .innerJoin('app_user as u', 'u.id', 'm.user_id')
        .innerJoin('center as c', 'c.id', 'm.center_id')
        .select(['u.id', 'u.display_name', 'c.id as center_id', 'c.name as center_name'])
        .where('m.role', '=', 'clinician')
        .where('m.ended_at', 'is', null)
        .where('u.status', '=', 'active');
      if (reach) {
        if (reach.length === 0) return [];
        q = q.where(sql<boolean>`m.user_id = any(${uuidArray(reach)}::uuid[])`);
        // A trainer sees their trainees wherever they work; a director only at their own centers.
        if (!hasRole(actor, 'trainer') && manage.length)
          q = q.where(sql<boolean>`m.center_id = any(${uuidArray(manage)}::uuid[])`);
      }
      if (query.centerId) q = q.where('m.center_id', '=', query.centerId);
      if (query.cohortId)
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('enrollment as e')
              .select('e.id')
              .whereRef('e.user_id', '=', 'm.user_id')
              .where('e.cohort_id', '=', query.cohortId!)
              .where('e.status', '<>', 'withdrawn'),
          ),
        );
      return q.orderBy('u.display_name').execute();
    });
    const started = performance.now();
    return this.#system(async (trx) => {
      const ids = [...new Set(people.map((p) => p.id))];
      const [facts, pathways] = await Promise.all([loadFacts(trx, ids), loadPathways(trx)]);
      const active = [...pathways.values()].filter((p) => !query.pathwayId || p.id === query.pathwayId);
      const seen = new Set<string>();
      const items: S.TRoster['items'] = [];
      for (const person of people) {
        const key = `${person.id}:${person.center_id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const f = facts.get(person.id)!;
        const on = new Set(pathwaysOf(f));
        const rows = active
          .filter((p) => on.has(p.id))
          .map((p) => evaluatePathway(p, f, { today }))
          .filter((p) => !query.state || p.state === query.state)
          .filter((p) => query.atRisk !== 'true' || p.risks.length > 0)
          .map((p) => ({
            pathwayId: p.pathwayId,
            pathwayCode: p.pathwayCode,
            state: p.state,
            met: p.met,
            total: p.total,
            percent: p.percent,
            nextStep: p.nextStep,
            credential: p.credential,
            risks: p.risks,
          }));
        if ((query.state || query.atRisk === 'true' || query.pathwayId) && rows.length === 0) continue;
        items.push({
          clinician: {
            id: person.id,
            displayName: person.display_name,
            centerId: person.center_id,
            centerName: person.center_name,
          },
          pathways: rows,
        });
      }
      return {
        asOf: today,
        pathways: active.map((p) => ({ id: p.id, code: p.code, name: p.name })),
        items,
        clinicians: ids.length,
        computeMs: Math.round((performance.now() - started) * 10) / 10,
      };
    });
  }

  // Signing keys -------------------------------------------------------------------------------

  /** The active signing key, created on first use (first start). */
  async ensureSigningKey(): Promise<string> {
    return this.#system(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('waymark:signing-key'))`.execute(trx);
      const current = await trx
        .selectFrom('signing_key')
        .select('kid')
        .where('retired_at', 'is', null)
        .executeTakeFirst();
      if (current) return current.kid;
      const key = await generateSigningKey();
      await trx
        .insertInto('signing_key')
        .values({
          kid: key.kid,
          public_jwk: JSON.stringify(key.publicJwk),
          private_key_enc: sealPrivateJwk(key.privateJwk, this.box),
        })
        .execute();
      return key.kid;
    });
  }

  async #activeKey(trx: Trx) {
    const row = await trx
      .selectFrom('signing_key')
      .select(['kid', 'private_key_enc'])
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new AppError('UNAVAILABLE', 'No signing key is available yet; try again in a moment.');
    return { kid: row.kid, privateJwk: openPrivateJwk(row.private_key_enc, this.box) };
  }

  async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
    return this.db.scoped({ purpose: 'public' }, async (trx) => {
      const rows = await trx
        .selectFrom('signing_key')
        .select(['public_jwk'])
        .orderBy('created_at', 'desc')
        .execute();
      return publicJwks(rows.map((r) => ({ publicJwk: r.public_jwk as never })));
    });
  }

  async listKeys(ctx: Ctx): Promise<{
    items: {
      kid: string;
      createdAt: string;
      retiredAt: string | null;
      active: boolean;
      credentialsSigned: number;
    }[];
  }> {
    return tx(ctx, async (trx) => {
      const rows = await trx
        .selectFrom('signing_key as k')
        .select([
          'k.kid',
          'k.created_at',
          'k.retired_at',
          sql<number>`(select count(*)::int from credential c where c.kid = k.kid)`.as('signed'),
        ])
        .orderBy('k.created_at', 'desc')
        .execute();
      return {
        items: rows.map((r) => ({
          kid: r.kid,
          createdAt: r.created_at.toISOString(),
          retiredAt: iso(r.retired_at),
          active: r.retired_at === null,
          credentialsSigned: r.signed,
        })),
      };
    });
  }

  /** A new key signs from now on; the old one stays published so its credentials still verify. */
  async rotateKey(ctx: Ctx): Promise<{ kid: string; retired: string | null }> {
    const key = await generateSigningKey();
    return tx(ctx, async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('waymark:signing-key'))`.execute(trx);
      const old = await trx
        .updateTable('signing_key')
        .set({ retired_at: new Date() })
        .where('retired_at', 'is', null)
        .returning('kid')
        .executeTakeFirst();
      await trx
        .insertInto('signing_key')
        .values({
          kid: key.kid,
          public_jwk: JSON.stringify(key.publicJwk),
          private_key_enc: sealPrivateJwk(key.privateJwk, this.box),
        })
        .execute();
      await recordAudit(trx, ctx, {
        action: 'signing_key.rotate',
        targetType: 'signing_key',
        targetId: key.kid,
        details: { retired: old?.kid ?? null },
      });
      return { kid: key.kid, retired: old?.kid ?? null };
    });
  }

  // Issuing ------------------------------------------------------------------------------------

  verifyUrl(id: string): string {
    return `${this.config.publicUrl}/verify/${id}`;
  }

  /** Issues a credential in `trx` (system scope or an administrator's), checking the pathway is complete. */
  async #issue(
    trx: Trx,
    ctx: Ctx,
    input: { userId: string; pathwayId: string; replaces?: { id: string; expiresOn: string | null } },
    today: string,
  ): Promise<string> {
    await sql`select pg_advisory_xact_lock(hashtext(${`credential:${input.userId}:${input.pathwayId}`}))`.execute(
      trx,
    );
    const pathway = (await loadPathways(trx, [input.pathwayId])).get(input.pathwayId);
    if (!pathway) throw AppError.notFound('The pathway');
    const facts = (await loadFacts(trx, [input.userId])).get(input.userId)!;
    const progress = evaluatePathway(pathway, facts, { today });
    const enrolment = await trx
      .selectFrom('pathway_enrollment')
      .select('center_id')
      .where('user_id', '=', input.userId)
      .where('pathway_id', '=', input.pathwayId)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (!enrolment) throw AppError.notFound('The clinician on this pathway');
    if (input.replaces) {
      if (!progress.renewal?.met)
        throw new AppError(
          'CONFLICT',
          'The renewal requirements are not met yet.',
          (progress.renewal?.requirements ?? [])
            .filter((r) => r.state !== 'met')
            .map((r) => ({ path: `renewal.${r.id}`, message: r.nextStep ?? r.summary })),
        );
    } else {
      if (progress.state !== 'complete')
        throw new AppError(
          'CONFLICT',
          progress.credential
            ? 'This clinician already holds a credential on this pathway; renew or revoke it instead.'
            : 'The pathway is not complete yet.',
          progress.requirements
            .filter((r) => r.state !== 'met')
            .map((r) => ({ path: `requirements.${r.id}`, message: r.nextStep ?? r.summary })),
        );
    }
    const user = await trx
      .selectFrom('app_user')
      .select(['display_name', 'email'])
      .where('id', '=', input.userId)
      .executeTakeFirstOrThrow();
    const key = await this.#activeKey(trx);
    const seq = await sql<{ n: number }>`select nextval('credential_number_seq')::int as n`.execute(trx);
    const number = `WM-${today.slice(0, 4)}-${String(seq.rows[0]!.n).padStart(6, '0')}`;
    const id = crypto.randomUUID();
    // A renewal before expiry loses no time: the new period starts where the old one ends.
    const validFrom = today;
    const base =
      input.replaces?.expiresOn && input.replaces.expiresOn > today ? input.replaces.expiresOn : today;
    const expiresOn = pathway.validityMonths ? addMonths(base, pathway.validityMonths) : null;
    const model = await trx
      .selectFrom('training_model')
      .select(['name'])
      .where('id', '=', pathway.modelId)
      .executeTakeFirstOrThrow();
    const full = await trx
      .selectFrom('pathway')
      .select(['description'])
      .where('id', '=', pathway.id)
      .executeTakeFirstOrThrow();
    const vc = buildOpenBadgeCredential({
      credentialId: id,
      number,
      issuerUrl: this.config.publicUrl,
      issuerName: ISSUER_NAME,
      recipientName: user.display_name,
      pathwayCode: pathway.code,
      pathwayName: pathway.name,
      pathwayDescription: full.description || `${model.name} certification`,
      criteriaNarrative: pathway.requirements.map((r) => r.label).join('; '),
      validFrom: new Date(`${validFrom}T00:00:00Z`),
      validUntil: expiresOn ? new Date(`${expiresOn}T23:59:59Z`) : null,
      verifyUrl: this.verifyUrl(id),
    });
    const jwt = await signCredentialJwt(vc, key);
    await trx
      .insertInto('credential')
      .values({
        id,
        number,
        user_id: input.userId,
        center_id: enrolment.center_id,
        pathway_id: pathway.id,
        recipient_name: user.display_name,
        valid_from: validFrom,
        expires_on: expiresOn,
        replaces_id: input.replaces?.id ?? null,
        kid: key.kid,
        vc_jwt: jwt,
        issued_by: ctx.actor?.userId ?? null,
      })
      .execute();
    await recordAudit(trx, ctx, {
      action: input.replaces ? 'credential.renew' : 'credential.issue',
      targetType: 'credential',
      targetId: id,
      centerId: enrolment.center_id,
      details: {
        number,
        pathway: pathway.code,
        userId: input.userId,
        replaces: input.replaces?.id ?? null,
        automatic: !ctx.actor,
      },
    });
    await enqueueMessage(trx, this.config, {
      kind: 'credential_issued',
      to: user.email,
      subject: `Your ${pathway.name} certificate (${number})`,
      bodyText:
        `Hello ${user.display_name},\n\n` +
        `${ISSUER_NAME} has issued your ${pathway.name} certificate, number ${number}` +
        (expiresOn ? `, valid until ${expiresOn}` : '') +
        `.\n\nAnyone can check it at ${this.verifyUrl(id)}\n\n` +
        `Download the certificate and the signed digital badge from "My pathway" in Waymark.\n`,
      centerId: enrolment.center_id,
      relatedId: id,
    });
    return id;
  }

  /**
   * Records a credential issued before Waymark (or by the demo seed) with its original dates,
   * signed with the active key so it verifies like any other. Runs in the caller's transaction.
   */
  async recordHistoric(
    trx: Trx,
    input: {
      userId: string;
      centerId: string;
      pathwayId: string;
      validFrom: string;
      revoked?: { on: string; reason: string } | null;
    },
  ): Promise<string> {
    const pathway = (await loadPathways(trx, [input.pathwayId])).get(input.pathwayId);
    if (!pathway) throw AppError.notFound('The pathway');
    const user = await trx
      .selectFrom('app_user')
      .select(['display_name'])
      .where('id', '=', input.userId)
      .executeTakeFirstOrThrow();
    const key = await this.#activeKey(trx);
    const seq = await sql<{ n: number }>`select nextval('credential_number_seq')::int as n`.execute(trx);
    const number = `WM-${input.validFrom.slice(0, 4)}-${String(seq.rows[0]!.n).padStart(6, '0')}`;
    const id = crypto.randomUUID();
    const expiresOn = pathway.validityMonths ? addMonths(input.validFrom, pathway.validityMonths) : null;
    const vc = buildOpenBadgeCredential({
      credentialId: id,
      number,
      issuerUrl: this.config.publicUrl,
      issuerName: ISSUER_NAME,
      recipientName: user.display_name,
      pathwayCode: pathway.code,
      pathwayName: pathway.name,
      pathwayDescription: pathway.name,
      criteriaNarrative: pathway.requirements.map((r) => r.label).join('; '),
      validFrom: new Date(`${input.validFrom}T00:00:00Z`),
      validUntil: expiresOn ? new Date(`${expiresOn}T23:59:59Z`) : null,
      verifyUrl: this.verifyUrl(id),
    });
    await trx
      .insertInto('credential')
      .values({
        id,
        number,
        user_id: input.userId,
        center_id: input.centerId,
        pathway_id: pathway.id,
        recipient_name: user.display_name,
        issued_at: `${input.validFrom}T12:00:00Z`,
        valid_from: input.validFrom,
        expires_on: expiresOn,
        kid: key.kid,
        vc_jwt: await signCredentialJwt(vc, key),
        revoked_at: input.revoked ? `${input.revoked.on}T12:00:00Z` : null,
        revoke_reason: input.revoked?.reason ?? null,
      })
      .execute();
    return id;
  }

  async issue(
    ctx: Ctx,
    input: { userId: string; pathwayId: string },
    today = todayUtc(),
  ): Promise<S.TCredential> {
    const id = await tx(ctx, (trx) => this.#issue(trx, ctx, input, today));
    return this.get(ctx, id);
  }

  async renew(ctx: Ctx, id: string, today = todayUtc()): Promise<S.TCredential> {
    const newId = await tx(ctx, async (trx) => {
      const old = await trx
        .selectFrom('credential')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!old) throw AppError.notFound('The credential');
      if (old.revoked_at) throw AppError.conflict('A revoked credential cannot be renewed.');
      const newer = await trx
        .selectFrom('credential')
        .select('id')
        .where('replaces_id', '=', id)
        .executeTakeFirst();
      if (newer) throw AppError.conflict('This credential was already renewed.');
      return this.#issue(
        trx,
        ctx,
        { userId: old.user_id, pathwayId: old.pathway_id, replaces: { id, expiresOn: old.expires_on } },
        today,
      );
    });
    return this.get(ctx, newId);
  }

  async revoke(ctx: Ctx, id: string, reason: string): Promise<S.TCredential> {
    await tx(ctx, async (trx) => {
      const row = await trx
        .updateTable('credential')
        .set({ revoked_at: new Date(), revoked_by: ctx.actor?.userId ?? null, revoke_reason: reason })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returning(['id', 'center_id', 'number'])
        .executeTakeFirst();
      if (!row) {
        const exists = await trx
          .selectFrom('credential')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst();
        if (!exists) throw AppError.notFound('The credential');
        throw AppError.conflict('This credential is already revoked.');
      }
      await recordAudit(trx, ctx, {
        action: 'credential.revoke',
        targetType: 'credential',
        targetId: id,
        centerId: row.center_id,
        details: { number: row.number, reason },
      });
    });
    return this.get(ctx, id);
  }

  /** Issues every complete clinician on a pathway that issues automatically. Returns their numbers. */
  async issueDue(ctx: Ctx, today = todayUtc()): Promise<string[]> {
    const due = await this.#system(async (trx) => {
      const pathways = [...(await loadPathways(trx)).values()].filter((p) => p.autoIssue);
      if (pathways.length === 0) return [];
      const enrolled = await trx
        .selectFrom('pathway_enrollment')
        .select(['user_id', 'pathway_id'])
        .where('status', '=', 'active')
        .where(
          'pathway_id',
          'in',
          pathways.map((p) => p.id),
        )
        .execute();
      const facts = await loadFacts(trx, [...new Set(enrolled.map((e) => e.user_id))]);
      return enrolled.filter((e) => {
        const p = pathways.find((x) => x.id === e.pathway_id)!;
        return evaluatePathway(p, facts.get(e.user_id)!, { today }).state === 'complete';
      });
    });
    const issued: string[] = [];
    for (const d of due) {
      try {
        const id = await this.#system((trx) =>
          this.#issue(trx, ctx, { userId: d.user_id, pathwayId: d.pathway_id }, today),
        );
        issued.push(id);
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
      }
    }
    return issued;
  }

  /** Queues the 90, 30 and 7-day reminders that are due; each once per credential. */
  async queueReminders(today = todayUtc()): Promise<number> {
    return this.#system(async (trx) => {
      const horizon = addDays(today, Math.max(...REMINDER_DAYS));
      const rows = await trx
        .selectFrom('credential as c')
        .innerJoin('app_user as u', 'u.id', 'c.user_id')
        .innerJoin('pathway as p', 'p.id', 'c.pathway_id')
        .select([
          'c.id',
          'c.number',
          'c.expires_on',
          'c.center_id',
          'u.email',
          'u.display_name',
          'p.name as pathway_name',
        ])
        .where('c.revoked_at', 'is', null)
        .where('c.expires_on', '>=', today)
        .where('c.expires_on', '<=', horizon)
        .where((eb) =>
          eb.not(
            eb.exists(eb.selectFrom('credential as n').select('n.id').whereRef('n.replaces_id', '=', 'c.id')),
          ),
        )
        .execute();
      let queued = 0;
      for (const r of rows) {
        const left = daysBetween(today, r.expires_on!);
        const due = REMINDER_DAYS.filter((d) => left <= d);
        if (due.length === 0) continue;
        const sent = await trx
          .selectFrom('credential_reminder')
          .select('days_before')
          .where('credential_id', '=', r.id)
          .execute();
        const done = new Set(sent.map((s) => s.days_before));
        const fresh = due.filter((d) => !done.has(d));
        if (fresh.length === 0) continue;
        // One message, for the nearest threshold; the further ones are marked done with it.
        await trx
          .insertInto('credential_reminder')
          .values(fresh.map((d) => ({ credential_id: r.id, days_before: d })))
          .execute();
        await enqueueMessage(trx, this.config, {
          kind: 'credential_expiry',
          to: r.email,
          subject: `Your ${r.pathway_name} certificate expires in ${left} days`,
          bodyText:
            `Hello ${r.display_name},\n\nYour ${r.pathway_name} certificate ${r.number} expires on ${r.expires_on}.\n` +
            `Open "My pathway" in Waymark (${this.config.publicUrl}/my-pathway) to see what renewal needs.\n`,
          centerId: r.center_id,
          relatedId: r.id,
        });
        queued++;
      }
      return queued;
    });
  }

  // Reading credentials ------------------------------------------------------------------------

  async get(ctx: Ctx, id: string): Promise<S.TCredential> {
    return tx(ctx, async (trx) => {
      const actor = requireActor(ctx);
      const row = await credentialQuery(trx).where('c.id', '=', id).executeTakeFirst();
      // The policy lets the public purpose read by id; a signed-in user sees only their reach.
      if (!row || !canSeeCredential(actor, row)) throw AppError.notFound('The credential');
      return this.#toCredential(row);
    });
  }

  async list(ctx: Ctx, q: S.TCredentialListQuery, today = todayUtc()) {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      let query = credentialQuery(trx);
      if (!actor.scope.allCenters) {
        const manage = actor.scope.manageCenterIds ?? [];
        query = query.where((eb) =>
          eb.or([
            eb('c.user_id', '=', actor.userId),
            ...(manage.length
              ? [eb(sql<string>`c.center_id`, '=', sql<string>`any(${uuidArray(manage)}::uuid[])`)]
              : []),
          ]),
        );
      }
      if (q.userId) query = query.where('c.user_id', '=', q.userId);
      if (q.centerId) query = query.where('c.center_id', '=', q.centerId);
      if (q.pathwayId) query = query.where('c.pathway_id', '=', q.pathwayId);
      if (q.status === 'revoked') query = query.where('c.revoked_at', 'is not', null);
      if (q.status === 'expired')
        query = query.where('c.revoked_at', 'is', null).where('c.expires_on', '<', today);
      if (q.status === 'active')
        query = query
          .where('c.revoked_at', 'is', null)
          .where((eb) => eb.or([eb('c.expires_on', 'is', null), eb('c.expires_on', '>=', today)]));
      if (q.status === 'expiring')
        query = query
          .where('c.revoked_at', 'is', null)
          .where('c.expires_on', '>=', today)
          .where('c.expires_on', '<=', addDays(today, 90));
      const total = (
        await query
          .clearSelect()
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      ).n;
      const rows = await query
        .orderBy('c.issued_at', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute();
      return { items: rows.map((r) => this.#toCredential(r)), total, page: q.page, pageSize: q.pageSize };
    });
  }

  #toCredential(row: CredentialRow): S.TCredential {
    return {
      id: row.id,
      number: row.number,
      userId: row.user_id,
      recipientName: row.recipient_name,
      centerId: row.center_id,
      centerName: row.center_name,
      pathwayId: row.pathway_id,
      pathwayCode: row.pathway_code,
      pathwayName: row.pathway_name,
      issuedAt: row.issued_at.toISOString(),
      validFrom: row.valid_from,
      expiresOn: row.expires_on,
      status: credentialStatus(row, todayUtc()),
      revokedAt: iso(row.revoked_at),
      revokeReason: row.revoke_reason,
      replacesId: row.replaces_id,
      replacedById: row.replaced_by_id,
      verifyUrl: this.verifyUrl(row.id),
      kid: row.kid,
      vcJwt: row.vc_jwt,
    };
  }

  async certificatePdf(ctx: Ctx, id: string): Promise<{ filename: string; pdf: Uint8Array }> {
    const c = await this.get(ctx, id);
    const model = await tx(ctx, (trx) =>
      trx
        .selectFrom('pathway as p')
        .innerJoin('training_model as m', 'm.id', 'p.model_id')
        .select('m.name')
        .where('p.id', '=', c.pathwayId)
        .executeTakeFirstOrThrow(),
    );
    const pdf = await renderCertificatePdf({
      recipientName: c.recipientName,
      pathwayName: c.pathwayName,
      modelName: model.name,
      number: c.number,
      issuedOn: c.validFrom,
      expiresOn: c.expiresOn,
      verifyUrl: c.verifyUrl,
      issuerName: ISSUER_NAME,
      status: c.status === 'revoked' ? 'revoked' : 'valid',
    });
    return { filename: `${c.number}.pdf`, pdf };
  }

  /** Public verification by identifier or certificate number: no login, no more than the certificate shows. */
  async verify(idOrNumber: string, today = todayUtc()): Promise<S.TPublicCredential> {
    return this.db.scoped({ purpose: 'public' }, async (trx) => {
      const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrNumber);
      const isNumber = /^WM-\d{4}-\d{6,}$/i.test(idOrNumber);
      if (!isUuid && !isNumber) throw AppError.notFound('The credential');
      const row = await trx
        .selectFrom('credential as c')
        .innerJoin('pathway as p', 'p.id', 'c.pathway_id')
        .innerJoin('training_model as m', 'm.id', 'p.model_id')
        .leftJoin('credential as n', 'n.replaces_id', 'c.id')
        .select([
          'c.id',
          'c.number',
          'c.recipient_name',
          'c.issued_at',
          'c.valid_from',
          'c.expires_on',
          'c.revoked_at',
          'c.revoke_reason',
          'c.vc_jwt',
          'c.kid',
          'p.name as pathway_name',
          'm.name as model_name',
          'n.id as next_id',
          'n.number as next_number',
        ])
        .where(isUuid ? 'c.id' : 'c.number', '=', isUuid ? idOrNumber : idOrNumber.toUpperCase())
        .executeTakeFirst();
      if (!row) throw AppError.notFound('The credential');
      const keys = await trx.selectFrom('signing_key').select('public_jwk').execute();
      let signature: S.TPublicCredential['signature'];
      try {
        const v = await verifyCredentialJwt(
          row.vc_jwt,
          publicJwks(keys.map((k) => ({ publicJwk: k.public_jwk as never }))),
          {
            ignoreExpiry: true,
          },
        );
        const matches = v.credential.id === `urn:uuid:${row.id}`;
        signature = {
          valid: matches,
          kid: v.kid,
          message: matches ? `Signed by ${ISSUER_NAME}` : 'The signed credential does not match this record',
        };
      } catch (error) {
        signature = {
          valid: false,
          kid: row.kid,
          message:
            error instanceof CredentialVerificationError
              ? error.message
              : 'The signature could not be checked',
        };
      }
      const status = row.revoked_at
        ? 'revoked'
        : row.expires_on && row.expires_on < today
          ? 'expired'
          : 'valid';
      return {
        id: row.id,
        number: row.number,
        recipientName: row.recipient_name,
        pathwayName: row.pathway_name,
        modelName: row.model_name,
        issuerName: ISSUER_NAME,
        issuedOn: row.issued_at.toISOString().slice(0, 10),
        validFrom: row.valid_from,
        expiresOn: row.expires_on,
        status,
        revokedOn: row.revoked_at ? row.revoked_at.toISOString().slice(0, 10) : null,
        revokeReason: row.revoke_reason,
        replacedBy: row.next_id && row.next_number ? { id: row.next_id, number: row.next_number } : null,
        signature,
        vcJwt: row.vc_jwt,
      };
    });
  }

  // Transcript ---------------------------------------------------------------------------------

  async transcript(
    ctx: Ctx,
    userId: string,
    format: 'csv' | 'pdf',
  ): Promise<{ filename: string; body: string | Uint8Array }> {
    await this.#visibility(ctx, userId);
    const { rows, name, center } = await this.#system(async (trx) => {
      const user = await trx
        .selectFrom('app_user')
        .select('display_name')
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user) throw AppError.notFound('The clinician');
      const c = await trx
        .selectFrom('membership as m')
        .innerJoin('center as c', 'c.id', 'm.center_id')
        .select('c.name')
        .where('m.user_id', '=', userId)
        .where('m.role', '=', 'clinician')
        .where('m.ended_at', 'is', null)
        .executeTakeFirst();
      return { rows: await transcriptRows(trx, userId), name: user.display_name, center: c?.name ?? null };
    });
    const meta = {
      clinicianName: name,
      centerName: center,
      generatedOn: todayUtc(),
      issuerName: ISSUER_NAME,
    };
    const slug =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'clinician';
    if (format === 'csv') return { filename: `ce-transcript-${slug}.csv`, body: transcriptCsv(meta, rows) };
    return { filename: `ce-transcript-${slug}.pdf`, body: await renderTranscriptPdf(meta, rows) };
  }
}

// Queries and mapping ----------------------------------------------------------------------------

function pathwayQuery(trx: Trx) {
  return trx
    .selectFrom('pathway as p')
    .innerJoin('training_model as m', 'm.id', 'p.model_id')
    .selectAll('p')
    .select([
      'm.code as model_code',
      sql<number>`(select count(*)::int from pathway_enrollment pe where pe.pathway_id = p.id and pe.status = 'active')`.as(
        'active_enrollments',
      ),
    ]);
}

function toPathway(
  r: Awaited<ReturnType<ReturnType<typeof pathwayQuery>['executeTakeFirstOrThrow']>>,
): S.TPathway {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    modelId: r.model_id,
    modelCode: r.model_code,
    validityMonths: r.validity_months,
    graceDays: r.grace_days,
    requirements: r.requirements as S.TPathway['requirements'],
    renewalRequirements: r.renewal_requirements as S.TPathway['renewalRequirements'],
    autoIssue: r.auto_issue,
    status: r.status,
    activeEnrollments: r.active_enrollments,
    updatedAt: r.updated_at.toISOString(),
  };
}

function toPathwayEnrollment(r: {
  id: string;
  pathway_id: string;
  user_id: string;
  center_id: string;
  started_on: string;
  status: 'active' | 'withdrawn';
  withdrawn_at: Date | null;
}) {
  return {
    id: r.id,
    pathwayId: r.pathway_id,
    userId: r.user_id,
    centerId: r.center_id,
    startedOn: r.started_on,
    status: r.status,
    withdrawnAt: iso(r.withdrawn_at),
  };
}

function credentialQuery(trx: Trx) {
  return trx
    .selectFrom('credential as c')
    .innerJoin('pathway as p', 'p.id', 'c.pathway_id')
    .innerJoin('center as ce', 'ce.id', 'c.center_id')
    .select([
      'c.id',
      'c.number',
      'c.user_id',
      'c.recipient_name',
      'c.center_id',
      'ce.name as center_name',
      'c.pathway_id',
      'p.code as pathway_code',
      'p.name as pathway_name',
      'c.issued_at',
      'c.valid_from',
      'c.expires_on',
      'c.revoked_at',
      'c.revoke_reason',
      'c.replaces_id',
      'c.kid',
      'c.vc_jwt',
      sql<string | null>`(select n.id from credential n where n.replaces_id = c.id limit 1)`.as(
        'replaced_by_id',
      ),
    ]);
}
type CredentialRow = Awaited<ReturnType<ReturnType<typeof credentialQuery>['executeTakeFirstOrThrow']>>;

function canSeeCredential(
  actor: NonNullable<Ctx['actor']>,
  row: { user_id: string; center_id: string },
): boolean {
  return (
    actor.scope.allCenters === true ||
    row.user_id === actor.userId ||
    (actor.scope.manageCenterIds ?? []).includes(row.center_id)
  );
}

/** Pathways a clinician is on: enrolled (even if withdrawn) or holding a credential. */
function pathwaysOf(f: ClinicianFacts): string[] {
  return [
    ...new Set([...f.pathwayEnrollments.map((e) => e.pathwayId), ...f.credentials.map((c) => c.pathwayId)]),
  ];
}

/** Progress for a trainer: cases count, their codes do not show. */
function withoutCaseCodes(p: PathwayProgress): PathwayProgress {
  const strip = (reqs: PathwayProgress['requirements']) =>
    reqs.map((r) =>
      r.kind !== 'cases'
        ? r
        : { ...r, evidence: r.evidence.map((e, i) => ({ ...e, id: null, label: `Case ${i + 1}` })) },
    );
  return {
    ...p,
    requirements: strip(p.requirements),
    renewal: p.renewal ? { ...p.renewal, requirements: strip(p.renewal.requirements) } : null,
  };
}

const EVENT_KIND_LABEL = {
  live_session: 'Live training',
  learning_session: 'Learning session',
  consultation_call: 'Consultation call',
};

async function transcriptRows(trx: Trx, userId: string): Promise<TranscriptRow[]> {
  const attended = await trx
    .selectFrom('attendance as a')
    .innerJoin('cohort_event as ev', 'ev.id', 'a.event_id')
    .innerJoin('cohort as co', 'co.id', 'ev.cohort_id')
    .leftJoin('course as c', 'c.id', 'co.course_id')
    .leftJoin('training_model as m', (j) => j.on(sql<boolean>`m.id = coalesce(co.model_id, c.model_id)`))
    .select([
      'ev.starts_at',
      'ev.title',
      'ev.kind',
      'co.title as cohort_title',
      'm.code as model',
      'a.minutes_attended',
    ])
    .where('a.user_id', '=', userId)
    .where('a.status', '=', 'present')
    .where('a.minutes_attended', '>', 0)
    .execute();
  const completed = await trx
    .selectFrom('course_completion as cc')
    .innerJoin('course as c', 'c.id', 'cc.course_id')
    .leftJoin('training_model as m', 'm.id', 'c.model_id')
    .select(['cc.completed_on', 'c.title', 'c.kind', 'm.code as model', 'cc.ce_hours', 'cc.source'])
    .where('cc.user_id', '=', userId)
    .execute();
  const rows: TranscriptRow[] = [
    ...attended.map((a) => ({
      date: a.starts_at.toISOString().slice(0, 10),
      activity: `${a.cohort_title}: ${a.title}`,
      kind: EVENT_KIND_LABEL[a.kind],
      model: a.model,
      hours: Math.round((a.minutes_attended / 60) * 100) / 100,
      source: 'Attendance recorded by the trainer',
    })),
    ...completed
      .filter((c) => Number(c.ce_hours) > 0)
      .map((c) => ({
        date: c.completed_on,
        activity: c.title,
        kind: c.kind.replace(/_/g, ' '),
        model: c.model,
        hours: Number(c.ce_hours),
        source: c.source === 'import' ? 'Imported completion' : 'Completion recorded',
      })),
  ];
  return rows.sort((a, b) => a.date.localeCompare(b.date));
}
