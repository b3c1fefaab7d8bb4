/**
 * Scenario tests of the progress engine on the TF-CBT national certification rules (as seeded by
 * the reference catalog migration): the edges the Institute asked about.
 */
import { describe, expect, it } from 'vitest';
import type { TRequirement } from '../../../shared/pathways.js';
import { addDays, addMonths, evaluatePathway, type ClinicianFacts, type PathwayDef } from './progress.js';

const MODEL = 'model-tfcbt';
const REQUIREMENTS: TRequirement[] = [
  {
    kind: 'credential',
    id: 'credential',
    label: 'Degree and license',
    minDegree: 'master',
    license: 'permanent',
    verified: false,
  },
  { kind: 'course', id: 'tfcbt-web', label: 'TF-CBTWeb completed', courseCode: 'TFCBT-WEB' },
  { kind: 'live_training', id: 'live-training', label: 'Two days of live training', minDays: 2 },
  {
    kind: 'consultation',
    id: 'consultation',
    label: '9 of 12 calls',
    minAttended: 9,
    scheduled: 12,
    withinMonths: 24,
  },
  {
    kind: 'cases',
    id: 'cases',
    label: '3 cases, 2 with caregiver',
    minCases: 3,
    minWithCaregiver: 2,
    measures: 'start_and_end',
  },
  { kind: 'test', id: 'knowledge-test', label: 'Knowledge test passed', courseCode: 'TFCBT-TEST' },
];
const PATHWAY: PathwayDef = {
  id: 'pathway-1',
  code: 'TFCBT-NATIONAL',
  name: 'TF-CBT national therapist certification',
  modelId: MODEL,
  validityMonths: 60,
  graceDays: 90,
  requirements: REQUIREMENTS,
  renewalRequirements: [
    {
      kind: 'cases',
      id: 'continued-practice',
      label: 'Continued practice',
      minCases: 3,
      minWithCaregiver: 0,
      measures: 'start_and_end',
    },
    { kind: 'course', id: 'renewal-modules', label: 'Renewal modules completed', courseCode: 'TFCBT-RENEW' },
  ],
  autoIssue: false,
};
const LIVE_DAY_1 = '2025-01-13';
const TODAY = '2026-06-01';

type Event = ClinicianFacts['events'][number];
type Episode = ClinicianFacts['episodes'][number];

function liveDay(date: string, status: Event['status'] = 'present'): Event {
  return {
    eventId: `live-${date}`,
    cohortId: 'cohort-live',
    modelId: MODEL,
    kind: 'live_session',
    title: `Live training ${date}`,
    date,
    durationMinutes: 390,
    status,
    minutes: status === 'present' ? 390 : 0,
    withdrawnOn: null,
  };
}

/** Twelve calls twice a month from the week after the live training; `attend` says which were attended. */
function calls(attend: (i: number) => Event['status'], count = 12, first = '2025-01-27'): Event[] {
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(first, i * 14);
    const status = attend(i);
    return {
      eventId: `call-${i + 1}`,
      cohortId: 'cohort-consult',
      modelId: MODEL,
      kind: 'consultation_call' as const,
      title: `Consultation call ${i + 1} of ${count}`,
      date,
      durationMinutes: 60,
      status,
      minutes: status === 'present' ? 60 : 0,
      withdrawnOn: null,
    };
  });
}

function episode(n: number, over: Partial<Episode> = {}): Episode {
  return {
    id: `ep-${n}`,
    caseCode: `C-${n}`,
    modelId: MODEL,
    caregiverInvolved: true,
    startedOn: '2025-03-01',
    endedOn: '2025-07-01',
    dischargeReason: 'completed',
    hasBaseline: true,
    hasEnd: true,
    ...over,
  };
}

