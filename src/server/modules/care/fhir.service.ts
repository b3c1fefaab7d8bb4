/**
 * FHIR R4 export of care records (see fhir.ts for the resources): one instrument as a
 * Questionnaire, or the administrations of an episode, or of a center over a period, as a
 * collection Bundle. Reads run under the caller's row-level security, so an export never holds an
 * episode its reader could not open; each export is recorded in the audit log.
 */
import { sql, type Selectable } from 'kysely';
import type { Config } from '../../config.js';
import type { MeasureAdministrationTable } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import { requireActor, tx, type Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { uuidArray } from '../../platform/sql.js';
import type { EpisodeRow } from './care.repo.js';
import { findEpisodes } from './care.repo.js';
import { instrumentsFor } from './care.service.js';
import { exportBundle, questionnaireFor, type FhirAdministration, type FhirEpisode } from './fhir.js';

/** An export is capped so one request stays a reasonable download; a larger one is split by period. */
export const FHIR_EXPORT_MAX_EPISODES = 5000;

const toFhirEpisode = (e: EpisodeRow): FhirEpisode => ({
  id: e.id,
  centerId: e.center_id,
  centerName: e.center_name,
  ageYears: e.age_years,
  gender: e.gender,
  modelCode: e.model_code,
  referredOn: e.referred_on,
  firstSessionOn: e.started_on,
  dischargedOn: e.ended_on,
  dischargeReason: e.discharge_reason,
});

const toFhirAdministration = (a: Selectable<MeasureAdministrationTable>): FhirAdministration => ({
  id: a.id,
  episodeId: a.episode_id,
  instrument: a.instrument,
  phase: a.phase,
  respondent: a.respondent,
  administeredOn: a.administered_on,
  total: Number(a.total_score),
  prorated: a.prorated,
  band: a.band,
  itemResponses: a.item_responses,
  language: a.language,
  createdAt: a.created_at.toISOString(),
});

export class FhirService {
  constructor(private readonly config: Config) {}

  async questionnaire(ctx: Ctx, code: string): Promise<Record<string, unknown>> {
    requireActor(ctx);
    return tx(ctx, async (trx) => {
      const def = (await instrumentsFor(trx)).get(code);
      if (!def) throw AppError.notFound('The instrument');
      return questionnaireFor(def, this.config.publicUrl);
    });
  }

  async episodeBundle(ctx: Ctx, episodeId: string): Promise<Record<string, unknown>> {
    requireActor(ctx);
    return tx(ctx, async (trx) => {
      const { rows } = await findEpisodes(trx, { id: episodeId, limit: 1 });
      if (rows.length === 0) throw AppError.notFound('The episode');
      return this.bundle(trx, ctx, rows, { episodeId });
    });
  }

  async centerBundle(
    ctx: Ctx,
    centerId: string,
    period: { from?: string | undefined; to?: string | undefined },
  ): Promise<Record<string, unknown>> {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      const center = await trx
        .selectFrom('center')
        .select('id')
        .where('id', '=', centerId)
        .executeTakeFirst();
      const manages = actor.scope.allCenters || (actor.scope.manageCenterIds ?? []).includes(centerId);
      if (!center || !manages) throw AppError.notFound('The center');
      // The episodes with a measure in the period; the administrations of the period.
      let q = trx
        .selectFrom('measure_administration')
        .select('episode_id')
        .distinct()
        .where('center_id', '=', centerId);
      if (period.from) q = q.where('administered_on', '>=', period.from);
      if (period.to) q = q.where('administered_on', '<=', period.to);
      const ids = (await q.limit(FHIR_EXPORT_MAX_EPISODES + 1).execute()).map((r) => r.episode_id);
      if (ids.length > FHIR_EXPORT_MAX_EPISODES)
        throw new AppError(
          'UNPROCESSABLE',
          `More than ${FHIR_EXPORT_MAX_EPISODES} episodes have measures in this period; export a shorter period.`,
          [{ path: 'from', message: 'choose a shorter period' }],
        );
      const { rows } = await findEpisodes(trx, { ids, limit: FHIR_EXPORT_MAX_EPISODES });
      return this.bundle(trx, ctx, rows, { centerId, ...period });
    });
  }

  private async bundle(
    trx: Parameters<Parameters<typeof tx>[1]>[0],
    ctx: Ctx,
    episodes: EpisodeRow[],
    scope: { episodeId?: string; centerId?: string; from?: string | undefined; to?: string | undefined },
  ): Promise<Record<string, unknown>> {
    const defs = await instrumentsFor(trx);
    let q = trx
      .selectFrom('measure_administration')
      .selectAll()
      .where(sql<boolean>`episode_id = any(${uuidArray(episodes.map((e) => e.id))}::uuid[])`);
    if (scope.from) q = q.where('administered_on', '>=', scope.from);
    if (scope.to) q = q.where('administered_on', '<=', scope.to);
    const all = await q.orderBy('administered_on').orderBy('id').execute();
    // A measure recorded under a code no shipped definition carries (an older import) has no
    // Questionnaire to answer; it is left out of the export and counted in the audit record.
    const administrations = all.filter((a) => defs.has(a.instrument));
    const used = new Set(administrations.map((a) => a.instrument));
    const bundle = exportBundle({
      base: this.config.publicUrl,
      definitions: [...defs.values()].filter((d) => used.has(d.code)),
      episodes: episodes.map(toFhirEpisode),
      administrations: administrations.map(toFhirAdministration),
      generatedAt: new Date(),
    });
    await recordAudit(trx, ctx, {
      action: 'care.fhir.export',
      targetType: scope.episodeId ? 'episode' : 'center',
      targetId: scope.episodeId ?? scope.centerId ?? null,
      centerId: scope.centerId ?? episodes[0]?.center_id ?? null,
      details: {
        episodes: episodes.length,
        administrations: administrations.length,
        withoutDefinition: all.length - administrations.length,
        from: scope.from,
        to: scope.to,
      },
    });
    return bundle;
  }
}
