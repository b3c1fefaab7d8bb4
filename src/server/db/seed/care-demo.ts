/**
 * Care records for the demo network, so that every care page shows something true to life: a
 * caseload with children waiting, in treatment and discharged, measures that fall for most children,
 * stay level for some and rise for a few, a couple of drop-outs, two "not on track" flags and two
 * open self-harm alerts.
 *
 * Everything is synthetic and de-identified: a center-assigned case code ("C-2026-0142"), age in
 * years, gender, race/ethnicity, caregiver involvement, dates, sessions and item answers. No name,
 * birth date or free text. Dates are offsets from `today`, like the training records, so the demo
 * looks the same whichever day it is started, and the draws come from a seeded PRNG, so the same
 * seed gives the same rows.
 *
 * Each administration's answers are generated first and scored with the instrument's own scoring
 * function (scoreResponses, or scoreTotal for the licensed CPSS-5 a center enters totals for), and
 * alerts follow the rules the service applies: a flagged answer raises "self_harm", the first
 * mid-treatment total reliably worse than the baseline raises "not_on_track". Alerts of discharged
 * children are acknowledged; those of children still in treatment are open.
 *
 * The demo clinician's caseload and the demo center are scripted so that each state appears there;
 * the other clinicians get a few episodes each, drawn from a realistic mix, so the network, state
 * and center summaries have figures.
 */
import { sql, type Transaction } from 'kysely';
import { addDays } from '../../modules/credentials/progress.js';
import { getInstrument } from '../../modules/care/instruments/index.js';
import type {
  InstrumentDefinition,
  ItemResponses,
  ScoreResult,
} from '../../modules/care/instruments/types.js';
import { seriesOutcome, type OutcomePoint } from '../../modules/care/outcomes.js';
import { scoreResponses, scoreTotal } from '../../modules/care/scoring.js';
import type { AlertAction, DB, DischargeReason, Gender, MeasurePhase, RaceEthnicity } from '../schema.js';
import { prng, seededUuid } from './seed.js';

type Trx = Transaction<DB>;

export interface CareDemoResult {
  episodes: number;
  sessions: number;
  administrations: number;
  alerts: number;
}

/** The licensed instrument one demo center has enabled, with totals entered by its clinicians. */
export const DEMO_LICENSED_INSTRUMENT = 'CPSS-5';

/**
 * What happens in an episode. Closed ones: completed (improved, level, or without the end measure
 * yet), dropped out, transferred. Open ones: waiting, just started (baseline due), early, mid-way
 * with the mid-treatment measure due, on track, not on track, and a self-harm answer.
 */
type Course =
  | 'waiting'
  | 'baseline_due'
  | 'early'
  | 'mid_due'
  | 'on_track'
  | 'not_on_track'
  | 'self_harm'
  | 'improved'
  | 'level'
  | 'no_end'
  | 'dropped_out'
  | 'transferred'
  | 'licensed';

/** The mix for clinicians outside the scripted caseloads, as cumulative shares. */
const MIX: readonly [Course, number][] = [
  ['improved', 0.4],
  ['level', 0.48],
  ['dropped_out', 0.6],
  ['transferred', 0.63],
  ['no_end', 0.65],
  ['on_track', 0.8],
  ['mid_due', 0.86],
  ['early', 0.92],
  ['waiting', 1],
];

/** The demo clinician's caseload: one of every state a clinician meets. */
const DEMO_CLINICIAN_CASELOAD: readonly Course[] = [
  'self_harm',
  'not_on_track',
  'waiting',
  'waiting',
  'baseline_due',
  'mid_due',
  'mid_due',
  'early',
  'on_track',
  'on_track',
  'improved',
  'improved',
  'improved',
  'improved',
  'level',
  'no_end',
  'dropped_out',
];

/** The rest of the demo center, across its other clinicians. */
const DEMO_CENTER_CASELOAD: readonly Course[] = [
  'self_harm',
  'not_on_track',
  'licensed',
  'waiting',
  'mid_due',
  'on_track',
  'on_track',
  'early',
  'improved',
  'improved',
  'improved',
  'improved',
  'improved',
  'level',
  'dropped_out',
  'transferred',
];

/** Episodes for each clinician outside the demo center. */
const EPISODES_PER_CLINICIAN = 2;

interface Model {
  id: string;
  code: string;
  components: string[];
}

interface Clinician {
  id: string;
  centerId: string;
}

