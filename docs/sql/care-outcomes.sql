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
-- The indexes of migration 2026-12-02T0910-care-indexes.ts, measured on this data with these
-- statements, without them and with them (request medians through app.inject, 3 and 5 runs after a
-- warm-up, and the plans' execution time; the baseline, a bare count(*) over the 10.2 million
-- administrations, took 2.55 s and 2.39 s in the two runs):
--
--   statement                            as              request median        EXPLAIN ANALYZE
--                                                        without     with      without     with
--   outcomes, network                    administrator   17,448 ms   5,884 ms  27,024 ms   9,469 ms
--   outcomes, every state                administrator   22,426 ms   7,372 ms  21,587 ms   9,139 ms
--   outcomes, every center in AL         administrator      368 ms     125 ms     423 ms     226 ms
--   outcomes, clinicians of one center   administrator       62 ms      42 ms      42 ms      22 ms
--   caseload, one center, first page     administrator      142 ms      94 ms     179 ms     175 ms
--   outcomes, network                    director            58 ms      40 ms     239 ms      58 ms
--   outcomes, every state                director           109 ms      82 ms     268 ms     124 ms
--   outcomes, every center in AL         director            58 ms      39 ms      65 ms      32 ms
--   outcomes, clinicians of one center   director            60 ms      49 ms      53 ms      30 ms
--   caseload, one center, first page     director           206 ms     179 ms     184 ms     251 ms
--
--   - episode_cohort_idx: the cohort of a year becomes an index-only range scan (no table pages).
--   - episode_session_episode_center_idx: each closed episode's sessions are counted from the index
--     alone (the existing (episode_id, held_on) key has to visit the table for the center that
--     row-level security checks).
--   - measure_administration_pre_post_idx: each episode's baseline and end administrations come from
--     the index alone.
--   The caseload gains little: its request times moved with the machine's load while its plan's
--   times did not. It reads one center's episodes (a few thousand) through the existing
--   (center_id, ...) indexes, and its per-episode look-ups need columns (held_on, every phase) that
--   the new indexes do not carry. No index was added for it.
--
-- Before the statement was rewritten for this scale (its first version, same data, no new indexes),
-- EXPLAIN ANALYZE gave 42 s for the network level and 119 s for every center at once, as the
-- administrator: row-level security's conditions make the planner expect a few dozen rows, so it
-- looked up each center's episodes in the table and recomputed the per-instrument figures for every
-- group. summary.repo.ts lists what changed and why.
--
-- @plans (written by bench/care-outcomes.ts --explain)

-- ================================================================================================
-- Outcome summary, network level, 2025
-- ================================================================================================

set local work_mem = '64MB';
set local jit = off;

    with p (code, ord, sdiff) as (values ('CATS-SR'::text, 0::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C7'::text, 1::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C3'::text, 2::int, sqrt(2) * 9::float8 * sqrt(1 - 0.88::float8)), ('SMFQ-C'::text, 3::int, sqrt(2) * 6::float8 * sqrt(1 - 0.85::float8)), ('SMFQ-P'::text, 4::int, sqrt(2) * 6::float8 * sqrt(1 - 0.87::float8)), ('PHQ-A'::text, 5::int, sqrt(2) * 6::float8 * sqrt(1 - 0.86::float8)), ('CPSS-5'::text, 6::int, sqrt(2) * 18::float8 * sqrt(1 - 0.9::float8)), ('TSCC-PTS'::text, 7::int, sqrt(2) * 10::float8 * sqrt(1 - 0.87::float8))),
    ep as materialized (
      select e.id, 'network'::text as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason
      from episode e where e.started_on is not null and e.started_on >= '2025-01-01'::date and e.started_on <= '2025-12-31'::date
      order by e.id
    ),
    episodes as (
      select ep.key,
        count(*)::int as started,
        count(*) filter (where ep.discharge_reason = 'completed')::int as completed,
        count(*) filter (where ep.ended_on is not null)::int as closed,
        percentile_cont(0.5) within group (order by ep.sessions)
          filter (where ep.ended_on is not null) as median_sessions,
        percentile_cont(0.5) within group (order by ep.started_on - ep.referred_on)
          filter (where ep.referred_on is not null) as median_wait
      from (
        -- Sessions are counted for closed episodes only, one index look-up each.
        select ep.*, case when ep.ended_on is not null
          then (select count(*) from episode_session s where s.episode_id = ep.id) end as sessions
        from ep
      ) ep
      group by ep.key
    ),
    series as (
      -- Per episode and instrument, the pre and post totals of each respondent: grouped episode
      -- by episode, as the index returns them, rather than sorting the whole cohort's rows.
      select ep.key, x.*
      from ep cross join lateral (
        select a.instrument,
          (min((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'baseline' and a.respondent = 'youth')) % 1000000 / 100.0 as pre_youth, (max((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'end' and a.respondent = 'youth')) % 1000000 / 100.0 as post_youth,
          (min((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'baseline' and a.respondent = 'caregiver')) % 1000000 / 100.0 as pre_caregiver, (max((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'end' and a.respondent = 'caregiver')) % 1000000 / 100.0 as post_caregiver,
          (min((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'baseline' and a.respondent = 'clinician')) % 1000000 / 100.0 as pre_clinician, (max((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'end' and a.respondent = 'clinician')) % 1000000 / 100.0 as post_clinician
        from measure_administration a
        where a.episode_id = ep.id and a.phase in ('baseline', 'end') and a.instrument = any ('{CATS-SR,CATS-C7,CATS-C3,SMFQ-C,SMFQ-P,PHQ-A,CPSS-5,TSCC-PTS}'::text[])
        group by a.instrument
      ) x
    ),
    pairs as (
      select key, instrument,
        case when pre_youth is not null and post_youth is not null then post_youth - pre_youth
             when pre_caregiver is not null and post_caregiver is not null then post_caregiver - pre_caregiver
             else post_clinician - pre_clinician end as change
      from series
    ),
    outcomes as (
      select pairs.key, p.code, p.ord,
        count(*)::int as n,
        avg(change)::float8 as mean_change,
        count(*) filter (where change::float8 / p.sdiff < -1.96)::int as improved,
        count(*) filter (where change::float8 / p.sdiff > 1.96)::int as deteriorated
      from pairs join p on p.code = pairs.instrument
      where change is not null
      group by pairs.key, p.code, p.ord
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

-- Plan as the network administrator (execution 9468.531 ms):
--   Merge Left Join  (cost=51189.87..137761.06 rows=200 width=124) (actual time=9448.609..9448.664 rows=1 loops=1)
--     Merge Cond: (ep.key = o.key)
--     Buffers: shared hit=2535106 read=51854 written=381
--     CTE ep
--       ->  Sort  (cost=48998.78..49006.87 rows=3237 width=70) (actual time=610.908..677.809 rows=367673 loops=1)
--             Sort Key: e.id
--             Sort Method: quicksort  Memory: 43885kB
--             Buffers: shared hit=4230
--             ->  Index Only Scan using episode_cohort_idx on episode e  (cost=0.43..48810.05 rows=3237 width=70) (actual time=0.143..202.938 rows=367673 loops=1)
--                   Index Cond: ((started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                   Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                   Heap Fetches: 0
--                   Buffers: shared hit=4230
--     ->  GroupAggregate  (cost=253.46..86799.16 rows=200 width=60) (actual time=3765.950..3765.953 rows=1 loops=1)
--           Group Key: ep.key
--           Buffers: shared hit=1092477 read=14805
--           ->  Sort  (cost=253.46..261.56 rows=3237 width=92) (actual time=1158.597..1197.316 rows=367673 loops=1)
--                 Sort Key: ep.key
--                 Sort Method: quicksort  Memory: 43885kB
--                 Buffers: shared hit=4230
--                 ->  CTE Scan on ep  (cost=0.00..64.74 rows=3237 width=92) (actual time=610.923..904.812 rows=367673 loops=1)
--                       Buffers: shared hit=4230
--           SubPlan 2
--             ->  Aggregate  (cost=26.70..26.71 rows=1 width=8) (actual time=0.006..0.006 rows=1 loops=367673)
--                   Buffers: shared hit=1088239 read=14805
--                   ->  Index Only Scan using episode_session_episode_center_idx on episode_session s  (cost=0.43..26.63 rows=25 width=0) (actual time=0.003..0.005 rows=10 loops=367673)
--                         Index Cond: (episode_id = ep.id)
--                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id))
--                         Heap Fetches: 0
--                         Buffers: shared hit=1088239 read=14805
--     ->  GroupAggregate  (cost=1929.54..1948.04 rows=200 width=64) (actual time=5682.647..5682.651 rows=1 loops=1)
--           Group Key: o.key
--           Buffers: shared hit=1442629 read=37049 written=381
--           ->  Sort  (cost=1929.54..1933.54 rows=1600 width=88) (actual time=5682.270..5682.275 rows=6 loops=1)
--                 Sort Key: o.key
--                 Sort Method: quicksort  Memory: 25kB
--                 Buffers: shared hit=1442629 read=37046 written=381
--                 ->  Subquery Scan on o  (cost=1792.38..1844.38 rows=1600 width=88) (actual time=5682.223..5682.235 rows=6 loops=1)
--                       Buffers: shared hit=1442629 read=37046 written=381
--                       ->  HashAggregate  (cost=1792.38..1828.38 rows=1600 width=88) (actual time=5682.220..5682.231 rows=6 loops=1)
--                             Group Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                             Batches: 1  Memory Usage: 73kB
--                             Buffers: shared hit=1442629 read=37046 written=381
--                             ->  Nested Loop  (cost=247.93..902.21 rows=16185 width=268) (actual time=0.997..5194.276 rows=396059 loops=1)
--                                   Buffers: shared hit=1442629 read=37046 written=381
--                                   ->  CTE Scan on ep ep_1  (cost=0.00..64.74 rows=3237 width=48) (actual time=0.017..85.345 rows=367673 loops=1)
--                                   ->  Hash Join  (cost=247.93..248.06 rows=5 width=236) (actual time=0.012..0.013 rows=1 loops=367673)
--                                         Hash Cond: ("*VALUES*".column1 = x.instrument)
--                                         Buffers: shared hit=1442629 read=37046 written=381
--                                         ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.000..0.002 rows=8 loops=187447)
--                                         ->  Hash  (cost=247.87..247.87 rows=5 width=199) (actual time=0.011..0.011 rows=1 loops=367673)
--                                               Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                               Buffers: shared hit=1442629 read=37046 written=381
--                                               ->  Subquery Scan on x  (cost=245.73..247.87 rows=5 width=199) (actual time=0.009..0.010 rows=1 loops=367673)
--                                                     Buffers: shared hit=1442629 read=37046 written=381
--                                                     ->  GroupAggregate  (cost=245.73..247.82 rows=5 width=199) (actual time=0.009..0.010 rows=1 loops=367673)
--                                                           Group Key: a.instrument
--                                                           Filter: (CASE WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0)) WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0)) ELSE ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0)) END IS NOT NULL)
--                                                           Rows Removed by Filter: 1
--                                                           Buffers: shared hit=1442629 read=37046 written=381
--                                                           ->  Sort  (cost=245.73..245.76 rows=10 width=33) (actual time=0.006..0.006 rows=3 loops=367673)
--                                                                 Sort Key: a.instrument
--                                                                 Sort Method: quicksort  Memory: 25kB
--                                                                 Buffers: shared hit=1442629 read=37046 written=381
--                                                                 ->  Index Only Scan using measure_administration_pre_post_idx on measure_administration a  (cost=0.56..245.57 rows=10 width=33) (actual time=0.003..0.004 rows=3 loops=367673)
--                                                                       Index Cond: (episode_id = ep_1.id)
--                                                                       Filter: ((instrument = ANY ('{CATS-SR,CATS-C7,CATS-C3,SMFQ-C,SMFQ-P,PHQ-A,CPSS-5,TSCC-PTS}'::text[])) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (SubPlan 3)))
--                                                                       Heap Fetches: 0
--                                                                       Buffers: shared hit=1442629 read=37046 written=381
--                                                                       SubPlan 3
--                                                                         ->  Index Scan using episode_pkey on episode e_1  (cost=0.43..8.55 rows=1 width=0) (never executed)
--                                                                               Index Cond: (id = a.episode_id)
--                                                                               Filter: ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--   Planning:
--     Buffers: shared hit=241 read=15
--   Planning Time: 19.314 ms
--   Execution Time: 9468.531 ms

