/**
 * The progress engine: for one clinician and one pathway, the state of every requirement with its
 * evidence and deadline, the pathway's overall state, the single most useful next step and the
 * risks a trainer should know about.
 *
 * Pure and synchronous: the caller loads every fact once for many clinicians (see progress.repo.ts)
 * and calls `evaluatePathway` per clinician and pathway, so a roster of hundreds costs a few
 * queries and microseconds per person. Every threshold comes from the pathway's data.
 */
import {
  DEGREE_RANK,
  type PathwayState,
  type RequirementState,
  type RiskCode,
  type TRequirement,
} from '../../../shared/pathways.js';

// Facts ----------------------------------------------------------------------------------------

export interface PathwayDef {
  id: string;
  code: string;
  name: string;
  modelId: string;
  validityMonths: number | null;
  graceDays: number;
  requirements: TRequirement[];
  renewalRequirements: TRequirement[];
  autoIssue: boolean;
}

export interface ClinicianFacts {
  userId: string;
  qualification: {
    degreeLevel: keyof typeof DEGREE_RANK;
    licenseStatus: 'none' | 'provisional' | 'permanent';
    verified: boolean;
  } | null;
  /** Courses completed (recorded completions and completed cohort enrolments). */
  completions: { courseCode: string; completedOn: string; ceHours: number; title: string }[];
  testAttempts: {
    courseCode: string;
    takenOn: string;
    score: number;
    passed: boolean;
    retakeWaitDays: number | null;
  }[];
  /** Every event of every cohort the clinician is or was enrolled in, with their attendance. */
  events: {
    eventId: string;
    cohortId: string;
    modelId: string | null;
    kind: 'live_session' | 'learning_session' | 'consultation_call';
    title: string;
    date: string;
    durationMinutes: number;
    /** null: not recorded yet. */
    status: 'present' | 'absent' | 'excused' | null;
    minutes: number;
    /** The clinician withdrew from this cohort: events after withdrawal are not theirs. */
    withdrawnOn: string | null;
  }[];
  episodes: {
    id: string;
    caseCode: string;
    modelId: string;
    caregiverInvolved: boolean;
    startedOn: string;
    endedOn: string | null;
    dischargeReason: string | null;
    hasBaseline: boolean;
    hasEnd: boolean;
  }[];
  credentials: {
    id: string;
    pathwayId: string;
    number: string;
    validFrom: string;
    expiresOn: string | null;
    revokedAt: string | null;
    revokeReason: string | null;
    replacesId: string | null;
  }[];
  pathwayEnrollments: {
    /** The enrolment's id (absent in hand-made facts of unit tests). */
    id?: string;
    pathwayId: string;
    status: 'active' | 'withdrawn';
    startedOn: string;
    withdrawnAt: string | null;
  }[];
}

// Results --------------------------------------------------------------------------------------

export interface Evidence {
  kind: 'event' | 'case' | 'course' | 'test' | 'qualification' | 'ce';
  id: string | null;
  date: string | null;
  label: string;
  counted: boolean;
  /** Why it does not count, when it does not. */
  reason: string | null;
}

export interface RequirementProgress {
  id: string;
  kind: TRequirement['kind'];
  label: string;
  state: RequirementState;
  current: number;
  target: number;
  unit: string;
  summary: string;
  deadline: string | null;
  /** What to do next for this requirement; null when met. */
  nextStep: string | null;
  evidence: Evidence[];
}

export interface Risk {
  code: RiskCode;
  message: string;
}

export interface PathwayProgress {
  pathwayId: string;
  pathwayCode: string;
  pathwayName: string;
  state: PathwayState;
  enrolledOn: string | null;
  /** The pathway enrolment, which a treatment episode names to count as a training case. */
  enrollmentId: string | null;
  withdrawnAt: string | null;
  requirements: RequirementProgress[];
  met: number;
  total: number;
  /** Share of requirement targets reached, 0..100 (partial credit within each requirement). */
  percent: number;
  nextStep: { requirementId: string | null; text: string; deadline: string | null } | null;
  credential: {
    id: string;
    number: string;
    validFrom: string;
    expiresOn: string | null;
    status: 'active' | 'expired' | 'revoked';
    revokeReason: string | null;
  } | null;
  /** Renewal requirements over the current validity period, once certified. */
  renewal: { dueOn: string | null; requirements: RequirementProgress[]; met: boolean } | null;
  risks: Risk[];
}

