/**
 * Outcome aggregates per clinician, center, state or the whole network: episodes started, completed
 * and closed, median sessions and wait, and per instrument the pre/post change with Jacobson-Truax
 * reliable change. One statement, run in the caller's transaction, so row-level security decides
 * which episodes count: a director's figures cover their center and nothing else.
 *
 * Definitions (the same for every level):
 * - The cohort is the episodes whose first session (`started_on`) falls in [from, to], both
 *   inclusive; an episode that never started is not in any cohort. Completion and closure are those
 *   of the cohort's episodes as of now, so each episode counts once, under the period it started in.
 * - completionRate = completed / closed (null without a closed episode).
 * - medianSessions: sessions recorded per closed episode (none recorded counts 0).
 * - medianWaitDays: days from referral to first session, over the cohort's episodes with a
 *   referral date. Medians interpolate between the two middle values of an even count.
 * - Per instrument, an episode has a pre/post pair when the same respondent gave a baseline and an
 *   end administration: the earliest baseline and the latest end count. If several respondents did,
 *   the youth's pair is used, else the caregiver's. change = end - baseline;
 *   Sdiff = sqrt(2) * SD * sqrt(1 - reliability); reliable improvement when change / Sdiff < -1.96,
 *   reliable deterioration when it is > 1.96 (higher totals are worse on every instrument).
 *
 * Speed at national scale (1.2 million episodes, 10 million administrations; plans and timings in
 * docs/sql/care-outcomes.sql):
 * - each episode row carries its session count and its per-instrument changes (`session_count`,
 *   `outcome_changes`), kept by database triggers on every write (migration
 *   2026-12-02T1700-episode-outcome-summary.ts), so the statement never looks up an episode's
 *   sessions or measures: a network year is one index-only range scan of episode_cohort_idx, which
 *   carries every column read here;
 * - the planner cannot estimate row-level security's conditions (they read session settings), so a
 *   caller who does not see every center gets an explicit `center_id = any (...)` condition with the
 *   centers their scope names, which an index can use; row-level security still decides;
 * - for every state at once, the cohort is read from its index first and joined to the centers
 *   after, instead of the planner looking up each center's episodes in turn;
 * - the statement gets more sort memory than the server default (the medians sort a network year's
 *   few hundred thousand values) and no JIT compilation.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OutcomeSummaryRow } from './care.schemas.js';

export interface SummaryFilter {
  level: 'clinician' | 'center' | 'state' | 'network';
  centerId?: string;
  state?: string;
  /** Inclusive bounds on the first-session date, YYYY-MM-DD. */
  from?: string;
  to?: string;
}

export interface InstrumentParams {
  code: string;
  sd: number;
  reliability: number;
  /** Carried for clinically significant change; the summary row has no field for it yet. */
  clinicalCutoff: number;
}

interface SummarySqlRow {
  key: string;
  label: string;
  started: number;
  completed: number;
  closed: number;
  median_sessions: number | null;
  median_wait: number | null;
  instruments:
    { code: string; n: number; mean_change: number | null; improved: number; deteriorated: number }[] | null;
}

/**
 * The grouping key (over `e` episode, `c` center) and its label (over `s`, one row per key), per level.
 * Clinician and center keys stay uuids until the end: the label look-up then compares uuids, which
 * row-level security lets the index answer, where a text-to-uuid cast would be checked on every row.
 */
const LEVELS = {
  clinician: {
    key: sql`e.clinician_id`,
    label: sql`coalesce((select u.display_name from app_user u where u.id = s.key), s.key::text)`,
  },
  center: {
    key: sql`e.center_id`,
    label: sql`coalesce((select c.name from center c where c.id = s.key), s.key::text)`,
  },
  state: { key: sql`c.state::text`, label: sql`s.key` },
  network: { key: sql`'network'::text`, label: sql`'Network'::text` },
} as const;

/**
 * Settings for the statement alone: sort memory for a national year's few hundred thousand
 * episodes, and no JIT compilation, which costs seconds on this long statement and saves nothing.
 */