-- Plan as the center director (execution 57.853 ms):
--   Merge Left Join  (cost=3162.47..3436.40 rows=10 width=124) (actual time=57.457..57.493 rows=1 loops=1)
--     Merge Cond: (ep.key = ep_1.key)
--     Buffers: shared hit=4906 read=2630
--     CTE ep
--       ->  Sort  (cost=2910.72..2910.74 rows=10 width=70) (actual time=20.739..20.803 rows=936 loops=1)
--             Sort Key: e.id
--             Sort Method: quicksort  Memory: 105kB
--             Buffers: shared read=930
--             ->  Bitmap Heap Scan on episode e  (cost=28.59..2910.55 rows=10 width=70) (actual time=0.321..19.969 rows=936 loops=1)
--                   Recheck Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                   Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                   Heap Blocks: exact=923
--                   Buffers: shared read=930
--                   ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..28.59 rows=811 width=0) (actual time=0.154..0.155 rows=936 loops=1)
--                         Index Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                         Buffers: shared read=7
--     ->  GroupAggregate  (cost=0.37..267.94 rows=10 width=60) (actual time=36.948..36.951 rows=1 loops=1)
--           Group Key: ep.key
--           Buffers: shared hit=1842 read=1911
--           ->  Sort  (cost=0.37..0.39 rows=10 width=92) (actual time=21.031..21.141 rows=936 loops=1)
--                 Sort Key: ep.key
--                 Sort Method: quicksort  Memory: 105kB
--                 Buffers: shared read=930
--                 ->  CTE Scan on ep  (cost=0.00..0.20 rows=10 width=92) (actual time=20.746..20.894 rows=936 loops=1)
--                       Buffers: shared read=930
--           SubPlan 2
--             ->  Aggregate  (cost=26.70..26.71 rows=1 width=8) (actual time=0.016..0.016 rows=1 loops=936)
--                   Buffers: shared hit=1842 read=981
--                   ->  Index Only Scan using episode_session_episode_center_idx on episode_session s  (cost=0.43..26.63 rows=25 width=0) (actual time=0.008..0.015 rows=10 loops=936)
--                         Index Cond: (episode_id = ep.id)
--                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id))
--                         Heap Fetches: 0
--                         Buffers: shared hit=1842 read=981
--     ->  GroupAggregate  (cost=251.36..256.86 rows=50 width=64) (actual time=20.500..20.503 rows=1 loops=1)
--           Group Key: ep_1.key
--           Buffers: shared hit=3064 read=719
--           ->  GroupAggregate  (cost=251.36..255.36 rows=50 width=88) (actual time=19.791..20.463 rows=6 loops=1)
--                 Group Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                 Buffers: shared hit=3064 read=719
--                 ->  Sort  (cost=251.36..251.49 rows=50 width=268) (actual time=19.685..19.725 rows=1016 loops=1)
--                       Sort Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                       Sort Method: quicksort  Memory: 112kB
--                       Buffers: shared hit=3064 read=719
--                       ->  Nested Loop  (cost=247.93..249.95 rows=50 width=268) (actual time=0.140..19.273 rows=1016 loops=1)
--                             Buffers: shared hit=3064 read=719
--                             ->  CTE Scan on ep ep_1  (cost=0.00..0.20 rows=10 width=48) (actual time=0.002..0.333 rows=936 loops=1)
--                             ->  Hash Join  (cost=247.93..248.06 rows=5 width=236) (actual time=0.018..0.020 rows=1 loops=936)
--                                   Hash Cond: ("*VALUES*".column1 = x.instrument)
--                                   Buffers: shared hit=3064 read=719
--                                   ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.001..0.002 rows=8 loops=483)
--                                   ->  Hash  (cost=247.87..247.87 rows=5 width=199) (actual time=0.017..0.017 rows=1 loops=936)
--                                         Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                         Buffers: shared hit=3064 read=719
--                                         ->  Subquery Scan on x  (cost=245.73..247.87 rows=5 width=199) (actual time=0.015..0.017 rows=1 loops=936)
--                                               Buffers: shared hit=3064 read=719
--                                               ->  GroupAggregate  (cost=245.73..247.82 rows=5 width=199) (actual time=0.015..0.016 rows=1 loops=936)
--                                                     Group Key: a.instrument
--                                                     Filter: (CASE WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0)) WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0)) ELSE ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0)) END IS NOT NULL)
--                                                     Rows Removed by Filter: 1
--                                                     Buffers: shared hit=3064 read=719
--                                                     ->  Sort  (cost=245.73..245.76 rows=10 width=33) (actual time=0.013..0.013 rows=3 loops=936)
--                                                           Sort Key: a.instrument
--                                                           Sort Method: quicksort  Memory: 25kB
--                                                           Buffers: shared hit=3064 read=719
--                                                           ->  Index Only Scan using measure_administration_pre_post_idx on measure_administration a  (cost=0.56..245.57 rows=10 width=33) (actual time=0.009..0.012 rows=3 loops=936)
--                                                                 Index Cond: (episode_id = ep_1.id)
--                                                                 Filter: ((instrument = ANY ('{CATS-SR,CATS-C7,CATS-C3,SMFQ-C,SMFQ-P,PHQ-A,CPSS-5,TSCC-PTS}'::text[])) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (SubPlan 3)))
--                                                                 Heap Fetches: 0
--                                                                 Buffers: shared hit=3064 read=719
--                                                                 SubPlan 3
--                                                                   ->  Index Scan using episode_pkey on episode e_1  (cost=0.43..8.55 rows=1 width=0) (never executed)
--                                                                         Index Cond: (id = a.episode_id)
--                                                                         Filter: ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--   Planning:
--     Buffers: shared hit=6 read=7
--   Planning Time: 3.889 ms
--   Execution Time: 57.853 ms

-- ================================================================================================
-- Outcome summary, state level (every state), 2025
-- ================================================================================================

