/**
 * Outcome summaries (summary.repo.ts) on hand-made episodes whose every figure is worked out by hand
 * below: counts, completion rate, medians of odd and even counts, the earliest baseline and latest
 * end, the youth's pair before the caregiver's, and reliable change on both sides of 1.96. The
 * query runs under row-level security like a request: a director's figures cover their center only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbScope } from '../../src/server/db/database.js';
import type { OutcomeSummaryRow } from '../../src/server/modules/care/care.schemas.js';
import {
  outcomeSummary,
  type InstrumentParams,
  type SummaryFilter,
} from '../../src/server/modules/care/summary.repo.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-app.js';
import { modelId } from '../helpers/training.js';

/**
 * CATS-SR with SD 10 and reliability 0.875: Sdiff = sqrt(2) * 10 * sqrt(0.125) = 5, so a change
 * beyond -9.8 is a reliable improvement. PHQ-A: Sdiff = sqrt(2) * 6 * sqrt(0.14) = 3.175.
 */
const INSTRUMENTS: InstrumentParams[] = [
  { code: 'CATS-SR', sd: 10, reliability: 0.875, clinicalCutoff: 21 },
  { code: 'PHQ-A', sd: 6, reliability: 0.86, clinicalCutoff: 10 },
  { code: 'SMFQ-C', sd: 6, reliability: 0.85, clinicalCutoff: 12 },
];
const YEAR_2025 = { from: '2025-01-01', to: '2025-12-31' };

interface Measure {
  instrument: string;
  phase: 'baseline' | 'mid_treatment' | 'end';
  respondent: 'youth' | 'caregiver';
  on: string;
  total: number;
}