export interface EngineOptions {
  today: string;
  /** Days before expiry in which a certification counts as expiring. */
  expiringDays?: number;
  /** Days before the consultation window closes in which it counts as a risk. */
  windowClosingDays?: number;
  /** Months after the live training without a started case that count as a risk. */
  noCaseMonths?: number;
}

// Dates (all 'YYYY-MM-DD', UTC calendar days) ---------------------------------------------------

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const round1 = (n: number) => Math.round(n * 10) / 10;

// Requirement evaluators -----------------------------------------------------------------------

interface EvalInput {
  pathway: PathwayDef;
  facts: ClinicianFacts;
  today: string;
  /** Only evidence on or after this date counts (renewal periods). */
  since: string | null;
}

function liveDays(input: EvalInput): { days: string[]; evidence: Evidence[] } {
  const { facts, pathway, since } = input;
  const days = new Set<string>();
  const evidence: Evidence[] = [];
  for (const e of facts.events) {
    if (e.kind === 'consultation_call' || e.modelId !== pathway.modelId) continue;
    if (e.date > input.today || (since && e.date < since)) continue;
    const counted = e.status === 'present';
    if (counted) days.add(e.date);
    if (e.status !== null)
      evidence.push({
        kind: 'event',
        id: e.eventId,
        date: e.date,
        label: e.title,
        counted,
        reason: counted ? null : e.status === 'excused' ? 'excused' : 'absent',
      });
  }
  return { days: [...days].sort(), evidence };
}

function evalCredential(
  r: Extract<TRequirement, { kind: 'credential' }>,
  input: EvalInput,
): RequirementProgress {
  const q = input.facts.qualification;
  const checks: { ok: boolean; label: string }[] = [];
  if (r.minDegree)
    checks.push({ ok: !!q && DEGREE_RANK[q.degreeLevel] >= DEGREE_RANK[r.minDegree], label: 'degree' });
  if (r.license !== 'none')
    checks.push({
      ok: !!q && (r.license === 'any' ? q.licenseStatus !== 'none' : q.licenseStatus === 'permanent'),
      label: r.license === 'permanent' ? 'permanent license' : 'license',
    });
  if (r.verified) checks.push({ ok: !!q && q.verified, label: 'verification by the director' });
  const done = checks.filter((c) => c.ok).length;
  const missing = checks.filter((c) => !c.ok).map((c) => c.label);
  const met = missing.length === 0;
  return {
    id: r.id,
    kind: r.kind,
    label: r.label,
    state: met ? 'met' : q ? 'in_progress' : 'not_started',
    current: done,
    target: checks.length,
    unit: 'checks',
    summary: met
      ? 'Qualifications on file'
      : q
        ? `Missing: ${missing.join(', ')}`
        : 'No degree or license on file',
    deadline: null,
    nextStep: met
      ? null
      : !q
        ? 'Record your degree and license in your profile'
        : missing.includes('verification by the director') && missing.length === 1
          ? 'Ask your center director to verify your degree and license'
          : `Update your qualifications: ${missing.join(', ')} needed`,
    evidence: q
      ? [
          {
            kind: 'qualification',
            id: null,
            date: null,
            label: `${q.degreeLevel} degree, ${q.licenseStatus} license${q.verified ? ', verified' : ''}`,
            counted: met,
            reason: met ? null : `missing ${missing.join(', ')}`,
          },
        ]
      : [],
  };
}

function evalCourse(r: Extract<TRequirement, { kind: 'course' }>, input: EvalInput): RequirementProgress {
  const done = input.facts.completions.filter(
    (c) => c.courseCode === r.courseCode && (!input.since || c.completedOn >= input.since),
  );
  const met = done.length > 0;
  return {
    id: r.id,
    kind: r.kind,
    label: r.label,
    state: met ? 'met' : 'not_started',
    current: met ? 1 : 0,
    target: 1,
    unit: 'course',
    summary: met ? `Completed ${done[0]!.completedOn}` : 'Not completed yet',
    deadline: null,
    nextStep: met ? null : `Complete ${done[0]?.title ?? r.label.replace(/ completed$/i, '')}`,
    evidence: done.map((c) => ({
      kind: 'course',
      id: null,
      date: c.completedOn,
      label: c.title,
      counted: true,
      reason: null,
    })),
  };
}