set local work_mem = '64MB';
set local jit = off;

    with p (code, ord, sdiff) as (values ('CATS-SR'::text, 0::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C7'::text, 1::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C3'::text, 2::int, sqrt(2) * 9::float8 * sqrt(1 - 0.88::float8)), ('SMFQ-C'::text, 3::int, sqrt(2) * 6::float8 * sqrt(1 - 0.85::float8)), ('SMFQ-P'::text, 4::int, sqrt(2) * 6::float8 * sqrt(1 - 0.87::float8)), ('PHQ-A'::text, 5::int, sqrt(2) * 6::float8 * sqrt(1 - 0.86::float8)), ('CPSS-5'::text, 6::int, sqrt(2) * 18::float8 * sqrt(1 - 0.9::float8)), ('TSCC-PTS'::text, 7::int, sqrt(2) * 10::float8 * sqrt(1 - 0.87::float8))),
    ep as materialized (
      select e.id, c.state::text as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason
      from (select e.id, e.center_id, e.clinician_id, e.referred_on, e.started_on, e.ended_on, e.discharge_reason from episode e where e.started_on is not null and e.started_on >= '2025-01-01'::date and e.started_on <= '2025-12-31'::date offset 0) e join center c on c.id = e.center_id
      order by e.id
    ),
    episodes as (
      select ep.key,
        count(*)::int as started,
        count(*) filter (where ep.discharge_reason = 'completed')::int as completed,
        count(*) filter (where ep.ended_on is not null)::int as closed,
        percentile_cont(0.5) within group (order by ep.sessions)
          filter (where ep.ended_on is not null) as median_sessions,
        percentile_cont(0.5) within group (order by ep.started_on - ep.referred_on)
          filter (where ep.referred_on is not null) as median_wait
      from (
        -- Sessions are counted for closed episodes only, one index look-up each.
        select ep.*, case when ep.ended_on is not null
          then (select count(*) from episode_session s where s.episode_id = ep.id) end as sessions
        from ep
      ) ep
      group by ep.key
    ),
    series as (
      -- Per episode and instrument, the pre and post totals of each respondent: grouped episode
      -- by episode, as the index returns them, rather than sorting the whole cohort's rows.
      select ep.key, x.*
      from ep cross join lateral (
        select a.instrument,
          (min((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'baseline' and a.respondent = 'youth')) % 1000000 / 100.0 as pre_youth, (max((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'end' and a.respondent = 'youth')) % 1000000 / 100.0 as post_youth,
          (min((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'baseline' and a.respondent = 'caregiver')) % 1000000 / 100.0 as pre_caregiver, (max((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'end' and a.respondent = 'caregiver')) % 1000000 / 100.0 as post_caregiver,
          (min((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'baseline' and a.respondent = 'clinician')) % 1000000 / 100.0 as pre_clinician, (max((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'end' and a.respondent = 'clinician')) % 1000000 / 100.0 as post_clinician
        from measure_administration a
        where a.episode_id = ep.id and a.phase in ('baseline', 'end') and a.instrument = any ('{CATS-SR,CATS-C7,CATS-C3,SMFQ-C,SMFQ-P,PHQ-A,CPSS-5,TSCC-PTS}'::text[])
        group by a.instrument
      ) x
    ),
    pairs as (
      select key, instrument,
        case when pre_youth is not null and post_youth is not null then post_youth - pre_youth
             when pre_caregiver is not null and post_caregiver is not null then post_caregiver - pre_caregiver
             else post_clinician - pre_clinician end as change
      from series
    ),
    outcomes as (
      select pairs.key, p.code, p.ord,
        count(*)::int as n,
        avg(change)::float8 as mean_change,
        count(*) filter (where change::float8 / p.sdiff < -1.96)::int as improved,
        count(*) filter (where change::float8 / p.sdiff > 1.96)::int as deteriorated
      from pairs join p on p.code = pairs.instrument
      where change is not null
      group by pairs.key, p.code, p.ord
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

-- Plan as the network administrator (execution 9138.778 ms):
--   Merge Left Join  (cost=49155.71..50551.35 rows=51 width=124) (actual time=5510.097..9116.689 rows=50 loops=1)
--     Merge Cond: (ep.key = ep_1.key)
--     Buffers: shared hit=2796246 read=64591
--     CTE ep
--       ->  Sort  (cost=48884.68..48884.81 rows=51 width=70) (actual time=447.457..522.352 rows=367673 loops=1)
--             Sort Key: e.id
--             Sort Method: quicksort  Memory: 43684kB
--             Buffers: shared hit=1 read=4248
--             ->  Hash Join  (cost=32.58..48883.24 rows=51 width=70) (actual time=0.497..179.485 rows=367673 loops=1)
--                   Hash Cond: (e.center_id = c.id)
--                   Buffers: shared hit=1 read=4248
--                   ->  Index Only Scan using episode_cohort_idx on episode e  (cost=0.43..48810.05 rows=3237 width=70) (actual time=0.071..97.943 rows=367673 loops=1)
--                         Index Cond: ((started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                         Heap Fetches: 0
--                         Buffers: shared hit=1 read=4229
--                   ->  Hash  (cost=31.97..31.97 rows=15 width=28) (actual time=0.416..0.417 rows=950 loops=1)
--                         Buckets: 1024  Batches: 1  Memory Usage: 56kB
--                         Buffers: shared read=19
--                         ->  Seq Scan on center c  (cost=0.00..31.97 rows=15 width=28) (actual time=0.018..0.334 rows=950 loops=1)
--                               Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                               Buffers: shared read=19
--     ->  GroupAggregate  (cost=2.47..1367.10 rows=51 width=60) (actual time=1048.436..4175.829 rows=50 loops=1)
--           Group Key: ep.key
--           Buffers: shared hit=1353476 read=27686
--           ->  Sort  (cost=2.47..2.59 rows=51 width=92) (actual time=1035.853..1207.738 rows=367673 loops=1)
--                 Sort Key: ep.key
--                 Sort Method: quicksort  Memory: 43684kB
--                 Buffers: shared hit=1 read=4248
--                 ->  CTE Scan on ep  (cost=0.00..1.02 rows=51 width=92) (actual time=447.470..696.169 rows=367673 loops=1)
--                       Buffers: shared hit=1 read=4248
--           SubPlan 2
--             ->  Aggregate  (cost=26.70..26.71 rows=1 width=8) (actual time=0.007..0.007 rows=1 loops=367673)
--                   Buffers: shared hit=1353475 read=23438
--                   ->  Index Only Scan using episode_session_episode_center_idx on episode_session s  (cost=0.43..26.63 rows=25 width=0) (actual time=0.004..0.006 rows=10 loops=367673)
--                         Index Cond: (episode_id = ep.id)
--                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id))
--                         Heap Fetches: 0
--                         Buffers: shared hit=1353475 read=23438
--     ->  GroupAggregate  (cost=268.43..295.79 rows=200 width=64) (actual time=4461.652..4940.226 rows=50 loops=1)
--           Group Key: ep_1.key
--           Buffers: shared hit=1442770 read=36905
--           ->  GroupAggregate  (cost=268.43..288.83 rows=255 width=88) (actual time=4460.204..4935.051 rows=300 loops=1)
--                 Group Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                 Buffers: shared hit=1442770 read=36905
--                 ->  Sort  (cost=268.43..269.07 rows=255 width=268) (actual time=4460.018..4612.820 rows=396059 loops=1)
--                       Sort Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                       Sort Method: quicksort  Memory: 45700kB
--                       Buffers: shared hit=1442770 read=36905
--                       ->  Nested Loop  (cost=247.93..258.24 rows=255 width=268) (actual time=0.201..3767.602 rows=396059 loops=1)
--                             Buffers: shared hit=1442770 read=36905
--                             ->  CTE Scan on ep ep_1  (cost=0.00..1.02 rows=51 width=48) (actual time=0.002..63.784 rows=367673 loops=1)
--                             ->  Hash Join  (cost=247.93..248.06 rows=5 width=236) (actual time=0.009..0.010 rows=1 loops=367673)
--                                   Hash Cond: ("*VALUES*".column1 = x.instrument)
--                                   Buffers: shared hit=1442770 read=36905
--                                   ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.000..0.002 rows=8 loops=187447)
--                                   ->  Hash  (cost=247.87..247.87 rows=5 width=199) (actual time=0.008..0.008 rows=1 loops=367673)
--                                         Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                         Buffers: shared hit=1442770 read=36905
--                                         ->  Subquery Scan on x  (cost=245.73..247.87 rows=5 width=199) (actual time=0.006..0.008 rows=1 loops=367673)
--                                               Buffers: shared hit=1442770 read=36905
--                                               ->  GroupAggregate  (cost=245.73..247.82 rows=5 width=199) (actual time=0.006..0.007 rows=1 loops=367673)
--                                                     Group Key: a.instrument
--                                                     Filter: (CASE WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0)) WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0)) ELSE ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0)) END IS NOT NULL)
--                                                     Rows Removed by Filter: 1
--                                                     Buffers: shared hit=1442770 read=36905
--                                                     ->  Sort  (cost=245.73..245.76 rows=10 width=33) (actual time=0.004..0.004 rows=3 loops=367673)
--                                                           Sort Key: a.instrument
--                                                           Sort Method: quicksort  Memory: 25kB
--                                                           Buffers: shared hit=1442770 read=36905
--                                                           ->  Index Only Scan using measure_administration_pre_post_idx on measure_administration a  (cost=0.56..245.57 rows=10 width=33) (actual time=0.002..0.003 rows=3 loops=367673)
--                                                                 Index Cond: (episode_id = ep_1.id)
--                                                                 Filter: ((instrument = ANY ('{CATS-SR,CATS-C7,CATS-C3,SMFQ-C,SMFQ-P,PHQ-A,CPSS-5,TSCC-PTS}'::text[])) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (SubPlan 3)))
--                                                                 Heap Fetches: 0
--                                                                 Buffers: shared hit=1442770 read=36905
--                                                                 SubPlan 3
--                                                                   ->  Index Scan using episode_pkey on episode e_1  (cost=0.43..8.55 rows=1 width=0) (never executed)
--                                                                         Index Cond: (id = a.episode_id)
--                                                                         Filter: ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--   Planning:
--     Buffers: shared hit=4 read=5
--   Planning Time: 1.935 ms
--   Execution Time: 9138.778 ms

-- Plan as the center director (execution 123.925 ms):
--   Merge Left Join  (cost=3193.13..3220.53 rows=1 width=124) (actual time=123.694..123.707 rows=1 loops=1)
--     Merge Cond: (ep.key = ep_1.key)
--     Buffers: shared hit=5439 read=2116
--     CTE ep
--       ->  Sort  (cost=2944.91..2944.91 rows=1 width=70) (actual time=89.349..89.390 rows=936 loops=1)
--             Sort Key: e.id
--             Sort Method: quicksort  Memory: 104kB
--             Buffers: shared read=949
--             ->  Nested Loop  (cost=28.59..2944.90 rows=1 width=70) (actual time=0.345..89.012 rows=936 loops=1)
--                   Join Filter: (e.center_id = c.id)
--                   Rows Removed by Join Filter: 888264
--                   Buffers: shared read=949
--                   ->  Seq Scan on center c  (cost=0.00..31.97 rows=15 width=28) (actual time=0.031..0.367 rows=950 loops=1)
--                         Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                         Buffers: shared read=19
--                   ->  Materialize  (cost=28.59..2910.70 rows=10 width=54) (actual time=0.000..0.045 rows=936 loops=950)
--                         Buffers: shared read=930
--                         ->  Subquery Scan on e  (cost=28.59..2910.65 rows=10 width=54) (actual time=0.307..11.028 rows=936 loops=1)
--                               Buffers: shared read=930
--                               ->  Bitmap Heap Scan on episode e_1  (cost=28.59..2910.55 rows=10 width=70) (actual time=0.306..10.912 rows=936 loops=1)
--                                     Recheck Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                     Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                     Heap Blocks: exact=923
--                                     Buffers: shared read=930
--                                     ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..28.59 rows=811 width=0) (actual time=0.140..0.140 rows=936 loops=1)
--                                           Index Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                                           Buffers: shared read=7
--     ->  GroupAggregate  (cost=0.03..26.79 rows=1 width=60) (actual time=101.164..101.168 rows=1 loops=1)
--           Group Key: ep.key
--           Buffers: shared hit=2823 read=949
--           ->  Sort  (cost=0.03..0.04 rows=1 width=92) (actual time=89.646..89.705 rows=936 loops=1)
--                 Sort Key: ep.key
--                 Sort Method: quicksort  Memory: 104kB
--                 Buffers: shared read=949
--                 ->  CTE Scan on ep  (cost=0.00..0.02 rows=1 width=92) (actual time=89.354..89.495 rows=936 loops=1)
--                       Buffers: shared read=949
--           SubPlan 2
--             ->  Aggregate  (cost=26.70..26.71 rows=1 width=8) (actual time=0.012..0.012 rows=1 loops=936)
--                   Buffers: shared hit=2823
--                   ->  Index Only Scan using episode_session_episode_center_idx on episode_session s  (cost=0.43..26.63 rows=25 width=0) (actual time=0.004..0.011 rows=10 loops=936)
--                         Index Cond: (episode_id = ep.id)
--                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id))
--                         Heap Fetches: 0
--                         Buffers: shared hit=2823
--     ->  GroupAggregate  (cost=248.19..248.74 rows=5 width=64) (actual time=22.521..22.524 rows=1 loops=1)
--           Group Key: ep_1.key
--           Buffers: shared hit=2616 read=1167
--           ->  GroupAggregate  (cost=248.19..248.59 rows=5 width=88) (actual time=21.873..22.483 rows=6 loops=1)
--                 Group Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                 Buffers: shared hit=2616 read=1167
--                 ->  Sort  (cost=248.19..248.20 rows=5 width=268) (actual time=21.771..21.809 rows=1016 loops=1)
--                       Sort Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                       Sort Method: quicksort  Memory: 110kB
--                       Buffers: shared hit=2616 read=1167
--                       ->  Nested Loop  (cost=247.93..248.13 rows=5 width=268) (actual time=0.216..21.405 rows=1016 loops=1)
--                             Buffers: shared hit=2616 read=1167
--                             ->  CTE Scan on ep ep_1  (cost=0.00..0.02 rows=1 width=48) (actual time=0.002..0.192 rows=936 loops=1)
--                             ->  Hash Join  (cost=247.93..248.06 rows=5 width=236) (actual time=0.021..0.022 rows=1 loops=936)
--                                   Hash Cond: ("*VALUES*".column1 = x.instrument)
--                                   Buffers: shared hit=2616 read=1167
--                                   ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.000..0.002 rows=8 loops=483)
--                                   ->  Hash  (cost=247.87..247.87 rows=5 width=199) (actual time=0.020..0.020 rows=1 loops=936)
--                                         Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                         Buffers: shared hit=2616 read=1167
--                                         ->  Subquery Scan on x  (cost=245.73..247.87 rows=5 width=199) (actual time=0.019..0.020 rows=1 loops=936)
--                                               Buffers: shared hit=2616 read=1167
--                                               ->  GroupAggregate  (cost=245.73..247.82 rows=5 width=199) (actual time=0.018..0.019 rows=1 loops=936)
--                                                     Group Key: a.instrument
--                                                     Filter: (CASE WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0)) WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0)) ELSE ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0)) END IS NOT NULL)
--                                                     Rows Removed by Filter: 1
--                                                     Buffers: shared hit=2616 read=1167
--                                                     ->  Sort  (cost=245.73..245.76 rows=10 width=33) (actual time=0.016..0.016 rows=3 loops=936)
--                                                           Sort Key: a.instrument
--                                                           Sort Method: quicksort  Memory: 25kB
--                                                           Buffers: shared hit=2616 read=1167
--                                                           ->  Index Only Scan using measure_administration_pre_post_idx on measure_administration a  (cost=0.56..245.57 rows=10 width=33) (actual time=0.012..0.015 rows=3 loops=936)
--                                                                 Index Cond: (episode_id = ep_1.id)
--                                                                 Filter: ((instrument = ANY ('{CATS-SR,CATS-C7,CATS-C3,SMFQ-C,SMFQ-P,PHQ-A,CPSS-5,TSCC-PTS}'::text[])) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (SubPlan 3)))
--                                                                 Heap Fetches: 0
--                                                                 Buffers: shared hit=2616 read=1167
--                                                                 SubPlan 3
--                                                                   ->  Index Scan using episode_pkey on episode e_2  (cost=0.43..8.55 rows=1 width=0) (never executed)
--                                                                         Index Cond: (id = a.episode_id)
--                                                                         Filter: ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--   Planning:
--     Buffers: shared hit=2 read=1
--   Planning Time: 2.104 ms
--   Execution Time: 123.925 ms

