/**
 * Care data of national size for `waymark seed --scale national`: about 1.2 million synthetic,
 * de-identified treatment episodes referred over 2024-2026, their sessions and about 10 million
 * measure administrations, clearly synthetic and deterministic for a given seed.
 *
 * The rows are generated inside the database with `generate_series` and a hash-based pseudo-random
 * function (`hashint8extended(n, stream)`), one set-based INSERT ... SELECT per chunk of episodes.
 * Nothing crosses the wire but the statement, so the same code runs on PostgreSQL and PGlite. On
 * PostgreSQL one such statement takes about as long as producing the same rows and loading them with
 * COPY (`npm run bench:care-outcomes -- --compare-copy N`, figures in bench/README.md), so streaming
 * rows made in Node through COPY would gain nothing and would add their transfer.
 * Every value is a function of (seed, episode number), never of the chunking or of the clock, so the
 * same seed gives the same rows. Identifiers are version-8 UUIDs whose first 48 bits count up, so the
 * primary-key and episode indexes grow at their right edge instead of being written at random.
 *
 * The shape follows the domain notes: episodes per center in proportion to its clinicians (each
 * episode goes to a clinician drawn uniformly), ages 3-17, caregiver involved in about 70%, mostly
 * TF-CBT, a skewed wait of 0-120 days and about 10% never reaching a first session, about 44%
 * completed and 25% dropped out, the rest transferred, other or still in treatment on 2026-12-31.
 * Every session is generated (about 8 per episode). Measures by age: CATS caregiver report under 7,
 * CATS self-report (and caregiver report when a caregiver is involved) from 7, and from 11 a
 * depression measure (PHQ-A, or SMFQ self-report with the parent form when a caregiver is involved),
 * at baseline, every two or three sessions, at the end of most completed episodes and, for half of
 * those, three months later.
 * Totals mostly fall: about 85% of children improve, 10% stay level and 5% get worse.
 */
import { sql } from 'kysely';
import { getInstrument } from '../../modules/care/instruments/index.js';
import type { InstrumentDefinition } from '../../modules/care/instruments/types.js';
import type { Database } from '../database.js';

export const DEFAULT_CARE_EPISODES = 1_200_000;

/** Referrals fall in these three years; nothing is dated after HORIZON (the data's "today"). */
const FIRST_REFERRAL = '2024-01-01';
const HORIZON = '2026-12-31';
const REFERRAL_DAYS = 1096;
/** A mid-treatment measure every MID_EVERY_N / MID_EVERY_D sessions (every 2.5: sessions 3, 6, 8, 11, ...). */
const MID_EVERY_N = 5;
const MID_EVERY_D = 2;
/** Episodes per statement: large enough for set-based speed, small enough for steady progress. */
const CHUNK = 25_000;