function evalLiveTraining(
  r: Extract<TRequirement, { kind: 'live_training' }>,
  input: EvalInput,
): RequirementProgress {
  const { days, evidence } = liveDays(input);
  const n = days.length;
  const met = n >= r.minDays;
  return {
    id: r.id,
    kind: r.kind,
    label: r.label,
    state: met ? 'met' : n > 0 ? 'in_progress' : 'not_started',
    current: Math.min(n, r.minDays),
    target: r.minDays,
    unit: 'days',
    summary: `${plural(n, 'day')} of ${r.minDays} attended`,
    deadline: null,
    nextStep: met
      ? null
      : n > 0
        ? `Attend ${plural(r.minDays - n, 'more live training day')}`
        : 'Enrol in a live training',
    evidence,
  };
}

/** The consultation window: from the first live training day, for `withinMonths`. */
function consultationWindow(r: Extract<TRequirement, { kind: 'consultation' }>, input: EvalInput) {
  const { days } = liveDays({ ...input, since: null });
  const start = days[0] ?? null;
  return { start, end: start ? addMonths(start, r.withinMonths) : null };
}

function evalConsultation(
  r: Extract<TRequirement, { kind: 'consultation' }>,
  input: EvalInput,
): RequirementProgress {
  const { start, end } = consultationWindow(r, input);
  const calls = input.facts.events
    .filter((e) => e.kind === 'consultation_call' && e.modelId === input.pathway.modelId)
    .filter((e) => !e.withdrawnOn || e.date <= e.withdrawnOn)
    .sort((a, b) => a.date.localeCompare(b.date));
  const evidence: Evidence[] = [];
  let attended = 0;
  let scheduled = 0;
  for (const c of calls) {
    if (c.date > input.today && c.status === null) continue;
    const inWindow = start !== null && end !== null && c.date >= start && c.date < end;
    let reason: string | null = null;
    if (start === null) reason = 'before the live training';
    else if (c.date < start) reason = 'before the live training';
    else if (!inWindow) reason = `after the ${r.withinMonths}-month window closed on ${end}`;
    else if (c.status === 'absent') reason = 'absent';
    else if (c.status === 'excused') reason = 'excused';
    else if (c.status === null) reason = 'attendance not recorded yet';
    if (inWindow) scheduled++;
    const counted = reason === null;
    if (counted) attended++;
    evidence.push({ kind: 'event', id: c.eventId, date: c.date, label: c.title, counted, reason });
  }
  const met = attended >= r.minAttended;
  const expired = !met && end !== null && end <= input.today;
  const remaining = r.minAttended - attended;
  return {
    id: r.id,
    kind: r.kind,
    label: r.label,
    state: met ? 'met' : expired ? 'expired' : attended > 0 ? 'in_progress' : 'not_started',
    current: Math.min(attended, r.minAttended),
    target: r.minAttended,
    unit: 'calls',
    summary: `${attended} of ${r.minAttended} calls attended (${scheduled} held in the window, ${r.scheduled} planned)`,
    deadline: met ? null : end,
    nextStep: met
      ? null
      : expired
        ? `The consultation window closed on ${end}; ask your trainer about a new consultation series`
        : start === null
          ? 'Attend the live training to open your consultation window'
          : `Attend ${plural(remaining, 'more consultation call')} before ${end}`,
    evidence,
  };
}

