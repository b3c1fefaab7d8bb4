/**
 * The care module: de-identified treatment episodes, their sessions, standardized measures scored
 * on the server, outcomes per episode and in aggregate, and care alerts.
 *
 * Reach is decided by row-level security: a clinician sees the episodes they treat, a director
 * their center's, a network administrator all. A record outside reach is 404, never 403. Rules of
 * the domain (a clinician of the center, a component of the model, an instrument for the child's
 * age) are 422 with the field named; a duplicate (a second session on one day, a second measure of
 * one kind on one day) is 409.
 */
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Config } from '../../config.js';
import type { DB, MeasureAdministrationTable } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import { hasRole, requireActor, tx, type Ctx } from '../../platform/context.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { getNetworkSetting } from '../identity/identity.repo.js';
import { raiseAlert } from './alerts.js';
import type * as S from './care.schemas.js';
import { flagsOf, toAdministration, toEpisode, toSession } from './care.mapper.js';
import { findEpisode, findEpisodes, isActiveClinician, type EpisodeRow } from './care.repo.js';
import { INSTRUMENTS, getInstrument, withCutoff } from './instruments/index.js';
import type { InstrumentDefinition } from './instruments/types.js';
import { minimumReliableChange, seriesOutcome } from './outcomes.js';
import { scoreResponses, scoreTotal, type ScoreOutcome } from './scoring.js';
import { outcomeSummary } from './summary.repo.js';

type Trx = Transaction<DB>;

/** A rule of the domain refused a field: 422 naming it. */
export const unprocessable = (path: string, message: string) =>
  new AppError('UNPROCESSABLE', `${path}: ${message}`, [{ path, message }]);

/** Today as YYYY-MM-DD in UTC, the calendar the database's `current_date` uses in tests and servers. */
const today = () => new Date().toISOString().slice(0, 10);

/** Whole days from a to b (YYYY-MM-DD). */
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/** The network's chosen cut-offs (setting `care.cutoffs`, e.g. {"CATS-C3": 16}) applied to the definitions. */
export async function instrumentsFor(trx: Trx): Promise<Map<string, InstrumentDefinition>> {
  const cutoffs = await getNetworkSetting<Record<string, number>>(trx, 'care.cutoffs', {});
  const map = new Map<string, InstrumentDefinition>();
  for (const def of INSTRUMENTS) {
    const chosen = cutoffs[def.code];
    let used = def;
    if (typeof chosen === 'number' && chosen !== def.clinicalCutoff) {
      try {
        used = withCutoff(def, chosen);
      } catch {
        used = def; // a setting the definition does not support keeps the published default
      }
    }
    map.set(def.code, used);
  }
  return map;
}

/** Scores responses, or an entered total (with its safety items), as a 400 naming each problem. */
export function scoreOrThrow(
  def: InstrumentDefinition,
  input: { responses?: Record<string, number | null> | undefined; total?: number | undefined },
): Extract<ScoreOutcome, { ok: true }>['result'] {
  const outcome =
    input.total !== undefined
      ? scoreTotal(def, input.total, input.responses ?? {})
      : scoreResponses(def, input.responses ?? {});
  if (!outcome.ok) throw AppError.validation(outcome.problems);
  return outcome.result;
}

/** Whether an age at referral fits an instrument, allowing for birthdays since the referral. */
function fitsAge(
  def: InstrumentDefinition,
  ageAtReferral: number,
  referredOn: string | null,
  on: string,
): boolean {
  const yearsSince = referredOn ? Math.max(0, Math.ceil(daysBetween(referredOn, on) / 365.25)) : 0;
  return ageAtReferral <= def.ageRange.max && ageAtReferral + yearsSince >= def.ageRange.min;
}

export class CareService {
  constructor(private readonly config: Config) {}

  // Episodes ------------------------------------------------------------------------------------

