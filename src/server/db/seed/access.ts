/**
 * Access data for the demo and national networks, set-based so it takes seconds at national size:
 *
 * - Who is trained: a completed, historical TF-CBT learning collaborative per state (2023), with
 *   about `trainedShare` of each state's clinicians; the rest are not trained in an evidence-based
 *   model, which is what the planner's seats are for.
 * - Capacity: every clinician gets a treatment FTE (0.5 to 1.0) and a typical caseload; about one in
 *   seven joined during the three years and about one in eight left, so capacity moves over time.
 * - Reported months: about `reportingShare` of centers report monthly aggregates for the last 12
 *   months instead of relying on their episodes (close to what their episodes say, as a separate
 *   system would count), with the children referred out and never served that only reports carry.
 *
 * Every value is a function of (seed, row id), never of the order rows are written in.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../schema.js';

type Trx = Transaction<DB>;

export interface AccessSeedOptions {
  seed: number;
  /** YYYY-MM-DD: the data's "today". */
  today: string;
  trainedShare?: number;
  reportingShare?: number;
  /** Reported demand at a realistic scale instead of from the episodes (the demo network). */
  synthetic?: boolean;
}

export interface AccessSeedResult {
  trained: number;
  capacityRows: number;
  reportedMonths: number;
}

/** A uniform draw in [0, 1) from a row's id and a salt, the same on both engines. */
const draw = (id: string, salt: string, seed: number) =>
  sql`((hashtext(${sql.raw(id)}::text || ${salt} || ${String(seed)}::text)::bigint + 2147483648) / 4294967296.0)`;

