/**
 * Training records for the demo network, so that every state of a certification pathway can be
 * seen: just enrolled, mid-way, at risk, complete and awaiting issue, certified, expiring, in the
 * grace period, expired, revoked and withdrawn. Dates are relative to `today`, so the demo looks
 * the same whenever it is started. Cases are synthetic and carry no child data beyond the
 * de-identified fields (case code, age in years, caregiver involvement, dates, measure totals).
 *
 * The demo clinician is mid-way on the TF-CBT national certification, with the latest consultation
 * call's attendance not yet recorded, so a trainer can record it and the clinician can watch the
 * progress move.
 */
import { getInstrument } from '../../modules/care/instruments/index.js';
import { bandFor } from '../../modules/care/scoring.js';
import { sql, type Insertable, type Transaction } from 'kysely';
import type { Config } from '../../config.js';
import { addDays, addMonths } from '../../modules/credentials/progress.js';
import { CredentialsService } from '../../modules/credentials/credentials.service.js';
import { SecretBox, loadSecretKey } from '../../platform/crypto.js';
import type { Database } from '../database.js';
import type { AttendanceTable, DB } from '../schema.js';

type Trx = Transaction<DB>;

interface Person {
  id: string;
  centerId: string;
}

const ARCHETYPES = [
  'just_enrolled',
  'mid_way',
  'at_risk_calls',
  'at_risk_no_case',
  'complete',
  'certified',
  'expiring',
  'in_grace',
  'expired',
  'revoked',
  'withdrawn',
  'regional',
  'cftsi',
] as const;
type Archetype = (typeof ARCHETYPES)[number];

export interface TrainingSeedResult {
  cohorts: number;
  enrolments: number;
  attendance: number;
  cases: number;
  credentials: number;
}

export async function seedDemoTraining(
  db: Database,
  config: Config,
  options: { today?: string; trainees?: number } = {},
): Promise<TrainingSeedResult> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const credentials = new CredentialsService(db, config, new SecretBox(loadSecretKey(config)));
  await credentials.ensureSigningKey();
  return db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
    const seeder = new TrainingSeeder(trx, today, credentials);
    return seeder.run(options.trainees ?? 104);
  });
}

class TrainingSeeder {
  readonly result: TrainingSeedResult = {
    cohorts: 0,
    enrolments: 0,
    attendance: 0,
    cases: 0,
    credentials: 0,
  };
  #caseNo = 0;
  #courses = new Map<string, string>();
  #pathways = new Map<string, string>();
  #models = new Map<string, string>();
  #attendance: Insertable<AttendanceTable>[] = [];

  constructor(
    private readonly trx: Trx,
    private readonly today: string,
    private readonly credentials: CredentialsService,
  ) {}

  d(offset: number): string {
    return addDays(this.today, offset);
  }