  async listEpisodes(ctx: Ctx, q: S.EpisodeListQuery): Promise<{ items: S.Episode[]; total: number }> {
    requireActor(ctx);
    return tx(ctx, async (trx) => {
      const { rows, total } = await findEpisodes(trx, {
        ...(q.centerId ? { centerId: q.centerId } : {}),
        ...(q.clinicianId ? { clinicianId: q.clinicianId } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.attention === 'true' ? { attention: true } : {}),
        ...(q.q ? { q: q.q } : {}),
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return { items: rows.map(toEpisode), total };
    });
  }

  async getEpisode(ctx: Ctx, id: string): Promise<S.Episode> {
    requireActor(ctx);
    return tx(ctx, async (trx) => toEpisode(await this.episodeOr404(trx, id)));
  }

  async createEpisode(ctx: Ctx, body: S.CreateEpisodeRequest): Promise<S.Episode> {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      const centerId = body.centerId ?? this.onlyCenter(ctx);
      await this.centerOr404(trx, centerId);
      // The center directory is public, but only a center's own staff open its episodes.
      if (!actor.scope.allCenters && !(actor.scope.centerIds ?? []).includes(centerId))
        throw AppError.notFound('The center');
      const isManager = hasRole(actor, 'network_admin') || actor.scope.manageCenterIds?.includes(centerId);
      const clinicianId = body.clinicianId ?? actor.userId;
      if (!isManager && clinicianId !== actor.userId)
        throw unprocessable('clinicianId', 'you can open episodes on your own caseload only');
      if (!(await isActiveClinician(trx, clinicianId, centerId)))
        throw unprocessable(
          'clinicianId',
          body.clinicianId
            ? 'is not an active clinician of this center'
            : 'you are not a clinician of this center; name the treating clinician',
        );
      const model = await this.modelOr422(trx, body.modelId, body.ageYears);
      if (body.firstSessionOn && body.firstSessionOn > today())
        throw unprocessable('firstSessionOn', 'must not be in the future');
      if (body.referredOn > today()) throw unprocessable('referredOn', 'must not be in the future');
      if (body.pathwayEnrollmentId)
        await this.checkPathwayEnrollment(trx, body.pathwayEnrollmentId, clinicianId, centerId, model.id);
      await this.assertCaseCodeFree(trx, centerId, body.caseCode);
      const row = await orCaseCodeConflict(body.caseCode, () =>
        trx
          .insertInto('episode')
          .values({
            center_id: centerId,
            clinician_id: clinicianId,
            case_code: body.caseCode,
            age_years: body.ageYears,
            gender: body.gender ?? null,
            race_ethnicity: body.raceEthnicity ?? null,
            caregiver_involved: body.caregiverInvolved,
            model_id: body.modelId,
            referred_on: body.referredOn,
            started_on: body.firstSessionOn ?? null,
            pathway_enrollment_id: body.pathwayEnrollmentId ?? null,
            created_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      await recordAudit(trx, ctx, {
        action: 'care.episode.create',
        targetType: 'episode',
        targetId: row.id,
        centerId,
        details: { model: model.code, clinicianId },
      });
      return toEpisode(await this.episodeOr404(trx, row.id));
    });
  }

  async updateEpisode(ctx: Ctx, id: string, patch: S.UpdateEpisodeRequest): Promise<S.Episode> {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      const ep = await this.episodeOr404(trx, id);
      const isManager =
        hasRole(actor, 'network_admin') || actor.scope.manageCenterIds?.includes(ep.center_id);
      if (patch.clinicianId !== undefined && patch.clinicianId !== ep.clinician_id) {
        if (!isManager)
          throw unprocessable('clinicianId', 'only a director can move an episode to another clinician');
        if (!(await isActiveClinician(trx, patch.clinicianId, ep.center_id)))
          throw unprocessable('clinicianId', 'is not an active clinician of this center');
      }
      const age = patch.ageYears ?? ep.age_years;
      const modelId = patch.modelId ?? ep.model_id;
      if (patch.modelId !== undefined || patch.ageYears !== undefined)
        await this.modelOr422(trx, modelId, age);
      if (patch.caseCode !== undefined && patch.caseCode !== ep.case_code)
        await this.assertCaseCodeFree(trx, ep.center_id, patch.caseCode);
      if (patch.pathwayEnrollmentId)
        await this.checkPathwayEnrollment(
          trx,
          patch.pathwayEnrollmentId,
          patch.clinicianId ?? ep.clinician_id,
          ep.center_id,
          modelId,
        );

      const referred = patch.referredOn ?? ep.referred_on;
      const started = patch.firstSessionOn !== undefined ? patch.firstSessionOn : ep.started_on;
      const ended = patch.dischargedOn !== undefined ? patch.dischargedOn : ep.ended_on;
      const problems: ErrorDetail[] = [];
      if (referred && started && started < referred)
        problems.push({ path: 'firstSessionOn', message: 'must not be before the referral date' });
      if (ended && !started)
        problems.push({
          path: 'dischargedOn',
          message: 'needs a first session date: a child who never started is not discharged',
        });
      if (ended && started && ended < started)
        problems.push({ path: 'dischargedOn', message: 'must not be before the first session' });
      for (const [path, value] of [
        ['referredOn', patch.referredOn],
        ['firstSessionOn', patch.firstSessionOn],
        ['dischargedOn', patch.dischargedOn],
      ] as const)
        if (value && value > today()) problems.push({ path, message: 'must not be in the future' });
      if (started && ep.session_count > 0 && patch.firstSessionOn !== undefined) {
        const first = await trx
          .selectFrom('episode_session')
          .select(sql<string>`min(held_on)::text`.as('first'))
          .where('episode_id', '=', id)
          .executeTakeFirst();
        if (first?.first && started > first.first)
          problems.push({
            path: 'firstSessionOn',
            message: `must not be after the first recorded session (${first.first})`,
          });
      }
      if (problems.length > 0)
        throw new AppError(
          'UNPROCESSABLE',
          problems.map((p) => `${p.path}: ${p.message}`).join(' '),
          problems,
        );

      await orCaseCodeConflict(patch.caseCode, () =>
        trx
          .updateTable('episode')
          .set({
            ...(patch.caseCode !== undefined ? { case_code: patch.caseCode } : {}),
            ...(patch.ageYears !== undefined ? { age_years: patch.ageYears } : {}),
            ...(patch.gender !== undefined ? { gender: patch.gender } : {}),
            ...(patch.raceEthnicity !== undefined ? { race_ethnicity: patch.raceEthnicity } : {}),
            ...(patch.caregiverInvolved !== undefined ? { caregiver_involved: patch.caregiverInvolved } : {}),
            ...(patch.modelId !== undefined ? { model_id: patch.modelId } : {}),
            ...(patch.referredOn !== undefined ? { referred_on: patch.referredOn } : {}),
            ...(patch.firstSessionOn !== undefined ? { started_on: patch.firstSessionOn } : {}),
            ...(patch.clinicianId !== undefined ? { clinician_id: patch.clinicianId } : {}),
            ...(patch.pathwayEnrollmentId !== undefined
              ? { pathway_enrollment_id: patch.pathwayEnrollmentId }
              : {}),
            ...(patch.dischargedOn !== undefined ? { ended_on: patch.dischargedOn } : {}),
            ...(patch.dischargeReason !== undefined ? { discharge_reason: patch.dischargeReason } : {}),
            updated_at: sql`now()`,
          })
          .where('id', '=', id)
          .execute(),
      );
      const action =
        patch.dischargedOn === null
          ? 'care.episode.reopen'
          : patch.dischargedOn
            ? 'care.episode.discharge'
            : 'care.episode.update';
      await recordAudit(trx, ctx, {
        action,
        targetType: 'episode',
        targetId: id,
        centerId: ep.center_id,
        details: {
          fields: Object.keys(patch).sort(),
          ...(patch.dischargeReason ? { reason: patch.dischargeReason } : {}),
        },
      });
      return toEpisode(await this.episodeOr404(trx, id));
    });
  }

  // Sessions ------------------------------------------------------------------------------------

  async listSessions(ctx: Ctx, episodeId: string): Promise<{ items: S.Session[] }> {
    requireActor(ctx);
    return tx(ctx, async (trx) => {
      await this.episodeOr404(trx, episodeId);
      const rows = await trx
        .selectFrom('episode_session')
        .selectAll()
        .where('episode_id', '=', episodeId)
        .orderBy('held_on')
        .execute();
      return { items: rows.map(toSession) };
    });
  }

  async createSession(ctx: Ctx, episodeId: string, body: S.CreateSessionRequest): Promise<S.Session> {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      const ep = await this.episodeOr404(trx, episodeId);
      await this.checkSession(trx, ep, body.heldOn, body.components ?? []);
      await this.assertSessionDayFree(trx, episodeId, body.heldOn, null);
      const row = await trx
        .insertInto('episode_session')
        .values({
          episode_id: episodeId,
          center_id: ep.center_id,
          held_on: body.heldOn,
          minutes: body.minutes,
          participants: body.participants,
          components: body.components ?? [],
          telehealth: body.telehealth ?? false,
          created_by: actor.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await startsBy(trx, ep, body.heldOn);
      await recordAudit(trx, ctx, {
        action: 'care.session.create',
        targetType: 'episode_session',
        targetId: row.id,
        centerId: ep.center_id,
        details: { episodeId },
      });
      return toSession(row);
    });
  }

  async updateSession(
    ctx: Ctx,
    episodeId: string,
    sessionId: string,
    patch: Partial<S.CreateSessionRequest>,
  ): Promise<S.Session> {
    requireActor(ctx);
    return tx(ctx, async (trx) => {
      const ep = await this.episodeOr404(trx, episodeId);
      const current = await trx
        .selectFrom('episode_session')
        .selectAll()
        .where('id', '=', sessionId)
        .where('episode_id', '=', episodeId)
        .executeTakeFirst();
      if (!current) throw AppError.notFound('The session');
      const heldOn = patch.heldOn ?? current.held_on;
      await this.checkSession(trx, ep, heldOn, patch.components ?? []);
      if (patch.heldOn && patch.heldOn !== current.held_on)
        await this.assertSessionDayFree(trx, episodeId, patch.heldOn, sessionId);
      const row = await trx
        .updateTable('episode_session')
        .set({
          ...(patch.heldOn !== undefined ? { held_on: patch.heldOn } : {}),
          ...(patch.minutes !== undefined ? { minutes: patch.minutes } : {}),
          ...(patch.participants !== undefined ? { participants: patch.participants } : {}),
          ...(patch.components !== undefined ? { components: patch.components } : {}),
          ...(patch.telehealth !== undefined ? { telehealth: patch.telehealth } : {}),
        })
        .where('id', '=', sessionId)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (patch.heldOn) await startsBy(trx, ep, patch.heldOn);
      await recordAudit(trx, ctx, {
        action: 'care.session.update',
        targetType: 'episode_session',
        targetId: sessionId,
        centerId: ep.center_id,
        details: { episodeId, fields: Object.keys(patch).sort() },
      });
      return toSession(row);
    });
  }

  async deleteSession(ctx: Ctx, episodeId: string, sessionId: string): Promise<void> {
    requireActor(ctx);
    await tx(ctx, async (trx) => {
      const ep = await this.episodeOr404(trx, episodeId);
      const gone = await trx
        .deleteFrom('episode_session')
        .where('id', '=', sessionId)
        .where('episode_id', '=', episodeId)
        .returning('id')
        .executeTakeFirst();
      if (!gone) throw AppError.notFound('The session');
      await recordAudit(trx, ctx, {
        action: 'care.session.delete',
        targetType: 'episode_session',
        targetId: sessionId,
        centerId: ep.center_id,
        details: { episodeId },
      });
    });
  }

  // Instruments ---------------------------------------------------------------------------------

  async listInstruments(ctx: Ctx): Promise<{ items: S.InstrumentSummary[] }> {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      const defs = await instrumentsFor(trx);
      const centerIds = actor.scope.centerIds ?? [];
      const enabled = new Set(
        centerIds.length === 0 && !actor.scope.allCenters
          ? []
          : (
              await trx
                .selectFrom('center_instrument')
                .select('instrument')
                .$if(!actor.scope.allCenters, (qb) => qb.where('center_id', 'in', centerIds))
                .execute()
            ).map((r) => r.instrument),
      );
      return {
        items: [...defs.values()].map((def) => ({
          code: def.code,
          family: def.family,
          name: def.name.en,
          construct: def.construct,
          respondent: def.respondent,
          ageMin: def.ageRange.min,
          ageMax: def.ageRange.max,
          kind: def.kind,
          languages: def.languages,
          scoreMin: def.scoring.min,
          scoreMax: def.scoring.max,
          clinicalCutoff: def.clinicalCutoff,
          itemCount: def.items.length,
          hasCriticalItems: def.items.some((i) => i.critical),
          licence: def.licence,
          requiresEnablement: def.requiresEnablement,
          enabled: !def.requiresEnablement || enabled.has(def.code),
        })),
      };
    });
  }

  async getInstrument(ctx: Ctx, code: string): Promise<InstrumentDefinition> {
    requireActor(ctx);
    return tx(ctx, async (trx) => this.definitionOr404(trx, code));
  }

  async score(ctx: Ctx, code: string, body: S.ScoreRequest): Promise<S.ScoreResult> {
    requireActor(ctx);
    return tx(ctx, async (trx) => {
      const def = await this.definitionOr404(trx, code);
      if (
        body.ageYears !== undefined &&
        (body.ageYears < def.ageRange.min || body.ageYears > def.ageRange.max)
      )
        throw AppError.validation([
          { path: 'ageYears', message: `${def.code} is for ages ${def.ageRange.min}-${def.ageRange.max}` },
        ]);
      return scoreOrThrow(def, body);
    });
  }

  async setCenterInstrument(ctx: Ctx, centerId: string, code: string, enabled: boolean): Promise<void> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      await this.centerOr404(trx, centerId);
      const manages = actor.scope.allCenters || (actor.scope.manageCenterIds ?? []).includes(centerId);
      if (!manages) throw AppError.notFound('The center');
      const def = await this.definitionOr404(trx, code);
      if (!def.requiresEnablement)
        throw unprocessable(
          'code',
          `${def.code} is free to use and always available; only licensed instruments are enabled`,
        );
      if (enabled)
        await trx
          .insertInto('center_instrument')
          .values({ center_id: centerId, instrument: def.code, enabled_by: actor.userId })
          .onConflict((oc) => oc.columns(['center_id', 'instrument']).doNothing())
          .execute();
      else
        await trx
          .deleteFrom('center_instrument')
          .where('center_id', '=', centerId)
          .where('instrument', '=', def.code)
          .execute();
      await recordAudit(trx, ctx, {
        action: enabled ? 'care.instrument.enable' : 'care.instrument.disable',
        targetType: 'center',
        targetId: centerId,
        centerId,
        details: { instrument: def.code },
      });
    });
  }

  // Administrations -----------------------------------------------------------------------------

  async listAdministrations(ctx: Ctx, episodeId: string): Promise<{ items: S.Administration[] }> {
    requireActor(ctx);
    return tx(ctx, async (trx) => {
      await this.episodeOr404(trx, episodeId);
      const defs = await instrumentsFor(trx);
      const rows = await this.administrationsOf(trx, episodeId);
      return { items: rows.map((r) => toAdministration(r, defs.get(r.instrument))) };
    });
  }

  async createAdministration(
    ctx: Ctx,
    episodeId: string,
    body: S.CreateAdministrationRequest,
  ): Promise<S.Administration> {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      const ep = await this.episodeOr404(trx, episodeId);
      const defs = await instrumentsFor(trx);
      const def = defs.get(body.instrument);
      if (!def) throw unprocessable('instrument', 'is not an instrument Waymark knows');
      await this.checkMeasure(trx, ep, def, body.phase, body.administeredOn);
      if (body.respondent && body.respondent !== def.respondent)
        throw unprocessable('respondent', `${def.code} is answered by the ${def.respondent}`);
      if (
        body.language &&
        body.responses &&
        body.total === undefined &&
        !def.languages.includes(body.language)
      )
        throw unprocessable('language', `${def.code} is available in ${def.languages.join(' and ')}`);
      const result = scoreOrThrow(def, body);
      return this.storeAdministration(trx, ctx, ep, def, result, {
        phase: body.phase,
        administeredOn: body.administeredOn,
        responses: body.total === undefined ? (body.responses ?? null) : (body.responses ?? null),
        source: 'clinician',
        language: body.language ?? null,
        administeredBy: actor.userId,
      });
    });
  }

  /**
   * Stores a scored measure and raises what it calls for: a safety alert for a flagged answer, and
   * "not on track" when a mid-treatment total is reliably worse than the baseline. Shared with the
   * family form.
   */
  async storeAdministration(
    trx: Trx,
    ctx: Ctx,
    ep: Pick<EpisodeRow, 'id' | 'center_id' | 'clinician_id'>,
    def: InstrumentDefinition,
    result: S.ScoreResult,
    input: {
      phase: S.CreateAdministrationRequest['phase'];
      administeredOn: string;
      responses: Record<string, number | null> | null;
      source: 'clinician' | 'form';
      language: 'en' | 'es' | null;
      administeredBy: string | null;
    },
  ): Promise<S.Administration> {
    const respondent = def.respondent;
    const duplicate = await trx
      .selectFrom('measure_administration')
      .select('id')
      .where('episode_id', '=', ep.id)
      .where('instrument', '=', def.code)
      .where('respondent', '=', respondent)
      .where('administered_on', '=', input.administeredOn)
      .executeTakeFirst();
    if (duplicate)
      throw AppError.conflict(
        `A ${def.code} from the ${respondent} on ${input.administeredOn} is already recorded for this episode.`,
        'administeredOn',
      );
    const row = await trx
      .insertInto('measure_administration')
      .values({
        episode_id: ep.id,
        center_id: ep.center_id,
        instrument: def.code,
        phase: input.phase,
        respondent,
        administered_on: input.administeredOn,
        total_score: result.total,
        item_responses: input.responses ? JSON.stringify(input.responses) : null,
        subscales: JSON.stringify(result.subscales),
        band: result.band.code,
        prorated: result.prorated,
        source: input.source,
        language: input.language,
        administered_by: input.administeredBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'care.measure.record',
      targetType: 'measure_administration',
      targetId: row.id,
      centerId: ep.center_id,
      details: { episodeId: ep.id, instrument: def.code, phase: input.phase, source: input.source },
    });

    if (result.flags.length > 0)
      await raiseAlert(trx, ctx, this.config, {
        kind: 'self_harm',
        episode: ep,
        administrationId: row.id,
        instrument: def.code,
      });
    if (input.phase === 'mid_treatment') {
      const series = (await this.administrationsOf(trx, ep.id)).filter(
        (a) => a.instrument === def.code && a.respondent === respondent,
      );
      const outcome = seriesOutcome(def, series.map(toPoint));
      if (outcome.notOnTrack && outcome.notOnTrackPointId === row.id)
        await raiseAlert(trx, ctx, this.config, {
          kind: 'not_on_track',
          episode: ep,
          administrationId: row.id,
          instrument: def.code,
        });
    }
    return toAdministration(row, def);
  }

  async deleteAdministration(ctx: Ctx, episodeId: string, administrationId: string): Promise<void> {
    requireActor(ctx);
    await tx(ctx, async (trx) => {
      const ep = await this.episodeOr404(trx, episodeId);
      const gone = await trx
        .deleteFrom('measure_administration')
        .where('id', '=', administrationId)
        .where('episode_id', '=', episodeId)
        .returning(['id', 'instrument', 'phase'])
        .executeTakeFirst();
      if (!gone) throw AppError.notFound('The measure');
      await recordAudit(trx, ctx, {
        action: 'care.measure.delete',
        targetType: 'measure_administration',
        targetId: administrationId,
        centerId: ep.center_id,
        details: { episodeId, instrument: gone.instrument, phase: gone.phase },
      });
    });
  }

  // Outcomes ------------------------------------------------------------------------------------

  async episodeOutcome(ctx: Ctx, episodeId: string): Promise<S.EpisodeOutcome> {
    requireActor(ctx);
    return tx(ctx, async (trx) => {
      const ep = await this.episodeOr404(trx, episodeId);
      const defs = await instrumentsFor(trx);
      const rows = await this.administrationsOf(trx, episodeId);
      const groups = new Map<string, Selectable<MeasureAdministrationTable>[]>();
      for (const r of rows) {
        const key = `${r.instrument}|${r.respondent}`;
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      const series: S.SeriesOutcome[] = [];
      for (const group of groups.values()) {
        const first = group[0]!;
        const def = defs.get(first.instrument);
        if (!def) continue;
        const o = seriesOutcome(def, group.map(toPoint));
        series.push({
          instrument: def.code,
          instrumentName: def.name.en,
          respondent: first.respondent,
          scoreMin: def.scoring.min,
          scoreMax: def.scoring.max,
          clinicalCutoff: def.clinicalCutoff,
          minimumReliableChange: minimumReliableChange(def),
          bands: def.bands.map((b) => ({
            min: b.min,
            max: b.max,
            code: b.code,
            label: b.label.en,
            severity: b.severity,
          })),
          points: group
            .map((a) => ({
              administrationId: a.id,
              administeredOn: a.administered_on,
              phase: a.phase,
              total: Number(a.total_score),
              band: a.band,
            }))
            .sort((a, b) => a.administeredOn.localeCompare(b.administeredOn)),
          baseline: o.baseline?.total ?? null,
          latest: o.latest?.total ?? null,
          end: o.end?.total ?? null,
          changeToLatest: o.changeToLatest,
          changeToEnd: o.changeToEnd,
          rciToLatest: o.rciToLatest,
          classificationToLatest: o.classificationToLatest,
          rciToEnd: o.rciToEnd,
          classificationToEnd: o.classificationToEnd,
          clinicallySignificant: o.clinicallySignificant,
          notOnTrack: o.notOnTrack,
        });
      }
      series.sort(
        (a, b) => a.instrument.localeCompare(b.instrument) || a.respondent.localeCompare(b.respondent),
      );

      const sessions = await trx
        .selectFrom('episode_session')
        .select(['minutes', 'participants', 'components', 'telehealth'])
        .where('episode_id', '=', episodeId)
        .execute();
      const model = await trx
        .selectFrom('training_model')
        .select('components')
        .where('id', '=', ep.model_id)
        .executeTakeFirst();
      const modelComponents = (model?.components ?? []).map((c) => c.code);
      const covered = new Set(sessions.flatMap((s) => s.components));
      const componentsCovered = modelComponents.filter((c) => covered.has(c));
      return {
        episodeId,
        series,
        fidelity: {
          sessions: sessions.length,
          totalMinutes: sessions.reduce((n, s) => n + s.minutes, 0),
          caregiverSessions: sessions.filter((s) => s.participants.some((p) => p !== 'child')).length,
          telehealthSessions: sessions.filter((s) => s.telehealth).length,
          modelComponents,
          componentsCovered,
          componentShare:
            modelComponents.length > 0 ? componentsCovered.length / modelComponents.length : null,
          hasBaseline: rows.some((r) => r.phase === 'baseline'),
          hasEnd: rows.some((r) => r.phase === 'end'),
        },
      };
    });
  }

  async outcomeSummary(ctx: Ctx, q: S.OutcomeSummaryQuery): Promise<{ items: S.OutcomeSummaryRow[] }> {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      if (q.centerId) {
        await this.centerOr404(trx, q.centerId);
        if (!actor.scope.allCenters && !(actor.scope.manageCenterIds ?? []).includes(q.centerId))
          throw AppError.notFound('The center');
      }
      // A director's figures come from their own center's episodes (row-level security), so a
      // state or network level for them is their center's share of it, never other centers'.
      const defs = await instrumentsFor(trx);
      const params = [...defs.values()].map((d) => ({
        code: d.code,
        sd: d.reliableChange.sd,
        reliability: d.reliableChange.reliability,
        clinicalCutoff: d.clinicalCutoff,
      }));
      const items = await outcomeSummary(
        trx,
        {
          level: q.level,
          ...(q.centerId ? { centerId: q.centerId } : {}),
          ...(q.state ? { state: q.state } : {}),
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
        },
        params,
      );
      return { items };
    });
  }

  // Alerts --------------------------------------------------------------------------------------

  async listAlerts(
    ctx: Ctx,
    q: {
      open?: 'true' | 'false' | undefined;
      episodeId?: string | undefined;
      page: number;
      pageSize: number;
    },
  ): Promise<{ items: S.Alert[]; total: number }> {
    requireActor(ctx);
    return tx(ctx, async (trx) => {
      let query = trx
        .selectFrom('care_alert as a')
        .innerJoin('center as c', 'c.id', 'a.center_id')
        .leftJoin('episode as e', 'e.id', 'a.episode_id')
        .leftJoin('app_user as cu', 'cu.id', 'a.clinician_id')
        .leftJoin('app_user as ku', 'ku.id', 'a.acknowledged_by');
      if (q.open === 'true') query = query.where('a.acknowledged_at', 'is', null);
      if (q.open === 'false') query = query.where('a.acknowledged_at', 'is not', null);
      if (q.episodeId) query = query.where('a.episode_id', '=', q.episodeId);
      const rows = await query
        .select([
          'a.id',
          'a.kind',
          'a.episode_id',
          'e.case_code',
          'a.center_id',
          'c.name as center_name',
          'a.clinician_id',
          'cu.display_name as clinician_name',
          'a.instrument',
          'a.administration_id',
          'a.raised_at',
          'a.acknowledged_at',
          'ku.display_name as acknowledged_by_name',
          'a.action',
          sql<number>`count(*) over ()`.as('full_count'),
        ])
        .orderBy(sql`a.acknowledged_at is null`, 'desc')
        .orderBy('a.raised_at', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          episodeId: r.episode_id,
          caseCode: r.case_code ?? null,
          centerId: r.center_id,
          centerName: r.center_name,
          clinicianId: r.clinician_id,
          clinicianName: r.clinician_name ?? 'Clinician',
          instrument: r.instrument,
          administrationId: r.administration_id,
          raisedAt: r.raised_at.toISOString(),
          acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
          acknowledgedByName: r.acknowledged_by_name ?? null,
          action: r.action,
        })),
        total: Number(rows[0]?.full_count ?? 0),
      };
    });
  }

  async acknowledgeAlert(ctx: Ctx, alertId: string, action: S.Alert['action'] & string): Promise<S.Alert> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      const alert = await trx
        .selectFrom('care_alert')
        .select(['id', 'kind', 'center_id', 'episode_id', 'acknowledged_at'])
        .where('id', '=', alertId)
        .forUpdate()
        .executeTakeFirst();
      if (!alert) throw AppError.notFound('The alert');
      if (alert.kind === 'self_harm' && !hasRole(actor, 'clinician', 'center_director', 'network_admin'))
        throw AppError.notFound('The alert');
      if (alert.acknowledged_at) throw AppError.conflict('This alert was already acknowledged.');
      await trx
        .updateTable('care_alert')
        .set({ acknowledged_at: sql`now()`, acknowledged_by: actor.userId, action })
        .where('id', '=', alertId)
        .execute();
      await recordAudit(trx, ctx, {
        action: 'care.alert.acknowledge',
        targetType: 'care_alert',
        targetId: alertId,
        centerId: alert.center_id,
        details: { kind: alert.kind, action, episodeId: alert.episode_id },
      });
    });
    const { items } = await this.listAlerts(ctx, { page: 1, pageSize: 500, open: 'false' });
    const found = items.find((a) => a.id === alertId);
    if (!found) throw AppError.notFound('The alert');
    return found;
  }

  // Helpers -------------------------------------------------------------------------------------

  async episodeOr404(trx: Trx, id: string): Promise<EpisodeRow> {
    const ep = await findEpisode(trx, id);
    if (!ep) throw AppError.notFound('The episode');
    return ep;
  }

  async definitionOr404(trx: Trx, code: string): Promise<InstrumentDefinition> {
    if (!getInstrument(code)) throw AppError.notFound('The instrument');
    return (await instrumentsFor(trx)).get(code)!;
  }

  administrationsOf(trx: Trx, episodeId: string): Promise<Selectable<MeasureAdministrationTable>[]> {
    return trx
      .selectFrom('measure_administration')
      .selectAll()
      .where('episode_id', '=', episodeId)
      .orderBy('administered_on')
      .orderBy('created_at')
      .execute();
  }

  /** The rules a new measure must meet: enabled, for the child's age, on a date that fits the episode. */
  async checkMeasure(
    trx: Trx,
    ep: EpisodeRow,
    def: InstrumentDefinition,
    phase: S.CreateAdministrationRequest['phase'],
    on: string,
  ): Promise<void> {
    if (def.requiresEnablement) {
      const enabled = await trx
        .selectFrom('center_instrument')
        .select('instrument')
        .where('center_id', '=', ep.center_id)
        .where('instrument', '=', def.code)
        .executeTakeFirst();
      if (!enabled)
        throw unprocessable(
          'instrument',
          `${def.code} is licensed; a director enables it for the center first`,
        );
    }
    if (!fitsAge(def, ep.age_years, ep.referred_on, on))
      throw unprocessable(
        'instrument',
        `${def.code} is for ages ${def.ageRange.min}-${def.ageRange.max}; this child was ${ep.age_years} at referral`,
      );
    if (on > today()) throw unprocessable('administeredOn', 'must not be in the future');
    if (ep.referred_on && on < ep.referred_on)
      throw unprocessable('administeredOn', `must not be before the referral (${ep.referred_on})`);
    if (phase !== 'follow_up' && ep.ended_on && on > ep.ended_on)
      throw unprocessable(
        'administeredOn',
        `is after the discharge (${ep.ended_on}); record it as follow-up`,
      );
    if (phase === 'follow_up' && !ep.ended_on)
      throw unprocessable('phase', 'a follow-up measure comes after the discharge');
  }

  private async checkSession(trx: Trx, ep: EpisodeRow, heldOn: string, components: string[]): Promise<void> {
    const problems: ErrorDetail[] = [];
    if (heldOn > today()) problems.push({ path: 'heldOn', message: 'must not be in the future' });
    if (ep.referred_on && heldOn < ep.referred_on)
      problems.push({ path: 'heldOn', message: `must not be before the referral (${ep.referred_on})` });
    if (ep.ended_on && heldOn > ep.ended_on)
      problems.push({ path: 'heldOn', message: `must not be after the discharge (${ep.ended_on})` });
    if (components.length > 0) {
      const model = await trx
        .selectFrom('training_model')
        .select(['code', 'components'])
        .where('id', '=', ep.model_id)
        .executeTakeFirstOrThrow();
      const codes = new Set(model.components.map((c) => c.code));
      components.forEach((c, i) => {
        if (!codes.has(c))
          problems.push({
            path: `components.${i}`,
            message:
              codes.size > 0
                ? `is not a component of ${model.code} (${[...codes].join(', ')})`
                : `${model.code} has no component list`,
          });
      });
    }
    if (problems.length > 0)
      throw new AppError('UNPROCESSABLE', problems.map((p) => `${p.path}: ${p.message}`).join(' '), problems);
  }

  private async assertSessionDayFree(trx: Trx, episodeId: string, heldOn: string, except: string | null) {
    const clash = await trx
      .selectFrom('episode_session')
      .select('id')
      .where('episode_id', '=', episodeId)
      .where('held_on', '=', heldOn)
      .$if(except !== null, (qb) => qb.where('id', '<>', except!))
      .executeTakeFirst();
    if (clash)
      throw AppError.conflict(`A session on ${heldOn} is already recorded for this episode.`, 'heldOn');
  }

  private async assertCaseCodeFree(trx: Trx, centerId: string, caseCode: string) {
    // A clinician sees only their own episodes: a code held by a colleague's episode is caught by
    // the unique index instead, and turned into the same 409 by `caseCodeConflict`.
    const clash = await trx
      .selectFrom('episode')
      .select('id')
      .where('center_id', '=', centerId)
      .where('case_code', '=', caseCode)
      .executeTakeFirst();
    if (clash) throw caseCodeConflict(caseCode);
  }

  private onlyCenter(ctx: Ctx): string {
    const actor = requireActor(ctx);
    const centers = [
      ...new Set(
        actor.memberships
          .filter((m) => m.role === 'clinician' || m.role === 'center_director')
          .map((m) => m.centerId!),
      ),
    ];
    if (centers.length !== 1)
      throw AppError.validation([
        { path: 'centerId', message: 'is required: say which center the episode belongs to' },
      ]);
    return centers[0]!;
  }

  private async centerOr404(trx: Trx, centerId: string): Promise<void> {
    const center = await trx.selectFrom('center').select('id').where('id', '=', centerId).executeTakeFirst();
    if (!center) throw AppError.notFound('The center');
  }

  private async modelOr422(trx: Trx, modelId: string, age: number) {
    const model = await trx
      .selectFrom('training_model')
      .select(['id', 'code', 'min_age', 'max_age'])
      .where('id', '=', modelId)
      .executeTakeFirst();
    if (!model) throw unprocessable('modelId', 'is not a treatment model in the catalog');
    if ((model.min_age !== null && age < model.min_age) || (model.max_age !== null && age > model.max_age))
      throw unprocessable(
        'ageYears',
        `${model.code} is for ages ${model.min_age ?? 0}-${model.max_age ?? 17}`,
      );
    return model;
  }

  private async checkPathwayEnrollment(
    trx: Trx,
    enrollmentId: string,
    clinicianId: string,
    centerId: string,
    modelId: string,
  ): Promise<void> {
    const pe = await trx
      .selectFrom('pathway_enrollment as pe')
      .innerJoin('pathway as p', 'p.id', 'pe.pathway_id')
      .select(['pe.user_id', 'pe.center_id', 'pe.status', 'p.model_id', 'p.code'])
      .where('pe.id', '=', enrollmentId)
      .executeTakeFirst();
    if (!pe || pe.user_id !== clinicianId)
      throw unprocessable('pathwayEnrollmentId', 'is not a certification pathway of the treating clinician');
    if (pe.status !== 'active')
      throw unprocessable('pathwayEnrollmentId', 'that pathway enrolment was withdrawn');
    if (pe.center_id !== centerId)
      throw unprocessable('pathwayEnrollmentId', 'belongs to the clinician’s enrolment at another center');
    if (pe.model_id !== modelId)
      throw unprocessable('pathwayEnrollmentId', `the pathway ${pe.code} is for another treatment model`);
  }
}

/** The first session starts treatment: the episode's first-session date follows the earliest one. */
async function startsBy(trx: Trx, ep: EpisodeRow, heldOn: string): Promise<void> {
  if (ep.started_on && ep.started_on <= heldOn) return;
  await trx
    .updateTable('episode')
    .set({ started_on: heldOn, updated_at: sql`now()` })
    .where('id', '=', ep.id)
    .execute();
}

function caseCodeConflict(caseCode: string): AppError {
  return AppError.conflict(`The case code ${caseCode} is already used at this center.`, 'caseCode');
}

/** The unique index on (center, case code) as a 409 naming the field. */
async function orCaseCodeConflict<T>(caseCode: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (caseCode !== undefined && (error as { code?: unknown }).code === '23505')
      throw caseCodeConflict(caseCode);
    throw error;
  }
}

function toPoint(a: Selectable<MeasureAdministrationTable>) {
  return { id: a.id, administeredOn: a.administered_on, phase: a.phase, total: Number(a.total_score) };
}

export { flagsOf };
