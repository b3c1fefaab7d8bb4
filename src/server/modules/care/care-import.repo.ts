/**
 * Queries of the care import. Each takes the caller's transaction, so row-level security decides
 * what is visible and writable (a director: their center only).
 *
 * Rows are written a chunk at a time with one statement: the chunk's columns travel as arrays and
 * `unnest` turns them back into rows, so 5,000 rows cost one round trip and one plan on both
 * engines (PGlite has no COPY from a client stream). ON CONFLICT on the natural key makes a re-run
 * idempotent: a row whose values are unchanged is not touched (the WHERE of DO UPDATE), and the
 * statement counts what it inserted and what it updated.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type {
  AdministrationImportRow,
  EpisodeImportRow,
  EpisodeRef,
  SessionImportRow,
} from './care-import.js';

type Trx = Transaction<DB>;

export interface WriteCounts {
  inserted: number;
  updated: number;
}

/** A Postgres array literal of codes already checked to be plain words (no quoting needed). */
function textArray(values: readonly string[] | null): string | null {
  return values === null ? null : `{${values.join(',')}}`;
}

async function counted(trx: Trx, query: ReturnType<typeof sql<WriteCounts>>): Promise<WriteCounts> {
  const row = (await query.execute(trx)).rows[0];
  return { inserted: row?.inserted ?? 0, updated: row?.updated ?? 0 };
}

// Reference data ---------------------------------------------------------------------------------

export async function findCenters(
  trx: Trx,
  only: readonly string[] | null,
): Promise<{ id: string; name: string; state: string }[]> {
  let q = trx.selectFrom('center').select(['id', 'name', 'state']);
  if (only) q = q.where('id', 'in', only.length > 0 ? [...only] : ['00000000-0000-0000-0000-000000000000']);
  return q.execute();
}

/** Active clinicians (role, membership and account all current) of the given centers. */
export async function findActiveClinicians(
  trx: Trx,
  centerIds: readonly string[],
): Promise<{ center_id: string; email: string; user_id: string }[]> {
  if (centerIds.length === 0) return [];
  const result = await sql<{ center_id: string; email: string; user_id: string }>`
    select m.center_id, lower(u.email) as email, u.id as user_id
    from membership m join app_user u on u.id = m.user_id
    where m.role = 'clinician' and m.ended_at is null and u.status = 'active'
      and m.center_id = any(${[...centerIds]}::uuid[])`.execute(trx);
  return result.rows;
}

export async function findModels(
  trx: Trx,
): Promise<{ id: string; code: string; name: string; components: { code: string; name: string }[] }[]> {
  return trx.selectFrom('training_model').select(['id', 'code', 'name', 'components']).execute();
}

export async function findEnabledInstruments(
  trx: Trx,
  centerIds: readonly string[],
): Promise<{ center_id: string; instrument: string }[]> {
  if (centerIds.length === 0) return [];
  return trx
    .selectFrom('center_instrument')
    .select(['center_id', 'instrument'])
    .where('center_id', 'in', [...centerIds])
    .execute();
}

/** The network's chosen clinical cut-offs by instrument code (setting care.cutoffs), if any. */
export async function findCutoffs(trx: Trx): Promise<Record<string, number>> {
  const row = await trx
    .selectFrom('network_setting')
    .select('value')
    .where('key', '=', 'care.cutoffs')
    .executeTakeFirst();
  const value: unknown = row?.value;
  const out: Record<string, number> = {};
  if (value && typeof value === 'object' && !Array.isArray(value))
    for (const [code, cutoff] of Object.entries(value as Record<string, unknown>))
      if (typeof cutoff === 'number') out[code] = cutoff;
  return out;
}

