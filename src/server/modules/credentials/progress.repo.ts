/**
 * Loads what the progress engine needs for many clinicians at once: one query per kind of fact,
 * whatever the number of clinicians, grouped by user in memory.
 *
 * Runs in system scope: the caller (credentials.service.ts) has already decided who may see whose
 * progress, and trainers must see counts for trainees of other centers.
 */
import { sql, type Transaction } from 'kysely';
import { ZRequirementList } from '../../../shared/pathways.js';
import type { DB } from '../../db/schema.js';
import { uuidArray } from '../../platform/sql.js';
import type { ClinicianFacts, PathwayDef } from './progress.js';

type Trx = Transaction<DB>;

const day = (d: Date | string | null): string | null =>
  d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);

export function toPathwayDef(row: {
  id: string;
  code: string;
  name: string;
  model_id: string;
  validity_months: number | null;
  grace_days: number;
  requirements: unknown;
  renewal_requirements: unknown;
  auto_issue: boolean;
}): PathwayDef {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    modelId: row.model_id,
    validityMonths: row.validity_months,
    graceDays: row.grace_days,
    requirements: ZRequirementList.parse(row.requirements),
    renewalRequirements: ZRequirementList.parse(row.renewal_requirements),
    autoIssue: row.auto_issue,
  };
}

export async function loadPathways(trx: Trx, ids?: string[]): Promise<Map<string, PathwayDef>> {
  let q = trx.selectFrom('pathway').selectAll();
  if (ids) q = q.where(sql<boolean>`id = any(${uuidArray(ids)}::uuid[])`);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.id, toPathwayDef(r)]));
}

export function emptyFacts(userId: string): ClinicianFacts {
  return {
    userId,
    qualification: null,
    completions: [],
    testAttempts: [],
    events: [],
    episodes: [],
    credentials: [],
    pathwayEnrollments: [],
  };
}