const STATEMENT_SETTINGS = { work_mem: '64MB', jit: 'off' } as const;

/**
 * Every state at once joins the year's cohort to the centers. The planner, expecting a few dozen
 * episodes, compares each episode with every center in a nested loop (measured: 174 million
 * comparisons, 31 s); without nested loops it hashes the centers once (0.6 s). The lateral
 * expansion of each episode's changes is a nested loop either way, as it must be.
 */
const EVERY_STATE_SETTINGS = { ...STATEMENT_SETTINGS, enable_nestloop: 'off' } as const;

export function settingsFor(filter: SummaryFilter): Record<string, string> {
  return filter.level === 'state' && !filter.state ? EVERY_STATE_SETTINGS : STATEMENT_SETTINGS;
}

/**
 * The statement for a filter and instrument list, exported so the docs and tests can show it as run.
 * `visibleCenters`: the centers the caller's scope can see, or null for every center (see above).
 */
export function outcomeSummaryQuery(
  filter: SummaryFilter,
  instruments: readonly InstrumentParams[],
  visibleCenters: readonly string[] | null = null,
): RawBuilder<SummarySqlRow> {
  const level = LEVELS[filter.level];
  const where = [sql`e.started_on is not null`];
  if (filter.from) where.push(sql`e.started_on >= ${filter.from}::date`);
  if (filter.to) where.push(sql`e.started_on <= ${filter.to}::date`);
  if (filter.centerId) where.push(sql`e.center_id = ${filter.centerId}::uuid`);
  if (visibleCenters) where.push(sql`e.center_id = any (${[...visibleCenters]}::uuid[])`);
  const episodeWhere = sql.join(where, sql` and `);
  // The center is joined only where its state is needed. For one state, the join walks that
  // state's few centers. For every state, the episodes come first, fenced off (offset 0) so the
  // planner reads the cohort from its index instead of looking up each center's episodes in turn.
  const columns = sql`e.center_id, e.clinician_id, e.referred_on, e.started_on, e.ended_on, e.discharge_reason,
    e.session_count, e.outcome_changes`;
  const source = filter.state
    ? sql`episode e join center c on c.id = e.center_id where ${episodeWhere} and c.state = ${filter.state}`
    : filter.level === 'state'
      ? sql`(select ${columns} from episode e where ${episodeWhere} offset 0) e join center c on c.id = e.center_id`
      : sql`episode e where ${episodeWhere}`;
  // Instrument parameters as a VALUES list; a list that cannot match keeps the SQL valid when empty.
  const params =
    instruments.length > 0
      ? sql.join(
          instruments.map(
            (p, i) =>
              sql`(${p.code}::text, ${i}::int, sqrt(2) * ${p.sd}::float8 * sqrt(1 - ${p.reliability}::float8))`,
          ),
        )
      : sql`(null::text, 0, 1::float8)`;
  const cohort = sql`(
      select ${level.key} as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason, e.session_count,
        e.outcome_changes
      from ${source})`;
  return sql<SummarySqlRow>`
    with p (code, ord, sdiff) as (values ${params}),
    episodes as (
      select ep.key,
        count(*)::int as started,
        count(*) filter (where ep.discharge_reason = 'completed')::int as completed,
        count(*) filter (where ep.ended_on is not null)::int as closed,
        percentile_cont(0.5) within group (order by ep.session_count)
          filter (where ep.ended_on is not null) as median_sessions,
        percentile_cont(0.5) within group (order by ep.started_on - ep.referred_on)
          filter (where ep.referred_on is not null) as median_wait
      from ${cohort} ep
      group by ep.key
    ),
    outcomes as (
      -- Each episode's change per instrument, as its row carries it. A second pass over the cohort's
      -- index rather than a materialized copy: copying the rows with their changes costs more.
      select ep.key, p.code, p.ord,
        count(*)::int as n,
        avg(x.value::float8) as mean_change,
        count(*) filter (where x.value::float8 / p.sdiff < -1.96)::int as improved,
        count(*) filter (where x.value::float8 / p.sdiff > 1.96)::int as deteriorated
      from ${cohort} ep cross join lateral jsonb_each_text(ep.outcome_changes) x
      join p on p.code = x.key
      group by ep.key, p.code, p.ord
    ),
    by_key as (
      select o.key, json_agg(json_build_object('code', o.code, 'n', o.n, 'mean_change', o.mean_change,
          'improved', o.improved, 'deteriorated', o.deteriorated) order by o.ord) as instruments
      from outcomes o
      group by o.key
    )
    select s.key::text as key, ${level.label} as label, s.started, s.completed, s.closed, s.median_sessions,
      s.median_wait, k.instruments
    from episodes s left join by_key k on k.key = s.key
    order by label, s.key`;
}