/** The episodes a chunk names, by center and case code, in one query. */
export async function findEpisodesByKey(
  trx: Trx,
  keys: readonly { centerId: string; caseCode: string }[],
): Promise<(EpisodeRef & { caseCode: string })[]> {
  if (keys.length === 0) return [];
  const result = await sql<{
    id: string;
    center_id: string;
    case_code: string;
    model_id: string;
    referred_on: string | null;
    started_on: string | null;
    ended_on: string | null;
  }>`
    select e.id, e.center_id, e.case_code, e.model_id, e.referred_on, e.started_on, e.ended_on
    from unnest(${keys.map((k) => k.centerId)}::uuid[], ${keys.map((k) => k.caseCode)}::text[])
      as k(center_id, case_code)
    join episode e on e.center_id = k.center_id and e.case_code = k.case_code`.execute(trx);
  return result.rows.map((r) => ({
    id: r.id,
    centerId: r.center_id,
    caseCode: r.case_code,
    modelId: r.model_id,
    referredOn: r.referred_on,
    startedOn: r.started_on,
    endedOn: r.ended_on,
  }));
}

// Writes -----------------------------------------------------------------------------------------

export function upsertEpisodes(
  trx: Trx,
  rows: readonly EpisodeImportRow[],
  actorId: string | null,
): Promise<WriteCounts> {
  return counted(
    trx,
    sql<WriteCounts>`
      with w as (
        insert into episode as e (center_id, clinician_id, case_code, age_years, gender, race_ethnicity,
          caregiver_involved, model_id, referred_on, started_on, ended_on, discharge_reason, created_by)
        select u.center_id, u.clinician_id, u.case_code, u.age_years, u.gender, u.race::text[], u.caregiver,
          u.model_id, u.referred_on, u.started_on, u.ended_on, u.reason, ${actorId}::uuid
        from unnest(
          ${rows.map((r) => r.centerId)}::uuid[], ${rows.map((r) => r.clinicianId)}::uuid[],
          ${rows.map((r) => r.caseCode)}::text[], ${rows.map((r) => r.ageYears)}::int[],
          ${rows.map((r) => r.gender)}::text[], ${rows.map((r) => textArray(r.raceEthnicity))}::text[],
          ${rows.map((r) => r.caregiverInvolved)}::bool[], ${rows.map((r) => r.modelId)}::uuid[],
          ${rows.map((r) => r.referredOn)}::date[], ${rows.map((r) => r.startedOn)}::date[],
          ${rows.map((r) => r.endedOn)}::date[], ${rows.map((r) => r.dischargeReason)}::text[]
        ) as u(center_id, clinician_id, case_code, age_years, gender, race, caregiver, model_id,
               referred_on, started_on, ended_on, reason)
        on conflict (center_id, case_code) do update set
          clinician_id = excluded.clinician_id, age_years = excluded.age_years, gender = excluded.gender,
          race_ethnicity = excluded.race_ethnicity, caregiver_involved = excluded.caregiver_involved,
          model_id = excluded.model_id, referred_on = excluded.referred_on, started_on = excluded.started_on,
          ended_on = excluded.ended_on, discharge_reason = excluded.discharge_reason, updated_at = now()
        where (e.clinician_id, e.age_years, e.gender, e.race_ethnicity, e.caregiver_involved, e.model_id,
               e.referred_on, e.started_on, e.ended_on, e.discharge_reason)
          is distinct from (excluded.clinician_id, excluded.age_years, excluded.gender, excluded.race_ethnicity,
               excluded.caregiver_involved, excluded.model_id, excluded.referred_on, excluded.started_on,
               excluded.ended_on, excluded.discharge_reason)
        returning (xmax = 0) as inserted)
      select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
      from w`,
  );
}