function evalCases(r: Extract<TRequirement, { kind: 'cases' }>, input: EvalInput): RequirementProgress {
  const evidence: Evidence[] = [];
  let counted = 0;
  let withCaregiver = 0;
  const eps = input.facts.episodes
    .filter((e) => e.modelId === input.pathway.modelId)
    .sort((a, b) => a.startedOn.localeCompare(b.startedOn));
  for (const e of eps) {
    let reason: string | null = null;
    if (input.since && (e.endedOn ?? e.startedOn) < input.since) reason = 'before this certification period';
    else if (!e.endedOn) reason = 'in treatment';
    else if (e.dischargeReason !== 'completed')
      reason = `ended: ${e.dischargeReason?.replace('_', ' ') ?? 'unknown'}`;
    else if (r.measures === 'start_and_end' && !e.hasBaseline)
      reason = 'no standardized measure at the start';
    else if (r.measures === 'start_and_end' && !e.hasEnd) reason = 'no standardized measure at the end';
    const ok = reason === null;
    if (ok) {
      counted++;
      if (e.caregiverInvolved) withCaregiver++;
    }
    evidence.push({
      kind: 'case',
      id: e.id,
      date: e.endedOn ?? e.startedOn,
      label: `Case ${e.caseCode}${e.caregiverInvolved ? ' (caregiver taking part)' : ''}`,
      counted: ok,
      reason,
    });
  }
  // A case with a caregiver counts towards both numbers; without enough caregiver cases the
  // requirement is not met however many cases there are.
  const caregiverShort = Math.max(0, r.minWithCaregiver - withCaregiver);
  const casesShort = Math.max(0, r.minCases - counted);
  const needed = Math.max(casesShort, caregiverShort);
  const met = needed === 0;
  const progress =
    Math.min(counted, r.minCases) - (casesShort === 0 && caregiverShort > 0 ? caregiverShort : 0);
  return {
    id: r.id,
    kind: r.kind,
    label: r.label,
    state: met ? 'met' : eps.length > 0 ? 'in_progress' : 'not_started',
    current: Math.max(0, progress),
    target: r.minCases,
    unit: 'cases',
    summary:
      `${counted} of ${r.minCases} completed cases count` +
      (r.minWithCaregiver > 0 ? `, ${withCaregiver} of ${r.minWithCaregiver} with a caregiver` : ''),
    deadline: null,
    nextStep: met
      ? null
      : `Complete ${plural(needed, 'more case')}` +
        (caregiverShort > 0 ? ` with a caregiver taking part` : '') +
        (r.measures === 'start_and_end' ? ', with a standardized measure at the start and at the end' : ''),
    evidence,
  };
}

function evalTest(r: Extract<TRequirement, { kind: 'test' }>, input: EvalInput): RequirementProgress {
  const attempts = input.facts.testAttempts
    .filter((a) => a.courseCode === r.courseCode && (!input.since || a.takenOn >= input.since))
    .sort((a, b) => a.takenOn.localeCompare(b.takenOn));
  const passed = attempts.find((a) => a.passed);
  const last = attempts.at(-1);
  const retakeOn = !passed && last && last.retakeWaitDays ? addDays(last.takenOn, last.retakeWaitDays) : null;
  return {
    id: r.id,
    kind: r.kind,
    label: r.label,
    state: passed ? 'met' : attempts.length > 0 ? 'in_progress' : 'not_started',
    current: passed ? 1 : 0,
    target: 1,
    unit: 'test',
    summary: passed
      ? `Passed ${passed.takenOn} with ${passed.score}`
      : attempts.length > 0
        ? `${plural(attempts.length, 'attempt')}, last score ${last!.score}`
        : 'Not taken yet',
    deadline: null,
    nextStep: passed
      ? null
      : retakeOn && retakeOn > input.today
        ? `Retake the knowledge test on or after ${retakeOn}`
        : attempts.length > 0
          ? 'Retake the knowledge test'
          : 'Take the knowledge test',
    evidence: attempts.map((a) => ({
      kind: 'test',
      id: null,
      date: a.takenOn,
      label: `Score ${a.score}`,
      counted: a.passed,
      reason: a.passed ? null : 'below the pass mark',
    })),
  };
}

/** CE activities: present attendance (minutes / 60) and recorded course completions. */
export function ceActivitiesOf(facts: ClinicianFacts): { date: string; label: string; hours: number }[] {
  const out: { date: string; label: string; hours: number }[] = [];
  for (const e of facts.events)
    if (e.status === 'present' && e.minutes > 0)
      out.push({ date: e.date, label: e.title, hours: e.minutes / 60 });
  for (const c of facts.completions)
    if (c.ceHours > 0) out.push({ date: c.completedOn, label: c.title, hours: c.ceHours });
  return out;
}

function evalCeHours(r: Extract<TRequirement, { kind: 'ce_hours' }>, input: EvalInput): RequirementProgress {
  const from = addMonths(input.today, -r.periodMonths);
  const since = input.since && input.since > from ? input.since : from;
  const items = ceActivitiesOf(input.facts)
    .filter((a) => a.date <= input.today)
    .sort((a, b) => b.date.localeCompare(a.date));
  let hours = 0;
  const evidence: Evidence[] = items.map((a) => {
    const counted = a.date >= since;
    if (counted) hours += a.hours;
    return {
      kind: 'ce',
      id: null,
      date: a.date,
      label: `${a.label} (${round1(a.hours)} h)`,
      counted,
      reason: counted ? null : 'outside the period',
    };
  });
  hours = round1(hours);
  const met = hours >= r.hours;
  return {
    id: r.id,
    kind: r.kind,
    label: r.label,
    state: met ? 'met' : hours > 0 ? 'in_progress' : 'not_started',
    current: Math.min(hours, r.hours),
    target: r.hours,
    unit: 'hours',
    summary: `${hours} of ${r.hours} hours since ${since}`,
    deadline: null,
    nextStep: met ? null : `Earn ${round1(r.hours - hours)} more CE hours`,
    evidence,
  };
}