export async function seedAccess(trx: Trx, options: AccessSeedOptions): Promise<AccessSeedResult> {
  const { seed, today } = options;
  const trainedShare = options.trainedShare ?? 0.6;
  const reportingShare = options.reportingShare ?? 0.1;

  // One historical TF-CBT collaborative per state with clinicians, completed in 2023.
  await sql`
    insert into cohort (title, kind, model_id, modality, states, seats, starts_on, ends_on, status)
    select 'TF-CBT Learning Collaborative 2023, ' || s.state, 'collaborative', tm.id, 'hybrid',
      array[s.state], 500, date '2023-01-09', date '2023-12-15', 'completed'
    from (select distinct c.state from center c join membership m on m.center_id = c.id
          where m.role = 'clinician') s
    cross join (select id from training_model where code = 'TF-CBT') tm`.execute(trx);
  const trained = await sql`
    insert into enrollment (cohort_id, user_id, center_id, status, enrolled_at, completed_at)
    select co.id, m.user_id, m.center_id, 'completed', timestamptz '2023-01-09', timestamptz '2023-12-15'
    from membership m
    join center c on c.id = m.center_id
    join cohort co on co.title = 'TF-CBT Learning Collaborative 2023, ' || c.state
    where m.role = 'clinician' and m.ended_at is null and ${draw('m.user_id', 'trained', seed)} < ${trainedShare}
    on conflict do nothing`.execute(trx);

  // Treatment FTE in tenths from 0.5 to 1.0; some joined or left during the three years (a start
  // after the leaving date is dropped: that clinician simply left).
  const capacity = await sql`
    insert into clinician_capacity (user_id, center_id, treatment_fte, typical_caseload, started_on, left_on)
    select p.user_id, p.center_id, p.fte, p.caseload,
      case when p.left_on is null or p.started_on <= p.left_on then p.started_on end, p.left_on
    from (
      select m.user_id, m.center_id,
        (5 + floor(${draw('m.user_id', 'fte', seed)} * 6)) / 10.0 as fte,
        12 + floor(${draw('m.user_id', 'caseload', seed)} * 19)::int as caseload,
        case when ${draw('m.user_id', 'joined', seed)} < 0.15
          then date '2024-01-01' + floor(${draw('m.user_id', 'joined-on', seed)} * 1000)::int end as started_on,
        case when ${draw('m.user_id', 'left', seed)} < 0.12
          then date '2025-06-01' + floor(${draw('m.user_id', 'left-on', seed)} * 500)::int end as left_on
      from membership m
      where m.role = 'clinician' and m.ended_at is null and m.center_id is not null
    ) p
    on conflict do nothing`.execute(trx);

  // Reported months for a share of centers. National: the episodes' own flows, off by up to 10%
  // either way, as a separate system would count them. Demo: the demo network records only a sample
  // of each center's episodes, so its reporting centers get demand at a realistic scale instead:
  // 3.5 to 6 children referred a month per clinician, most of them started within the month.
  const months = options.synthetic ? 24 : 12;
  const flows = options.synthetic
    ? sql`
      select r.id as center_id, m.month,
        round(r.staff * (3.5 + 2.5 * ${draw('r.id::text', 'rate', seed)})
          * (0.85 + 0.3 * ${draw('r.id::text || m.month::text', 'month', seed)}))::int as referred,
        0.7 + 0.25 * ${draw('r.id::text || m.month::text', 'start-share', seed)} as start_share,
        1.0 + 1.5 * ${draw('r.id::text', 'backlog', seed)} as backlog,
        20 + 60 * ${draw('r.id::text', 'wait', seed)} as wait
      from reporting r cross join months m`
    : sql`
      select r.id as center_id, m.month,
        (select count(*) from episode e where e.center_id = r.id and e.referred_on >= m.month
           and e.referred_on < m.month + interval '1 month')::int as referred,
        null::float8 as start_share, null::float8 as backlog,
        (select percentile_cont(0.5) within group (order by e.started_on - e.referred_on) from episode e
           where e.center_id = r.id and e.started_on >= m.month and e.started_on < m.month + interval '1 month'
             and e.referred_on is not null) as wait,
        (select count(*) from episode e where e.center_id = r.id and e.started_on >= m.month
           and e.started_on < m.month + interval '1 month')::int as started,
        (select count(*) from episode e where e.center_id = r.id
           and e.referred_on < m.month + interval '1 month'
           and (e.started_on is null or e.started_on >= m.month + interval '1 month'))::int as waiting
      from reporting r cross join months m`;
  const noise = (salt: string) => draw('f.center_id::text || f.month::text', salt, seed);
  const reported = await sql`
    with months as (
      select generate_series(date_trunc('month', ${today}::date) - make_interval(months => ${months}),
        date_trunc('month', ${today}::date) - interval '1 month', interval '1 month')::date as month
    ),
    reporting as (
      -- Never the demo accounts' center: it records its episodes in Waymark.
      select c.id, (select count(*) from membership m where m.center_id = c.id and m.role = 'clinician') as staff
      from center c where ${draw('c.id', 'reports', seed)} < ${reportingShare}
        and not exists (select 1 from membership m join app_user u on u.id = m.user_id
                        where m.center_id = c.id and u.email like '%@demo.waymark.test')
    ),
    f as (${flows})
    insert into access_month (center_id, month, referred, started, waiting_end, referred_out, never_served,
      median_wait_days, source)
    select f.center_id, f.month,
      ${options.synthetic ? sql`f.referred` : sql`round(f.referred * (0.9 + 0.2 * ${noise('referred')}))::int`},
      ${options.synthetic ? sql`round(f.referred * f.start_share)::int` : sql`f.started`},
      ${
        options.synthetic
          ? sql`round(f.referred * f.backlog)::int`
          : sql`round(f.waiting * (0.9 + 0.2 * ${noise('waiting')}))::int`
      },
      round(f.referred * 0.05 * ${noise('out')})::int,
      round(f.referred * 0.04 * ${noise('never')})::int,
      round(f.wait::numeric, 1),
      'import'
    from f
    on conflict do nothing`.execute(trx);

  return {
    trained: Number(trained.numAffectedRows ?? 0),
    capacityRows: Number(capacity.numAffectedRows ?? 0),
    reportedMonths: Number(reported.numAffectedRows ?? 0),
  };
}