interface EpisodeRow {
  id: string;
  center_id: string;
  clinician_id: string;
  case_code: string;
  age_years: number;
  gender: Gender;
  race_ethnicity: RaceEthnicity[] | null;
  caregiver_involved: boolean;
  model_id: string;
  referred_on: string;
  started_on: string | null;
  ended_on: string | null;
  discharge_reason: DischargeReason | null;
  created_by: string;
}

interface SessionRow {
  id: string;
  episode_id: string;
  center_id: string;
  held_on: string;
  minutes: number;
  participants: string[];
  components: string[];
  telehealth: boolean;
  created_by: string;
}

interface AdministrationRow {
  id: string;
  episode_id: string;
  center_id: string;
  instrument: string;
  phase: MeasurePhase;
  respondent: string;
  administered_on: string;
  total_score: number;
  item_responses: ItemResponses | null;
  subscales: { code: string; score: number | null }[];
  band: string;
  prorated: boolean;
  source: 'clinician' | 'form';
  language: 'en' | 'es' | null;
  administered_by: string | null;
}

interface AlertRow {
  id: string;
  kind: 'self_harm' | 'not_on_track';
  center_id: string;
  episode_id: string;
  clinician_id: string;
  administration_id: string;
  instrument: string;
  raised_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  action: AlertAction | null;
}

function instrument(code: string): InstrumentDefinition {
  const def = getInstrument(code);
  if (!def) throw new Error(`The demo care data needs the instrument ${code}`);
  return def;
}

class CareDemoSeeder {
  readonly episodes: EpisodeRow[] = [];
  readonly sessions: SessionRow[] = [];
  readonly administrations: AdministrationRow[] = [];
  readonly alerts: AlertRow[] = [];
  readonly #rand: () => number;
  readonly #caseNumbers = new Map<string, number>();

  constructor(
    private readonly today: string,
    seed: number,
    private readonly models: Map<string, Model>,
  ) {
    this.#rand = prng(seed ^ 0xca5e);
  }