export function evaluateRequirement(r: TRequirement, input: EvalInput): RequirementProgress {
  switch (r.kind) {
    case 'credential':
      return evalCredential(r, input);
    case 'course':
      return evalCourse(r, input);
    case 'live_training':
      return evalLiveTraining(r, input);
    case 'consultation':
      return evalConsultation(r, input);
    case 'cases':
      return evalCases(r, input);
    case 'test':
      return evalTest(r, input);
    case 'ce_hours':
      return evalCeHours(r, input);
  }
}

// Risks ----------------------------------------------------------------------------------------

function risksFor(
  pathway: PathwayDef,
  facts: ClinicianFacts,
  requirements: RequirementProgress[],
  opts: Required<EngineOptions>,
): Risk[] {
  const risks: Risk[] = [];
  const calls = facts.events
    .filter((e) => e.kind === 'consultation_call' && e.modelId === pathway.modelId && e.status !== null)
    .filter((e) => e.date <= opts.today && !e.withdrawnOn)
    .sort((a, b) => a.date.localeCompare(b.date));
  const lastTwo = calls.slice(-2);
  if (lastTwo.length === 2 && lastTwo.every((c) => c.status === 'absent'))
    risks.push({
      code: 'missed_consecutive_calls',
      message: `Missed the last 2 consultation calls (${lastTwo[0]!.date}, ${lastTwo[1]!.date})`,
    });
  const consultation = pathway.requirements.find((r) => r.kind === 'consultation');
  const { days } = liveDays({ pathway, facts, today: opts.today, since: null });
  const firstLive = days[0];
  const hasCases = pathway.requirements.some((r) => r.kind === 'cases');
  if (hasCases && firstLive) {
    const due = addMonths(firstLive, opts.noCaseMonths);
    const started = facts.episodes.some((e) => e.modelId === pathway.modelId && e.startedOn >= firstLive);
    if (!started && due <= opts.today)
      risks.push({
        code: 'no_case_started',
        message: `No ${pathway.code.split('-')[0]} case started in the ${opts.noCaseMonths} months since the live training (${firstLive})`,
      });
  }
  if (consultation) {
    const progress = requirements.find((r) => r.id === consultation.id);
    if (progress && progress.state !== 'met' && progress.state !== 'expired' && progress.deadline) {
      const left = daysBetween(opts.today, progress.deadline);
      if (left <= opts.windowClosingDays)
        risks.push({
          code: 'consultation_window_closing',
          message: `Consultation window closes ${progress.deadline} (${plural(left, 'day')}) with ${progress.target - progress.current} calls still needed`,
        });
    }
  }
  return risks;
}

// The pathway ----------------------------------------------------------------------------------

function percentOf(reqs: RequirementProgress[]): number {
  if (reqs.length === 0) return 100;
  const share = reqs.reduce(
    (s, r) => s + (r.state === 'met' ? 1 : r.target > 0 ? Math.min(1, r.current / r.target) : 0),
    0,
  );
  return Math.round((share / reqs.length) * 100);
}

/** The most useful next step: the unmet requirement with the nearest deadline, else the first unmet. */
function nextStepOf(reqs: RequirementProgress[]): PathwayProgress['nextStep'] {
  const open = reqs.filter((r) => r.state !== 'met' && r.nextStep);
  if (open.length === 0) return null;
  const dated = open
    .filter((r) => r.deadline && r.state !== 'expired')
    .sort((a, b) => a.deadline!.localeCompare(b.deadline!));
  const pick = dated[0] ?? open[0]!;
  return { requirementId: pick.id, text: pick.nextStep!, deadline: pick.deadline };
}