export interface CareSeedOptions {
  seed: number;
  episodes: number;
  /** PostgreSQL only: chunks inserted at once on separate connections (default 2). */
  concurrency?: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface CareSeedResult {
  episodes: number;
  sessions: number;
  administrations: number;
  /** Wall time of each stage, in seconds; `vacuum` is the VACUUM (ANALYZE) that ends the seed. */
  seconds: Record<'episodes' | 'sessions' | 'administrations' | 'vacuum', number>;
}

/**
 * Which measures a child gets. Within a group one instrument is drawn by weight among those that
 * fit the child's age; `together` instruments share the draw of their partner (SMFQ parent form
 * with the SMFQ self-report). Licensed instruments (CPSS-5, TSCC) are left out: a center has to
 * enable them first.
 */
const MEASURE_PLAN: readonly {
  code: string;
  group: string;
  weight: number;
  minAge: number;
  needsCaregiver: boolean;
  together?: string;
}[] = [
  { code: 'CATS-C3', group: 'young', weight: 1, minAge: 0, needsCaregiver: false },
  { code: 'CATS-SR', group: 'trauma_youth', weight: 1, minAge: 0, needsCaregiver: false },
  { code: 'CATS-C7', group: 'trauma_caregiver', weight: 1, minAge: 0, needsCaregiver: true },
  { code: 'PHQ-A', group: 'depression', weight: 0.6, minAge: 11, needsCaregiver: false },
  { code: 'SMFQ-C', group: 'depression', weight: 0.4, minAge: 11, needsCaregiver: false },
  { code: 'SMFQ-P', group: 'depression', weight: 0, minAge: 11, needsCaregiver: true, together: 'SMFQ-C' },
];

/** Treatment models by share; a model outside its ages falls back to TF-CBT. */
const MODEL_PLAN: readonly { code: string; upTo: number; minAge: number; maxAge: number }[] = [
  { code: 'TF-CBT', upTo: 0.85, minAge: 3, maxAge: 17 },
  { code: 'CFTSI', upTo: 0.93, minAge: 7, maxAge: 17 },
  { code: 'AF-CBT', upTo: 0.97, minAge: 5, maxAge: 17 },
  { code: 'PCIT', upTo: 1, minAge: 3, maxAge: 7 },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** A literal for values this file controls (validated codes and ids), so statements read as run. */
function lit(value: string): string {
  if (!UUID.test(value) && !CODE.test(value)) throw new Error(`Refusing to inline the value ${value}`);
  return `'${value}'`;
}

function num(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
  return String(value);
}

/**
 * A uniform draw in [0, 1) from stream `stream` at key `key` (a bigint SQL expression): the low 52
 * bits of PostgreSQL's seeded 64-bit hash, which is the same on PostgreSQL and PGlite.
 */
function uniform(seed: number, key: string, stream: number): string {
  return `((hashint8extended(${key}, ${num(seed * 1000 + stream)}) & 4503599627370495)::float8 / 4503599627370496)`;
}

/**
 * A version-8 UUID: 48 bits of `tag` and counter `key` (so ids ascend with the key), the version and
 * variant bits, and hash bits after them.
 */
function uuidOf(seed: number, tag: number, key: string): string {
  const h = `hashint8extended(${key}, ${num(seed * 1000 + 900 + tag)})`;
  const hi = `(((${num(tag)}::bigint << 40) | ${key}) << 16) | 32768 | (${h} & 4095)`;
  const lo = `((${h} >> 12) | (1::bigint << 63)) & ~(1::bigint << 62)`;
  return `(lpad(to_hex(${hi}), 16, '0') || lpad(to_hex(${lo}), 16, '0'))::uuid`;
}

export interface CareSeedContext {
  seed: number;
  clinicians: number;
  modelIds: Map<string, string>;
  components: string[];
}

/**
 * The episodes numbered `from`..`to` with every draw they need, as a WITH clause ending in `ep`.
 * Stage statements select from `ep` and recompute nothing random of their own at episode level.
 */
function episodesWith(ctx: CareSeedContext, from: number, to: number): string {
  const u = (stream: number): string => uniform(ctx.seed, 'n', stream);
  const tfcbt = ctx.modelIds.get('TF-CBT')!;
  const model = MODEL_PLAN.map((m) => {
    const id = ctx.modelIds.get(m.code);
    return id
      ? `when u_model < ${num(m.upTo)} and age between ${m.minAge} and ${m.maxAge} then ${lit(id)}::uuid`
      : '';
  }).join(' ');
  return `
with cl as materialized (
  -- Clinicians in a fixed order; an episode draws one uniformly, so centers get episodes in
  -- proportion to their clinicians.
  select (row_number() over (order by m.user_id, m.center_id) - 1)::int as i, m.user_id, m.center_id
  from membership m
  where m.role = 'clinician' and m.ended_at is null and m.center_id is not null
),
draws as materialized (
  select n,
    floor(${u(1)} * ${num(ctx.clinicians)})::int as ci,
    3 + floor(${u(2)} * 15)::int as age,
    ${u(3)} < 0.70 as caregiver,
    date '${FIRST_REFERRAL}' + floor(${u(4)} * ${REFERRAL_DAYS})::int as referred_on,
    -- Skewed towards short waits: median about 25 days, at most 120.
    floor(120 * power(${u(5)}, 2.2))::int as wait,
    ${u(6)} as u_outcome,
    -- Days between sessions: weekly, with some slippage.
    7 + floor(${u(7)} * 6)::int as gap,
    ${u(8)} as u_length,
    ${u(9)} as u_trajectory,
    ${u(10)} as u_gender,
    ${u(11)} as u_race,
    ${u(12)} as u_model,
    ${u(13)} as u_end,
    ${u(14)} as u_follow_up,
    ${u(15)} as u_trauma_youth,
    ${u(16)} as u_depression
  from generate_series(${num(from)}::bigint, ${num(to)}::bigint) as n
),
planned as (
  select *,
    -- 8% never reach a first session (about 11% with those referred too late to start by the
    -- horizon); of the rest 55.5% complete, 29% drop out, 8.5% are transferred and 7% close for
    -- another reason, which after the horizon leaves about 44% / 25% / 7% / 6% of all referrals
    -- closed that way and 7% still in treatment.
    case when u_outcome < 0.08 then null
         when u_outcome < 0.5906 then 'completed'
         when u_outcome < 0.8574 then 'dropped_out'
         when u_outcome < 0.9356 then 'transferred'
         else 'other' end as planned_reason,
    case when u_outcome < 0.08 then 0
         when u_outcome < 0.5906 then 8 + floor(17 * power(u_length, 1.6))::int
         when u_outcome < 0.8574 then 1 + floor(6 * u_length)::int
         else 2 + floor(9 * u_length)::int end as planned_sessions,
    referred_on + wait as first_on
  from draws
),
ep as materialized (
  select p.*, cl.user_id as clinician_id, cl.center_id,
    case when planned_reason is not null and first_on <= date '${HORIZON}' then first_on end as started_on,
    -- Closed when the last planned session falls on or before the horizon; otherwise still active.
    planned_reason is not null and first_on + (planned_sessions - 1) * gap <= date '${HORIZON}' as closed,
    case when planned_reason is null or first_on > date '${HORIZON}' then 0
         else least(planned_sessions, (date '${HORIZON}' - first_on) / gap + 1) end as held,
    case ${model} else ${lit(tfcbt)}::uuid end as model_id
  from planned p join cl on cl.i = p.ci
)`;
}

function episodeStatement(ctx: CareSeedContext, from: number, to: number): string {
  return `${episodesWith(ctx, from, to)}
insert into episode (id, center_id, clinician_id, case_code, age_years, caregiver_involved, model_id,
  referred_on, started_on, ended_on, discharge_reason, gender, race_ethnicity)
select ${uuidOf(ctx.seed, 1, 'n')}, center_id, clinician_id,
  'N' || to_char(referred_on, 'YY') || '-' || lpad(n::text, 7, '0'), age, caregiver, model_id,
  referred_on, started_on,
  case when closed then first_on + (planned_sessions - 1) * gap end,
  case when closed then planned_reason end,
  case when u_gender < 0.62 then 'female' when u_gender < 0.97 then 'male'
       when u_gender < 0.985 then 'another' else 'not_recorded' end,
  case when u_race < 0.38 then '{white}'::text[]
       when u_race < 0.60 then '{hispanic_latino}'
       when u_race < 0.80 then '{black_african_american}'
       when u_race < 0.86 then '{white,hispanic_latino}'
       when u_race < 0.89 then '{asian}'
       when u_race < 0.91 then '{american_indian_alaska_native}'
       when u_race < 0.915 then '{native_hawaiian_pacific_islander}'
       when u_race < 0.925 then '{middle_eastern_north_african}'
       end
from ep`;
}

function sessionStatement(ctx: CareSeedContext, from: number, to: number): string {
  const key = '(n * 64 + k)';
  const components =
    ctx.components.length > 0
      ? `case when model_id = ${lit(ctx.modelIds.get('TF-CBT')!)}::uuid
           then array[(array[${ctx.components.map(lit).join(', ')}])[1 + (k - 1) * ${ctx.components.length} / planned_sessions]]
           else '{}'::text[] end`
      : `'{}'::text[]`;
  return `${episodesWith(ctx, from, to)}
insert into episode_session (id, episode_id, center_id, held_on, minutes, participants, components, telehealth)
select ${uuidOf(ctx.seed, 2, key)}, ${uuidOf(ctx.seed, 1, 'n')}, center_id,
  first_on + (k - 1) * gap,
  45 + 15 * floor(${uniform(ctx.seed, key, 40)} * 4)::int,
  case when not caregiver then '{child}'::text[]
       when k * 10 > planned_sessions * 7 then '{child,conjoint}'
       when k % 2 = 0 then '{child,caregiver}'
       else '{child}' end,
  ${components},
  ${uniform(ctx.seed, key, 41)} < 0.18
from ep cross join generate_series(1, held) as k
where held > 0`;
}

interface Slot {
  index: number;
  def: InstrumentDefinition;
  group: string;
  lo: number;
  hi: number;
  minAge: number;
  maxAge: number;
  needsCaregiver: boolean;
}

/** For each age 3-17 and measure group, the weight range of the draw that selects each instrument. */
function slots(): Slot[] {
  const out: Slot[] = [];
  MEASURE_PLAN.forEach((plan, index) => {
    const def = getInstrument(plan.code);
    if (!def) throw new Error(`The national seed needs the instrument ${plan.code}`);
    out.push({
      index,
      def,
      group: plan.group,
      lo: 0,
      hi: 1,
      minAge: Math.max(plan.minAge, def.ageRange.min),
      maxAge: def.ageRange.max,
      needsCaregiver: plan.needsCaregiver,
    });
  });
  // Weights within a group become [lo, hi) ranges of one draw; a partner takes its partner's range.
  for (const group of new Set(MEASURE_PLAN.map((p) => p.group))) {
    const members = MEASURE_PLAN.filter((p) => p.group === group && !p.together);
    const total = members.reduce((s, p) => s + p.weight, 0);
    let at = 0;
    for (const p of members) {
      const slot = out.find((s) => s.def.code === p.code)!;
      slot.lo = at / total;
      at += p.weight;
      slot.hi = at === total ? 1.01 : at / total;
    }
  }
  for (const p of MEASURE_PLAN.filter((x) => x.together)) {
    const slot = out.find((s) => s.def.code === p.code)!;
    const partner = out.find((s) => s.def.code === p.together)!;
    slot.lo = partner.lo;
    slot.hi = partner.hi;
  }
  return out;
}

function bandCase(all: Slot[], score: string): string {
  const whens = all.map(({ def }) => {
    const bands = [...def.bands].sort((a, b) => a.min - b.min);
    const inner = bands
      .slice(0, -1)
      .map((b, i) => `when ${score} < ${num(bands[i + 1]!.min)} then ${lit(b.code)}`)
      .join(' ');
    return `when ${lit(def.code)} then case ${inner} else ${lit(bands.at(-1)!.code)} end`;
  });
  return `case code ${whens.join(' ')} end`;
}

function administrationStatement(ctx: CareSeedContext, from: number, to: number): string {
  const all = slots();
  const values = all
    .map(
      (s) =>
        `(${s.index}, ${lit(s.def.code)}, ${lit(s.group)}, ${num(s.lo)}::float8, ${num(s.hi)}::float8, ` +
        `${s.minAge}, ${s.maxAge}, ${s.needsCaregiver}, ${lit(s.def.respondent)}, ` +
        `${num(s.def.scoring.min)}::float8, ${num(s.def.scoring.max)}::float8, ${num(s.def.reliableChange.sd)}::float8, ` +
        // Intake totals centre a quarter of an SD above the clinical cut-off: a referred, symptomatic population.
        `${num(s.def.clinicalCutoff + 0.25 * s.def.reliableChange.sd)}::float8)`,
    )
    .join(',\n    ');
  const slotKey = '(n * 16 + slot)';
  const pointKey = '(n * 1024 + slot * 64 + idx)';
  return `${episodesWith(ctx, from, to)},
slot (slot, code, grp, lo, hi, min_age, max_age, needs_caregiver, respondent, score_min, score_max, sd, intake_mean) as (
  values
    ${all.length > 0 ? values : ''}
),
series as materialized (
  -- One series per episode and instrument: an intake total and where the child is heading.
  select ep.*, s.slot, s.code, s.respondent, s.score_min, s.score_max, s.sd,
    least(s.score_max, greatest(s.score_min, round(s.intake_mean + s.sd * 2 * (
      ${uniform(ctx.seed, slotKey, 50)} + ${uniform(ctx.seed, slotKey, 51)} + ${uniform(ctx.seed, slotKey, 52)} - 1.5)))) as intake,
    s.sd * case when u_trajectory < 0.85 then -(0.5 + 1.3 * ${uniform(ctx.seed, slotKey, 53)})
                when u_trajectory < 0.95 then 0.4 * (${uniform(ctx.seed, slotKey, 53)} - 0.5)
                else 0.4 + 0.8 * ${uniform(ctx.seed, slotKey, 53)} end as change,
    -- Mid-treatment measures before the last session of a completed episode, or up to the last held.
    least(12, (${MID_EVERY_D} * (case when closed and planned_reason = 'completed' then greatest(planned_sessions - 2, 0)
                                      else held - 1 end + 1) - 1) / ${MID_EVERY_N}) as mids,
    closed and planned_reason = 'completed' and u_end < 0.92 as has_end,
    closed and planned_reason = 'completed' and u_end < 0.92 and u_follow_up < 0.50
      and first_on + (planned_sessions - 1) * gap + 90 <= date '${HORIZON}' as has_follow_up
  from ep
  join slot s on ep.age between s.min_age and s.max_age
    and (not s.needs_caregiver or ep.caregiver)
    and (case s.grp when 'trauma_youth' then u_trauma_youth when 'depression' then u_depression else 0 end) >= s.lo
    and (case s.grp when 'trauma_youth' then u_trauma_youth when 'depression' then u_depression else 0 end) < s.hi
  where held > 0
),
point as (
  select series.*, idx,
    case when idx = 0 then 'baseline' when idx <= mids then 'mid_treatment'
         when idx = mids + 1 and has_end then 'end' else 'follow_up' end as phase,
    case when idx = 0 then 1 when idx <= mids then 1 + ${MID_EVERY_N} * idx / ${MID_EVERY_D} else planned_sessions end as session_no
  from series cross join generate_series(0, mids + has_end::int + has_follow_up::int) as idx
),
scored as (
  select point.*,
    case when phase = 'follow_up' then first_on + (planned_sessions - 1) * gap + 90
         else first_on + (session_no - 1) * gap end as administered_on,
    least(score_max, greatest(score_min, round(intake
      + change * case when phase = 'baseline' then 0 when phase = 'follow_up' then 1
                      else (session_no - 1)::float8 / greatest(planned_sessions - 1, 1) end
      + case when phase in ('mid_treatment', 'follow_up')
             then 0.3 * sd * (${uniform(ctx.seed, pointKey, 54)} - 0.5) else 0 end))) as total
  from point
)
insert into measure_administration (id, episode_id, center_id, instrument, phase, respondent, administered_on,
  total_score, band)
select ${uuidOf(ctx.seed, 3, '(n * 128 + slot * 16 + idx)')}, ${uuidOf(ctx.seed, 1, 'n')}, center_id, code, phase,
  respondent, administered_on, total, ${bandCase(all, 'total')}
from scored`;
}

/**
 * The statements of one chunk, as run: exported so the SQL can be reviewed (docs) and tested.
 */
export function careSeedStatements(
  ctx: CareSeedContext,
  from: number,
  to: number,
): Record<'episodes' | 'sessions' | 'administrations', string> {
  return {
    episodes: episodeStatement(ctx, from, to),
    sessions: sessionStatement(ctx, from, to),
    administrations: administrationStatement(ctx, from, to),
  };
}

/** What the statements need from the database: the clinicians to draw from and the models. */
export async function careSeedContext(db: Database, seed: number): Promise<CareSeedContext> {
  return db.scoped({ purpose: 'system', allCenters: true }, async (trx): Promise<CareSeedContext> => {
    const models = await trx.selectFrom('training_model').select(['id', 'code', 'components']).execute();
    const modelIds = new Map(models.map((m) => [m.code, m.id]));
    if (!modelIds.has('TF-CBT')) throw new Error('The national care seed needs the TF-CBT training model');
    const tfcbt = models.find((m) => m.code === 'TF-CBT')!;
    const clinicians = await sql<{ n: number }>`select count(*)::int as n from membership
      where role = 'clinician' and ended_at is null and center_id is not null`.execute(trx);
    const n = clinicians.rows[0]?.n ?? 0;
    if (n === 0) throw new Error('The national care seed needs clinicians: seed the people first');
    return {
      seed,
      clinicians: n,
      modelIds,
      components: tfcbt.components.map((c) => c.code).filter((c) => CODE.test(c)),
    };
  });
}

/**
 * Generates `episodes` episodes with their sessions and administrations. Call it after the
 * clinicians exist. Each chunk commits on its own, in system scope; a failure part-way leaves the
 * chunks already written (seed a new, empty database again).
 */
export async function seedNationalCare(db: Database, options: CareSeedOptions): Promise<CareSeedResult> {
  const total = Math.max(0, Math.floor(options.episodes));
  const result: CareSeedResult = {
    episodes: 0,
    sessions: 0,
    administrations: 0,
    seconds: { episodes: 0, sessions: 0, administrations: 0, vacuum: 0 },
  };
  if (total === 0) return result;
  const system = { purpose: 'system', allCenters: true } as const;
  const ctx = await careSeedContext(db, options.seed);

  const stages = [
    ['episodes', 'care episodes'],
    ['sessions', 'care sessions'],
    ['administrations', 'care administrations'],
  ] as const;
  // PostgreSQL inserts chunks on several connections at once (the work is CPU-bound in the server);
  // PGlite has one connection. Chunks are independent, so the rows do not depend on the order.
  const workers = db.engine === 'postgres' ? Math.max(1, Math.floor(options.concurrency ?? 2)) : 1;
  const chunks: [number, number][] = [];
  for (let from = 1; from <= total; from += CHUNK) chunks.push([from, Math.min(total, from + CHUNK - 1)]);
  for (const [stage, label] of stages) {
    const started = performance.now();
    let next = 0;
    let done = 0;
    options.onProgress?.(label, 0, total);
    const work = async (): Promise<void> => {
      while (next < chunks.length) {
        const [from, to] = chunks[next++]!;
        const statement = careSeedStatements(ctx, from, to)[stage];
        const inserted = await db.scoped(system, async (trx) => {
          // JIT compiling these long expressions costs more than it saves (measured: 3x slower).
          await sql`select set_config('jit', 'off', true)`.execute(trx);
          const r = await sql.raw(statement).execute(trx);
          return Number(r.numAffectedRows ?? 0);
        });
        result[stage] += inserted;
        done += to - from + 1;
        options.onProgress?.(label, done, total);
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, chunks.length) }, work));
    result.seconds[stage] = (performance.now() - started) / 1000;
  }
  // Fresh statistics for the planner, and the visibility map that lets the outcome queries answer
  // from their covering indexes alone (otherwise every row would be checked in the table until a
  // later vacuum; autovacuum may be off or far behind after tens of millions of inserts). Run as
  // the connecting role, which owns the tables, and outside a transaction, as VACUUM requires.
  const vacuumStarted = performance.now();
  options.onProgress?.('care vacuum and analyze', 0, 1);
  await sql`vacuum (analyze) episode, episode_session, measure_administration`.execute(db.kysely);
  options.onProgress?.('care vacuum and analyze', 1, 1);
  result.seconds.vacuum = (performance.now() - vacuumStarted) / 1000;
  return result;
}