  r(): number {
    return this.#rand();
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.r() * (max - min + 1));
  }

  d(offset: number): string {
    return addDays(this.today, offset);
  }

  uuid(): string {
    return seededUuid(this.#rand);
  }

  /** "C-2026-0142": the referral year and a number counting up within the center. */
  caseCode(centerId: string, referredOn: string): string {
    const n = (this.#caseNumbers.get(centerId) ?? 100) + 1 + Math.floor(this.r() * 3);
    this.#caseNumbers.set(centerId, n);
    return `C-${referredOn.slice(0, 4)}-${String(n).padStart(4, '0')}`;
  }

  pickCourse(): Course {
    const u = this.r();
    return MIX.find(([, upTo]) => u < upTo)![0];
  }

  /** The treatment model: mostly TF-CBT, the others where the child's age fits them. */
  pickModel(age: number, course: Course): Model {
    const tfcbt = this.models.get('TF-CBT')!;
    // The scripted cases (alerts, the licensed measure) stay in TF-CBT, the model the demo follows.
    if (['self_harm', 'not_on_track', 'licensed'].includes(course)) return tfcbt;
    const u = this.r();
    const want = u < 0.8 ? 'TF-CBT' : u < 0.88 ? 'CFTSI' : u < 0.94 ? 'AF-CBT' : 'PCIT';
    const fits: Record<string, boolean> = {
      'TF-CBT': true,
      CFTSI: age >= 7,
      'AF-CBT': age >= 5,
      PCIT: age <= 7,
    };
    return (fits[want] && this.models.get(want)) || tfcbt;
  }

  /** Usual number of sessions of a completed course of the model. */
  plannedSessions(model: Model): number {
    if (model.code === 'CFTSI') return this.int(5, 8);
    if (model.code === 'PCIT') return this.int(12, 20);
    return this.int(10, 18);
  }

  /** Measures given in an episode, by the child's age and whether a caregiver takes part. */
  measures(age: number, caregiver: boolean, course: Course): InstrumentDefinition[] {
    if (course === 'licensed') return [instrument(DEMO_LICENSED_INSTRUMENT)];
    if (course === 'self_harm') return [instrument('CATS-SR'), instrument('PHQ-A')];
    const out: InstrumentDefinition[] = [];
    if (age < 7) out.push(instrument('CATS-C3'));
    else {
      out.push(instrument('CATS-SR'));
      if (caregiver && this.r() < 0.4) out.push(instrument('CATS-C7'));
    }
    if (age >= 11) {
      if (this.r() < 0.65) out.push(instrument('PHQ-A'));
      else {
        out.push(instrument('SMFQ-C'));
        if (caregiver && this.r() < 0.5) out.push(instrument('SMFQ-P'));
      }
    } else if (age >= 8 && this.r() < 0.2) out.push(instrument('SMFQ-C'));
    return out;
  }

  episode(clinician: Clinician, course: Course): void {
    const age =
      course === 'self_harm' ? this.int(13, 16) : course === 'licensed' ? this.int(10, 15) : this.int(3, 17);
    const caregiver = age < 7 || this.r() < 0.72;
    const model = this.pickModel(age, course);
    const planned = this.plannedSessions(model);
    const gap = 7 + (this.r() < 0.25 ? 7 : 0);
    const wait = this.int(6, 45);

    // Where the episode stands today: its first session, and how many sessions it has had.
    let started: string | null = null;
    let held = 0;
    let reason: DischargeReason | null = null;
    switch (course) {
      case 'waiting':
        break;
      case 'baseline_due':
        started = this.d(-this.int(3, 9));
        held = 1;
        break;
      case 'early':
        held = this.int(2, 4);
        started = this.d(-(held - 1) * 7 - this.int(1, 5));
        break;
      case 'mid_due':
        held = this.int(6, 8);
        started = this.d(-(held - 1) * 7 - this.int(1, 5));
        break;
      case 'on_track':
      case 'not_on_track':
      case 'self_harm':
        held = this.int(8, 12);
        started = this.d(-(held - 1) * 7 - this.int(1, 5));
        break;
      case 'dropped_out':
        held = this.int(2, 5);
        reason = 'dropped_out';
        break;
      case 'transferred':
        held = this.int(3, 7);
        reason = 'transferred';
        break;
      default:
        held = planned;
        reason = 'completed';
    }
    const weekly = ['early', 'mid_due', 'on_track', 'not_on_track', 'self_harm'].includes(course);
    const step = weekly ? 7 : gap;
    if (reason) {
      // Discharged between three weeks and fourteen months ago.
      const ended = this.d(-this.int(21, 420));
      started = addDays(ended, -(held - 1) * step);
    }
    const referred = course === 'waiting' ? this.d(-this.int(2, 40)) : addDays(started!, -wait);
    const ended = reason ? addDays(started!, (held - 1) * step) : null;

    const u = this.r();
    const gender: Gender = u < 0.6 ? 'female' : u < 0.97 ? 'male' : u < 0.99 ? 'another' : 'not_recorded';
    const v = this.r();
    const race: RaceEthnicity[] | null =
      v < 0.4
        ? ['white']
        : v < 0.62
          ? ['hispanic_latino']
          : v < 0.82
            ? ['black_african_american']
            : v < 0.88
              ? ['white', 'hispanic_latino']
              : v < 0.91
                ? ['asian']
                : v < 0.93
                  ? ['american_indian_alaska_native']
                  : null;

    const ep: EpisodeRow = {
      id: this.uuid(),
      center_id: clinician.centerId,
      clinician_id: clinician.id,
      // Numbered in referral order once every episode exists (seedDemoCare).
      case_code: '',
      age_years: age,
      gender,
      race_ethnicity: race,
      caregiver_involved: caregiver,
      model_id: model.id,
      referred_on: referred,
      started_on: started,
      ended_on: ended,
      discharge_reason: reason,
      created_by: clinician.id,
    };
    this.episodes.push(ep);
    if (!started) return;

    const dates = Array.from({ length: held }, (_, i) => addDays(started, i * step));
    const total = reason === 'completed' ? held : Math.max(held, planned);
    dates.forEach((held_on, i) => {
      // Components in the model's order (for TF-CBT: P, P2, R, A, C, T, I, C2, E) over the planned
      // course, with parenting skills alongside while a caregiver takes part in the first half.
      const at = Math.min(model.components.length - 1, Math.floor((i * model.components.length) / total));
      const components = model.components.length > 0 ? [model.components[at]!] : [];
      if (model.code === 'TF-CBT' && caregiver && i < total / 2 && !components.includes('P2'))
        components.push('P2');
      this.sessions.push({
        id: this.uuid(),
        episode_id: ep.id,
        center_id: ep.center_id,
        held_on,
        minutes: [45, 60, 60, 75, 90][this.int(0, 4)]!,
        participants: !caregiver
          ? ['child']
          : i * 10 >= total * 7
            ? ['child', 'conjoint']
            : i % 2 === 1
              ? ['child', 'caregiver']
              : ['child'],
        components,
        telehealth: this.r() < 0.15,
        created_by: clinician.id,
      });
    });

    this.measureSeries(ep, course, dates, planned);
  }

  /** Time points of the episode's measures, then each instrument's totals along the course. */
  measureSeries(ep: EpisodeRow, course: Course, dates: string[], planned: number): void {
    if (course === 'baseline_due') return;
    const points: { phase: MeasurePhase; on: string; progress: number }[] = [
      { phase: 'baseline', on: dates[0]!, progress: 0 },
    ];
    const mids = [5, 11].filter((i) => i < dates.length - (ep.discharge_reason === 'completed' ? 1 : 0));
    // 'mid_due' has had the sessions but not the measure yet.
    if (course !== 'mid_due' && course !== 'early')
      for (const i of mids)
        points.push({ phase: 'mid_treatment', on: dates[i]!, progress: i / (planned - 1) });
    if (ep.discharge_reason === 'completed' && course !== 'no_end') {
      const last = dates.at(-1)!;
      points.push({ phase: 'end', on: last, progress: 1 });
      const followUp = addDays(last, 90);
      if (followUp <= this.today && this.r() < 0.5)
        points.push({ phase: 'follow_up', on: followUp, progress: 1.1 });
    }
    for (const def of this.measures(ep.age_years, ep.caregiver_involved, course))
      this.instrumentSeries(ep, course, def, points);
  }

  instrumentSeries(
    ep: EpisodeRow,
    course: Course,
    def: InstrumentDefinition,
    points: { phase: MeasurePhase; on: string; progress: number }[],
  ): void {
    const { min, max } = def.scoring;
    const sd = def.reliableChange.sd;
    const clamp = (x: number): number => Math.max(min, Math.min(max, Math.round(x)));
    // Referred children start in or near the clinical range.
    const baseline = clamp(
      course === 'not_on_track'
        ? def.clinicalCutoff - 0.3 * sd
        : def.clinicalCutoff + sd * (this.r() * 1.1 - 0.2),
    );
    // Where the child is heading, in SDs: most improve, some stay level; no random course worsens.
    const heading =
      course === 'level' || course === 'transferred' || course === 'self_harm'
        ? (this.r() - 0.5) * 0.4
        : course === 'dropped_out'
          ? -this.r() * 0.4
          : -(1 + this.r() * 0.9);
    const series: OutcomePoint[] = [];
    for (const [i, p] of points.entries()) {
      const noise = p.phase === 'baseline' ? 0 : (this.r() - 0.5) * 0.2 * sd;
      // Not on track: clearly worse at the first mid-treatment measure, less so at the next.
      const target =
        course === 'not_on_track' && i > 0
          ? clamp(baseline + (i === 1 ? 1.3 : 0.6) * sd + noise)
          : clamp(baseline + heading * sd * Math.min(1, p.progress) + noise);
      // The self-harm case answers PHQ-A item 9 above "not at all" at its latest measure.
      const selfHarm = course === 'self_harm' && def.code === 'PHQ-A' && i === points.length - 1 && i > 0;
      const row = this.administer(ep, def, p.phase, p.on, target, selfHarm);
      series.push({
        id: row.id,
        administeredOn: row.administered_on,
        phase: p.phase,
        total: row.total_score,
      });
    }
    // The same rule as the service: the first mid-treatment total reliably worse than the baseline.
    const outcome = seriesOutcome(def, series);
    if (outcome.notOnTrackPointId) {
      const at = series.find((s) => s.id === outcome.notOnTrackPointId)!;
      this.alert(ep, 'not_on_track', def.code, at.id, at.administeredOn);
    }
  }

  administer(
    ep: EpisodeRow,
    def: InstrumentDefinition,
    phase: MeasurePhase,
    on: string,
    target: number,
    selfHarm: boolean,
  ): AdministrationRow {
    let result: ScoreResult;
    let responses: ItemResponses | null = null;
    if (def.kind === 'total_only') {
      const scored = scoreTotal(def, target);
      if (!scored.ok) throw new Error(`${def.code}: ${scored.problems.map((p) => p.message).join('; ')}`);
      result = scored.result;
    } else {
      responses = this.answers(def, target, phase, selfHarm);
      const scored = scoreResponses(def, responses);
      if (!scored.ok) throw new Error(`${def.code}: ${scored.problems.map((p) => p.message).join('; ')}`);
      result = scored.result;
    }
    // Youth answer about half of their forms on a form link; caregivers mostly on paper.
    const viaForm = def.kind === 'items' && this.r() < (def.respondent === 'youth' ? 0.5 : 0.25);
    const row: AdministrationRow = {
      id: this.uuid(),
      episode_id: ep.id,
      center_id: ep.center_id,
      instrument: def.code,
      phase,
      respondent: def.respondent,
      administered_on: on,
      total_score: result.total,
      item_responses: responses,
      subscales: result.subscales,
      band: result.band.code,
      prorated: result.prorated,
      source: viaForm ? 'form' : 'clinician',
      language: def.kind === 'items' ? (def.languages.includes('es') && this.r() < 0.2 ? 'es' : 'en') : null,
      administered_by: viaForm ? null : ep.clinician_id,
    };
    this.administrations.push(row);
    if (result.flags.length > 0) this.alert(ep, 'self_harm', def.code, row.id, on);
    return row;
  }

  /**
   * Item answers whose scored items add up to `target`: points are dealt one at a time to a random
   * scored item that can take one more. Now and then one scored item is left blank (the scoring
   * prorates it). The safety items stay at "not at all" / "no" unless `selfHarm`.
   */
  answers(def: InstrumentDefinition, target: number, phase: MeasurePhase, selfHarm: boolean): ItemResponses {
    const maxOf = (id: string): number => {
      const item = def.items.find((i) => i.id === id)!;
      const set = def.responseSets.find((s) => s.id === item.responseSet)!;
      return Math.max(...set.options.map((o) => o.value));
    };
    const answers: ItemResponses = {};
    const scored = def.items.filter((i) => i.scored);
    for (const item of scored) answers[item.id] = 0;
    if (selfHarm) answers.q9 = this.r() < 0.5 ? 1 : 2;
    const open = scored.filter((i) => !i.critical).map((i) => i.id);
    let sum = Object.values(answers).reduce((s: number, v) => s + (v ?? 0), 0);
    while (sum < target && open.length > 0) {
      const k = Math.floor(this.r() * open.length);
      const id = open[k]!;
      answers[id] = answers[id]! + 1;
      sum++;
      if (answers[id] === maxOf(id)) open.splice(k, 1);
    }
    for (const item of def.items.filter((i) => !i.scored)) {
      if (item.critical) answers[item.id] = 0;
      // Trauma events are asked at the baseline; impairment and the supplementary questions each time.
      else if (item.section === 'events') {
        if (phase === 'baseline') answers[item.id] = this.r() < 0.2 ? 1 : 0;
      } else
        answers[item.id] = Math.min(maxOf(item.id), Math.floor((target / def.scoring.max) * 3 + this.r()));
    }
    if (this.r() < 0.06) {
      const blank = open[Math.floor(this.r() * open.length)] ?? scored.find((i) => !i.critical)!.id;
      answers[blank] = null;
    }
    return answers;
  }

  alert(ep: EpisodeRow, kind: AlertRow['kind'], code: string, administrationId: string, on: string): void {
    // Children still in treatment keep their alerts open; a discharged child's were dealt with.
    const open = ep.ended_on === null;
    const acknowledgedOn = addDays(on, kind === 'self_harm' ? 0 : 6);
    this.alerts.push({
      id: this.uuid(),
      kind,
      center_id: ep.center_id,
      episode_id: ep.id,
      clinician_id: ep.clinician_id,
      administration_id: administrationId,
      instrument: code,
      raised_at: `${on}T16:00:00Z`,
      acknowledged_at: open ? null : `${acknowledgedOn}T18:00:00Z`,
      acknowledged_by: open ? null : ep.clinician_id,
      action: open ? null : kind === 'self_harm' ? 'safety_plan' : 'reviewed_in_consultation',
    });
  }
}

/** Inserts rows as one statement per chunk: the rows travel as one JSON array, expanded in SQL. */
async function insertJson(trx: Trx, table: string, columns: string[], rows: object[]): Promise<void> {
  const list = sql.raw(columns.join(', '));
  for (let i = 0; i < rows.length; i += 1000)
    await sql`insert into ${sql.table(table)} (${list})
      select ${list} from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows.slice(i, i + 1000))}::jsonb)`.execute(
      trx,
    );
}

/**
 * Adds the demo care data in the seed's transaction (system scope). Call it after the people exist.
 * `today` is a YYYY-MM-DD date; `seed` makes the draws repeatable.
 */
export async function seedDemoCare(
  trx: Trx,
  options: { today: string; seed?: number },
): Promise<CareDemoResult> {
  const models = new Map<string, Model>();
  for (const m of await trx.selectFrom('training_model').select(['id', 'code', 'components']).execute())
    models.set(m.code, { id: m.id, code: m.code, components: m.components.map((c) => c.code) });
  if (!models.has('TF-CBT')) throw new Error('The demo care data needs the TF-CBT training model');

  const people = await trx
    .selectFrom('membership as m')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'm.role', 'm.center_id'])
    .where('m.role', 'in', ['clinician', 'center_director'])
    .where('m.ended_at', 'is', null)
    .where('m.center_id', 'is not', null)
    .where('u.email', 'like', '%demo.waymark.test')
    .orderBy('u.email')
    .execute();
  const demo = people.find((p) => p.email === 'clinician@demo.waymark.test' && p.role === 'clinician');
  const director = people.find((p) => p.email === 'director@demo.waymark.test');
  if (!demo || !director) throw new Error('The demo care data needs the demo clinician and director');
  const demoCenter = demo.center_id!;
  const clinicians = people
    .filter((p) => p.role === 'clinician' && p.id !== demo.id)
    .map((p): Clinician => ({ id: p.id, centerId: p.center_id! }));

  const s = new CareDemoSeeder(options.today, options.seed ?? 2026, models);
  const demoClinician = { id: demo.id, centerId: demoCenter };
  for (const course of DEMO_CLINICIAN_CASELOAD) s.episode(demoClinician, course);
  const colleagues = clinicians.filter((c) => c.centerId === demoCenter);
  DEMO_CENTER_CASELOAD.forEach((course, i) =>
    s.episode(colleagues[i % colleagues.length] ?? demoClinician, course),
  );
  for (const c of clinicians.filter((x) => x.centerId !== demoCenter))
    for (let i = 0; i < EPISODES_PER_CLINICIAN; i++) s.episode(c, s.pickCourse());
  // Case codes count up with the referral date within each center, as a center's own numbering would.
  s.episodes.sort((a, b) => a.referred_on.localeCompare(b.referred_on) || a.id.localeCompare(b.id));
  for (const ep of s.episodes) ep.case_code = s.caseCode(ep.center_id, ep.referred_on);

  await insertJson(
    trx,
    'episode',
    [
      'id',
      'center_id',
      'clinician_id',
      'case_code',
      'age_years',
      'gender',
      'race_ethnicity',
      'caregiver_involved',
      'model_id',
      'referred_on',
      'started_on',
      'ended_on',
      'discharge_reason',
      'created_by',
    ],
    s.episodes,
  );
  await insertJson(
    trx,
    'episode_session',
    [
      'id',
      'episode_id',
      'center_id',
      'held_on',
      'minutes',
      'participants',
      'components',
      'telehealth',
      'created_by',
    ],
    s.sessions,
  );
  await insertJson(
    trx,
    'measure_administration',
    [
      'id',
      'episode_id',
      'center_id',
      'instrument',
      'phase',
      'respondent',
      'administered_on',
      'total_score',
      'item_responses',
      'subscales',
      'band',
      'prorated',
      'source',
      'language',
      'administered_by',
    ],
    s.administrations,
  );
  await insertJson(
    trx,
    'care_alert',
    [
      'id',
      'kind',
      'center_id',
      'episode_id',
      'clinician_id',
      'administration_id',
      'instrument',
      'raised_at',
      'acknowledged_at',
      'acknowledged_by',
      'action',
    ],
    s.alerts,
  );
  // The demo center has the licensed CPSS-5, enabled by its director.
  await trx
    .insertInto('center_instrument')
    .values({ center_id: demoCenter, instrument: DEMO_LICENSED_INSTRUMENT, enabled_by: director.id })
    .execute();

  return {
    episodes: s.episodes.length,
    sessions: s.sessions.length,
    administrations: s.administrations.length,
    alerts: s.alerts.length,
  };
}
