/**
 * Indexes for the outcome summaries at national scale (1.2 million episodes, 10 million sessions and
 * 10 million administrations): each lets one step of the summary read only an index, in episode
 * order, instead of visiting table pages all over the disk. Measured before and after with EXPLAIN
 * (ANALYZE, BUFFERS) in docs/sql/care-outcomes.sql.
 *
 * - episode_cohort_idx: the episodes whose first session falls in a period, with every column the
 *   summary and row-level security read, so a network or state year is an index-only range scan.
 * - episode_session_episode_center_idx: sessions per episode. The center is a key column, not an
 *   INCLUDE, because row-level security reads it and B-tree deduplication then stores an episode's
 *   sessions as one entry: a quarter of the size of the (episode_id, held_on) key.
 * - measure_administration_pre_post_idx: the baseline and end administrations (about a third of
 *   them) with what a pre/post pair needs.
 *
 * Frozen in time: this file imports nothing from src/ and must never change once released.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
-- Building these on a full national database sorts tens of millions of entries.
set local maintenance_work_mem = '256MB';

create index episode_cohort_idx on episode (started_on)
  include (id, center_id, clinician_id, referred_on, ended_on, discharge_reason)
  where started_on is not null;

create index episode_session_episode_center_idx on episode_session (episode_id, center_id);

create index measure_administration_pre_post_idx on measure_administration (episode_id)
  include (instrument, respondent, phase, administered_on, total_score, center_id)
  where phase in ('baseline', 'end');
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
drop index if exists measure_administration_pre_post_idx, episode_session_episode_center_idx, episode_cohort_idx;
`,
    )
    .execute(db);
}