-- ================================================================================================
-- Outcome summary, center level (every center in AL), 2025
-- ================================================================================================

set local work_mem = '64MB';
set local jit = off;

    with p (code, ord, sdiff) as (values ('CATS-SR'::text, 0::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C7'::text, 1::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C3'::text, 2::int, sqrt(2) * 9::float8 * sqrt(1 - 0.88::float8)), ('SMFQ-C'::text, 3::int, sqrt(2) * 6::float8 * sqrt(1 - 0.85::float8)), ('SMFQ-P'::text, 4::int, sqrt(2) * 6::float8 * sqrt(1 - 0.87::float8)), ('PHQ-A'::text, 5::int, sqrt(2) * 6::float8 * sqrt(1 - 0.86::float8)), ('CPSS-5'::text, 6::int, sqrt(2) * 18::float8 * sqrt(1 - 0.9::float8)), ('TSCC-PTS'::text, 7::int, sqrt(2) * 10::float8 * sqrt(1 - 0.87::float8))),
    ep as materialized (
      select e.id, e.center_id as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason
      from episode e join center c on c.id = e.center_id where e.started_on is not null and e.started_on >= '2025-01-01'::date and e.started_on <= '2025-12-31'::date and c.state = 'AL'
      order by e.id
    ),
    episodes as (
      select ep.key,
        count(*)::int as started,
        count(*) filter (where ep.discharge_reason = 'completed')::int as completed,
        count(*) filter (where ep.ended_on is not null)::int as closed,
        percentile_cont(0.5) within group (order by ep.sessions)
          filter (where ep.ended_on is not null) as median_sessions,
        percentile_cont(0.5) within group (order by ep.started_on - ep.referred_on)
          filter (where ep.referred_on is not null) as median_wait
      from (
        -- Sessions are counted for closed episodes only, one index look-up each.
        select ep.*, case when ep.ended_on is not null
          then (select count(*) from episode_session s where s.episode_id = ep.id) end as sessions
        from ep
      ) ep
      group by ep.key
    ),
    series as (
      -- Per episode and instrument, the pre and post totals of each respondent: grouped episode
      -- by episode, as the index returns them, rather than sorting the whole cohort's rows.
      select ep.key, x.*
      from ep cross join lateral (
        select a.instrument,
          (min((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'baseline' and a.respondent = 'youth')) % 1000000 / 100.0 as pre_youth, (max((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'end' and a.respondent = 'youth')) % 1000000 / 100.0 as post_youth,
          (min((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'baseline' and a.respondent = 'caregiver')) % 1000000 / 100.0 as pre_caregiver, (max((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'end' and a.respondent = 'caregiver')) % 1000000 / 100.0 as post_caregiver,
          (min((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'baseline' and a.respondent = 'clinician')) % 1000000 / 100.0 as pre_clinician, (max((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'end' and a.respondent = 'clinician')) % 1000000 / 100.0 as post_clinician
        from measure_administration a
        where a.episode_id = ep.id and a.phase in ('baseline', 'end') and a.instrument = any ('{CATS-SR,CATS-C7,CATS-C3,SMFQ-C,SMFQ-P,PHQ-A,CPSS-5,TSCC-PTS}'::text[])
        group by a.instrument
      ) x
    ),
    pairs as (
      select key, instrument,
        case when pre_youth is not null and post_youth is not null then post_youth - pre_youth
             when pre_caregiver is not null and post_caregiver is not null then post_caregiver - pre_caregiver
             else post_clinician - pre_clinician end as change
      from series
    ),
    outcomes as (
      select pairs.key, p.code, p.ord,
        count(*)::int as n,
        avg(change)::float8 as mean_change,
        count(*) filter (where change::float8 / p.sdiff < -1.96)::int as improved,
        count(*) filter (where change::float8 / p.sdiff > 1.96)::int as deteriorated
      from pairs join p on p.code = pairs.instrument
      where change is not null
      group by pairs.key, p.code, p.ord
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

-- Plan as the network administrator (execution 226.136 ms):
--   Sort  (cost=1705.41..1705.42 rows=4 width=140) (actual time=225.857..225.876 rows=14 loops=1)
--     Sort Key: (COALESCE((SubPlan 2), (ep.key)::text)), ep.key
--     Sort Method: quicksort  Memory: 35kB
--     Buffers: shared hit=35473 read=14430
--     CTE ep
--       ->  Sort  (cost=1313.26..1313.27 rows=4 width=54) (actual time=68.065..68.332 rows=5727 loops=1)
--             Sort Key: e.id
--             Sort Method: quicksort  Memory: 729kB
--             Buffers: shared hit=389 read=5357
--             ->  Nested Loop  (cost=17.86..1313.22 rows=4 width=54) (actual time=0.291..65.564 rows=5727 loops=1)
--                   Buffers: shared hit=389 read=5357
--                   ->  Bitmap Heap Scan on center c  (cost=4.31..14.88 rows=1 width=16) (actual time=0.047..0.098 rows=14 loops=1)
--                         Recheck Cond: (state = 'AL'::bpchar)
--                         Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                         Heap Blocks: exact=1
--                         Buffers: shared read=3
--                         ->  Bitmap Index Scan on center_state_name_key  (cost=0.00..4.31 rows=4 width=0) (actual time=0.032..0.033 rows=14 loops=1)
--                               Index Cond: (state = 'AL'::bpchar)
--                               Buffers: shared read=2
--                   ->  Bitmap Heap Scan on episode e  (cost=13.56..1298.31 rows=3 width=54) (actual time=0.116..4.571 rows=409 loops=14)
--                         Recheck Cond: ((center_id = c.id) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                         Heap Blocks: exact=5678
--                         Buffers: shared hit=389 read=5354
--                         ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..13.56 rows=342 width=0) (actual time=0.063..0.063 rows=409 loops=14)
--                               Index Cond: ((center_id = c.id) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                               Buffers: shared hit=14 read=51
--     ->  Merge Left Join  (cost=249.29..392.10 rows=4 width=140) (actual time=168.164..225.838 rows=14 loops=1)
--           Merge Cond: (ep.key = ep_1.key)
--           Buffers: shared hit=35473 read=14430
--           ->  GroupAggregate  (cost=0.12..107.15 rows=4 width=44) (actual time=71.931..124.379 rows=14 loops=1)
--                 Group Key: ep.key
--                 Buffers: shared hit=17884 read=8919
--                 ->  Sort  (cost=0.12..0.13 rows=4 width=76) (actual time=70.227..71.769 rows=5727 loops=1)
--                       Sort Key: ep.key
--                       Sort Method: quicksort  Memory: 729kB
--                       Buffers: shared hit=389 read=5357
--                       ->  CTE Scan on ep  (cost=0.00..0.08 rows=4 width=76) (actual time=68.070..69.134 rows=5727 loops=1)
--                             Buffers: shared hit=389 read=5357
--                 SubPlan 3
--                   ->  Aggregate  (cost=26.70..26.71 rows=1 width=8) (actual time=0.008..0.008 rows=1 loops=5727)
--                         Buffers: shared hit=17495 read=3562
--                         ->  Index Only Scan using episode_session_episode_center_idx on episode_session s  (cost=0.43..26.63 rows=25 width=0) (actual time=0.006..0.008 rows=10 loops=5727)
--                               Index Cond: (episode_id = ep.id)
--                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id))
--                               Heap Fetches: 0
--                               Buffers: shared hit=17495 read=3562
--           ->  GroupAggregate  (cost=249.17..251.37 rows=20 width=48) (actual time=96.184..101.146 rows=14 loops=1)
--                 Group Key: ep_1.key
--                 Buffers: shared hit=17553 read=5505
--                 ->  GroupAggregate  (cost=249.17..250.77 rows=20 width=72) (actual time=95.989..100.748 rows=84 loops=1)
--                       Group Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                       Buffers: shared hit=17553 read=5505
--                       ->  Sort  (cost=249.17..249.22 rows=20 width=252) (actual time=95.949..96.924 rows=6264 loops=1)
--                             Sort Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                             Sort Method: quicksort  Memory: 780kB
--                             Buffers: shared hit=17553 read=5505
--                             ->  Nested Loop  (cost=247.93..248.74 rows=20 width=252) (actual time=0.105..92.640 rows=6264 loops=1)
--                                   Buffers: shared hit=17553 read=5505
--                                   ->  CTE Scan on ep ep_1  (cost=0.00..0.08 rows=4 width=32) (actual time=0.001..1.543 rows=5727 loops=1)
--                                   ->  Hash Join  (cost=247.93..248.06 rows=5 width=236) (actual time=0.014..0.015 rows=1 loops=5727)
--                                         Hash Cond: ("*VALUES*".column1 = x.instrument)
--                                         Buffers: shared hit=17553 read=5505
--                                         ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.000..0.002 rows=8 loops=2944)
--                                         ->  Hash  (cost=247.87..247.87 rows=5 width=199) (actual time=0.013..0.013 rows=1 loops=5727)
--                                               Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                               Buffers: shared hit=17553 read=5505
--                                               ->  Subquery Scan on x  (cost=245.73..247.87 rows=5 width=199) (actual time=0.012..0.013 rows=1 loops=5727)
--                                                     Buffers: shared hit=17553 read=5505
--                                                     ->  GroupAggregate  (cost=245.73..247.82 rows=5 width=199) (actual time=0.012..0.013 rows=1 loops=5727)
--                                                           Group Key: a.instrument
--                                                           Filter: (CASE WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0)) WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0)) ELSE ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0)) END IS NOT NULL)
--                                                           Rows Removed by Filter: 1
--                                                           Buffers: shared hit=17553 read=5505
--                                                           ->  Sort  (cost=245.73..245.76 rows=10 width=33) (actual time=0.009..0.009 rows=3 loops=5727)
--                                                                 Sort Key: a.instrument
--                                                                 Sort Method: quicksort  Memory: 25kB
--                                                                 Buffers: shared hit=17553 read=5505
--                                                                 ->  Index Only Scan using measure_administration_pre_post_idx on measure_administration a  (cost=0.56..245.57 rows=10 width=33) (actual time=0.007..0.008 rows=3 loops=5727)
--                                                                       Index Cond: (episode_id = ep_1.id)
--                                                                       Filter: ((instrument = ANY ('{CATS-SR,CATS-C7,CATS-C3,SMFQ-C,SMFQ-P,PHQ-A,CPSS-5,TSCC-PTS}'::text[])) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (SubPlan 4)))
--                                                                       Heap Fetches: 0
--                                                                       Buffers: shared hit=17553 read=5505
--                                                                       SubPlan 4
--                                                                         ->  Index Scan using episode_pkey on episode e_1  (cost=0.43..8.55 rows=1 width=0) (never executed)
--                                                                               Index Cond: (id = a.episode_id)
--                                                                               Filter: ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--           SubPlan 2
--             ->  Index Scan using center_pkey on center c_1  (cost=0.28..8.30 rows=1 width=32) (actual time=0.016..0.016 rows=1 loops=14)
--                   Index Cond: (id = ep.key)
--                   Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                   Buffers: shared hit=36 read=6
--   Planning:
--     Buffers: shared hit=12 read=11
--   Planning Time: 2.059 ms
--   Execution Time: 226.136 ms