export async function loadFacts(trx: Trx, userIds: string[]): Promise<Map<string, ClinicianFacts>> {
  const facts = new Map(userIds.map((id) => [id, emptyFacts(id)]));
  if (userIds.length === 0) return facts;
  const ids = uuidArray(userIds);
  const of = (id: string) => facts.get(id)!;

  const [quals, completions, cohortCompletions, attempts, events, episodes, credentials, enrolments] =
    await Promise.all([
      trx
        .selectFrom('clinician_qualification')
        .select(['user_id', 'degree_level', 'license_status', 'verified_at'])
        .where(sql<boolean>`user_id = any(${ids}::uuid[])`)
        .execute(),
      trx
        .selectFrom('course_completion as cc')
        .innerJoin('course as c', 'c.id', 'cc.course_id')
        .select(['cc.user_id', 'c.code', 'c.title', 'cc.completed_on', 'cc.ce_hours'])
        .where(sql<boolean>`cc.user_id = any(${ids}::uuid[])`)
        .execute(),
      trx
        .selectFrom('enrollment as e')
        .innerJoin('cohort as co', 'co.id', 'e.cohort_id')
        .innerJoin('course as c', 'c.id', 'co.course_id')
        .select(['e.user_id', 'c.code', 'c.title', 'e.completed_at'])
        .where('e.status', '=', 'completed')
        .where(sql<boolean>`e.user_id = any(${ids}::uuid[])`)
        .execute(),
      trx
        .selectFrom('test_attempt as t')
        .innerJoin('course as c', 'c.id', 't.course_id')
        .select(['t.user_id', 'c.code', 't.taken_at', 't.score', 't.passed', 'c.retake_wait_days'])
        .where(sql<boolean>`t.user_id = any(${ids}::uuid[])`)
        .execute(),
      trx
        .selectFrom('enrollment as e')
        .innerJoin('cohort as co', 'co.id', 'e.cohort_id')
        .leftJoin('course as c', 'c.id', 'co.course_id')
        .innerJoin('cohort_event as ev', 'ev.cohort_id', 'e.cohort_id')
        .leftJoin('attendance as a', (j) =>
          j.onRef('a.event_id', '=', 'ev.id').onRef('a.enrollment_id', '=', 'e.id'),
        )
        .select([
          'e.user_id',
          'ev.id as event_id',
          'ev.cohort_id',
          'ev.kind',
          'ev.title',
          'ev.starts_at',
          'ev.duration_minutes',
          'a.status',
          'a.minutes_attended',
          'e.withdrawn_at',
          sql<string | null>`coalesce(co.model_id, c.model_id)`.as('model_id'),
        ])
        .where('e.status', '<>', 'waitlisted')
        .where(sql<boolean>`e.user_id = any(${ids}::uuid[])`)
        .execute(),
      trx
        .selectFrom('episode as ep')
        .select([
          'ep.id',
          'ep.clinician_id',
          'ep.case_code',
          'ep.model_id',
          'ep.caregiver_involved',
          'ep.started_on',
          'ep.ended_on',
          'ep.discharge_reason',
          sql<boolean>`exists (select 1 from measure_administration m where m.episode_id = ep.id and m.phase = 'baseline')`.as(
            'has_baseline',
          ),
          sql<boolean>`exists (select 1 from measure_administration m where m.episode_id = ep.id and m.phase = 'end')`.as(
            'has_end',
          ),
        ])
        .where(sql<boolean>`ep.clinician_id = any(${ids}::uuid[])`)
        // A child still waiting for a first session is not a treatment case yet.
        .where('ep.started_on', 'is not', null)
        .$narrowType<{ started_on: string }>()
        .execute(),
      trx
        .selectFrom('credential')
        .select([
          'id',
          'user_id',
          'pathway_id',
          'number',
          'valid_from',
          'expires_on',
          'revoked_at',
          'revoke_reason',
          'replaces_id',
        ])
        .where(sql<boolean>`user_id = any(${ids}::uuid[])`)
        .execute(),
      trx
        .selectFrom('pathway_enrollment')
        .select(['id', 'user_id', 'pathway_id', 'status', 'started_on', 'withdrawn_at', 'created_at'])
        .where(sql<boolean>`user_id = any(${ids}::uuid[])`)
        .orderBy('created_at', 'desc')
        .execute(),
    ]);

  for (const q of quals)
    of(q.user_id).qualification = {
      degreeLevel: q.degree_level,
      licenseStatus: q.license_status,
      verified: q.verified_at !== null,
    };
  for (const c of completions)
    of(c.user_id).completions.push({
      courseCode: c.code,
      title: c.title,
      completedOn: c.completed_on,
      ceHours: Number(c.ce_hours),
    });
  // A completed cohort counts as the course completed; its CE hours come from attendance.
  for (const c of cohortCompletions)
    if (c.completed_at)
      of(c.user_id).completions.push({
        courseCode: c.code,
        title: c.title,
        completedOn: day(c.completed_at)!,
        ceHours: 0,
      });
  for (const t of attempts)
    of(t.user_id).testAttempts.push({
      courseCode: t.code,
      takenOn: day(t.taken_at)!,
      score: Number(t.score),
      passed: t.passed,
      retakeWaitDays: t.retake_wait_days,
    });
  for (const e of events)
    of(e.user_id).events.push({
      eventId: e.event_id,
      cohortId: e.cohort_id,
      modelId: e.model_id,
      kind: e.kind,
      title: e.title,
      date: day(e.starts_at)!,
      durationMinutes: e.duration_minutes,
      status: e.status ?? null,
      minutes: e.minutes_attended ?? 0,
      withdrawnOn: day(e.withdrawn_at),
    });
  for (const e of episodes)
    of(e.clinician_id).episodes.push({
      id: e.id,
      caseCode: e.case_code,
      modelId: e.model_id,
      caregiverInvolved: e.caregiver_involved,
      startedOn: e.started_on,
      endedOn: e.ended_on,
      dischargeReason: e.discharge_reason,
      hasBaseline: e.has_baseline,
      hasEnd: e.has_end,
    });
  for (const c of credentials)
    of(c.user_id).credentials.push({
      id: c.id,
      pathwayId: c.pathway_id,
      number: c.number,
      validFrom: c.valid_from,
      expiresOn: c.expires_on,
      revokedAt: c.revoked_at ? c.revoked_at.toISOString() : null,
      revokeReason: c.revoke_reason,
      replacesId: c.replaces_id,
    });
  for (const p of enrolments)
    of(p.user_id).pathwayEnrollments.push({
      id: p.id,
      pathwayId: p.pathway_id,
      status: p.status,
      startedOn: p.started_on,
      withdrawnAt: p.withdrawn_at ? p.withdrawn_at.toISOString() : null,
    });
  return facts;
}