export function evaluatePathway(
  pathway: PathwayDef,
  facts: ClinicianFacts,
  options: EngineOptions,
): PathwayProgress {
  const opts: Required<EngineOptions> = {
    expiringDays: 90,
    windowClosingDays: 60,
    noCaseMonths: 4,
    ...options,
  };
  const today = opts.today;
  const enrolment =
    facts.pathwayEnrollments.find((e) => e.pathwayId === pathway.id && e.status === 'active') ??
    facts.pathwayEnrollments.find((e) => e.pathwayId === pathway.id) ??
    null;
  const requirements = pathway.requirements.map((r) =>
    evaluateRequirement(r, { pathway, facts, today, since: null }),
  );
  const met = requirements.filter((r) => r.state === 'met').length;
  const allMet = met === requirements.length;

  // The current credential: the newest one for this pathway that nothing replaced.
  const replaced = new Set(facts.credentials.map((c) => c.replacesId).filter(Boolean));
  const current = facts.credentials
    .filter((c) => c.pathwayId === pathway.id && !replaced.has(c.id))
    .sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];

  let state: PathwayState;
  let credential: PathwayProgress['credential'] = null;
  let renewal: PathwayProgress['renewal'] = null;
  if (current) {
    const expired = current.expiresOn !== null && current.expiresOn < today;
    const status = current.revokedAt ? 'revoked' : expired ? 'expired' : 'active';
    credential = {
      id: current.id,
      number: current.number,
      validFrom: current.validFrom,
      expiresOn: current.expiresOn,
      status,
      revokeReason: current.revokeReason,
    };
    if (status === 'revoked') state = 'revoked';
    else if (status === 'expired')
      state =
        current.expiresOn && addDays(current.expiresOn, pathway.graceDays) >= today ? 'in_grace' : 'expired';
    else if (current.expiresOn && daysBetween(today, current.expiresOn) <= opts.expiringDays)
      state = 'expiring';
    else state = 'certified';
    if (status !== 'revoked' && pathway.renewalRequirements.length > 0) {
      const reqs = pathway.renewalRequirements.map((r) =>
        evaluateRequirement(r, { pathway, facts, today, since: current.validFrom }),
      );
      renewal = {
        dueOn: current.expiresOn,
        requirements: reqs,
        met: reqs.every((r) => r.state === 'met'),
      };
    }
  } else if (enrolment?.status === 'withdrawn') state = 'withdrawn';
  else if (allMet) state = 'complete';
  else if (requirements.some((r) => r.state !== 'not_started')) state = 'in_progress';
  else state = 'not_started';

  let nextStep: PathwayProgress['nextStep'];
  if (state === 'withdrawn') nextStep = null;
  else if (state === 'complete')
    nextStep = {
      requirementId: null,
      text: pathway.autoIssue
        ? 'All requirements met: your certificate is being issued'
        : 'All requirements met: the Institute will review and issue your certificate',
      deadline: null,
    };
  else if (state === 'revoked')
    nextStep = {
      requirementId: null,
      text: 'Your certificate was revoked; contact the Institute',
      deadline: null,
    };
  else if (state === 'expiring' || state === 'in_grace' || state === 'expired') {
    const step = renewal ? nextStepOf(renewal.requirements) : null;
    const by =
      state === 'expiring'
        ? credential!.expiresOn
        : credential!.expiresOn
          ? addDays(credential!.expiresOn, pathway.graceDays)
          : null;
    nextStep =
      state === 'expired'
        ? {
            requirementId: step?.requirementId ?? null,
            text: `Certification expired on ${credential!.expiresOn}: complete the renewal requirements${step ? `: ${step.text.charAt(0).toLowerCase()}${step.text.slice(1)}` : ''}`,
            deadline: null,
          }
        : renewal?.met
          ? {
              requirementId: null,
              text: 'Renewal requirements met: ask the Institute to renew your certificate',
              deadline: by,
            }
          : {
              requirementId: step?.requirementId ?? null,
              text: `Renew by ${by}${step ? `: ${step.text.charAt(0).toLowerCase()}${step.text.slice(1)}` : ''}`,
              deadline: by,
            };
  } else if (state === 'certified') nextStep = null;
  else nextStep = nextStepOf(requirements);

  return {
    pathwayId: pathway.id,
    pathwayCode: pathway.code,
    pathwayName: pathway.name,
    state,
    enrolledOn: enrolment?.startedOn ?? null,
    enrollmentId: enrolment?.id ?? null,
    withdrawnAt: enrolment?.withdrawnAt ?? null,
    requirements,
    met,
    total: requirements.length,
    percent: current && state !== 'revoked' ? 100 : percentOf(requirements),
    nextStep,
    credential,
    renewal,
    risks:
      state === 'in_progress' || state === 'not_started' ? risksFor(pathway, facts, requirements, opts) : [],
  };
}