-- Plan as the center director (execution 31.604 ms):
--   Sort  (cost=307.36..307.37 rows=1 width=140) (actual time=31.401..31.414 rows=1 loops=1)
--     Sort Key: (COALESCE((SubPlan 2), (ep.key)::text)), ep.key
--     Sort Method: quicksort  Memory: 25kB
--     Buffers: shared hit=6903 read=652
--     CTE ep
--       ->  Sort  (cost=23.42..23.43 rows=1 width=54) (actual time=6.430..6.520 rows=936 loops=1)
--             Sort Key: e.id
--             Sort Method: quicksort  Memory: 112kB
--             Buffers: shared hit=294 read=652
--             ->  Nested Loop  (cost=4.73..23.41 rows=1 width=54) (actual time=0.149..6.098 rows=936 loops=1)
--                   Buffers: shared hit=294 read=652
--                   ->  Bitmap Heap Scan on center c  (cost=4.31..14.88 rows=1 width=16) (actual time=0.049..0.059 rows=14 loops=1)
--                         Recheck Cond: (state = 'AL'::bpchar)
--                         Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                         Heap Blocks: exact=1
--                         Buffers: shared hit=1 read=2
--                         ->  Bitmap Index Scan on center_state_name_key  (cost=0.00..4.31 rows=4 width=0) (actual time=0.040..0.041 rows=14 loops=1)
--                               Index Cond: (state = 'AL'::bpchar)
--                               Buffers: shared read=2
--                   ->  Index Scan using episode_center_started_idx on episode e  (cost=0.43..8.52 rows=1 width=54) (actual time=0.007..0.417 rows=67 loops=14)
--                         Index Cond: ((center_id = c.id) AND (center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                         Buffers: shared hit=293 read=650
--     ->  Merge Left Join  (cost=248.22..283.93 rows=1 width=140) (actual time=31.394..31.402 rows=1 loops=1)
--           Merge Cond: (ep.key = ep_1.key)
--           Buffers: shared hit=6903 read=652
--           ->  GroupAggregate  (cost=0.03..26.79 rows=1 width=44) (actual time=17.713..17.716 rows=1 loops=1)
--                 Group Key: ep.key
--                 Buffers: shared hit=3117 read=652
--                 ->  Sort  (cost=0.03..0.04 rows=1 width=76) (actual time=6.790..6.848 rows=936 loops=1)
--                       Sort Key: ep.key
--                       Sort Method: quicksort  Memory: 112kB
--                       Buffers: shared hit=294 read=652
--                       ->  CTE Scan on ep  (cost=0.00..0.02 rows=1 width=76) (actual time=6.435..6.678 rows=936 loops=1)
--                             Buffers: shared hit=294 read=652
--                 SubPlan 3
--                   ->  Aggregate  (cost=26.70..26.71 rows=1 width=8) (actual time=0.011..0.011 rows=1 loops=936)
--                         Buffers: shared hit=2823
--                         ->  Index Only Scan using episode_session_episode_center_idx on episode_session s  (cost=0.43..26.63 rows=25 width=0) (actual time=0.004..0.010 rows=10 loops=936)
--                               Index Cond: (episode_id = ep.id)
--                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id))
--                               Heap Fetches: 0
--                               Buffers: shared hit=2823
--           ->  GroupAggregate  (cost=248.19..248.74 rows=5 width=48) (actual time=13.654..13.658 rows=1 loops=1)
--                 Group Key: ep_1.key
--                 Buffers: shared hit=3783
--                 ->  GroupAggregate  (cost=248.19..248.59 rows=5 width=72) (actual time=13.009..13.618 rows=6 loops=1)
--                       Group Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                       Buffers: shared hit=3783
--                       ->  Sort  (cost=248.19..248.20 rows=5 width=252) (actual time=12.911..12.952 rows=1016 loops=1)
--                             Sort Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                             Sort Method: quicksort  Memory: 120kB
--                             Buffers: shared hit=3783
--                             ->  Nested Loop  (cost=247.93..248.13 rows=5 width=252) (actual time=0.089..12.600 rows=1016 loops=1)
--                                   Buffers: shared hit=3783
--                                   ->  CTE Scan on ep ep_1  (cost=0.00..0.02 rows=1 width=32) (actual time=0.002..0.147 rows=936 loops=1)
--                                   ->  Hash Join  (cost=247.93..248.06 rows=5 width=236) (actual time=0.012..0.013 rows=1 loops=936)
--                                         Hash Cond: ("*VALUES*".column1 = x.instrument)
--                                         Buffers: shared hit=3783
--                                         ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.000..0.001 rows=8 loops=483)
--                                         ->  Hash  (cost=247.87..247.87 rows=5 width=199) (actual time=0.011..0.011 rows=1 loops=936)
--                                               Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                               Buffers: shared hit=3783
--                                               ->  Subquery Scan on x  (cost=245.73..247.87 rows=5 width=199) (actual time=0.010..0.011 rows=1 loops=936)
--                                                     Buffers: shared hit=3783
--                                                     ->  GroupAggregate  (cost=245.73..247.82 rows=5 width=199) (actual time=0.010..0.011 rows=1 loops=936)
--                                                           Group Key: a.instrument
--                                                           Filter: (CASE WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0)) WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0)) ELSE ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0)) END IS NOT NULL)
--                                                           Rows Removed by Filter: 1
--                                                           Buffers: shared hit=3783
--                                                           ->  Sort  (cost=245.73..245.76 rows=10 width=33) (actual time=0.008..0.008 rows=3 loops=936)
--                                                                 Sort Key: a.instrument
--                                                                 Sort Method: quicksort  Memory: 25kB
--                                                                 Buffers: shared hit=3783
--                                                                 ->  Index Only Scan using measure_administration_pre_post_idx on measure_administration a  (cost=0.56..245.57 rows=10 width=33) (actual time=0.005..0.007 rows=3 loops=936)
--                                                                       Index Cond: (episode_id = ep_1.id)
--                                                                       Filter: ((instrument = ANY ('{CATS-SR,CATS-C7,CATS-C3,SMFQ-C,SMFQ-P,PHQ-A,CPSS-5,TSCC-PTS}'::text[])) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (SubPlan 4)))
--                                                                       Heap Fetches: 0
--                                                                       Buffers: shared hit=3783
--                                                                       SubPlan 4
--                                                                         ->  Index Scan using episode_pkey on episode e_1  (cost=0.43..8.55 rows=1 width=0) (never executed)
--                                                                               Index Cond: (id = a.episode_id)
--                                                                               Filter: ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--           SubPlan 2
--             ->  Index Scan using center_pkey on center c_1  (cost=0.28..8.30 rows=1 width=32) (actual time=0.013..0.013 rows=1 loops=1)
--                   Index Cond: (id = ep.key)
--                   Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                   Buffers: shared hit=3
--   Planning:
--     Buffers: shared hit=3
--   Planning Time: 1.880 ms
--   Execution Time: 31.604 ms