export function upsertSessions(
  trx: Trx,
  rows: readonly SessionImportRow[],
  actorId: string | null,
): Promise<WriteCounts> {
  return counted(
    trx,
    sql<WriteCounts>`
      with w as (
        insert into episode_session as s (episode_id, center_id, held_on, minutes, participants, components,
          telehealth, created_by)
        select u.episode_id, u.center_id, u.held_on, u.minutes, u.participants::text[], u.components::text[],
          u.telehealth, ${actorId}::uuid
        from unnest(
          ${rows.map((r) => r.episodeId)}::uuid[], ${rows.map((r) => r.centerId)}::uuid[],
          ${rows.map((r) => r.heldOn)}::date[], ${rows.map((r) => r.minutes)}::int[],
          ${rows.map((r) => textArray(r.participants))}::text[], ${rows.map((r) => textArray(r.components))}::text[],
          ${rows.map((r) => r.telehealth)}::bool[]
        ) as u(episode_id, center_id, held_on, minutes, participants, components, telehealth)
        on conflict (episode_id, held_on) do update set
          minutes = excluded.minutes, participants = excluded.participants, components = excluded.components,
          telehealth = excluded.telehealth
        where (s.minutes, s.participants, s.components, s.telehealth)
          is distinct from (excluded.minutes, excluded.participants, excluded.components, excluded.telehealth)
        returning (xmax = 0) as inserted)
      select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
      from w`,
  );
}

/**
 * The columns of a chunk of administrations as Postgres array literals, built once when the chunk
 * is checked. Every value is already validated to be a plain word (uuid, code, date, number), so
 * none needs quoting; a few long strings per chunk also keep a million checked rows cheap to hold
 * until the write pass.
 */
export interface AdministrationColumns {
  size: number;
  episodeIds: string;
  centerIds: string;
  instruments: string;
  phases: string;
  respondents: string;
  dates: string;
  totals: string;
  bands: string;
}

export function administrationColumns(rows: readonly AdministrationImportRow[]): AdministrationColumns {
  const n = rows.length;
  const episodeIds = new Array<string>(n);
  const centerIds = new Array<string>(n);
  const instruments = new Array<string>(n);
  const phases = new Array<string>(n);
  const respondents = new Array<string>(n);
  const dates = new Array<string>(n);
  const totals = new Array<number>(n);
  const bands = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    episodeIds[i] = r.episodeId;
    centerIds[i] = r.centerId;
    instruments[i] = r.instrument;
    phases[i] = r.phase;
    respondents[i] = r.respondent;
    dates[i] = r.administeredOn;
    totals[i] = r.total;
    bands[i] = r.band;
  }
  const literal = (values: readonly (string | number)[]) => `{${values.join(',')}}`;
  return {
    size: n,
    episodeIds: literal(episodeIds),
    centerIds: literal(centerIds),
    instruments: literal(instruments),
    phases: literal(phases),
    respondents: literal(respondents),
    dates: literal(dates),
    totals: literal(totals),
    bands: literal(bands),
  };
}

/**
 * An administration entered with item responses (in Waymark or on a family form) keeps its own
 * total: an imported total for the same key does not overwrite it, so items and total always agree.
 */
export function upsertAdministrations(trx: Trx, c: AdministrationColumns): Promise<WriteCounts> {
  return counted(
    trx,
    sql<WriteCounts>`
      with w as (
        insert into measure_administration as m (episode_id, center_id, instrument, phase, respondent,
          administered_on, total_score, band, source)
        select u.episode_id, u.center_id, u.instrument, u.phase, u.respondent, u.administered_on, u.total,
          u.band, 'import'
        from unnest(
          ${c.episodeIds}::uuid[], ${c.centerIds}::uuid[], ${c.instruments}::text[], ${c.phases}::text[],
          ${c.respondents}::text[], ${c.dates}::date[], ${c.totals}::numeric[], ${c.bands}::text[]
        ) as u(episode_id, center_id, instrument, phase, respondent, administered_on, total, band)
        on conflict (episode_id, instrument, respondent, administered_on) do update set
          phase = excluded.phase, total_score = excluded.total_score, band = excluded.band
        where m.item_responses is null
          and (m.phase, m.total_score, m.band) is distinct from (excluded.phase, excluded.total_score, excluded.band)
        returning (xmax = 0) as inserted)
      select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
      from w`,
  );
}
