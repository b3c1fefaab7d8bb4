-- Care outcome queries at national scale: the key statements as they run, with their plans.
--
-- What is here
--   The outcome summary (outcomeSummary in src/server/modules/care/summary.repo.ts, behind
--   GET /api/v1/outcomes) for the year 2025 at each level, and one center's caseload (findEpisodes in
--   src/server/modules/care/care.repo.ts, behind GET /api/v1/episodes), each followed by its
--   EXPLAIN (ANALYZE, BUFFERS) as the demo network administrator and as the demo center director.
--   Parameters are written into the statements. Row-level security is on, as in a request: each
--   plan ran in a transaction set up the way db.scoped() sets it up for that person.
--
-- Data
--   `waymark seed --scale national` (seed 1): 950 centers, 10,000 clinicians, 1,200,000 episodes
--   referred over 2024-2026 (367,673 with a first session in 2025; the director's center, in AL,
--   has 3,133), 9,785,768 sessions, 10,206,488 administrations, then VACUUM (ANALYZE).
--   PostgreSQL 15, default settings (shared_buffers 128MB, work_mem 4MB; the summary sets 64MB and
--   turns JIT off for itself), on a 2-CPU machine shared with other work, so read the milliseconds
--   as upper bounds. EXPLAIN ANALYZE times every node, which adds a good share to plans with
--   hundreds of thousands of loops: the request timings below are the better measure.
--
-- Reproduce
--   WAYMARK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
--     npm run bench:care-outcomes -- --keep --explain docs/sql/care-outcomes.sql
--   seeds a scratch database (about 13 minutes here), rewrites everything below the @plans line and
--   keeps the database; `-- --reuse <name> --explain docs/sql/care-outcomes.sql` runs it again
--   without seeding. To try one statement by hand in psql on such a database:
--     begin;
--     set local role waymark_app;
--     select set_config('waymark.purpose', 'user', true), set_config('waymark.user_id', '<id>', true),
--       set_config('waymark.all_centers', 'on', true);            -- a network administrator
--     -- a director instead: set_config('waymark.center_ids', '{<center id>}', true),
--     --                     set_config('waymark.manage_center_ids', '{<center id>}', true)
--     set local work_mem = '64MB';
--     set local jit = off;
--     explain (analyze, buffers) <statement>;
--     rollback;
--
-- History of the outcome summary on this data, as a network administrator (request medians through
-- app.inject after a warm-up; the ratio is over the baseline, one count(*) of the 10.2 million
-- administrations, timed in the same run, because the machine's load moved between runs):
--
--   version                                              network            every state
--   first version, no dedicated indexes                  17,448 ms (7.3x)   22,426 ms (9.4x)
--   covering indexes (migration 2026-12-02T0910)          5,884 ms (2.5x)    7,372 ms (3.1x)
--   figures kept on the episode row (2026-12-02T1700)     2,266 ms (0.67x)   3,759 ms (1.11x)
--
--   The last row ran with a load average of 8 on the 2 CPUs (the baseline took 3.4 s there, 2.4 s
--   in the quieter runs before): compare the ratios. Per center, per clinician and everything a
--   director asks stays between 15 and 65 ms.
--
-- What the figures on the episode row changed: each episode's session count and per-instrument
-- change (end minus baseline) are kept on its row by statement-level triggers (decision 0011), and
-- the cohort index carries them, so a network year is two index-only range scans of the cohort
-- (one for the counts and medians, one that expands the changes) with no look-up per episode. The
-- covering indexes of 2026-12-02T0910 on sessions and administrations were dropped with it. Every
-- state at once runs with nested loops off, or the planner, which expects a few dozen episodes
-- under row-level security, compares each of the year's episodes with every center (31 s).
-- What is left: the medians sort the year's values, and expanding the changes (jsonb) costs about a
-- second; a narrow table of changes would remove the second part.

-- @plans (written by bench/care-outcomes.ts --explain)

-- ================================================================================================
-- Outcome summary, network level, 2025
-- ================================================================================================

set local work_mem = '64MB';
set local jit = 'off';

    with p (code, ord, sdiff) as (values ('CATS-SR'::text, 0::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C7'::text, 1::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C3'::text, 2::int, sqrt(2) * 9::float8 * sqrt(1 - 0.88::float8)), ('SMFQ-C'::text, 3::int, sqrt(2) * 6::float8 * sqrt(1 - 0.85::float8)), ('SMFQ-P'::text, 4::int, sqrt(2) * 6::float8 * sqrt(1 - 0.87::float8)), ('PHQ-A'::text, 5::int, sqrt(2) * 6::float8 * sqrt(1 - 0.86::float8)), ('CPSS-5'::text, 6::int, sqrt(2) * 18::float8 * sqrt(1 - 0.9::float8)), ('TSCC-PTS'::text, 7::int, sqrt(2) * 10::float8 * sqrt(1 - 0.87::float8))),
    episodes as (
      select ep.key,
        count(*)::int as started,
        count(*) filter (where ep.discharge_reason = 'completed')::int as completed,
        count(*) filter (where ep.ended_on is not null)::int as closed,
        percentile_cont(0.5) within group (order by ep.session_count)
          filter (where ep.ended_on is not null) as median_sessions,
        percentile_cont(0.5) within group (order by ep.started_on - ep.referred_on)
          filter (where ep.referred_on is not null) as median_wait
      from (
      select 'network'::text as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason, e.session_count,
        e.outcome_changes
      from episode e where e.started_on is not null and e.started_on >= '2025-01-01'::date and e.started_on <= '2025-12-31'::date) ep
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
      from (
      select 'network'::text as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason, e.session_count,
        e.outcome_changes
      from episode e where e.started_on is not null and e.started_on >= '2025-01-01'::date and e.started_on <= '2025-12-31'::date) ep cross join lateral jsonb_each_text(ep.outcome_changes) x
      join p on p.code = x.key
      group by ep.key, p.code, p.ord
    ),
    by_key as (
      select o.key, json_agg(json_build_object('code', o.code, 'n', o.n, 'mean_change', o.mean_change,
          'improved', o.improved, 'deteriorated', o.deteriorated) order by o.ord) as instruments
      from outcomes o
      group by o.key
    )
    select s.key::text as key, 'Network'::text as label, s.started, s.completed, s.closed, s.median_sessions,
      s.median_wait, k.instruments
    from episodes s left join by_key k on k.key = s.key
    order by label, s.key;

-- Plan as the network administrator (execution 1836.314 ms):
--   Merge Left Join  (cost=156967.76..156968.06 rows=1 width=124) (actual time=1819.238..1819.244 rows=1 loops=1)
--     Merge Cond: (('network'::text) = o.key)
--     Buffers: shared hit=17741 read=530
--     ->  Sort  (cost=75506.97..75506.98 rows=1 width=60) (actual time=414.219..414.222 rows=1 loops=1)
--           Sort Key: ('network'::text)
--           Sort Method: quicksort  Memory: 25kB
--           Buffers: shared hit=8608 read=530
--           ->  GroupAggregate  (cost=0.43..75506.95 rows=1 width=60) (actual time=414.172..414.174 rows=1 loops=1)
--                 Group Key: 'network'::text
--                 Buffers: shared hit=8608 read=530
--                 ->  Index Only Scan using episode_cohort_idx on episode e  (cost=0.43..75426.48 rows=3218 width=58) (actual time=0.158..244.891 rows=367673 loops=1)
--                       Index Cond: ((started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                       Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                       Heap Fetches: 0
--                       Buffers: shared hit=8600 read=530
--     ->  GroupAggregate  (cost=81460.79..81460.97 rows=8 width=64) (actual time=1404.998..1405.001 rows=1 loops=1)
--           Group Key: o.key
--           Buffers: shared hit=9133
--           ->  Sort  (cost=81460.79..81460.81 rows=8 width=88) (actual time=1404.769..1404.772 rows=6 loops=1)
--                 Sort Key: o.key
--                 Sort Method: quicksort  Memory: 25kB
--                 Buffers: shared hit=9130
--                 ->  Subquery Scan on o  (cost=81460.43..81460.67 rows=8 width=88) (actual time=1404.694..1404.699 rows=6 loops=1)
--                       Buffers: shared hit=9130
--                       ->  HashAggregate  (cost=81460.43..81460.59 rows=8 width=88) (actual time=1404.692..1404.696 rows=6 loops=1)
--                             Group Key: 'network'::text, "*VALUES*".column1, "*VALUES*".column2
--                             Batches: 1  Memory Usage: 24kB
--                             Buffers: shared hit=9130
--                             ->  Nested Loop  (cost=0.63..80366.31 rows=25744 width=108) (actual time=1.488..1240.103 rows=396059 loops=1)
--                                   Buffers: shared hit=9130
--                                   ->  Index Only Scan using episode_cohort_idx on episode e_1  (cost=0.43..75426.48 rows=3218 width=24) (actual time=0.085..138.236 rows=367673 loops=1)
--                                         Index Cond: ((started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                         Heap Fetches: 0
--                                         Buffers: shared hit=9130
--                                   ->  Hash Join  (cost=0.20..1.66 rows=8 width=76) (actual time=0.002..0.003 rows=1 loops=367673)
--                                         Hash Cond: (x.key = "*VALUES*".column1)
--                                         ->  Function Scan on jsonb_each_text x  (cost=0.00..1.00 rows=100 width=64) (actual time=0.002..0.002 rows=1 loops=367673)
--                                         ->  Hash  (cost=0.10..0.10 rows=8 width=44) (actual time=0.040..0.041 rows=8 loops=1)
--                                               Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                               ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.019..0.022 rows=8 loops=1)
--   Planning:
--     Buffers: shared hit=149 read=6
--   Planning Time: 5.458 ms
--   Execution Time: 1836.314 ms

-- Plan as the center director (execution 53.965 ms):
--   Merge Left Join  (cost=6778.89..6779.19 rows=1 width=124) (actual time=53.860..53.867 rows=1 loops=1)
--     Merge Cond: (('network'::text) = o.key)
--     Buffers: shared hit=940 read=924
--     ->  Sort  (cost=3377.48..3377.48 rows=1 width=60) (actual time=43.490..43.492 rows=1 loops=1)
--           Sort Key: ('network'::text)
--           Sort Method: quicksort  Memory: 25kB
--           Buffers: shared hit=8 read=924
--           ->  GroupAggregate  (cost=37.81..3377.46 rows=1 width=60) (actual time=43.458..43.460 rows=1 loops=1)
--                 Group Key: 'network'::text
--                 Buffers: shared hit=8 read=924
--                 ->  Bitmap Heap Scan on episode e  (cost=37.81..3377.16 rows=11 width=58) (actual time=0.390..42.945 rows=936 loops=1)
--                       Recheck Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                       Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                       Heap Blocks: exact=924
--                       Buffers: shared hit=8 read=924
--                       ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..37.81 rows=892 width=0) (actual time=0.127..0.128 rows=936 loops=1)
--                             Index Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                             Buffers: shared hit=8
--     ->  GroupAggregate  (cost=3401.41..3401.59 rows=8 width=64) (actual time=10.361..10.364 rows=1 loops=1)
--           Group Key: o.key
--           Buffers: shared hit=932
--           ->  Sort  (cost=3401.41..3401.43 rows=8 width=88) (actual time=10.291..10.294 rows=6 loops=1)
--                 Sort Key: o.key
--                 Sort Method: quicksort  Memory: 25kB
--                 Buffers: shared hit=932
--                 ->  Subquery Scan on o  (cost=3397.09..3401.29 rows=8 width=88) (actual time=10.002..10.278 rows=6 loops=1)
--                       Buffers: shared hit=932
--                       ->  GroupAggregate  (cost=3397.09..3401.21 rows=8 width=88) (actual time=10.000..10.275 rows=6 loops=1)
--                             Group Key: 'network'::text, "*VALUES*".column1, "*VALUES*".column2
--                             Buffers: shared hit=932
--                             ->  Sort  (cost=3397.09..3397.31 rows=88 width=108) (actual time=9.944..9.979 rows=1016 loops=1)
--                                   Sort Key: "*VALUES*".column1, "*VALUES*".column2
--                                   Sort Method: quicksort  Memory: 104kB
--                                   Buffers: shared hit=932
--                                   ->  Nested Loop  (cost=38.01..3394.25 rows=88 width=108) (actual time=3.349..9.588 rows=1016 loops=1)
--                                         Buffers: shared hit=932
--                                         ->  Bitmap Heap Scan on episode e_1  (cost=37.81..3377.16 rows=11 width=24) (actual time=0.337..3.777 rows=936 loops=1)
--                                               Recheck Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                               Heap Blocks: exact=924
--                                               Buffers: shared hit=932
--                                               ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..37.81 rows=892 width=0) (actual time=0.245..0.245 rows=936 loops=1)
--                                                     Index Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                                     Buffers: shared hit=8
--                                         ->  Hash Join  (cost=0.20..1.66 rows=8 width=76) (actual time=0.006..0.006 rows=1 loops=936)
--                                               Hash Cond: (x.key = "*VALUES*".column1)
--                                               ->  Function Scan on jsonb_each_text x  (cost=0.00..1.00 rows=100 width=64) (actual time=0.005..0.006 rows=1 loops=936)
--                                               ->  Hash  (cost=0.10..0.10 rows=8 width=44) (actual time=0.027..0.027 rows=8 loops=1)
--                                                     Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                                     ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.005..0.009 rows=8 loops=1)
--   Planning:
--     Buffers: shared hit=2
--   Planning Time: 0.684 ms
--   Execution Time: 53.965 ms

-- ================================================================================================
-- Outcome summary, state level (every state), 2025
-- ================================================================================================

set local work_mem = '64MB';
set local jit = 'off';
set local enable_nestloop = 'off';

    with p (code, ord, sdiff) as (values ('CATS-SR'::text, 0::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C7'::text, 1::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C3'::text, 2::int, sqrt(2) * 9::float8 * sqrt(1 - 0.88::float8)), ('SMFQ-C'::text, 3::int, sqrt(2) * 6::float8 * sqrt(1 - 0.85::float8)), ('SMFQ-P'::text, 4::int, sqrt(2) * 6::float8 * sqrt(1 - 0.87::float8)), ('PHQ-A'::text, 5::int, sqrt(2) * 6::float8 * sqrt(1 - 0.86::float8)), ('CPSS-5'::text, 6::int, sqrt(2) * 18::float8 * sqrt(1 - 0.9::float8)), ('TSCC-PTS'::text, 7::int, sqrt(2) * 10::float8 * sqrt(1 - 0.87::float8))),
    episodes as (
      select ep.key,
        count(*)::int as started,
        count(*) filter (where ep.discharge_reason = 'completed')::int as completed,
        count(*) filter (where ep.ended_on is not null)::int as closed,
        percentile_cont(0.5) within group (order by ep.session_count)
          filter (where ep.ended_on is not null) as median_sessions,
        percentile_cont(0.5) within group (order by ep.started_on - ep.referred_on)
          filter (where ep.referred_on is not null) as median_wait
      from (
      select c.state::text as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason, e.session_count,
        e.outcome_changes
      from (select e.center_id, e.clinician_id, e.referred_on, e.started_on, e.ended_on, e.discharge_reason,
    e.session_count, e.outcome_changes from episode e where e.started_on is not null and e.started_on >= '2025-01-01'::date and e.started_on <= '2025-12-31'::date offset 0) e join center c on c.id = e.center_id) ep
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
      from (
      select c.state::text as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason, e.session_count,
        e.outcome_changes
      from (select e.center_id, e.clinician_id, e.referred_on, e.started_on, e.ended_on, e.discharge_reason,
    e.session_count, e.outcome_changes from episode e where e.started_on is not null and e.started_on >= '2025-01-01'::date and e.started_on <= '2025-12-31'::date offset 0) e join center c on c.id = e.center_id) ep cross join lateral jsonb_each_text(ep.outcome_changes) x
      join p on p.code = x.key
      group by ep.key, p.code, p.ord
    ),
    by_key as (
      select o.key, json_agg(json_build_object('code', o.code, 'n', o.n, 'mean_change', o.mean_change,
          'improved', o.improved, 'deteriorated', o.deteriorated) order by o.ord) as instruments
      from outcomes o
      group by o.key
    )
    select s.key::text as key, s.key as label, s.started, s.completed, s.closed, s.median_sessions,
      s.median_wait, k.instruments
    from episodes s left join by_key k on k.key = s.key
    order by label, s.key;

-- Plan as the network administrator (execution 3138.012 ms):
--   Merge Left Join  (cost=10000151144.28..10000151172.55 rows=15 width=124) (actual time=2471.309..3102.197 rows=50 loops=1)
--     Merge Cond: (((c.state)::text) = ((c_1.state)::text))
--     Buffers: shared hit=18279 read=19
--     ->  GroupAggregate  (cost=75500.87..75502.64 rows=15 width=60) (actual time=488.188..792.097 rows=50 loops=1)
--           Group Key: ((c.state)::text)
--           Buffers: shared hit=9130 read=19
--           ->  Sort  (cost=75500.87..75500.99 rows=51 width=58) (actual time=487.680..656.221 rows=367673 loops=1)
--                 Sort Key: ((c.state)::text)
--                 Sort Method: quicksort  Memory: 38141kB
--                 Buffers: shared hit=9130 read=19
--                 ->  Hash Join  (cost=32.58..75499.42 rows=51 width=58) (actual time=0.415..169.792 rows=367673 loops=1)
--                       Hash Cond: (e.center_id = c.id)
--                       Buffers: shared hit=9130 read=19
--                       ->  Index Only Scan using episode_cohort_idx on episode e  (cost=0.43..75426.48 rows=3218 width=90) (actual time=0.024..94.451 rows=367673 loops=1)
--                             Index Cond: ((started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                             Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                             Heap Fetches: 0
--                             Buffers: shared hit=9130
--                       ->  Hash  (cost=31.97..31.97 rows=15 width=28) (actual time=0.384..0.387 rows=950 loops=1)
--                             Buckets: 1024  Batches: 1  Memory Usage: 56kB
--                             Buffers: shared read=19
--                             ->  Seq Scan on center c  (cost=0.00..31.97 rows=15 width=28) (actual time=0.016..0.311 rows=950 loops=1)
--                                   Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                   Buffers: shared read=19
--     ->  GroupAggregate  (cost=10000075643.41..10000075668.07 rows=120 width=64) (actual time=1983.112..2309.785 rows=50 loops=1)
--           Group Key: ((c_1.state)::text)
--           Buffers: shared hit=9149
--           ->  GroupAggregate  (cost=10000075643.41..10000075664.47 rows=120 width=88) (actual time=1981.810..2307.651 rows=300 loops=1)
--                 Group Key: ((c_1.state)::text), "*VALUES*".column1, "*VALUES*".column2
--                 Buffers: shared hit=9149
--                 ->  Sort  (cost=10000075643.41..10000075644.43 rows=408 width=108) (actual time=1981.612..2116.639 rows=396059 loops=1)
--                       Sort Key: ((c_1.state)::text), "*VALUES*".column1, "*VALUES*".column2
--                       Sort Method: quicksort  Memory: 40136kB
--                       Buffers: shared hit=9149
--                       ->  Hash Join  (cost=10000000032.78..10000075625.72 rows=408 width=108) (actual time=1.044..1353.898 rows=396059 loops=1)
--                             Hash Cond: (x.key = "*VALUES*".column1)
--                             Buffers: shared hit=9149
--                             ->  Nested Loop  (cost=10000000032.58..10000075601.30 rows=5100 width=76) (actual time=1.020..1242.862 rows=396059 loops=1)
--                                   Buffers: shared hit=9149
--                                   ->  Hash Join  (cost=32.58..75499.29 rows=51 width=36) (actual time=0.385..210.229 rows=367673 loops=1)
--                                         Hash Cond: (e_1.center_id = c_1.id)
--                                         Buffers: shared hit=9149
--                                         ->  Index Only Scan using episode_cohort_idx on episode e_1  (cost=0.43..75426.48 rows=3218 width=104) (actual time=0.034..139.526 rows=367673 loops=1)
--                                               Index Cond: ((started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                               Heap Fetches: 0
--                                               Buffers: shared hit=9130
--                                         ->  Hash  (cost=31.97..31.97 rows=15 width=28) (actual time=0.345..0.345 rows=950 loops=1)
--                                               Buckets: 1024  Batches: 1  Memory Usage: 56kB
--                                               Buffers: shared hit=19
--                                               ->  Seq Scan on center c_1  (cost=0.00..31.97 rows=15 width=28) (actual time=0.024..0.214 rows=950 loops=1)
--                                                     Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                                     Buffers: shared hit=19
--                                   ->  Function Scan on jsonb_each_text x  (cost=0.00..1.00 rows=100 width=64) (actual time=0.002..0.002 rows=1 loops=367673)
--                             ->  Hash  (cost=0.10..0.10 rows=8 width=44) (actual time=0.013..0.014 rows=8 loops=1)
--                                   Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                   ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.006..0.008 rows=8 loops=1)
--   Planning:
--     Buffers: shared hit=7 read=1
--   Planning Time: 0.780 ms
--   Execution Time: 3138.012 ms

-- Plan as the center director (execution 17.963 ms):
--   Merge Left Join  (cost=10000006821.72..10000006822.68 rows=1 width=124) (actual time=17.579..17.590 rows=1 loops=1)
--     Merge Cond: (((c.state)::text) = ((c_1.state)::text))
--     Buffers: shared hit=1902
--     ->  GroupAggregate  (cost=3409.47..3409.52 rows=1 width=60) (actual time=8.227..8.233 rows=1 loops=1)
--           Group Key: ((c.state)::text)
--           Buffers: shared hit=951
--           ->  Sort  (cost=3409.47..3409.47 rows=1 width=58) (actual time=7.898..7.934 rows=936 loops=1)
--                 Sort Key: ((c.state)::text)
--                 Sort Method: quicksort  Memory: 90kB
--                 Buffers: shared hit=951
--                 ->  Hash Join  (cost=69.97..3409.46 rows=1 width=58) (actual time=1.197..7.694 rows=936 loops=1)
--                       Hash Cond: (e.center_id = c.id)
--                       Buffers: shared hit=951
--                       ->  Bitmap Heap Scan on episode e  (cost=37.81..3377.16 rows=11 width=90) (actual time=0.531..6.835 rows=936 loops=1)
--                             Recheck Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                             Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                             Heap Blocks: exact=924
--                             Buffers: shared hit=932
--                             ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..37.81 rows=892 width=0) (actual time=0.378..0.379 rows=936 loops=1)
--                                   Index Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                   Buffers: shared hit=8
--                       ->  Hash  (cost=31.97..31.97 rows=15 width=28) (actual time=0.568..0.569 rows=950 loops=1)
--                             Buckets: 1024  Batches: 1  Memory Usage: 56kB
--                             Buffers: shared hit=19
--                             ->  Seq Scan on center c  (cost=0.00..31.97 rows=15 width=28) (actual time=0.013..0.214 rows=950 loops=1)
--                                   Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                   Buffers: shared hit=19
--     ->  GroupAggregate  (cost=10000003412.25..10000003413.03 rows=8 width=64) (actual time=9.344..9.348 rows=1 loops=1)
--           Group Key: ((c_1.state)::text)
--           Buffers: shared hit=951
--           ->  GroupAggregate  (cost=10000003412.25..10000003412.79 rows=8 width=88) (actual time=9.059..9.305 rows=6 loops=1)
--                 Group Key: ((c_1.state)::text), "*VALUES*".column1, "*VALUES*".column2
--                 Buffers: shared hit=951
--                 ->  Sort  (cost=10000003412.25..10000003412.27 rows=8 width=108) (actual time=9.004..9.041 rows=1016 loops=1)
--                       Sort Key: ((c_1.state)::text), "*VALUES*".column1, "*VALUES*".column2
--                       Sort Method: quicksort  Memory: 96kB
--                       Buffers: shared hit=951
--                       ->  Hash Join  (cost=10000000070.17..10000003412.13 rows=8 width=108) (actual time=5.767..8.704 rows=1016 loops=1)
--                             Hash Cond: (x.key = "*VALUES*".column1)
--                             Buffers: shared hit=951
--                             ->  Nested Loop  (cost=10000000069.97..10000003411.46 rows=100 width=76) (actual time=5.729..8.439 rows=1016 loops=1)
--                                   Buffers: shared hit=951
--                                   ->  Hash Join  (cost=69.97..3409.46 rows=1 width=36) (actual time=0.547..6.141 rows=936 loops=1)
--                                         Hash Cond: (e_1.center_id = c_1.id)
--                                         Buffers: shared hit=951
--                                         ->  Bitmap Heap Scan on episode e_1  (cost=37.81..3377.16 rows=11 width=104) (actual time=0.210..5.662 rows=936 loops=1)
--                                               Recheck Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                               Heap Blocks: exact=924
--                                               Buffers: shared hit=932
--                                               ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..37.81 rows=892 width=0) (actual time=0.106..0.106 rows=936 loops=1)
--                                                     Index Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                                     Buffers: shared hit=8
--                                         ->  Hash  (cost=31.97..31.97 rows=15 width=28) (actual time=0.271..0.271 rows=950 loops=1)
--                                               Buckets: 1024  Batches: 1  Memory Usage: 56kB
--                                               Buffers: shared hit=19
--                                               ->  Seq Scan on center c_1  (cost=0.00..31.97 rows=15 width=28) (actual time=0.016..0.199 rows=950 loops=1)
--                                                     Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                                     Buffers: shared hit=19
--                                   ->  Function Scan on jsonb_each_text x  (cost=0.00..1.00 rows=100 width=64) (actual time=0.002..0.002 rows=1 loops=936)
--                             ->  Hash  (cost=0.10..0.10 rows=8 width=44) (actual time=0.013..0.013 rows=8 loops=1)
--                                   Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                   ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.006..0.009 rows=8 loops=1)
--   Planning:
--     Buffers: shared hit=2
--   Planning Time: 1.331 ms
--   Execution Time: 17.963 ms

-- ================================================================================================
-- Outcome summary, center level (every center in AL), 2025
-- ================================================================================================

set local work_mem = '64MB';
set local jit = 'off';

    with p (code, ord, sdiff) as (values ('CATS-SR'::text, 0::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C7'::text, 1::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C3'::text, 2::int, sqrt(2) * 9::float8 * sqrt(1 - 0.88::float8)), ('SMFQ-C'::text, 3::int, sqrt(2) * 6::float8 * sqrt(1 - 0.85::float8)), ('SMFQ-P'::text, 4::int, sqrt(2) * 6::float8 * sqrt(1 - 0.87::float8)), ('PHQ-A'::text, 5::int, sqrt(2) * 6::float8 * sqrt(1 - 0.86::float8)), ('CPSS-5'::text, 6::int, sqrt(2) * 18::float8 * sqrt(1 - 0.9::float8)), ('TSCC-PTS'::text, 7::int, sqrt(2) * 10::float8 * sqrt(1 - 0.87::float8))),
    episodes as (
      select ep.key,
        count(*)::int as started,
        count(*) filter (where ep.discharge_reason = 'completed')::int as completed,
        count(*) filter (where ep.ended_on is not null)::int as closed,
        percentile_cont(0.5) within group (order by ep.session_count)
          filter (where ep.ended_on is not null) as median_sessions,
        percentile_cont(0.5) within group (order by ep.started_on - ep.referred_on)
          filter (where ep.referred_on is not null) as median_wait
      from (
      select e.center_id as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason, e.session_count,
        e.outcome_changes
      from episode e join center c on c.id = e.center_id where e.started_on is not null and e.started_on >= '2025-01-01'::date and e.started_on <= '2025-12-31'::date and c.state = 'AL') ep
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
      from (
      select e.center_id as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason, e.session_count,
        e.outcome_changes
      from episode e join center c on c.id = e.center_id where e.started_on is not null and e.started_on >= '2025-01-01'::date and e.started_on <= '2025-12-31'::date and c.state = 'AL') ep cross join lateral jsonb_each_text(ep.outcome_changes) x
      join p on p.code = x.key
      group by ep.key, p.code, p.ord
    ),
    by_key as (
      select o.key, json_agg(json_build_object('code', o.code, 'n', o.n, 'mean_change', o.mean_change,
          'improved', o.improved, 'deteriorated', o.deteriorated) order by o.ord) as instruments
      from outcomes o
      group by o.key
    )
    select s.key::text as key, coalesce((select c.name from center c where c.id = s.key), s.key::text) as label, s.started, s.completed, s.closed, s.median_sessions,
      s.median_wait, k.instruments
    from episodes s left join by_key k on k.key = s.key
    order by label, s.key;

-- Plan as the network administrator (execution 460.203 ms):
--   Sort  (cost=2748.06..2748.07 rows=4 width=140) (actual time=460.058..460.068 rows=14 loops=1)
--     Sort Key: (COALESCE((SubPlan 1), (e.center_id)::text)), e.center_id
--     Sort Method: quicksort  Memory: 35kB
--     Buffers: shared hit=7140 read=4436
--     ->  Merge Left Join  (cost=2711.05..2748.02 rows=4 width=140) (actual time=453.590..460.044 rows=14 loops=1)
--           Merge Cond: (e.center_id = e_1.center_id)
--           Buffers: shared hit=7140 read=4436
--           ->  GroupAggregate  (cost=1350.13..1350.33 rows=4 width=44) (actual time=409.852..411.289 rows=14 loops=1)
--                 Group Key: e.center_id
--                 Buffers: shared hit=1337 read=4430
--                 ->  Sort  (cost=1350.13..1350.14 rows=4 width=42) (actual time=409.755..409.958 rows=5727 loops=1)
--                       Sort Key: e.center_id
--                       Sort Method: quicksort  Memory: 681kB
--                       Buffers: shared hit=1337 read=4430
--                       ->  Nested Loop  (cost=17.83..1350.09 rows=4 width=42) (actual time=0.995..407.773 rows=5727 loops=1)
--                             Buffers: shared hit=1337 read=4430
--                             ->  Bitmap Heap Scan on center c  (cost=4.31..14.88 rows=1 width=16) (actual time=0.807..0.851 rows=14 loops=1)
--                                   Recheck Cond: (state = 'AL'::bpchar)
--                                   Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                   Heap Blocks: exact=1
--                                   Buffers: shared hit=1 read=2
--                                   ->  Bitmap Index Scan on center_state_name_key  (cost=0.00..4.31 rows=4 width=0) (actual time=0.799..0.799 rows=14 loops=1)
--                                         Index Cond: (state = 'AL'::bpchar)
--                                         Buffers: shared read=2
--                             ->  Bitmap Heap Scan on episode e  (cost=13.53..1335.18 rows=3 width=42) (actual time=0.571..28.923 rows=409 loops=14)
--                                   Recheck Cond: ((center_id = c.id) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                   Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                   Heap Blocks: exact=5686
--                                   Buffers: shared hit=1336 read=4428
--                                   ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..13.53 rows=340 width=0) (actual time=0.137..0.137 rows=409 loops=14)
--                                         Index Cond: ((center_id = c.id) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                         Buffers: shared hit=59 read=19
--           ->  GroupAggregate  (cost=1360.91..1363.95 rows=32 width=48) (actual time=43.569..48.341 rows=14 loops=1)
--                 Group Key: e_1.center_id
--                 Buffers: shared hit=5767
--                 ->  GroupAggregate  (cost=1360.91..1362.99 rows=32 width=72) (actual time=43.455..48.159 rows=84 loops=1)
--                       Group Key: e_1.center_id, "*VALUES*".column1, "*VALUES*".column2
--                       Buffers: shared hit=5767
--                       ->  Sort  (cost=1360.91..1360.99 rows=32 width=92) (actual time=43.413..43.769 rows=6264 loops=1)
--                             Sort Key: e_1.center_id, "*VALUES*".column1, "*VALUES*".column2
--                             Sort Method: quicksort  Memory: 731kB
--                             Buffers: shared hit=5767
--                             ->  Hash Join  (cost=18.04..1360.11 rows=32 width=92) (actual time=1.915..39.733 rows=6264 loops=1)
--                                   Hash Cond: (x.key = "*VALUES*".column1)
--                                   Buffers: shared hit=5767
--                                   ->  Nested Loop  (cost=17.84..1358.09 rows=400 width=80) (actual time=1.884..37.437 rows=6264 loops=1)
--                                         Buffers: shared hit=5767
--                                         ->  Nested Loop  (cost=17.83..1350.09 rows=4 width=40) (actual time=0.539..13.972 rows=5727 loops=1)
--                                               Buffers: shared hit=5767
--                                               ->  Bitmap Heap Scan on center c_1  (cost=4.31..14.88 rows=1 width=16) (actual time=0.025..0.041 rows=14 loops=1)
--                                                     Recheck Cond: (state = 'AL'::bpchar)
--                                                     Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                                     Heap Blocks: exact=1
--                                                     Buffers: shared hit=3
--                                                     ->  Bitmap Index Scan on center_state_name_key  (cost=0.00..4.31 rows=4 width=0) (actual time=0.018..0.018 rows=14 loops=1)
--                                                           Index Cond: (state = 'AL'::bpchar)
--                                                           Buffers: shared hit=2
--                                               ->  Bitmap Heap Scan on episode e_1  (cost=13.53..1335.18 rows=3 width=40) (actual time=0.126..0.960 rows=409 loops=14)
--                                                     Recheck Cond: ((center_id = c_1.id) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                                     Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                                     Heap Blocks: exact=5686
--                                                     Buffers: shared hit=5764
--                                                     ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..13.53 rows=340 width=0) (actual time=0.083..0.083 rows=409 loops=14)
--                                                           Index Cond: ((center_id = c_1.id) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                                           Buffers: shared hit=78
--                                         ->  Function Scan on jsonb_each_text x  (cost=0.00..1.00 rows=100 width=64) (actual time=0.003..0.003 rows=1 loops=5727)
--                                   ->  Hash  (cost=0.10..0.10 rows=8 width=44) (actual time=0.013..0.014 rows=8 loops=1)
--                                         Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                         ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.006..0.009 rows=8 loops=1)
--           SubPlan 1
--             ->  Index Scan using center_pkey on center c_2  (cost=0.28..8.30 rows=1 width=32) (actual time=0.027..0.027 rows=1 loops=14)
--                   Index Cond: (id = e.center_id)
--                   Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                   Buffers: shared hit=36 read=6
--   Planning:
--     Buffers: shared hit=8
--   Planning Time: 0.990 ms
--   Execution Time: 460.203 ms

-- Plan as the center director (execution 19.508 ms):
--   Sort  (cost=58.87..58.87 rows=1 width=140) (actual time=19.368..19.375 rows=1 loops=1)
--     Sort Key: (COALESCE((SubPlan 1), (e.center_id)::text)), e.center_id
--     Sort Method: quicksort  Memory: 25kB
--     Buffers: shared hit=1897
--     ->  Merge Left Join  (cost=49.61..58.86 rows=1 width=140) (actual time=19.362..19.369 rows=1 loops=1)
--           Merge Cond: (e.center_id = e_1.center_id)
--           Buffers: shared hit=1897
--           ->  GroupAggregate  (cost=23.42..23.47 rows=1 width=44) (actual time=11.516..11.519 rows=1 loops=1)
--                 Group Key: e.center_id
--                 Buffers: shared hit=947
--                 ->  Sort  (cost=23.42..23.43 rows=1 width=42) (actual time=11.269..11.302 rows=936 loops=1)
--                       Sort Key: e.center_id
--                       Sort Method: quicksort  Memory: 104kB
--                       Buffers: shared hit=947
--                       ->  Nested Loop  (cost=4.73..23.41 rows=1 width=42) (actual time=0.046..11.126 rows=936 loops=1)
--                             Buffers: shared hit=947
--                             ->  Bitmap Heap Scan on center c  (cost=4.31..14.88 rows=1 width=16) (actual time=0.023..0.030 rows=14 loops=1)
--                                   Recheck Cond: (state = 'AL'::bpchar)
--                                   Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                   Heap Blocks: exact=1
--                                   Buffers: shared hit=3
--                                   ->  Bitmap Index Scan on center_state_name_key  (cost=0.00..4.31 rows=4 width=0) (actual time=0.015..0.016 rows=14 loops=1)
--                                         Index Cond: (state = 'AL'::bpchar)
--                                         Buffers: shared hit=2
--                             ->  Index Scan using episode_center_started_idx on episode e  (cost=0.43..8.52 rows=1 width=42) (actual time=0.002..0.784 rows=67 loops=14)
--                                   Index Cond: ((center_id = c.id) AND (center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                   Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                   Buffers: shared hit=944
--           ->  GroupAggregate  (cost=26.19..26.95 rows=8 width=48) (actual time=7.823..7.826 rows=1 loops=1)
--                 Group Key: e_1.center_id
--                 Buffers: shared hit=947
--                 ->  GroupAggregate  (cost=26.19..26.71 rows=8 width=72) (actual time=7.552..7.791 rows=6 loops=1)
--                       Group Key: e_1.center_id, "*VALUES*".column1, "*VALUES*".column2
--                       Buffers: shared hit=947
--                       ->  Sort  (cost=26.19..26.21 rows=8 width=92) (actual time=7.500..7.536 rows=1016 loops=1)
--                             Sort Key: e_1.center_id, "*VALUES*".column1, "*VALUES*".column2
--                             Sort Method: quicksort  Memory: 112kB
--                             Buffers: shared hit=947
--                             ->  Hash Join  (cost=4.94..26.07 rows=8 width=92) (actual time=0.087..7.288 rows=1016 loops=1)
--                                   Hash Cond: (x.key = "*VALUES*".column1)
--                                   Buffers: shared hit=947
--                                   ->  Nested Loop  (cost=4.74..25.41 rows=100 width=80) (actual time=0.059..7.098 rows=1016 loops=1)
--                                         Buffers: shared hit=947
--                                         ->  Nested Loop  (cost=4.73..23.41 rows=1 width=40) (actual time=0.034..5.963 rows=936 loops=1)
--                                               Buffers: shared hit=947
--                                               ->  Bitmap Heap Scan on center c_1  (cost=4.31..14.88 rows=1 width=16) (actual time=0.014..0.021 rows=14 loops=1)
--                                                     Recheck Cond: (state = 'AL'::bpchar)
--                                                     Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                                     Heap Blocks: exact=1
--                                                     Buffers: shared hit=3
--                                                     ->  Bitmap Index Scan on center_state_name_key  (cost=0.00..4.31 rows=4 width=0) (actual time=0.010..0.010 rows=14 loops=1)
--                                                           Index Cond: (state = 'AL'::bpchar)
--                                                           Buffers: shared hit=2
--                                               ->  Index Scan using episode_center_started_idx on episode e_1  (cost=0.43..8.52 rows=1 width=40) (actual time=0.001..0.419 rows=67 loops=14)
--                                                     Index Cond: ((center_id = c_1.id) AND (center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                                     Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                                     Buffers: shared hit=944
--                                         ->  Function Scan on jsonb_each_text x  (cost=0.00..1.00 rows=100 width=64) (actual time=0.001..0.001 rows=1 loops=936)
--                                   ->  Hash  (cost=0.10..0.10 rows=8 width=44) (actual time=0.011..0.011 rows=8 loops=1)
--                                         Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                         ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.004..0.006 rows=8 loops=1)
--           SubPlan 1
--             ->  Index Scan using center_pkey on center c_2  (cost=0.28..8.30 rows=1 width=32) (actual time=0.012..0.012 rows=1 loops=1)
--                   Index Cond: (id = e.center_id)
--                   Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                   Buffers: shared hit=3
--   Planning:
--     Buffers: shared hit=2
--   Planning Time: 0.908 ms
--   Execution Time: 19.508 ms

-- ================================================================================================
-- Outcome summary, clinician level (the director's center), 2025
-- ================================================================================================

set local work_mem = '64MB';
set local jit = 'off';

    with p (code, ord, sdiff) as (values ('CATS-SR'::text, 0::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C7'::text, 1::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C3'::text, 2::int, sqrt(2) * 9::float8 * sqrt(1 - 0.88::float8)), ('SMFQ-C'::text, 3::int, sqrt(2) * 6::float8 * sqrt(1 - 0.85::float8)), ('SMFQ-P'::text, 4::int, sqrt(2) * 6::float8 * sqrt(1 - 0.87::float8)), ('PHQ-A'::text, 5::int, sqrt(2) * 6::float8 * sqrt(1 - 0.86::float8)), ('CPSS-5'::text, 6::int, sqrt(2) * 18::float8 * sqrt(1 - 0.9::float8)), ('TSCC-PTS'::text, 7::int, sqrt(2) * 10::float8 * sqrt(1 - 0.87::float8))),
    episodes as (
      select ep.key,
        count(*)::int as started,
        count(*) filter (where ep.discharge_reason = 'completed')::int as completed,
        count(*) filter (where ep.ended_on is not null)::int as closed,
        percentile_cont(0.5) within group (order by ep.session_count)
          filter (where ep.ended_on is not null) as median_sessions,
        percentile_cont(0.5) within group (order by ep.started_on - ep.referred_on)
          filter (where ep.referred_on is not null) as median_wait
      from (
      select e.clinician_id as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason, e.session_count,
        e.outcome_changes
      from episode e where e.started_on is not null and e.started_on >= '2025-01-01'::date and e.started_on <= '2025-12-31'::date and e.center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid) ep
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
      from (
      select e.clinician_id as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason, e.session_count,
        e.outcome_changes
      from episode e where e.started_on is not null and e.started_on >= '2025-01-01'::date and e.started_on <= '2025-12-31'::date and e.center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid) ep cross join lateral jsonb_each_text(ep.outcome_changes) x
      join p on p.code = x.key
      group by ep.key, p.code, p.ord
    ),
    by_key as (
      select o.key, json_agg(json_build_object('code', o.code, 'n', o.n, 'mean_change', o.mean_change,
          'improved', o.improved, 'deteriorated', o.deteriorated) order by o.ord) as instruments
      from outcomes o
      group by o.key
    )
    select s.key::text as key, coalesce((select u.display_name from app_user u where u.id = s.key), s.key::text) as label, s.started, s.completed, s.closed, s.median_sessions,
      s.median_wait, k.instruments
    from episodes s left join by_key k on k.key = s.key
    order by label, s.key;

-- Plan as the network administrator (execution 15.323 ms):
--   Sort  (cost=7703.85..7703.88 rows=9 width=140) (actual time=15.198..15.206 rows=26 loops=1)
--     Sort Key: (COALESCE((SubPlan 3), (e.clinician_id)::text)), e.clinician_id
--     Sort Method: quicksort  Memory: 42kB
--     Buffers: shared hit=1919 read=23
--     ->  Merge Left Join  (cost=6772.93..7703.71 rows=9 width=140) (actual time=13.188..15.183 rows=26 loops=1)
--           Merge Cond: (e.clinician_id = e_1.clinician_id)
--           Buffers: shared hit=1919 read=23
--           ->  GroupAggregate  (cost=3378.42..3378.87 rows=9 width=44) (actual time=10.267..10.576 rows=26 loops=1)
--                 Group Key: e.clinician_id
--                 Buffers: shared hit=932
--                 ->  Sort  (cost=3378.42..3378.44 rows=9 width=42) (actual time=10.228..10.294 rows=936 loops=1)
--                       Sort Key: e.clinician_id
--                       Sort Method: quicksort  Memory: 104kB
--                       Buffers: shared hit=932
--                       ->  Bitmap Heap Scan on episode e  (cost=37.81..3378.28 rows=9 width=42) (actual time=9.169..10.066 rows=936 loops=1)
--                             Recheck Cond: ((center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                             Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                             Heap Blocks: exact=924
--                             Buffers: shared hit=932
--                             ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..37.81 rows=892 width=0) (actual time=0.152..0.152 rows=936 loops=1)
--                                   Index Cond: ((center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                   Buffers: shared hit=8
--           ->  GroupAggregate  (cost=3394.52..3401.36 rows=72 width=48) (actual time=2.694..3.328 rows=26 loops=1)
--                 Group Key: e_1.clinician_id
--                 Buffers: shared hit=932
--                 ->  GroupAggregate  (cost=3394.52..3399.20 rows=72 width=72) (actual time=2.644..3.075 rows=154 loops=1)
--                       Group Key: e_1.clinician_id, "*VALUES*".column1, "*VALUES*".column2
--                       Buffers: shared hit=932
--                       ->  Sort  (cost=3394.52..3394.70 rows=72 width=92) (actual time=2.632..2.694 rows=1016 loops=1)
--                             Sort Key: e_1.clinician_id, "*VALUES*".column1, "*VALUES*".column2
--                             Sort Method: quicksort  Memory: 112kB
--                             Buffers: shared hit=932
--                             ->  Nested Loop  (cost=38.01..3392.29 rows=72 width=92) (actual time=1.024..2.338 rows=1016 loops=1)
--                                   Buffers: shared hit=932
--                                   ->  Bitmap Heap Scan on episode e_1  (cost=37.81..3378.28 rows=9 width=40) (actual time=0.177..1.015 rows=936 loops=1)
--                                         Recheck Cond: ((center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                         Heap Blocks: exact=924
--                                         Buffers: shared hit=932
--                                         ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..37.81 rows=892 width=0) (actual time=0.095..0.095 rows=936 loops=1)
--                                               Index Cond: ((center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                               Buffers: shared hit=8
--                                   ->  Hash Join  (cost=0.20..1.66 rows=8 width=76) (actual time=0.001..0.001 rows=1 loops=936)
--                                         Hash Cond: (x.key = "*VALUES*".column1)
--                                         ->  Function Scan on jsonb_each_text x  (cost=0.00..1.00 rows=100 width=64) (actual time=0.001..0.001 rows=1 loops=936)
--                                         ->  Hash  (cost=0.10..0.10 rows=8 width=44) (actual time=0.010..0.011 rows=8 loops=1)
--                                               Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                               ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.004..0.007 rows=8 loops=1)
--           SubPlan 3
--             ->  Index Scan using app_user_pkey on app_user u  (cost=0.28..102.48 rows=1 width=32) (actual time=0.048..0.048 rows=1 loops=26)
--                   Index Cond: (id = e.clinician_id)
--                   Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR (SubPlan 1))
--                   Buffers: shared hit=55 read=23
--                   SubPlan 1
--                     ->  Bitmap Heap Scan on membership m  (cost=4.55..94.15 rows=1 width=0) (never executed)
--                           Recheck Cond: (user_id = u.id)
--                           Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (user_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR ((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))))
--                           ->  Bitmap Index Scan on membership_user_idx  (cost=0.00..4.54 rows=35 width=0) (never executed)
--                                 Index Cond: (user_id = u.id)
--   Planning:
--     Buffers: shared hit=5
--   Planning Time: 1.149 ms
--   Execution Time: 15.323 ms

-- Plan as the center director (execution 17.261 ms):
--   Sort  (cost=130.53..130.54 rows=1 width=140) (actual time=17.142..17.148 rows=26 loops=1)
--     Sort Key: (COALESCE((SubPlan 3), (e.clinician_id)::text)), e.clinician_id
--     Sort Method: quicksort  Memory: 42kB
--     Buffers: shared hit=2022 read=22
--     ->  Merge Left Join  (cost=27.10..130.52 rows=1 width=140) (actual time=13.118..17.127 rows=26 loops=1)
--           Merge Cond: (e.clinician_id = e_1.clinician_id)
--           Buffers: shared hit=2022 read=22
--           ->  GroupAggregate  (cost=12.63..12.68 rows=1 width=44) (actual time=6.123..6.543 rows=26 loops=1)
--                 Group Key: e.clinician_id
--                 Buffers: shared hit=944
--                 ->  Sort  (cost=12.63..12.63 rows=1 width=42) (actual time=6.092..6.208 rows=936 loops=1)
--                       Sort Key: e.clinician_id
--                       Sort Method: quicksort  Memory: 104kB
--                       Buffers: shared hit=944
--                       ->  Index Scan using episode_center_started_idx on episode e  (cost=0.43..12.62 rows=1 width=42) (actual time=0.024..5.906 rows=936 loops=1)
--                             Index Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                             Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                             Buffers: shared hit=944
--           ->  GroupAggregate  (cost=14.47..15.23 rows=8 width=48) (actual time=6.767..7.499 rows=26 loops=1)
--                 Group Key: e_1.clinician_id
--                 Buffers: shared hit=944
--                 ->  GroupAggregate  (cost=14.47..14.99 rows=8 width=72) (actual time=6.717..7.239 rows=154 loops=1)
--                       Group Key: e_1.clinician_id, "*VALUES*".column1, "*VALUES*".column2
--                       Buffers: shared hit=944
--                       ->  Sort  (cost=14.47..14.49 rows=8 width=92) (actual time=6.702..6.773 rows=1016 loops=1)
--                             Sort Key: e_1.clinician_id, "*VALUES*".column1, "*VALUES*".column2
--                             Sort Method: quicksort  Memory: 112kB
--                             Buffers: shared hit=944
--                             ->  Nested Loop  (cost=0.63..14.35 rows=8 width=92) (actual time=0.090..6.279 rows=1016 loops=1)
--                                   Buffers: shared hit=944
--                                   ->  Index Scan using episode_center_started_idx on episode e_1  (cost=0.43..12.62 rows=1 width=40) (actual time=0.050..4.971 rows=936 loops=1)
--                                         Index Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                         Buffers: shared hit=944
--                                   ->  Hash Join  (cost=0.20..1.66 rows=8 width=76) (actual time=0.001..0.001 rows=1 loops=936)
--                                         Hash Cond: (x.key = "*VALUES*".column1)
--                                         ->  Function Scan on jsonb_each_text x  (cost=0.00..1.00 rows=100 width=64) (actual time=0.001..0.001 rows=1 loops=936)
--                                         ->  Hash  (cost=0.10..0.10 rows=8 width=44) (actual time=0.009..0.009 rows=8 loops=1)
--                                               Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                               ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.003..0.005 rows=8 loops=1)
--           SubPlan 3
--             ->  Index Scan using app_user_pkey on app_user u  (cost=0.28..102.48 rows=1 width=32) (actual time=0.117..0.117 rows=1 loops=26)
--                   Index Cond: (id = e.clinician_id)
--                   Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR (SubPlan 1))
--                   Buffers: shared hit=134 read=22
--                   SubPlan 1
--                     ->  Bitmap Heap Scan on membership m  (cost=4.55..94.15 rows=1 width=0) (actual time=0.109..0.109 rows=1 loops=26)
--                           Recheck Cond: (user_id = u.id)
--                           Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (user_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR ((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))))
--                           Heap Blocks: exact=26
--                           Buffers: shared hit=56 read=22
--                           ->  Bitmap Index Scan on membership_user_idx  (cost=0.00..4.54 rows=35 width=0) (actual time=0.092..0.092 rows=1 loops=26)
--                                 Index Cond: (user_id = u.id)
--                                 Buffers: shared hit=33 read=19
--   Planning:
--     Buffers: shared hit=2
--   Planning Time: 0.939 ms
--   Execution Time: 17.261 ms

-- ================================================================================================
-- Caseload: one center, first page
-- ================================================================================================

with e as (
      select ep.id, ep.center_id, c.name as center_name, ep.clinician_id, u.display_name as clinician_name,
        ep.case_code, ep.age_years, ep.gender, ep.race_ethnicity, ep.caregiver_involved, ep.model_id,
        m.code as model_code, ep.pathway_enrollment_id, ep.referred_on, ep.started_on, ep.ended_on,
        ep.discharge_reason, ep.created_at, ep.updated_at,
        coalesce(s.n, 0)::int as session_count, s.last_on as last_session_on,
        coalesce(a.n, 0)::int as administration_count,
        coalesce(a.baseline, false) as has_baseline, coalesce(a.mid, false) as has_mid,
        coalesce(a.ended, false) as has_end,
        coalesce(al.open, 0)::int as open_alerts, coalesce(al.not_on_track, false) as not_on_track
      from episode ep
      join center c on c.id = ep.center_id
      join app_user u on u.id = ep.clinician_id
      join training_model m on m.id = ep.model_id
      left join lateral (select count(*) as n, max(held_on) as last_on from episode_session
        where episode_id = ep.id) s on true
      left join lateral (select count(*) as n, bool_or(phase = 'baseline') as baseline,
        bool_or(phase = 'mid_treatment') as mid, bool_or(phase = 'end') as ended
        from measure_administration where episode_id = ep.id) a on true
      left join lateral (select count(*) as open, bool_or(kind = 'not_on_track') as not_on_track
        from care_alert where episode_id = ep.id and acknowledged_at is null) al on true
      where true and ep.center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'
    )
    select e.*, 
  case
    when e.started_on is null then null
    when e.ended_on is null and not e.has_baseline then 'baseline'
    when e.ended_on is null and not e.has_mid and (e.session_count >= 6 or current_date - e.started_on >= 56) then 'mid_treatment'
    when e.discharge_reason = 'completed' and not e.has_end then 'end'
  end as due_phase, coalesce(
  case
    when e.started_on is null then false
    when e.ended_on is null and not e.has_baseline then current_date - e.started_on > 14
    when e.ended_on is null and not e.has_mid then e.session_count >= 10 or current_date - e.started_on >= 91
    else e.discharge_reason = 'completed' and not e.has_end
  end, false) as due_overdue, count(*) over ()::int as full_count
    from e 
    order by (e.open_alerts > 0) desc, e.ended_on is not null, e.started_on desc nulls first, e.case_code
    limit 50 offset 0;

-- Plan as the network administrator (execution 236.380 ms):
--   Limit  (cost=12412.04..12412.04 rows=1 width=336) (actual time=236.190..236.204 rows=50 loops=1)
--     Buffers: shared hit=50824 read=2708
--     ->  Sort  (cost=12412.04..12412.04 rows=1 width=336) (actual time=236.188..236.198 rows=50 loops=1)
--           Sort Key: (((COALESCE((count(*)), '0'::bigint))::integer > 0)) DESC, ((ep.ended_on IS NOT NULL)), ep.started_on DESC, ep.case_code
--           Sort Method: top-N heapsort  Memory: 60kB
--           Buffers: shared hit=50824 read=2708
--           ->  WindowAgg  (cost=1044.39..12412.03 rows=1 width=336) (actual time=233.549..234.544 rows=3133 loops=1)
--                 Buffers: shared hit=50824 read=2708
--                 ->  Nested Loop Left Join  (cost=1044.39..12411.96 rows=1 width=309) (actual time=29.016..231.545 rows=3133 loops=1)
--                       Buffers: shared hit=50824 read=2708
--                       ->  Nested Loop Left Join  (cost=1013.20..12380.74 rows=1 width=300) (actual time=29.003..209.181 rows=3133 loops=1)
--                             Buffers: shared hit=47691 read=2708
--                             ->  Nested Loop Left Join  (cost=263.28..11630.79 rows=1 width=289) (actual time=28.968..142.375 rows=3133 loops=1)
--                                   Buffers: shared hit=36004 read=1704
--                                   ->  Nested Loop  (cost=101.78..11469.26 rows=1 width=277) (actual time=28.928..80.271 rows=3133 loops=1)
--                                         Buffers: shared hit=21245 read=605
--                                         ->  Nested Loop  (cost=101.50..11367.68 rows=1 width=245) (actual time=28.912..65.949 rows=3133 loops=1)
--                                               Buffers: shared hit=11846 read=605
--                                               ->  Nested Loop  (cost=101.22..11359.37 rows=1 width=213) (actual time=28.890..57.578 rows=3133 loops=1)
--                                                     Join Filter: (ep.model_id = m.id)
--                                                     Rows Removed by Join Filter: 715
--                                                     Buffers: shared hit=2447 read=605
--                                                     ->  Bitmap Heap Scan on episode ep  (cost=101.22..11338.21 rows=33 width=181) (actual time=28.856..56.481 rows=3133 loops=1)
--                                                           Recheck Cond: (center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid)
--                                                           Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                                           Heap Blocks: exact=3034
--                                                           Buffers: shared hit=2446 read=605
--                                                           ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..101.21 rows=3305 width=0) (actual time=28.490..28.490 rows=3133 loops=1)
--                                                                 Index Cond: (center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid)
--                                                                 Buffers: shared hit=8 read=9
--                                                     ->  Materialize  (cost=0.00..17.21 rows=8 width=48) (actual time=0.000..0.000 rows=1 loops=3133)
--                                                           Buffers: shared hit=1
--                                                           ->  Seq Scan on training_model m  (cost=0.00..17.18 rows=8 width=48) (actual time=0.022..0.026 rows=4 loops=1)
--                                                                 Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                                                 Buffers: shared hit=1
--                                               ->  Index Scan using center_pkey on center c  (cost=0.28..8.30 rows=1 width=48) (actual time=0.002..0.002 rows=1 loops=3133)
--                                                     Index Cond: (id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid)
--                                                     Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                                     Buffers: shared hit=9399
--                                         ->  Index Scan using app_user_pkey on app_user u  (cost=0.28..101.51 rows=1 width=48) (actual time=0.001..0.001 rows=1 loops=3133)
--                                               Index Cond: (id = ep.clinician_id)
--                                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR (SubPlan 1))
--                                               Buffers: shared hit=9399
--                                               SubPlan 1
--                                                 ->  Bitmap Heap Scan on membership m_1  (cost=4.55..94.15 rows=1 width=0) (never executed)
--                                                       Recheck Cond: (user_id = u.id)
--                                                       Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (user_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR ((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))))
--                                                       ->  Bitmap Index Scan on membership_user_idx  (cost=0.00..4.54 rows=35 width=0) (never executed)
--                                                             Index Cond: (user_id = u.id)
--                                   ->  Aggregate  (cost=161.49..161.50 rows=1 width=12) (actual time=0.019..0.019 rows=1 loops=3133)
--                                         Buffers: shared hit=14759 read=1099
--                                         ->  Index Scan using episode_session_episode_id_held_on_key on episode_session  (cost=0.56..161.37 rows=25 width=4) (actual time=0.014..0.017 rows=8 loops=3133)
--                                               Index Cond: (episode_id = ep.id)
--                                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id))
--                                               Buffers: shared hit=14759 read=1099
--                             ->  Aggregate  (cost=749.92..749.93 rows=1 width=11) (actual time=0.021..0.021 rows=1 loops=3133)
--                                   Buffers: shared hit=11687 read=1004
--                                   ->  Index Scan using measure_administration_episode_idx on measure_administration  (cost=0.43..749.17 rows=43 width=11) (actual time=0.016..0.020 rows=9 loops=3133)
--                                         Index Cond: (episode_id = ep.id)
--                                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (hashed SubPlan 4))
--                                         Buffers: shared hit=11687 read=1004
--                                         SubPlan 4
--                                           ->  Bitmap Heap Scan on episode e  (cost=5.33..480.79 rows=1 width=16) (never executed)
--                                                 Recheck Cond: (clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid)
--                                                 Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                                 ->  Bitmap Index Scan on episode_clinician_idx  (cost=0.00..5.33 rows=119 width=0) (never executed)
--                                                       Index Cond: (clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid)
--                       ->  Aggregate  (cost=31.19..31.20 rows=1 width=9) (actual time=0.007..0.007 rows=1 loops=3133)
--                             Buffers: shared hit=3133
--                             ->  Bitmap Heap Scan on care_alert  (cost=4.13..31.18 rows=1 width=32) (actual time=0.001..0.001 rows=0 loops=3133)
--                                   Recheck Cond: (acknowledged_at IS NULL)
--                                   Filter: ((episode_id = ep.id) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id) OR ((kind = 'not_on_track'::text) AND (SubPlan 5))))
--                                   Buffers: shared hit=3133
--                                   ->  Bitmap Index Scan on care_alert_clinician_idx  (cost=0.00..4.13 rows=2 width=0) (actual time=0.000..0.000 rows=0 loops=3133)
--                                         Buffers: shared hit=3133
--                                   SubPlan 5
--                                     ->  Bitmap Heap Scan on enrollment e_1  (cost=4.13..10.57 rows=1 width=0) (never executed)
--                                           Recheck Cond: ((user_id = care_alert.clinician_id) AND (status <> 'withdrawn'::text))
--                                           Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (user_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_trains_cohort(cohort_id)) AND waymark_trains_cohort(cohort_id))
--                                           ->  Bitmap Index Scan on enrollment_current_key  (cost=0.00..4.13 rows=2 width=0) (never executed)
--                                                 Index Cond: (user_id = care_alert.clinician_id)
--   Planning:
--     Buffers: shared hit=8 read=7
--   Planning Time: 1.774 ms
--   Execution Time: 236.380 ms