describe('outcome summary', () => {
  let t: TestDatabase;
  let centerA: string;
  let centerB: string;
  let avery: string;
  let blake: string;
  let casey: string;
  let admin: string;
  let director: string;

  async function center(name: string, state: string): Promise<string> {
    const row = await t.db.kysely
      .insertInto('center')
      .values({ name, state, county: 'Travis', zip3: '787', member_type: 'accredited' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function person(
    name: string,
    role: 'clinician' | 'center_director' | 'network_admin',
    at: string | null,
  ) {
    const user = await t.db.kysely
      .insertInto('app_user')
      .values({ email: `${name.toLowerCase().replace(/\W+/g, '.')}@summary.test`, display_name: name })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.kysely.insertInto('membership').values({ user_id: user.id, role, center_id: at }).execute();
    return user.id;
  }

  let cases = 0;
  /** An episode with `sessions` sessions on consecutive days from its start, and its measures. */
  async function episode(e: {
    centerId: string;
    clinicianId: string;
    referredOn: string | null;
    startedOn: string | null;
    endedOn?: string;
    reason?: 'completed' | 'dropped_out' | 'transferred';
    sessions?: number;
    measures?: Measure[];
  }): Promise<string> {
    const row = await t.db.kysely
      .insertInto('episode')
      .values({
        center_id: e.centerId,
        clinician_id: e.clinicianId,
        case_code: `SUM-${++cases}`,
        age_years: 12,
        caregiver_involved: true,
        model_id: await modelId(t.db.kysely, 'TF-CBT'),
        referred_on: e.referredOn,
        started_on: e.startedOn,
        ended_on: e.endedOn ?? null,
        discharge_reason: e.reason ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < (e.sessions ?? 0); i++) {
      const day = new Date(`${e.startedOn!}T00:00:00Z`);
      day.setUTCDate(day.getUTCDate() + i);
      await t.db.kysely
        .insertInto('episode_session')
        .values({
          episode_id: row.id,
          center_id: e.centerId,
          held_on: day.toISOString().slice(0, 10),
          minutes: 60,
          participants: ['child'],
        })
        .execute();
    }
    for (const m of e.measures ?? [])
      await t.db.kysely
        .insertInto('measure_administration')
        .values({
          episode_id: row.id,
          center_id: e.centerId,
          instrument: m.instrument,
          phase: m.phase,
          respondent: m.respondent,
          administered_on: m.on,
          total_score: String(m.total),
        })
        .execute();
    return row.id;
  }

  const cats = (
    phase: Measure['phase'],
    on: string,
    total: number,
    respondent: Measure['respondent'] = 'youth',
  ) => ({
    instrument: 'CATS-SR',
    phase,
    respondent,
    on,
    total,
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    centerA = await center('Alpha Children’s Advocacy Center', 'TX');
    centerB = await center('Beta Children’s Advocacy Center', 'OK');
    avery = await person('Avery Clinician', 'clinician', centerA);
    blake = await person('Blake Clinician', 'clinician', centerA);
    casey = await person('Casey Clinician', 'clinician', centerB);
    director = await person('Dana Director', 'center_director', centerA);
    admin = await person('Noa Admin', 'network_admin', null);

    // E1 (Avery): wait 10, 12 sessions, completed. The earliest baseline (30, not the later 35) and
    // the latest end (20.19, not the earlier 25) count: change -9.81, RC -1.962, reliable.
    await episode({
      centerId: centerA,
      clinicianId: avery,
      referredOn: '2025-01-01',
      startedOn: '2025-01-11',
      endedOn: '2025-04-01',
      reason: 'completed',
      sessions: 12,
      measures: [
        cats('baseline', '2025-01-11', 30),
        cats('baseline', '2025-01-20', 35),
        cats('mid_treatment', '2025-02-20', 25),
        cats('end', '2025-03-25', 25),
        cats('end', '2025-04-01', 20.19),
      ],
    });
    // E2 (Avery): wait 20, 8 sessions, completed; change -9.79, RC -1.958: just inside, not reliable.
    await episode({
      centerId: centerA,
      clinicianId: avery,
      referredOn: '2025-02-01',
      startedOn: '2025-02-21',
      endedOn: '2025-05-01',
      reason: 'completed',
      sessions: 8,
      measures: [cats('baseline', '2025-02-21', 30), cats('end', '2025-05-01', 20.21)],
    });
    // E3 (Blake): wait 30, 3 sessions, dropped out with a baseline only: no pair.
    await episode({
      centerId: centerA,
      clinicianId: blake,
      referredOn: '2025-03-01',
      startedOn: '2025-03-31',
      endedOn: '2025-05-01',
      reason: 'dropped_out',
      sessions: 3,
      measures: [cats('baseline', '2025-03-31', 25)],
    });
    // E4 (Blake): wait 40, 10 sessions, completed. The youth's CATS-SR pair (+12, RC 2.4: reliable
    // deterioration) wins over the caregiver's (-30); PHQ-A -10 (RC -3.15: reliable improvement).
    await episode({
      centerId: centerA,
      clinicianId: blake,
      referredOn: '2025-04-01',
      startedOn: '2025-05-11',
      endedOn: '2025-09-01',
      reason: 'completed',
      sessions: 10,
      measures: [
        cats('baseline', '2025-05-11', 20),
        cats('end', '2025-09-01', 32),
        cats('baseline', '2025-05-11', 40, 'caregiver'),
        cats('end', '2025-09-01', 10, 'caregiver'),
        { instrument: 'PHQ-A', phase: 'baseline', respondent: 'youth', on: '2025-05-11', total: 15 },
        { instrument: 'PHQ-A', phase: 'end', respondent: 'youth', on: '2025-09-01', total: 5 },
      ],
    });
    // E5 (Blake): wait 1, 4 sessions, still in treatment.
    await episode({
      centerId: centerA,
      clinicianId: blake,
      referredOn: '2025-05-01',
      startedOn: '2025-05-02',
      sessions: 4,
      measures: [cats('baseline', '2025-05-02', 28)],
    });
    // E6 (Avery): started in 2024, outside the 2025 cohort; wait 14, 6 sessions, no change.
    await episode({
      centerId: centerA,
      clinicianId: avery,
      referredOn: '2024-12-01',
      startedOn: '2024-12-15',
      endedOn: '2025-02-01',
      reason: 'completed',
      sessions: 6,
      measures: [cats('baseline', '2024-12-15', 30), cats('end', '2025-02-01', 30)],
    });
    // E7 (Avery): referred, still waiting: in no cohort.
    await episode({ centerId: centerA, clinicianId: avery, referredOn: '2025-06-01', startedOn: null });
    // E8 (Avery): no referral date, no session recorded, transferred. Only the caregiver has a pair
    // (-10, RC -2: reliable improvement).
    await episode({
      centerId: centerA,
      clinicianId: avery,
      referredOn: null,
      startedOn: '2025-07-01',
      endedOn: '2025-08-01',
      reason: 'transferred',
      measures: [
        cats('baseline', '2025-07-01', 18),
        cats('baseline', '2025-07-01', 22, 'caregiver'),
        cats('end', '2025-08-01', 12, 'caregiver'),
      ],
    });
    // E10 (Casey, the other center): wait 9, 5 sessions, completed, -30.
    await episode({
      centerId: centerB,
      clinicianId: casey,
      referredOn: '2025-02-20',
      startedOn: '2025-03-01',
      endedOn: '2025-06-01',
      reason: 'completed',
      sessions: 5,
      measures: [cats('baseline', '2025-03-01', 40), cats('end', '2025-06-01', 10)],
    });
  });

  afterAll(async () => {
    await t?.destroy();
  });

  const adminScope = (): DbScope => ({ purpose: 'user', userId: admin, allCenters: true });
  const directorScope = (): DbScope => ({
    purpose: 'user',
    userId: director,
    centerIds: [centerA],
    manageCenterIds: [centerA],
  });

  function summary(scope: DbScope, filter: SummaryFilter): Promise<OutcomeSummaryRow[]> {
    return t.db.scoped(scope, (trx) => outcomeSummary(trx, filter, INSTRUMENTS));
  }

  /** Center A in 2025: E1, E2, E3, E4, E5, E8. */
  const CENTER_A_2025 = {
    episodesStarted: 6,
    episodesCompleted: 3,
    episodesClosed: 5,
    completionRate: 0.6,
    // Closed: 12, 8, 3, 10, 0 sessions -> 0 3 8 10 12.
    medianSessions: 8,
    // With a referral date: 10, 20, 30, 40, 1 days -> 1 10 20 30 40.
    medianWaitDays: 20,
  };

  it('sums the network and interpolates medians of even counts', async () => {
    const [network, ...more] = await summary(adminScope(), { level: 'network', ...YEAR_2025 });
    expect(more).toHaveLength(0);
    expect(network).toMatchObject({
      key: 'network',
      label: 'Network',
      episodesStarted: 7,
      episodesCompleted: 4,
      episodesClosed: 6,
      // Sessions 0 3 5 8 10 12 -> (5 + 8) / 2; waits 1 9 10 20 30 40 -> (10 + 20) / 2.
      medianSessions: 6.5,
      medianWaitDays: 15,
    });
    expect(network!.completionRate).toBeCloseTo(4 / 6, 10);
    const [catsSr, phqA, smfq] = network!.instruments;
    // Pairs: -9.81 (E1), -9.79 (E2), +12 (E4), -10 (E8), -30 (E10).
    expect(catsSr).toMatchObject({ instrument: 'CATS-SR', withPrePost: 5 });
    expect(catsSr!.meanChange).toBeCloseTo(-47.6 / 5, 10);
    expect(catsSr!.reliableImprovementShare).toBeCloseTo(3 / 5, 10);
    expect(catsSr!.reliableDeteriorationShare).toBeCloseTo(1 / 5, 10);
    expect(phqA).toMatchObject({ instrument: 'PHQ-A', withPrePost: 1, meanChange: -10 });
    expect(phqA!.reliableImprovementShare).toBe(1);
    expect(phqA!.reliableDeteriorationShare).toBe(0);
    expect(smfq).toEqual({
      instrument: 'SMFQ-C',
      withPrePost: 0,
      meanChange: null,
      reliableImprovementShare: null,
      reliableDeteriorationShare: null,
    });
  });

  it('groups by clinician with the figures of each', async () => {
    const rows = await summary(adminScope(), { level: 'clinician', centerId: centerA, ...YEAR_2025 });
    expect(rows.map((r) => [r.key, r.label])).toEqual([
      [avery, 'Avery Clinician'],
      [blake, 'Blake Clinician'],
    ]);
    const [a, b] = rows;
    // Avery: E1, E2, E8; closed sessions 12 8 0 -> 8; waits 10 20 -> 15.
    expect(a).toMatchObject({
      episodesStarted: 3,
      episodesCompleted: 2,
      episodesClosed: 3,
      medianSessions: 8,
      medianWaitDays: 15,
    });
    expect(a!.completionRate).toBeCloseTo(2 / 3, 10);
    expect(a!.instruments[0]!.withPrePost).toBe(3);
    expect(a!.instruments[0]!.meanChange).toBeCloseTo((-9.81 - 9.79 - 10) / 3, 10);
    expect(a!.instruments[0]!.reliableImprovementShare).toBeCloseTo(2 / 3, 10);
    expect(a!.instruments[0]!.reliableDeteriorationShare).toBe(0);
    expect(a!.instruments[1]!.withPrePost).toBe(0);
    // Blake: E3, E4, E5; closed sessions 3 10 -> 6.5; waits 30 40 1 -> 30.
    expect(b).toMatchObject({
      episodesStarted: 3,
      episodesCompleted: 1,
      episodesClosed: 2,
      completionRate: 0.5,
      medianSessions: 6.5,
      medianWaitDays: 30,
    });
    expect(b!.instruments[0]).toMatchObject({ withPrePost: 1, meanChange: 12, reliableImprovementShare: 0 });
    expect(b!.instruments[0]!.reliableDeteriorationShare).toBe(1);
    expect(b!.instruments[1]).toMatchObject({ withPrePost: 1, meanChange: -10, reliableImprovementShare: 1 });
  });

  it('groups by center and by state', async () => {
    const centers = await summary(adminScope(), { level: 'center', ...YEAR_2025 });
    expect(centers.map((r) => r.label)).toEqual([
      'Alpha Children’s Advocacy Center',
      'Beta Children’s Advocacy Center',
    ]);
    expect(centers[0]).toMatchObject({ key: centerA, ...CENTER_A_2025 });
    const catsA = centers[0]!.instruments[0]!;
    expect(catsA.withPrePost).toBe(4);
    expect(catsA.meanChange).toBeCloseTo(-17.6 / 4, 10);
    expect(catsA.reliableImprovementShare).toBe(0.5);
    expect(catsA.reliableDeteriorationShare).toBe(0.25);
    expect(centers[1]).toMatchObject({
      key: centerB,
      episodesStarted: 1,
      medianSessions: 5,
      medianWaitDays: 9,
    });

    const states = await summary(adminScope(), { level: 'state', ...YEAR_2025 });
    expect(states.map((r) => [r.key, r.label, r.episodesStarted])).toEqual([
      ['OK', 'OK', 1],
      ['TX', 'TX', 6],
    ]);
    expect(await summary(adminScope(), { level: 'state', state: 'OK', ...YEAR_2025 })).toHaveLength(1);
  });

  it('filters on the first-session date, both ends inclusive', async () => {
    const [all] = await summary(adminScope(), { level: 'network' });
    expect(all!.episodesStarted).toBe(8);
    const [only2024] = await summary(adminScope(), { level: 'network', to: '2024-12-31' });
    expect(only2024).toMatchObject({ episodesStarted: 1, medianWaitDays: 14, medianSessions: 6 });
    expect(only2024!.instruments[0]).toMatchObject({
      withPrePost: 1,
      meanChange: 0,
      reliableImprovementShare: 0,
    });
    const [oneDay] = await summary(adminScope(), { level: 'network', from: '2025-01-11', to: '2025-01-11' });
    expect(oneDay!.episodesStarted).toBe(1);
    const [none] = await summary(adminScope(), { level: 'network', from: '2030-01-01' });
    expect(none).toMatchObject({ episodesStarted: 0, completionRate: null, medianSessions: null });
    expect(none!.instruments.map((i) => i.withPrePost)).toEqual([0, 0, 0]);
  });

  it("counts only a director's own center, whatever the level or filter asks", async () => {
    const [network] = await summary(directorScope(), { level: 'network', ...YEAR_2025 });
    expect(network).toMatchObject(CENTER_A_2025);
    expect(network!.instruments[0]!.withPrePost).toBe(4);
    const centers = await summary(directorScope(), { level: 'center', ...YEAR_2025 });
    expect(centers.map((r) => r.key)).toEqual([centerA]);
    expect(await summary(directorScope(), { level: 'center', centerId: centerB, ...YEAR_2025 })).toEqual([]);
    const states = await summary(directorScope(), { level: 'state', ...YEAR_2025 });
    expect(states.map((r) => r.key)).toEqual(['TX']);
  });

  it("counts only a clinician's own episodes", async () => {
    const rows = await summary(
      { purpose: 'user', userId: avery, centerIds: [centerA] },
      { level: 'clinician', ...YEAR_2025 },
    );
    expect(rows.map((r) => [r.key, r.episodesStarted])).toEqual([[avery, 3]]);
  });

  it("keeps each episode's figures right as a clinician records, corrects and deletes under row-level security", async () => {
    // A 2026 episode of Casey's (outside the 2025 cohort the other tests read), written by Casey
    // in a scoped transaction: the triggers that keep session_count and outcome_changes run as the
    // writer, a role that row-level security applies to.
    const id = await episode({
      centerId: centerB,
      clinicianId: casey,
      referredOn: '2026-01-01',
      startedOn: '2026-01-05',
    });
    const casey2026 = () =>
      summary(
        { purpose: 'user', userId: casey, centerIds: [centerB] },
        {
          level: 'clinician',
          from: '2026-01-01',
          to: '2026-12-31',
        },
      ).then((rows) => rows[0]!);
    const stored = () =>
      t.db.kysely
        .selectFrom('episode')
        .select(['session_count', 'outcome_changes'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
        .then((r) => ({ sessions: r.session_count, changes: normalise(r.outcome_changes) }));
    const normalise = (changes: Record<string, number | string>) =>
      Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, Number(v)]));
    const asCasey = <T>(fn: (trx: Parameters<Parameters<typeof t.db.scoped>[1]>[0]) => Promise<T>) =>
      t.db.scoped({ purpose: 'user', userId: casey, centerIds: [centerB] }, fn);
    const measure = (
      phase: 'baseline' | 'end',
      respondent: 'youth' | 'caregiver',
      on: string,
      total: number,
    ) => ({
      episode_id: id,
      center_id: centerB,
      instrument: 'CATS-SR',
      phase,
      respondent,
      administered_on: on,
      total_score: String(total),
    });

    expect(await stored()).toEqual({ sessions: 0, changes: {} });

    // Two sessions and a youth pair in one statement each, as an import chunk would write them.
    const youthEnd = await asCasey(async (trx) => {
      await trx
        .insertInto('episode_session')
        .values(
          ['2026-01-05', '2026-01-12'].map((held_on) => ({
            episode_id: id,
            center_id: centerB,
            held_on,
            minutes: 50,
            participants: ['child'],
          })),
        )
        .execute();
      const rows = await trx
        .insertInto('measure_administration')
        .values([measure('baseline', 'youth', '2026-01-05', 30), measure('end', 'youth', '2026-03-01', 18)])
        .returning(['id', 'phase'])
        .execute();
      await trx
        .updateTable('episode')
        .set({ ended_on: '2026-03-01', discharge_reason: 'completed' })
        .where('id', '=', id)
        .execute();
      return rows.find((r) => r.phase === 'end')!.id;
    });
    expect(await stored()).toEqual({ sessions: 2, changes: { 'CATS-SR': -12 } });
    expect(await casey2026()).toMatchObject({ episodesClosed: 1, medianSessions: 2 });
    expect((await casey2026()).instruments[0]).toMatchObject({
      withPrePost: 1,
      meanChange: -12,
      reliableImprovementShare: 1,
    });

    // A corrected end score: the change follows it (+5, no reliable change at Sdiff 5).
    await asCasey((trx) =>
      trx
        .updateTable('measure_administration')
        .set({ total_score: '35' })
        .where('id', '=', youthEnd)
        .execute(),
    );
    expect(await stored()).toEqual({ sessions: 2, changes: { 'CATS-SR': 5 } });
    expect((await casey2026()).instruments[0]).toMatchObject({ meanChange: 5, reliableImprovementShare: 0 });

    // The caregiver's pair, then the youth's end deleted as entered in error: the caregiver's counts.
    await asCasey(async (trx) => {
      await trx
        .insertInto('measure_administration')
        .values([
          measure('baseline', 'caregiver', '2026-01-05', 40),
          measure('end', 'caregiver', '2026-03-01', 20),
        ])
        .execute();
      await trx.deleteFrom('measure_administration').where('id', '=', youthEnd).execute();
      await trx
        .deleteFrom('episode_session')
        .where('episode_id', '=', id)
        .where('held_on', '=', '2026-01-12')
        .execute();
    });
    expect(await stored()).toEqual({ sessions: 1, changes: { 'CATS-SR': -20 } });
    expect(await casey2026()).toMatchObject({ medianSessions: 1 });
    expect((await casey2026()).instruments[0]).toMatchObject({ withPrePost: 1, meanChange: -20 });
  });
});