/** A clinician who meets every requirement; each test takes one thing away. */
function complete(over: Partial<ClinicianFacts> = {}): ClinicianFacts {
  return {
    userId: 'u1',
    qualification: { degreeLevel: 'master', licenseStatus: 'permanent', verified: false },
    completions: [
      { courseCode: 'TFCBT-WEB', completedOn: '2024-12-01', ceHours: 10, title: 'TF-CBTWeb 2.0' },
    ],
    testAttempts: [
      { courseCode: 'TFCBT-TEST', takenOn: '2025-09-01', score: 86, passed: true, retakeWaitDays: 14 },
    ],
    events: [liveDay(LIVE_DAY_1), liveDay(addDays(LIVE_DAY_1, 1)), ...calls(() => 'present')],
    episodes: [episode(1), episode(2), episode(3, { caregiverInvolved: false })],
    credentials: [],
    pathwayEnrollments: [
      { pathwayId: PATHWAY.id, status: 'active', startedOn: '2024-11-15', withdrawnAt: null },
    ],
    ...over,
  };
}

const run = (facts: ClinicianFacts, today = TODAY) => evaluatePathway(PATHWAY, facts, { today });
const req = (p: ReturnType<typeof run>, id: string) => p.requirements.find((r) => r.id === id)!;

describe('progress engine: TF-CBT national certification', () => {
  it('reports a clinician who meets everything as complete, awaiting issue', () => {
    const p = run(complete());
    expect(p.state).toBe('complete');
    expect(p.met).toBe(6);
    expect(p.percent).toBe(100);
    expect(p.nextStep?.text).toMatch(/review and issue/);
  });

  it('counts 9 of 12 consultation calls as met', () => {
    const p = run(
      complete({
        events: [liveDay(LIVE_DAY_1), liveDay('2025-01-14'), ...calls((i) => (i < 9 ? 'present' : 'absent'))],
      }),
    );
    const c = req(p, 'consultation');
    expect(c.state).toBe('met');
    expect(c.current).toBe(9);
    expect(c.evidence.filter((e) => e.counted)).toHaveLength(9);
    expect(c.evidence.filter((e) => e.reason === 'absent')).toHaveLength(3);
  });

  it('does not count 8 of 12, and says how many calls are still needed and by when', () => {
    const p = run(
      complete({
        events: [liveDay(LIVE_DAY_1), liveDay('2025-01-14'), ...calls((i) => (i < 8 ? 'present' : 'absent'))],
      }),
    );
    const c = req(p, 'consultation');
    expect(c.state).toBe('in_progress');
    expect(c.current).toBe(8);
    const windowEnd = addMonths(LIVE_DAY_1, 24);
    expect(c.deadline).toBe(windowEnd);
    expect(p.state).toBe('in_progress');
    expect(p.nextStep).toEqual({
      requirementId: 'consultation',
      text: `Attend 1 more consultation call before ${windowEnd}`,
      deadline: windowEnd,
    });
  });

  it('does not count a call after the 24-month window', () => {
    const late = calls(() => 'present', 1, addMonths(LIVE_DAY_1, 24))[0]!;
    const events = [
      liveDay(LIVE_DAY_1),
      liveDay('2025-01-14'),
      ...calls((i) => (i < 8 ? 'present' : 'absent')),
      { ...late, eventId: 'call-late', title: 'Late call' },
    ];
    const p = run(complete({ events }), '2027-02-01');
    const c = req(p, 'consultation');
    expect(c.current).toBe(8);
    expect(c.evidence.find((e) => e.id === 'call-late')).toMatchObject({
      counted: false,
      reason: `after the 24-month window closed on ${addMonths(LIVE_DAY_1, 24)}`,
    });
    // The window has closed without 9 calls: the requirement expired.
    expect(c.state).toBe('expired');
    expect(c.nextStep).toMatch(/window closed/);
  });

  it('does not count calls before the live training, or any call when there was no live training', () => {
    const early = calls(() => 'present', 12, '2024-06-03');
    const p = run(complete({ events: [liveDay(LIVE_DAY_1), liveDay('2025-01-14'), ...early] }));
    expect(req(p, 'consultation').current).toBe(0);
    const none = run(complete({ events: calls(() => 'present') }));
    expect(req(none, 'consultation').nextStep).toMatch(/Attend the live training/);
    expect(req(none, 'live-training').state).toBe('not_started');
  });

  it('does not meet the cases requirement with 3 cases of which only 1 has a caregiver', () => {
    const p = run(
      complete({
        episodes: [
          episode(1),
          episode(2, { caregiverInvolved: false }),
          episode(3, { caregiverInvolved: false }),
        ],
      }),
    );
    const c = req(p, 'cases');
    expect(c.state).toBe('in_progress');
    expect(c.summary).toBe('3 of 3 completed cases count, 1 of 2 with a caregiver');
    expect(c.nextStep).toMatch(/^Complete 1 more case with a caregiver taking part/);
    expect(p.state).toBe('in_progress');
  });

  it('does not count a case without an end measure, and says why', () => {
    const p = run(complete({ episodes: [episode(1), episode(2), episode(3, { hasEnd: false })] }));
    const c = req(p, 'cases');
    expect(c.state).toBe('in_progress');
    expect(c.current).toBe(2);
    expect(c.evidence.find((e) => e.id === 'ep-3')).toMatchObject({
      counted: false,
      reason: 'no standardized measure at the end',
    });
  });

  it('does not count cases still in treatment, dropped out, or of another model', () => {
    const p = run(
      complete({
        episodes: [
          episode(1),
          episode(2),
          episode(3, { endedOn: null, dischargeReason: null }),
          episode(4, { dischargeReason: 'dropped_out' }),
          episode(5, { modelId: 'model-cftsi' }),
        ],
      }),
    );
    const c = req(p, 'cases');
    expect(c.current).toBe(2);
    expect(c.evidence.map((e) => e.reason)).toEqual([null, null, 'in treatment', 'ended: dropped out']);
  });

  it('asks for a permanent license when only a provisional one is on file', () => {
    const p = run(
      complete({
        qualification: { degreeLevel: 'doctorate', licenseStatus: 'provisional', verified: false },
      }),
    );
    expect(req(p, 'credential')).toMatchObject({
      state: 'in_progress',
      summary: 'Missing: permanent license',
    });
    const none = run(complete({ qualification: null }));
    expect(req(none, 'credential').nextStep).toBe('Record your degree and license in your profile');
  });

  it('enforces the retake wait in the next step after a failed test', () => {
    const p = run(
      complete({
        testAttempts: [
          { courseCode: 'TFCBT-TEST', takenOn: '2026-05-25', score: 70, passed: false, retakeWaitDays: 14 },
        ],
      }),
    );
    expect(req(p, 'knowledge-test')).toMatchObject({
      state: 'in_progress',
      nextStep: 'Retake the knowledge test on or after 2026-06-08',
    });
  });

  it('shows a certified clinician, then expiring, in grace, and expired needing renewal', () => {
    const credential = {
      id: 'cred-1',
      pathwayId: PATHWAY.id,
      number: 'WM-2025-000001',
      validFrom: '2025-10-01',
      expiresOn: '2030-10-01',
      revokedAt: null,
      revokeReason: null,
      replacesId: null,
    };
    const facts = complete({ credentials: [credential] });
    expect(run(facts).state).toBe('certified');
    expect(run(facts).nextStep).toBeNull();
    const expiring = run(facts, '2030-08-01');
    expect(expiring.state).toBe('expiring');
    expect(expiring.nextStep?.text).toMatch(/^Renew by 2030-10-01: /);
    expect(expiring.renewal?.met).toBe(false);
    expect(run(facts, '2030-11-15').state).toBe('in_grace');
    const expired = run(facts, '2031-03-01');
    expect(expired.state).toBe('expired');
    expect(expired.credential?.status).toBe('expired');
    expect(expired.nextStep?.text).toMatch(
      /^Certification expired on 2030-10-01: complete the renewal requirements/,
    );
    // Renewal counts only practice since the certificate: the original three cases do not.
    expect(expired.renewal?.requirements.find((r) => r.id === 'continued-practice')?.current).toBe(0);
    const renewed = run(
      complete({
        credentials: [credential],
        episodes: [1, 2, 3].map((n) => episode(10 + n, { startedOn: '2028-01-01', endedOn: '2028-05-01' })),
        completions: [
          { courseCode: 'TFCBT-WEB', completedOn: '2024-12-01', ceHours: 10, title: 'TF-CBTWeb 2.0' },
          { courseCode: 'TFCBT-RENEW', completedOn: '2029-02-01', ceHours: 4, title: 'Renewal modules' },
        ],
      }),
      '2030-08-01',
    );
    expect(renewed.renewal?.met).toBe(true);
    expect(renewed.nextStep?.text).toMatch(/Renewal requirements met/);
  });

  it('follows a renewal: the newer credential replaces the old one', () => {
    const old = {
      id: 'cred-1',
      pathwayId: PATHWAY.id,
      number: 'WM-2020-000001',
      validFrom: '2020-10-01',
      expiresOn: '2025-10-01',
      revokedAt: null,
      revokeReason: null,
      replacesId: null,
    };
    const renewed = {
      ...old,
      id: 'cred-2',
      number: 'WM-2025-000002',
      validFrom: '2025-09-20',
      expiresOn: '2030-10-01',
      replacesId: 'cred-1',
    };
    const p = run(complete({ credentials: [old, renewed] }));
    expect(p.state).toBe('certified');
    expect(p.credential?.number).toBe('WM-2025-000002');
  });

  it('shows a revoked credential as revoked with its reason', () => {
    const p = run(
      complete({
        credentials: [
          {
            id: 'cred-1',
            pathwayId: PATHWAY.id,
            number: 'WM-2025-000001',
            validFrom: '2025-10-01',
            expiresOn: '2030-10-01',
            revokedAt: '2026-01-01',
            revokeReason: 'Issued in error',
            replacesId: null,
          },
        ],
      }),
    );
    expect(p.state).toBe('revoked');
    expect(p.credential).toMatchObject({ status: 'revoked', revokeReason: 'Issued in error' });
  });

  it('shows a withdrawn enrolment as withdrawn, keeping the progress made', () => {
    const p = run(
      complete({
        episodes: [],
        pathwayEnrollments: [
          { pathwayId: PATHWAY.id, status: 'withdrawn', startedOn: '2024-11-15', withdrawnAt: '2025-05-01' },
        ],
      }),
    );
    expect(p.state).toBe('withdrawn');
    expect(p.nextStep).toBeNull();
    expect(p.met).toBe(5);
  });

  it('does not count calls held after the clinician withdrew from the consultation cohort', () => {
    const events = calls(() => 'present').map((e, i) => ({
      ...e,
      withdrawnOn: '2025-04-01',
      status: i < 5 ? e.status : null,
    }));
    const p = run(complete({ events: [liveDay(LIVE_DAY_1), liveDay('2025-01-14'), ...events] }));
    expect(req(p, 'consultation').current).toBe(5);
  });

  it('starts a newly enrolled clinician at not started, with the first step to take', () => {
    const p = run({
      userId: 'u2',
      qualification: null,
      completions: [],
      testAttempts: [],
      events: [],
      episodes: [],
      credentials: [],
      pathwayEnrollments: [
        { pathwayId: PATHWAY.id, status: 'active', startedOn: '2026-05-01', withdrawnAt: null },
      ],
    });
    expect(p.state).toBe('not_started');
    expect(p.percent).toBe(0);
    expect(p.nextStep?.text).toBe('Record your degree and license in your profile');
  });

  it('flags trainees at risk: two missed calls in a row, no case within 4 months, window closing', () => {
    const missed = run(
      complete({
        episodes: [],
        events: [
          liveDay(LIVE_DAY_1),
          liveDay('2025-01-14'),
          ...calls((i) => (i < 4 ? 'present' : i < 6 ? 'absent' : null), 6),
        ],
      }),
    );
    expect(missed.risks.map((r) => r.code).sort()).toEqual(['missed_consecutive_calls', 'no_case_started']);
    const closing = run(
      complete({
        events: [
          liveDay(LIVE_DAY_1),
          liveDay('2025-01-14'),
          ...calls((i) => (i < 7 ? 'present' : 'excused')),
        ],
      }),
      addDays(addMonths(LIVE_DAY_1, 24), -30),
    );
    expect(closing.risks.map((r) => r.code)).toContain('consultation_window_closing');
    expect(run(complete()).risks).toEqual([]);
  });
});