-- ================================================================================================
-- Outcome summary, clinician level (the director's center), 2025
-- ================================================================================================

set local work_mem = '64MB';
set local jit = off;

    with p (code, ord, sdiff) as (values ('CATS-SR'::text, 0::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C7'::text, 1::int, sqrt(2) * 12::float8 * sqrt(1 - 0.9::float8)), ('CATS-C3'::text, 2::int, sqrt(2) * 9::float8 * sqrt(1 - 0.88::float8)), ('SMFQ-C'::text, 3::int, sqrt(2) * 6::float8 * sqrt(1 - 0.85::float8)), ('SMFQ-P'::text, 4::int, sqrt(2) * 6::float8 * sqrt(1 - 0.87::float8)), ('PHQ-A'::text, 5::int, sqrt(2) * 6::float8 * sqrt(1 - 0.86::float8)), ('CPSS-5'::text, 6::int, sqrt(2) * 18::float8 * sqrt(1 - 0.9::float8)), ('TSCC-PTS'::text, 7::int, sqrt(2) * 10::float8 * sqrt(1 - 0.87::float8))),
    ep as materialized (
      select e.id, e.clinician_id as key, e.referred_on, e.started_on, e.ended_on, e.discharge_reason
      from episode e where e.started_on is not null and e.started_on >= '2025-01-01'::date and e.started_on <= '2025-12-31'::date and e.center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid
      order by e.id
    ),
    episodes as (
      select ep.key,
        count(*)::int as started,
        count(*) filter (where ep.discharge_reason = 'completed')::int as completed,
        count(*) filter (where ep.ended_on is not null)::int as closed,
        percentile_cont(0.5) within group (order by ep.sessions)
          filter (where ep.ended_on is not null) as median_sessions,
        percentile_cont(0.5) within group (order by ep.started_on - ep.referred_on)
          filter (where ep.referred_on is not null) as median_wait
      from (
        -- Sessions are counted for closed episodes only, one index look-up each.
        select ep.*, case when ep.ended_on is not null
          then (select count(*) from episode_session s where s.episode_id = ep.id) end as sessions
        from ep
      ) ep
      group by ep.key
    ),
    series as (
      -- Per episode and instrument, the pre and post totals of each respondent: grouped episode
      -- by episode, as the index returns them, rather than sorting the whole cohort's rows.
      select ep.key, x.*
      from ep cross join lateral (
        select a.instrument,
          (min((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'baseline' and a.respondent = 'youth')) % 1000000 / 100.0 as pre_youth, (max((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'end' and a.respondent = 'youth')) % 1000000 / 100.0 as post_youth,
          (min((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'baseline' and a.respondent = 'caregiver')) % 1000000 / 100.0 as pre_caregiver, (max((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'end' and a.respondent = 'caregiver')) % 1000000 / 100.0 as post_caregiver,
          (min((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'baseline' and a.respondent = 'clinician')) % 1000000 / 100.0 as pre_clinician, (max((a.administered_on - date '1900-01-01')::bigint * 1000000 + (a.total_score * 100)::bigint) filter (where a.phase = 'end' and a.respondent = 'clinician')) % 1000000 / 100.0 as post_clinician
        from measure_administration a
        where a.episode_id = ep.id and a.phase in ('baseline', 'end') and a.instrument = any ('{CATS-SR,CATS-C7,CATS-C3,SMFQ-C,SMFQ-P,PHQ-A,CPSS-5,TSCC-PTS}'::text[])
        group by a.instrument
      ) x
    ),
    pairs as (
      select key, instrument,
        case when pre_youth is not null and post_youth is not null then post_youth - pre_youth
             when pre_caregiver is not null and post_caregiver is not null then post_caregiver - pre_caregiver
             else post_clinician - pre_clinician end as change
      from series
    ),
    outcomes as (
      select pairs.key, p.code, p.ord,
        count(*)::int as n,
        avg(change)::float8 as mean_change,
        count(*) filter (where change::float8 / p.sdiff < -1.96)::int as improved,
        count(*) filter (where change::float8 / p.sdiff > 1.96)::int as deteriorated
      from pairs join p on p.code = pairs.instrument
      where change is not null
      group by pairs.key, p.code, p.ord
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

-- Plan as the network administrator (execution 21.578 ms):
--   Sort  (cost=4201.75..4201.77 rows=8 width=140) (actual time=21.337..21.352 rows=26 loops=1)
--     Sort Key: (COALESCE((SubPlan 4), (ep.key)::text)), ep.key
--     Sort Method: quicksort  Memory: 42kB
--     Buffers: shared hit=8297 read=23
--     CTE ep
--       ->  Sort  (cost=2911.68..2911.70 rows=8 width=54) (actual time=1.849..1.885 rows=936 loops=1)
--             Sort Key: e.id
--             Sort Method: quicksort  Memory: 112kB
--             Buffers: shared hit=930
--             ->  Bitmap Heap Scan on episode e  (cost=28.59..2911.56 rows=8 width=54) (actual time=0.215..1.519 rows=936 loops=1)
--                   Recheck Cond: ((center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                   Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                   Heap Blocks: exact=923
--                   Buffers: shared hit=930
--                   ->  Bitmap Index Scan on episode_center_started_idx  (cost=0.00..28.59 rows=811 width=0) (actual time=0.115..0.116 rows=936 loops=1)
--                         Index Cond: ((center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                         Buffers: shared hit=7
--     ->  Merge Left Join  (cost=250.89..1289.93 rows=8 width=140) (actual time=13.555..21.317 rows=26 loops=1)
--           Merge Cond: (ep.key = ep_1.key)
--           Buffers: shared hit=8297 read=23
--           ->  GroupAggregate  (cost=0.28..214.34 rows=8 width=44) (actual time=2.443..8.435 rows=26 loops=1)
--                 Group Key: ep.key
--                 Buffers: shared hit=4459
--                 ->  Sort  (cost=0.28..0.30 rows=8 width=76) (actual time=2.136..2.306 rows=936 loops=1)
--                       Sort Key: ep.key
--                       Sort Method: quicksort  Memory: 112kB
--                       Buffers: shared hit=930
--                       ->  CTE Scan on ep  (cost=0.00..0.16 rows=8 width=76) (actual time=1.854..1.993 rows=936 loops=1)
--                             Buffers: shared hit=930
--                 SubPlan 5
--                   ->  Aggregate  (cost=26.70..26.71 rows=1 width=8) (actual time=0.006..0.006 rows=1 loops=936)
--                         Buffers: shared hit=3529
--                         ->  Index Only Scan using episode_session_episode_center_idx on episode_session s  (cost=0.43..26.63 rows=25 width=0) (actual time=0.004..0.005 rows=10 loops=936)
--                               Index Cond: (episode_id = ep.id)
--                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id))
--                               Heap Fetches: 0
--                               Buffers: shared hit=3529
--           ->  GroupAggregate  (cost=250.61..255.01 rows=40 width=48) (actual time=11.017..12.148 rows=26 loops=1)
--                 Group Key: ep_1.key
--                 Buffers: shared hit=3783
--                 ->  GroupAggregate  (cost=250.61..253.81 rows=40 width=72) (actual time=10.865..11.752 rows=154 loops=1)
--                       Group Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                       Buffers: shared hit=3783
--                       ->  Sort  (cost=250.61..250.71 rows=40 width=252) (actual time=10.846..10.977 rows=1016 loops=1)
--                             Sort Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                             Sort Method: quicksort  Memory: 120kB
--                             Buffers: shared hit=3783
--                             ->  Nested Loop  (cost=247.93..249.55 rows=40 width=252) (actual time=0.067..10.362 rows=1016 loops=1)
--                                   Buffers: shared hit=3783
--                                   ->  CTE Scan on ep ep_1  (cost=0.00..0.16 rows=8 width=32) (actual time=0.001..0.138 rows=936 loops=1)
--                                   ->  Hash Join  (cost=247.93..248.06 rows=5 width=236) (actual time=0.010..0.011 rows=1 loops=936)
--                                         Hash Cond: ("*VALUES*".column1 = x.instrument)
--                                         Buffers: shared hit=3783
--                                         ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.000..0.001 rows=8 loops=483)
--                                         ->  Hash  (cost=247.87..247.87 rows=5 width=199) (actual time=0.009..0.009 rows=1 loops=936)
--                                               Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                               Buffers: shared hit=3783
--                                               ->  Subquery Scan on x  (cost=245.73..247.87 rows=5 width=199) (actual time=0.008..0.009 rows=1 loops=936)
--                                                     Buffers: shared hit=3783
--                                                     ->  GroupAggregate  (cost=245.73..247.82 rows=5 width=199) (actual time=0.007..0.008 rows=1 loops=936)
--                                                           Group Key: a.instrument
--                                                           Filter: (CASE WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0)) WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0)) ELSE ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0)) END IS NOT NULL)
--                                                           Rows Removed by Filter: 1
--                                                           Buffers: shared hit=3783
--                                                           ->  Sort  (cost=245.73..245.76 rows=10 width=33) (actual time=0.006..0.006 rows=3 loops=936)
--                                                                 Sort Key: a.instrument
--                                                                 Sort Method: quicksort  Memory: 25kB
--                                                                 Buffers: shared hit=3783
--                                                                 ->  Index Only Scan using measure_administration_pre_post_idx on measure_administration a  (cost=0.56..245.57 rows=10 width=33) (actual time=0.004..0.005 rows=3 loops=936)
--                                                                       Index Cond: (episode_id = ep_1.id)
--                                                                       Filter: ((instrument = ANY ('{CATS-SR,CATS-C7,CATS-C3,SMFQ-C,SMFQ-P,PHQ-A,CPSS-5,TSCC-PTS}'::text[])) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (SubPlan 6)))
--                                                                       Heap Fetches: 0
--                                                                       Buffers: shared hit=3783
--                                                                       SubPlan 6
--                                                                         ->  Index Scan using episode_pkey on episode e_1  (cost=0.43..8.55 rows=1 width=0) (never executed)
--                                                                               Index Cond: (id = a.episode_id)
--                                                                               Filter: ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--           SubPlan 4
--             ->  Index Scan using app_user_pkey on app_user u  (cost=0.28..102.48 rows=1 width=32) (actual time=0.026..0.026 rows=1 loops=26)
--                   Index Cond: (id = ep.key)
--                   Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR (SubPlan 2))
--                   Buffers: shared hit=55 read=23
--                   SubPlan 2
--                     ->  Bitmap Heap Scan on membership m  (cost=4.55..94.15 rows=1 width=0) (never executed)
--                           Recheck Cond: (user_id = u.id)
--                           Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (user_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR ((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))))
--                           ->  Bitmap Index Scan on membership_user_idx  (cost=0.00..4.54 rows=35 width=0) (never executed)
--                                 Index Cond: (user_id = u.id)
--   Planning:
--     Buffers: shared hit=4 read=2
--   Planning Time: 2.284 ms
--   Execution Time: 21.578 ms

-- Plan as the center director (execution 30.078 ms):
--   Sort  (cost=390.75..390.75 rows=1 width=140) (actual time=29.861..29.875 rows=26 loops=1)
--     Sort Key: (COALESCE((SubPlan 4), (ep.key)::text)), ep.key
--     Sort Method: quicksort  Memory: 42kB
--     Buffers: shared hit=8388 read=23
--     CTE ep
--       ->  Sort  (cost=12.63..12.63 rows=1 width=54) (actual time=2.457..2.517 rows=936 loops=1)
--             Sort Key: e.id
--             Sort Method: quicksort  Memory: 112kB
--             Buffers: shared hit=943
--             ->  Index Scan using episode_center_started_idx on episode e  (cost=0.43..12.62 rows=1 width=54) (actual time=0.039..2.256 rows=936 loops=1)
--                   Index Cond: ((center_id = ANY ('{25632b92-409d-4fb6-8afe-bede10d4e8eb}'::uuid[])) AND (center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid) AND (started_on IS NOT NULL) AND (started_on >= '2025-01-01'::date) AND (started_on <= '2025-12-31'::date))
--                   Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                   Buffers: shared hit=943
--     ->  Merge Left Join  (cost=248.22..378.10 rows=1 width=140) (actual time=16.535..29.840 rows=26 loops=1)
--           Merge Cond: (ep.key = ep_1.key)
--           Buffers: shared hit=8388 read=23
--           ->  GroupAggregate  (cost=0.03..26.79 rows=1 width=44) (actual time=3.318..14.930 rows=26 loops=1)
--                 Group Key: ep.key
--                 Buffers: shared hit=4472
--                 ->  Sort  (cost=0.03..0.04 rows=1 width=76) (actual time=2.829..3.003 rows=936 loops=1)
--                       Sort Key: ep.key
--                       Sort Method: quicksort  Memory: 112kB
--                       Buffers: shared hit=943
--                       ->  CTE Scan on ep  (cost=0.00..0.02 rows=1 width=76) (actual time=2.462..2.649 rows=936 loops=1)
--                             Buffers: shared hit=943
--                 SubPlan 5
--                   ->  Aggregate  (cost=26.70..26.71 rows=1 width=8) (actual time=0.012..0.012 rows=1 loops=936)
--                         Buffers: shared hit=3529
--                         ->  Index Only Scan using episode_session_episode_center_idx on episode_session s  (cost=0.43..26.63 rows=25 width=0) (actual time=0.005..0.011 rows=10 loops=936)
--                               Index Cond: (episode_id = ep.id)
--                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id))
--                               Heap Fetches: 0
--                               Buffers: shared hit=3529
--           ->  GroupAggregate  (cost=248.19..248.74 rows=5 width=48) (actual time=13.071..14.277 rows=26 loops=1)
--                 Group Key: ep_1.key
--                 Buffers: shared hit=3783
--                 ->  GroupAggregate  (cost=248.19..248.59 rows=5 width=72) (actual time=12.990..13.904 rows=154 loops=1)
--                       Group Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                       Buffers: shared hit=3783
--                       ->  Sort  (cost=248.19..248.20 rows=5 width=252) (actual time=12.966..13.107 rows=1016 loops=1)
--                             Sort Key: ep_1.key, "*VALUES*".column1, "*VALUES*".column2
--                             Sort Method: quicksort  Memory: 120kB
--                             Buffers: shared hit=3783
--                             ->  Nested Loop  (cost=247.93..248.13 rows=5 width=252) (actual time=0.069..12.514 rows=1016 loops=1)
--                                   Buffers: shared hit=3783
--                                   ->  CTE Scan on ep ep_1  (cost=0.00..0.02 rows=1 width=32) (actual time=0.001..0.150 rows=936 loops=1)
--                                   ->  Hash Join  (cost=247.93..248.06 rows=5 width=236) (actual time=0.012..0.013 rows=1 loops=936)
--                                         Hash Cond: ("*VALUES*".column1 = x.instrument)
--                                         Buffers: shared hit=3783
--                                         ->  Values Scan on "*VALUES*"  (cost=0.00..0.10 rows=8 width=44) (actual time=0.000..0.001 rows=8 loops=483)
--                                         ->  Hash  (cost=247.87..247.87 rows=5 width=199) (actual time=0.011..0.011 rows=1 loops=936)
--                                               Buckets: 1024  Batches: 1  Memory Usage: 9kB
--                                               Buffers: shared hit=3783
--                                               ->  Subquery Scan on x  (cost=245.73..247.87 rows=5 width=199) (actual time=0.010..0.011 rows=1 loops=936)
--                                                     Buffers: shared hit=3783
--                                                     ->  GroupAggregate  (cost=245.73..247.82 rows=5 width=199) (actual time=0.010..0.011 rows=1 loops=936)
--                                                           Group Key: a.instrument
--                                                           Filter: (CASE WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'youth'::text))) % '1000000'::bigint))::numeric / 100.0)) WHEN (((((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL) AND ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) IS NOT NULL)) THEN ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'caregiver'::text))) % '1000000'::bigint))::numeric / 100.0)) ELSE ((((max(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'end'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0) - (((min(((((a.administered_on - '1900-01-01'::date))::bigint * 1000000) + ((a.total_score * '100'::numeric))::bigint)) FILTER (WHERE ((a.phase = 'baseline'::text) AND (a.respondent = 'clinician'::text))) % '1000000'::bigint))::numeric / 100.0)) END IS NOT NULL)
--                                                           Rows Removed by Filter: 1
--                                                           Buffers: shared hit=3783
--                                                           ->  Sort  (cost=245.73..245.76 rows=10 width=33) (actual time=0.008..0.008 rows=3 loops=936)
--                                                                 Sort Key: a.instrument
--                                                                 Sort Method: quicksort  Memory: 25kB
--                                                                 Buffers: shared hit=3783
--                                                                 ->  Index Only Scan using measure_administration_pre_post_idx on measure_administration a  (cost=0.56..245.57 rows=10 width=33) (actual time=0.005..0.007 rows=3 loops=936)
--                                                                       Index Cond: (episode_id = ep_1.id)
--                                                                       Filter: ((instrument = ANY ('{CATS-SR,CATS-C7,CATS-C3,SMFQ-C,SMFQ-P,PHQ-A,CPSS-5,TSCC-PTS}'::text[])) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (SubPlan 6)))
--                                                                       Heap Fetches: 0
--                                                                       Buffers: shared hit=3783
--                                                                       SubPlan 6
--                                                                         ->  Index Scan using episode_pkey on episode e_1  (cost=0.43..8.55 rows=1 width=0) (never executed)
--                                                                               Index Cond: (id = a.episode_id)
--                                                                               Filter: ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--           SubPlan 4
--             ->  Index Scan using app_user_pkey on app_user u  (cost=0.28..102.48 rows=1 width=32) (actual time=0.022..0.022 rows=1 loops=26)
--                   Index Cond: (id = ep.key)
--                   Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR (SubPlan 2))
--                   Buffers: shared hit=133 read=23
--                   SubPlan 2
--                     ->  Bitmap Heap Scan on membership m  (cost=4.55..94.15 rows=1 width=0) (actual time=0.014..0.014 rows=1 loops=26)
--                           Recheck Cond: (user_id = u.id)
--                           Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (user_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR ((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))))
--                           Heap Blocks: exact=26
--                           Buffers: shared hit=55 read=23
--                           ->  Bitmap Index Scan on membership_user_idx  (cost=0.00..4.54 rows=35 width=0) (actual time=0.007..0.007 rows=1 loops=26)
--                                 Index Cond: (user_id = u.id)
--                                 Buffers: shared hit=32 read=20
--   Planning:
--     Buffers: shared hit=3
--   Planning Time: 2.016 ms
--   Execution Time: 30.078 ms

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