-- Plan as the center director (execution 190.885 ms):
--   Limit  (cost=12412.76..12412.76 rows=1 width=336) (actual time=190.613..190.631 rows=50 loops=1)
--     Buffers: shared hit=62931
--     ->  Sort  (cost=12412.76..12412.76 rows=1 width=336) (actual time=190.611..190.625 rows=50 loops=1)
--           Sort Key: (((COALESCE((count(*)), '0'::bigint))::integer > 0)) DESC, ((ep.ended_on IS NOT NULL)), ep.started_on DESC, ep.case_code
--           Sort Method: top-N heapsort  Memory: 60kB
--           Buffers: shared hit=62931
--           ->  WindowAgg  (cost=1044.40..12412.75 rows=1 width=336) (actual time=185.745..186.738 rows=3133 loops=1)
--                 Buffers: shared hit=62931
--                 ->  Nested Loop Left Join  (cost=1044.40..12412.68 rows=1 width=309) (actual time=0.723..176.198 rows=3133 loops=1)
--                       Buffers: shared hit=62931
--                       ->  Nested Loop Left Join  (cost=1013.21..12381.47 rows=1 width=300) (actual time=0.715..145.426 rows=3133 loops=1)
--                             Buffers: shared hit=59798
--                             ->  Nested Loop Left Join  (cost=263.28..11631.51 rows=1 width=289) (actual time=0.706..96.506 rows=3133 loops=1)
--                                   Buffers: shared hit=47107
--                                   ->  Nested Loop  (cost=101.78..11469.98 rows=1 width=277) (actual time=0.691..47.192 rows=3133 loops=1)
--                                         Buffers: shared hit=31249
--                                         ->  Nested Loop  (cost=101.50..11368.76 rows=1 width=245) (actual time=0.656..15.968 rows=3133 loops=1)
--                                               Buffers: shared hit=12451
--                                               ->  Nested Loop  (cost=101.23..11360.45 rows=1 width=213) (actual time=0.643..11.314 rows=3133 loops=1)
--                                                     Join Filter: (ep.model_id = m.id)
--                                                     Rows Removed by Join Filter: 715
--                                                     Buffers: shared hit=3052
--                                                     ->  Bitmap Heap Scan on episode ep  (cost=101.23..11338.22 rows=42 width=181) (actual time=0.626..10.250 rows=3133 loops=1)
--                                                           Recheck Cond: (center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid)
--                                                           Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                                           Heap Blocks: exact=3034
--                                                           Buffers: shared hit=3051
--                                                           ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..101.21 rows=3305 width=0) (actual time=0.280..0.281 rows=3133 loops=1)
--                                                                 Index Cond: (center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid)
--                                                                 Buffers: shared hit=17
--                                                     ->  Materialize  (cost=0.00..17.21 rows=8 width=48) (actual time=0.000..0.000 rows=1 loops=3133)
--                                                           Buffers: shared hit=1
--                                                           ->  Seq Scan on training_model m  (cost=0.00..17.18 rows=8 width=48) (actual time=0.010..0.012 rows=4 loops=1)
--                                                                 Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                                                 Buffers: shared hit=1
--                                               ->  Index Scan using center_pkey on center c  (cost=0.28..8.30 rows=1 width=48) (actual time=0.001..0.001 rows=1 loops=3133)
--                                                     Index Cond: (id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid)
--                                                     Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                                     Buffers: shared hit=9399
--                                         ->  Index Scan using app_user_pkey on app_user u  (cost=0.28..101.14 rows=1 width=48) (actual time=0.009..0.009 rows=1 loops=3133)
--                                               Index Cond: (id = ep.clinician_id)
--                                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR (SubPlan 1))
--                                               Buffers: shared hit=18798
--                                               SubPlan 1
--                                                 ->  Bitmap Heap Scan on membership m_1  (cost=4.55..94.15 rows=1 width=0) (actual time=0.004..0.004 rows=1 loops=3133)
--                                                       Recheck Cond: (user_id = u.id)
--                                                       Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (user_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR ((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))))
--                                                       Heap Blocks: exact=3133
--                                                       Buffers: shared hit=9399
--                                                       ->  Bitmap Index Scan on membership_user_idx  (cost=0.00..4.54 rows=35 width=0) (actual time=0.001..0.001 rows=1 loops=3133)
--                                                             Index Cond: (user_id = u.id)
--                                                             Buffers: shared hit=6266
--                                   ->  Aggregate  (cost=161.50..161.51 rows=1 width=12) (actual time=0.015..0.015 rows=1 loops=3133)
--                                         Buffers: shared hit=15858
--                                         ->  Index Scan using episode_session_episode_id_held_on_key on episode_session  (cost=0.56..161.37 rows=26 width=4) (actual time=0.007..0.014 rows=8 loops=3133)
--                                               Index Cond: (episode_id = ep.id)
--                                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id))
--                                               Buffers: shared hit=15858
--                             ->  Aggregate  (cost=749.92..749.93 rows=1 width=11) (actual time=0.015..0.015 rows=1 loops=3133)
--                                   Buffers: shared hit=12691
--                                   ->  Index Scan using measure_administration_episode_idx on measure_administration  (cost=0.43..749.17 rows=43 width=11) (actual time=0.006..0.014 rows=9 loops=3133)
--                                         Index Cond: (episode_id = ep.id)
--                                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (hashed SubPlan 4))
--                                         Buffers: shared hit=12691
--                                         SubPlan 4
--                                           ->  Bitmap Heap Scan on episode e  (cost=5.33..480.79 rows=1 width=16) (never executed)
--                                                 Recheck Cond: (clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid)
--                                                 Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                                 ->  Bitmap Index Scan on episode_clinician_idx  (cost=0.00..5.33 rows=119 width=0) (never executed)
--                                                       Index Cond: (clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid)
--                       ->  Aggregate  (cost=31.19..31.20 rows=1 width=9) (actual time=0.009..0.009 rows=1 loops=3133)
--                             Buffers: shared hit=3133
--                             ->  Bitmap Heap Scan on care_alert  (cost=4.13..31.18 rows=1 width=32) (actual time=0.004..0.004 rows=0 loops=3133)
--                                   Recheck Cond: (acknowledged_at IS NULL)
--                                   Filter: ((episode_id = ep.id) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id) OR ((kind = 'not_on_track'::text) AND (SubPlan 5))))
--                                   Buffers: shared hit=3133
--                                   ->  Bitmap Index Scan on care_alert_clinician_idx  (cost=0.00..4.13 rows=2 width=0) (actual time=0.004..0.004 rows=0 loops=3133)
--                                         Buffers: shared hit=3133
--                                   SubPlan 5
--                                     ->  Bitmap Heap Scan on enrollment e_1  (cost=4.13..10.57 rows=1 width=0) (never executed)
--                                           Recheck Cond: ((user_id = care_alert.clinician_id) AND (status <> 'withdrawn'::text))
--                                           Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (user_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_trains_cohort(cohort_id)) AND waymark_trains_cohort(cohort_id))
--                                           ->  Bitmap Index Scan on enrollment_current_key  (cost=0.00..4.13 rows=2 width=0) (never executed)
--                                                 Index Cond: (user_id = care_alert.clinician_id)
--   Planning:
--     Buffers: shared hit=15
--   Planning Time: 5.779 ms
--   Execution Time: 190.885 ms