/**
 * Runs `fn` with transaction-local settings, then puts the previous values back, so the rest of the
 * caller's transaction runs with the server's own settings.
 */
async function withSettings<T>(
  trx: Transaction<DB> | Kysely<DB>,
  settings: Record<string, string>,
  fn: () => Promise<T>,
): Promise<T> {
  const names = Object.keys(settings);
  const { rows } = await sql<{ name: string; setting: string }>`
    select name, setting from pg_settings where name = any (${names}::text[])`.execute(trx);
  const set = (name: string, value: string) => sql`select set_config(${name}, ${value}, true)`.execute(trx);
  for (const name of names) await set(name, settings[name]!);
  const result = await fn();
  for (const row of rows) await set(row.name, row.setting);
  return result;
}

/**
 * The centers the transaction's scope sees, or null when it sees every center: read from the same
 * settings row-level security reads, so the hint can only narrow what the policies already allow.
 */
export async function visibleCentersOf(trx: Transaction<DB> | Kysely<DB>): Promise<string[] | null> {
  const { rows } = await sql<{ all: boolean; centers: string[] | null }>`
    select waymark_all_centers() or waymark_is_system() as all,
      array(select unnest(waymark_center_ids()) union select unnest(waymark_manage_center_ids())) as centers`.execute(
    trx,
  );
  const row = rows[0];
  return !row || row.all ? null : (row.centers ?? []);
}

/**
 * The outcome summary rows for `filter`, in label order, with one entry per instrument in
 * `instruments` (in that order; withPrePost 0 and null figures where an instrument has no pair).
 */
export async function outcomeSummary(
  trx: Transaction<DB> | Kysely<DB>,
  filter: SummaryFilter,
  instruments: InstrumentParams[],
): Promise<OutcomeSummaryRow[]> {
  const visible = await visibleCentersOf(trx);
  const { rows } = await withSettings(trx, settingsFor(filter), () =>
    outcomeSummaryQuery(filter, instruments, visible).execute(trx),
  );
  // The network always has its one row, with zeros when nothing started in the period.
  if (filter.level === 'network' && rows.length === 0)
    rows.push({
      key: 'network',
      label: 'Network',
      started: 0,
      completed: 0,
      closed: 0,
      median_sessions: null,
      median_wait: null,
      instruments: null,
    });
  return rows.map((r) => {
    const found = new Map((r.instruments ?? []).map((i) => [i.code, i]));
    return {
      key: r.key,
      label: r.label,
      episodesStarted: r.started,
      episodesCompleted: r.completed,
      episodesClosed: r.closed,
      completionRate: r.closed > 0 ? r.completed / r.closed : null,
      medianSessions: r.median_sessions === null ? null : Number(r.median_sessions),
      medianWaitDays: r.median_wait === null ? null : Number(r.median_wait),
      instruments: instruments.map((p) => {
        const o = found.get(p.code);
        return {
          instrument: p.code,
          withPrePost: o?.n ?? 0,
          meanChange: o && o.mean_change !== null ? Number(o.mean_change) : null,
          reliableImprovementShare: o && o.n > 0 ? o.improved / o.n : null,
          reliableDeteriorationShare: o && o.n > 0 ? o.deteriorated / o.n : null,
        };
      }),
    };
  });
}