-- Plan as the network administrator (execution 174.872 ms):
--   Limit  (cost=10195.31..10195.31 rows=1 width=336) (actual time=174.667..174.683 rows=50 loops=1)
--     Buffers: shared hit=37484 read=12900
--     ->  Sort  (cost=10195.31..10195.31 rows=1 width=336) (actual time=174.666..174.678 rows=50 loops=1)
--           Sort Key: (((COALESCE((count(*)), '0'::bigint))::integer > 0)) DESC, ((ep.ended_on IS NOT NULL)), ep.started_on DESC, ep.case_code
--           Sort Method: top-N heapsort  Memory: 66kB
--           Buffers: shared hit=37484 read=12900
--           ->  WindowAgg  (cost=1016.01..10195.30 rows=1 width=336) (actual time=171.567..172.836 rows=3133 loops=1)
--                 Buffers: shared hit=37484 read=12900
--                 ->  Nested Loop Left Join  (cost=1016.01..10195.23 rows=1 width=309) (actual time=0.798..168.960 rows=3133 loops=1)
--                       Buffers: shared hit=37484 read=12900
--                       ->  Nested Loop Left Join  (cost=984.82..10164.01 rows=1 width=300) (actual time=0.790..156.463 rows=3133 loops=1)
--                             Buffers: shared hit=34351 read=12900
--                             ->  Nested Loop Left Join  (cost=234.79..9413.95 rows=1 width=289) (actual time=0.758..97.382 rows=3133 loops=1)
--                                   Buffers: shared hit=27441 read=7077
--                                   ->  Nested Loop  (cost=75.49..9254.63 rows=1 width=277) (actual time=0.722..44.840 rows=3133 loops=1)
--                                         Buffers: shared hit=19677 read=2099
--                                         ->  Nested Loop  (cost=75.21..9153.01 rows=1 width=245) (actual time=0.710..36.092 rows=3133 loops=1)
--                                               Buffers: shared hit=10278 read=2099
--                                               ->  Nested Loop  (cost=74.93..9144.70 rows=1 width=213) (actual time=0.698..29.283 rows=3133 loops=1)
--                                                     Join Filter: (ep.model_id = m.id)
--                                                     Rows Removed by Join Filter: 715
--                                                     Buffers: shared hit=879 read=2099
--                                                     ->  Bitmap Heap Scan on episode ep  (cost=74.93..9123.90 rows=30 width=181) (actual time=0.680..27.417 rows=3133 loops=1)
--                                                           Recheck Cond: (center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid)
--                                                           Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                                           Heap Blocks: exact=2965
--                                                           Buffers: shared hit=878 read=2099
--                                                           ->  Bitmap Index Scan on episode_center_referred_idx  (cost=0.00..74.93 rows=3000 width=0) (actual time=0.304..0.305 rows=3133 loops=1)
--                                                                 Index Cond: (center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid)
--                                                                 Buffers: shared read=12
--                                                     ->  Materialize  (cost=0.00..17.21 rows=8 width=48) (actual time=0.000..0.000 rows=1 loops=3133)
--                                                           Buffers: shared hit=1
--                                                           ->  Seq Scan on training_model m  (cost=0.00..17.18 rows=8 width=48) (actual time=0.010..0.012 rows=4 loops=1)
--                                                                 Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                                                 Buffers: shared hit=1
--                                               ->  Index Scan using center_pkey on center c  (cost=0.28..8.30 rows=1 width=48) (actual time=0.002..0.002 rows=1 loops=3133)
--                                                     Index Cond: (id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid)
--                                                     Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                                     Buffers: shared hit=9399
--                                         ->  Index Scan using app_user_pkey on app_user u  (cost=0.28..101.54 rows=1 width=48) (actual time=0.002..0.002 rows=1 loops=3133)
--                                               Index Cond: (id = ep.clinician_id)
--                                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR (SubPlan 1))
--                                               Buffers: shared hit=9399
--                                               SubPlan 1
--                                                 ->  Bitmap Heap Scan on membership m_1  (cost=4.55..94.15 rows=1 width=0) (never executed)
--                                                       Recheck Cond: (user_id = u.id)
--                                                       Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (user_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR ((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))))
--                                                       ->  Bitmap Index Scan on membership_user_idx  (cost=0.00..4.54 rows=35 width=0) (never executed)
--                                                             Index Cond: (user_id = u.id)
--                                   ->  Aggregate  (cost=159.29..159.30 rows=1 width=12) (actual time=0.016..0.016 rows=1 loops=3133)
--                                         Buffers: shared hit=7764 read=4978
--                                         ->  Index Scan using episode_session_episode_center_idx on episode_session  (cost=0.43..159.17 rows=25 width=4) (actual time=0.012..0.015 rows=8 loops=3133)
--                                               Index Cond: (episode_id = ep.id)
--                                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id))
--                                               Buffers: shared hit=7764 read=4978
--                             ->  Aggregate  (cost=750.03..750.04 rows=1 width=11) (actual time=0.018..0.018 rows=1 loops=3133)
--                                   Buffers: shared hit=6910 read=5823
--                                   ->  Index Scan using measure_administration_episode_idx on measure_administration  (cost=0.43..749.28 rows=43 width=11) (actual time=0.014..0.017 rows=9 loops=3133)
--                                         Index Cond: (episode_id = ep.id)
--                                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (hashed SubPlan 4))
--                                         Buffers: shared hit=6910 read=5823
--                                         SubPlan 4
--                                           ->  Bitmap Heap Scan on episode e  (cost=5.34..476.23 rows=1 width=16) (never executed)
--                                                 Recheck Cond: (clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid)
--                                                 Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                                 ->  Bitmap Index Scan on episode_clinician_idx  (cost=0.00..5.34 rows=120 width=0) (never executed)
--                                                       Index Cond: (clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid)
--                       ->  Aggregate  (cost=31.19..31.20 rows=1 width=9) (actual time=0.003..0.004 rows=1 loops=3133)
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
--     Buffers: shared hit=12 read=3
--   Planning Time: 1.979 ms
--   Execution Time: 174.872 ms