  async run(trainees: number): Promise<TrainingSeedResult> {
    const trx = this.trx;
    for (const c of await trx.selectFrom('course').select(['id', 'code']).execute())
      this.#courses.set(c.code, c.id);
    for (const p of await trx.selectFrom('pathway').select(['id', 'code']).execute())
      this.#pathways.set(p.code, p.id);
    for (const m of await trx.selectFrom('training_model').select(['id', 'code']).execute())
      this.#models.set(m.code, m.id);
    const trainer = await trx
      .selectFrom('app_user as u')
      .innerJoin('membership as m', 'm.user_id', 'u.id')
      .select(['u.id'])
      .where('u.email', '=', 'trainer@demo.waymark.test')
      .executeTakeFirstOrThrow();
    const demoRow = await trx
      .selectFrom('app_user as u')
      .innerJoin('membership as m', 'm.user_id', 'u.id')
      .select(['u.id', 'm.center_id'])
      .where('u.email', '=', 'clinician@demo.waymark.test')
      .executeTakeFirstOrThrow();
    const demo: Person = { id: demoRow.id, centerId: demoRow.center_id! };
    const clinicians = await trx
      .selectFrom('membership as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['u.id', 'm.center_id'])
      .where('m.role', '=', 'clinician')
      .where('m.ended_at', 'is', null)
      .where('u.email', 'like', '%@staff.demo.waymark.test')
      .orderBy('u.email')
      .limit(trainees)
      .execute()
      .then((rows) => rows.map((r): Person => ({ id: r.id, centerId: r.center_id! })));

    // Cohorts, run by the demo trainer: three TF-CBT live trainings with their consultation series,
    // a regional CAC training, a CFTSI training, and an open cohort starting in six weeks.
    const L1 = await this.cohort(
      'TF-CBT live training (Dallas, spring)',
      'TFCBT-LIVE',
      'live_session',
      this.d(-420),
      2,
      1,
      trainer.id,
      ['TX', 'OK'],
    );
    const C1 = await this.cohort(
      'TF-CBT consultation, spring group',
      'TFCBT-CONSULT',
      'consultation_call',
      this.d(-406),
      12,
      14,
      trainer.id,
      ['TX', 'OK'],
    );
    const L2 = await this.cohort(
      'TF-CBT live training (virtual, summer)',
      'TFCBT-LIVE',
      'live_session',
      this.d(-150),
      2,
      1,
      trainer.id,
      ['TX', 'CA', 'NY'],
    );
    const C2 = await this.cohort(
      'TF-CBT consultation, summer group',
      'TFCBT-CONSULT',
      'consultation_call',
      this.d(-130),
      12,
      14,
      trainer.id,
      ['TX', 'CA', 'NY'],
    );
    const R1 = await this.cohort(
      'TF-CBT for CACs, regional training (Southeast)',
      'TFCBT-LIVE-CAC',
      'live_session',
      this.d(-200),
      3,
      1,
      trainer.id,
      ['GA', 'FL', 'AL'],
    );
    const RC = await this.cohort(
      'TF-CBT for CACs, regional consultation',
      'TFCBT-CONSULT',
      'consultation_call',
      this.d(-180),
      16,
      14,
      trainer.id,
      ['GA', 'FL', 'AL'],
    );
    const F1 = await this.cohort(
      'CFTSI live training (Ohio)',
      'CFTSI-LIVE',
      'live_session',
      this.d(-100),
      2,
      1,
      trainer.id,
      ['OH', 'MI'],
    );
    const FC = await this.cohort(
      'CFTSI consultation',
      'CFTSI-CONSULT',
      'consultation_call',
      this.d(-86),
      10,
      14,
      trainer.id,
      ['OH', 'MI'],
    );
    const OPEN = await this.cohort(
      'TF-CBT live training (Atlanta, upcoming)',
      'TFCBT-LIVE',
      'live_session',
      this.d(42),
      2,
      1,
      trainer.id,
      ['GA', 'TN', 'NC'],
    );

    const national = this.#pathways.get('TFCBT-NATIONAL')!;
    const regional = this.#pathways.get('TFCBT-CAC-REGIONAL')!;
    const cftsi = this.#pathways.get('CFTSI-CERT')!;

    // The demo clinician: mid-way, latest call not yet recorded.
    await this.qualify(demo.id, 'master', 'permanent');
    await this.pathway(national, demo, this.d(-170));
    await this.completion('TFCBT-WEB', demo, this.d(-165));
    await this.attendAll(L2, demo, () => 'present');
    await this.attendAll(C2, demo, (i, date) => (date >= this.d(-5) ? null : i === 3 ? 'absent' : 'present'));
    await this.case(demo, 'TF-CBT', {
      start: this.d(-120),
      end: this.d(-20),
      caregiver: true,
      measures: ['baseline', 'end'],
    });
    await this.case(demo, 'TF-CBT', {
      start: this.d(-60),
      end: null,
      caregiver: false,
      measures: ['baseline'],
    });

    for (const [i, person] of clinicians.entries()) {
      const kind: Archetype = ARCHETYPES[i % ARCHETYPES.length]!;
      await this.archetype(kind, person, {
        national,
        regional,
        cftsi,
        L1,
        C1,
        L2,
        C2,
        R1,
        RC,
        F1,
        FC,
        OPEN,
      });
    }
    for (let i = 0; i < this.#attendance.length; i += 1000)
      await trx
        .insertInto('attendance')
        .values(this.#attendance.slice(i, i + 1000))
        .execute();
    this.result.attendance = this.#attendance.length;
    // Every cohort has room for the people placed in it (rounded up to the next ten).
    await sql`
      update cohort c set seats = greatest(c.seats, ceil(n.enrolled / 10.0)::int * 10)
      from (select cohort_id, count(*) as enrolled from enrollment where status <> 'withdrawn' group by cohort_id) n
      where n.cohort_id = c.id`.execute(trx);
    return this.result;
  }

  async archetype(
    kind: Archetype,
    p: Person,
    c: Record<'L1' | 'C1' | 'L2' | 'C2' | 'R1' | 'RC' | 'F1' | 'FC' | 'OPEN', Cohort> &
      Record<'national' | 'regional' | 'cftsi', string>,
  ): Promise<void> {
    const present = () => 'present' as const;
    // Everyone but the newest and the CFTSI trainees did the online course.
    if (kind === 'cftsi') {
      await this.qualify(p.id, 'master', 'any');
      await this.pathway(c.cftsi, p, this.d(-110));
      await this.attendAll(c.F1, p, present);
      await this.attendAll(c.FC, p, (i, date) =>
        date > this.d(-1) ? null : i % 4 === 3 ? 'excused' : 'present',
      );
      await this.case(p, 'CFTSI', {
        start: this.d(-70),
        end: this.d(-30),
        caregiver: true,
        measures: ['baseline', 'end'],
      });
      return;
    }
    if (kind === 'regional') {
      await this.qualify(p.id, 'master', 'provisional');
      await this.pathway(c.regional, p, this.d(-220));
      await this.completion('TFCBT-WEB', p, this.d(-215));
      await this.attendAll(c.R1, p, present);
      await this.attendAll(c.RC, p, (i, date) => (date > this.d(-1) ? null : i === 5 ? 'absent' : 'present'));
      await this.case(p, 'TF-CBT', {
        start: this.d(-150),
        end: this.d(-40),
        caregiver: true,
        measures: ['baseline', 'end'],
      });
      await this.case(p, 'TF-CBT', {
        start: this.d(-90),
        end: null,
        caregiver: true,
        measures: ['baseline'],
      });
      return;
    }
    if (kind === 'just_enrolled') {
      // Nothing done yet: no qualifications recorded, a place in the upcoming live training.
      await this.pathway(c.national, p, this.d(-7));
      await this.enrol(c.OPEN, p);
      return;
    }
    await this.qualify(p.id, 'doctorate', 'permanent');
    await this.completion('TFCBT-WEB', p, this.d(-440));
    if (kind === 'mid_way' || kind === 'at_risk_calls') {
      await this.pathway(c.national, p, this.d(-170));
      await this.attendAll(c.L2, p, present);
      await this.attendAll(c.C2, p, (i, date) =>
        date >= this.d(-5)
          ? null
          : kind === 'at_risk_calls' && i >= 6
            ? 'absent'
            : i === 2
              ? 'excused'
              : 'present',
      );
      if (kind === 'mid_way')
        await this.case(p, 'TF-CBT', {
          start: this.d(-100),
          end: null,
          caregiver: true,
          measures: ['baseline'],
        });
      return;
    }
    await this.pathway(c.national, p, this.d(-440), kind === 'withdrawn' ? this.d(-200) : null);
    await this.attendAll(c.L1, p, present);
    if (kind === 'at_risk_no_case' || kind === 'withdrawn') {
      await this.attendAll(c.C1, p, (i) =>
        kind === 'withdrawn' && i > 4 ? null : i % 3 === 2 ? 'absent' : 'present',
      );
      return;
    }
    // Complete on the national pathway (and, below, certified at various times).
    await this.attendAll(c.C1, p, (i) => (i === 4 || i === 9 ? 'absent' : 'present'));
    for (const [n, caregiver] of [true, true, false].entries())
      await this.case(p, 'TF-CBT', {
        start: this.d(-380 + n * 40),
        end: this.d(-250 + n * 40),
        caregiver,
        measures: ['baseline', 'end'],
      });
    await this.testAttempt(p, this.d(-200), 74, false);
    await this.testAttempt(p, this.d(-180), 88, true);
    if (kind === 'complete') return;
    const validFrom = {
      certified: this.d(-150),
      expiring: addDays(addMonths(this.today, -60), 45),
      in_grace: addDays(addMonths(this.today, -60), -30),
      expired: addDays(addMonths(this.today, -60), -200),
      revoked: this.d(-120),
    }[kind];
    await this.credentials.recordHistoric(this.trx, {
      userId: p.id,
      centerId: p.centerId,
      pathwayId: c.national,
      validFrom,
      revoked:
        kind === 'revoked'
          ? { on: this.d(-30), reason: 'Issued before the final case review was complete' }
          : null,
    });
    this.result.credentials++;
  }

  async cohort(
    title: string,
    courseCode: string,
    kind: 'live_session' | 'consultation_call',
    first: string,
    count: number,
    stepDays: number,
    trainerId: string,
    states: string[],
  ): Promise<Cohort> {
    const dates = Array.from({ length: count }, (_, i) => addDays(first, i * stepDays));
    const upcoming = first > this.today;
    const row = await this.trx
      .insertInto('cohort')
      .values({
        title,
        kind: 'course',
        course_id: this.#courses.get(courseCode)!,
        modality: title.includes('virtual') || kind === 'consultation_call' ? 'virtual' : 'in_person',
        states,
        seats: kind === 'consultation_call' ? 40 : 30,
        starts_on: first,
        ends_on: dates.at(-1)!,
        status: upcoming || dates.at(-1)! >= this.today ? 'open' : 'completed',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.trx.insertInto('cohort_trainer').values({ cohort_id: row.id, user_id: trainerId }).execute();
    const events: { id: string; date: string; minutes: number }[] = [];
    for (const [i, date] of dates.entries()) {
      const minutes = kind === 'consultation_call' ? 60 : 390;
      const ev = await this.trx
        .insertInto('cohort_event')
        .values({
          cohort_id: row.id,
          kind,
          title:
            kind === 'consultation_call'
              ? `Consultation call ${i + 1} of ${count}`
              : `Live training day ${i + 1} of ${count}`,
          starts_at: `${date}T${kind === 'consultation_call' ? '17' : '14'}:00:00Z`,
          duration_minutes: minutes,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      events.push({ id: ev.id, date, minutes });
    }
    this.result.cohorts++;
    return { id: row.id, events };
  }

  async enrol(cohort: Cohort, p: Person): Promise<string> {
    const row = await this.trx
      .insertInto('enrollment')
      .values({
        cohort_id: cohort.id,
        user_id: p.id,
        center_id: p.centerId,
        status: 'enrolled',
        enrolled_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.result.enrolments++;
    return row.id;
  }

  /** Enrols and records attendance for every event already held (status null: not recorded). */
  async attendAll(
    cohort: Cohort,
    p: Person,
    status: (i: number, date: string) => 'present' | 'absent' | 'excused' | null,
  ): Promise<void> {
    const enrollmentId = await this.enrol(cohort, p);
    for (const [i, ev] of cohort.events.entries()) {
      if (ev.date > this.today) continue;
      const s = status(i, ev.date);
      if (!s) continue;
      this.#attendance.push({
        event_id: ev.id,
        enrollment_id: enrollmentId,
        user_id: p.id,
        center_id: p.centerId,
        status: s,
        minutes_attended: s === 'present' ? ev.minutes : 0,
        recorded_by: null,
      });
    }
  }

  async qualify(
    userId: string,
    degree: 'master' | 'doctorate',
    license: 'provisional' | 'permanent' | 'any',
  ) {
    await this.trx
      .insertInto('clinician_qualification')
      .values({
        user_id: userId,
        degree_level: degree,
        license_status: license === 'any' ? 'permanent' : license,
        attested_at: new Date(`${this.d(-200)}T12:00:00Z`),
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }

  async pathway(pathwayId: string, p: Person, startedOn: string, withdrawnOn: string | null = null) {
    await this.trx
      .insertInto('pathway_enrollment')
      .values({
        pathway_id: pathwayId,
        user_id: p.id,
        center_id: p.centerId,
        started_on: startedOn,
        status: withdrawnOn ? 'withdrawn' : 'active',
        withdrawn_at: withdrawnOn ? `${withdrawnOn}T12:00:00Z` : null,
        withdraw_reason: withdrawnOn ? 'Left the center' : null,
      })
      .execute();
  }

  async completion(courseCode: string, p: Person, on: string) {
    await this.trx
      .insertInto('course_completion')
      .values({
        course_id: this.#courses.get(courseCode)!,
        user_id: p.id,
        center_id: p.centerId,
        completed_on: on,
        ce_hours: courseCode === 'TFCBT-WEB' ? 10 : 4,
        source: 'record',
      })
      .onConflict((oc) => oc.columns(['course_id', 'user_id']).doNothing())
      .execute();
  }

  async testAttempt(p: Person, on: string, score: number, passed: boolean) {
    await this.trx
      .insertInto('test_attempt')
      .values({
        course_id: this.#courses.get('TFCBT-TEST')!,
        user_id: p.id,
        center_id: p.centerId,
        score,
        pass_mark: 80,
        passed,
        taken_at: `${on}T16:00:00Z`,
      })
      .execute();
  }

  async case(
    p: Person,
    model: string,
    o: { start: string; end: string | null; caregiver: boolean; measures: ('baseline' | 'end')[] },
  ): Promise<void> {
    this.#caseNo++;
    const ep = await this.trx
      .insertInto('episode')
      .values({
        center_id: p.centerId,
        clinician_id: p.id,
        case_code: `DEMO-${String(this.#caseNo).padStart(4, '0')}`,
        age_years: 6 + (this.#caseNo % 11), // the same as `age` below
        caregiver_involved: o.caregiver,
        model_id: this.#models.get(model)!,
        referred_on: addDays(o.start, -21),
        started_on: o.start,
        ended_on: o.end,
        discharge_reason: o.end ? 'completed' : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The CATS version for the child's age: the caregiver report under 7, the self-report from 7.
    const age = 6 + (this.#caseNo % 11);
    const cats = getInstrument(age < 7 ? 'CATS-C3' : 'CATS-SR')!;
    for (const phase of o.measures) {
      const total = phase === 'baseline' ? 24 + (this.#caseNo % 12) : 9 + (this.#caseNo % 8);
      await this.trx
        .insertInto('measure_administration')
        .values({
          episode_id: ep.id,
          center_id: p.centerId,
          instrument: cats.code,
          phase,
          respondent: cats.respondent,
          administered_on: phase === 'baseline' ? o.start : (o.end ?? o.start),
          total_score: total,
          band: bandFor(cats, total).code,
        })
        .execute();
    }
    this.result.cases++;
  }
}

interface Cohort {
  id: string;
  events: { id: string; date: string; minutes: number }[];
}