-- Plan as the center director (execution 250.686 ms):
--   Limit  (cost=10195.89..10195.90 rows=1 width=336) (actual time=250.382..250.400 rows=50 loops=1)
--     Buffers: shared hit=59783
--     ->  Sort  (cost=10195.89..10195.90 rows=1 width=336) (actual time=250.380..250.394 rows=50 loops=1)
--           Sort Key: (((COALESCE((count(*)), '0'::bigint))::integer > 0)) DESC, ((ep.ended_on IS NOT NULL)), ep.started_on DESC, ep.case_code
--           Sort Method: top-N heapsort  Memory: 66kB
--           Buffers: shared hit=59783
--           ->  WindowAgg  (cost=1016.01..10195.88 rows=1 width=336) (actual time=245.156..247.190 rows=3133 loops=1)
--                 Buffers: shared hit=59783
--                 ->  Nested Loop Left Join  (cost=1016.01..10195.82 rows=1 width=309) (actual time=1.618..241.643 rows=3133 loops=1)
--                       Buffers: shared hit=59783
--                       ->  Nested Loop Left Join  (cost=984.82..10164.60 rows=1 width=300) (actual time=1.605..227.568 rows=3133 loops=1)
--                             Buffers: shared hit=56650
--                             ->  Nested Loop Left Join  (cost=234.79..9414.54 rows=1 width=289) (actual time=1.577..158.236 rows=3133 loops=1)
--                                   Buffers: shared hit=43917
--                                   ->  Nested Loop  (cost=75.49..9255.21 rows=1 width=277) (actual time=1.459..93.587 rows=3133 loops=1)
--                                         Buffers: shared hit=31175
--                                         ->  Nested Loop  (cost=75.21..9153.85 rows=1 width=245) (actual time=1.416..44.136 rows=3133 loops=1)
--                                               Buffers: shared hit=12377
--                                               ->  Nested Loop  (cost=74.94..9145.54 rows=1 width=213) (actual time=1.399..36.337 rows=3133 loops=1)
--                                                     Join Filter: (ep.model_id = m.id)
--                                                     Rows Removed by Join Filter: 715
--                                                     Buffers: shared hit=2978
--                                                     ->  Bitmap Heap Scan on episode ep  (cost=74.94..9123.90 rows=37 width=181) (actual time=1.374..34.177 rows=3133 loops=1)
--                                                           Recheck Cond: (center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid)
--                                                           Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                                           Heap Blocks: exact=2965
--                                                           Buffers: shared hit=2977
--                                                           ->  Bitmap Index Scan on episode_center_referred_idx  (cost=0.00..74.93 rows=3000 width=0) (actual time=0.361..0.361 rows=3133 loops=1)
--                                                                 Index Cond: (center_id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid)
--                                                                 Buffers: shared hit=12
--                                                     ->  Materialize  (cost=0.00..17.21 rows=8 width=48) (actual time=0.000..0.000 rows=1 loops=3133)
--                                                           Buffers: shared hit=1
--                                                           ->  Seq Scan on training_model m  (cost=0.00..17.18 rows=8 width=48) (actual time=0.015..0.017 rows=4 loops=1)
--                                                                 Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                                                 Buffers: shared hit=1
--                                               ->  Index Scan using center_pkey on center c  (cost=0.28..8.30 rows=1 width=48) (actual time=0.002..0.002 rows=1 loops=3133)
--                                                     Index Cond: (id = '25632b92-409d-4fb6-8afe-bede10d4e8eb'::uuid)
--                                                     Filter: (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{user,auth,system,public}'::text[]))
--                                                     Buffers: shared hit=9399
--                                         ->  Index Scan using app_user_pkey on app_user u  (cost=0.28..101.29 rows=1 width=48) (actual time=0.015..0.015 rows=1 loops=3133)
--                                               Index Cond: (id = ep.clinician_id)
--                                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR (SubPlan 1))
--                                               Buffers: shared hit=18798
--                                               SubPlan 1
--                                                 ->  Bitmap Heap Scan on membership m_1  (cost=4.55..94.15 rows=1 width=0) (actual time=0.009..0.009 rows=1 loops=3133)
--                                                       Recheck Cond: (user_id = u.id)
--                                                       Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = ANY ('{auth,system}'::text[])) OR (user_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR ((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (((ended_at IS NULL) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (partner_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_partner_ids'::text, true), ''::text), '{}'::text))::uuid[]))))
--                                                       Heap Blocks: exact=3133
--                                                       Buffers: shared hit=9399
--                                                       ->  Bitmap Index Scan on membership_user_idx  (cost=0.00..4.54 rows=35 width=0) (actual time=0.002..0.002 rows=1 loops=3133)
--                                                             Index Cond: (user_id = u.id)
--                                                             Buffers: shared hit=6266
--                                   ->  Aggregate  (cost=159.29..159.30 rows=1 width=12) (actual time=0.020..0.020 rows=1 loops=3133)
--                                         Buffers: shared hit=12742
--                                         ->  Index Scan using episode_session_episode_center_idx on episode_session  (cost=0.43..159.17 rows=25 width=4) (actual time=0.007..0.018 rows=8 loops=3133)
--                                               Index Cond: (episode_id = ep.id)
--                                               Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id))
--                                               Buffers: shared hit=12742
--                             ->  Aggregate  (cost=750.03..750.04 rows=1 width=11) (actual time=0.021..0.022 rows=1 loops=3133)
--                                   Buffers: shared hit=12733
--                                   ->  Index Scan using measure_administration_episode_idx on measure_administration  (cost=0.43..749.28 rows=43 width=11) (actual time=0.007..0.019 rows=9 loops=3133)
--                                         Index Cond: (episode_id = ep.id)
--                                         Filter: ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR (hashed SubPlan 4))
--                                         Buffers: shared hit=12733
--                                         SubPlan 4
--                                           ->  Bitmap Heap Scan on episode e  (cost=5.34..476.23 rows=1 width=16) (never executed)
--                                                 Recheck Cond: (clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid)
--                                                 Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR ((clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[]))) AND (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.center_ids'::text, true), ''::text), '{}'::text))::uuid[])))
--                                                 ->  Bitmap Index Scan on episode_clinician_idx  (cost=0.00..5.34 rows=120 width=0) (never executed)
--                                                       Index Cond: (clinician_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid)
--                       ->  Aggregate  (cost=31.19..31.20 rows=1 width=9) (actual time=0.004..0.004 rows=1 loops=3133)
--                             Buffers: shared hit=3133
--                             ->  Bitmap Heap Scan on care_alert  (cost=4.13..31.18 rows=1 width=32) (actual time=0.001..0.001 rows=0 loops=3133)
--                                   Recheck Cond: (acknowledged_at IS NULL)
--                                   Filter: ((episode_id = ep.id) AND ((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_treats(episode_id) OR ((kind = 'not_on_track'::text) AND (SubPlan 5))))
--                                   Buffers: shared hit=3133
--                                   ->  Bitmap Index Scan on care_alert_clinician_idx  (cost=0.00..4.13 rows=2 width=0) (actual time=0.001..0.001 rows=0 loops=3133)
--                                         Buffers: shared hit=3133
--                                   SubPlan 5
--                                     ->  Bitmap Heap Scan on enrollment e_1  (cost=4.13..10.57 rows=1 width=0) (never executed)
--                                           Recheck Cond: ((user_id = care_alert.clinician_id) AND (status <> 'withdrawn'::text))
--                                           Filter: (((COALESCE(current_setting('waymark.all_centers'::text, true), ''::text) = 'on'::text) OR (COALESCE(current_setting('waymark.purpose'::text, true), ''::text) = 'system'::text) OR (user_id = (NULLIF(current_setting('waymark.user_id'::text, true), ''::text))::uuid) OR (center_id = ANY ((COALESCE(NULLIF(current_setting('waymark.manage_center_ids'::text, true), ''::text), '{}'::text))::uuid[])) OR waymark_trains_cohort(cohort_id)) AND waymark_trains_cohort(cohort_id))
--                                           ->  Bitmap Index Scan on enrollment_current_key  (cost=0.00..4.13 rows=2 width=0) (never executed)
--                                                 Index Cond: (user_id = care_alert.clinician_id)
--   Planning:
--     Buffers: shared hit=15
--   Planning Time: 3.427 ms
--   Execution Time: 250.686 ms
