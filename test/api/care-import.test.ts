/**
 * CSV import of care data through POST /api/v1/care-imports: episodes, then their sessions and
 * administrations; a re-run changes nothing; a file with one bad row writes nothing and reports
 * that row; identifier columns refuse the file before a row is read; a director imports for their
 * own center only; clinicians may not import; templates and the error report download.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTIFIER_REFUSAL } from '../../src/shared/privacy.js';
import type { TCareImportReport } from '../../src/server/modules/care/care-import.schemas.js';
import { ROLES, ROLE_SCOPE } from '../../src/shared/roles.js';
import { CARE_IMPORT_FIXTURES } from '../helpers/care-import-matrix.js';
import { asSystem, expectError } from '../helpers/matrix.js';
import { buildTestApp, type Session, type TestApp, type TestUser } from '../helpers/test-app.js';

const EPISODE_HEADER =
  'center,case_code,clinician_email,age_years,gender,race_ethnicity,caregiver_involved,model_code,referred_on,first_session_on,discharged_on,discharge_reason';
const SESSION_HEADER = 'center,case_code,held_on,minutes,participants,components,telehealth';
const ADMIN_HEADER = 'center,case_code,instrument,phase,respondent,administered_on,total';

describe('importing care data from CSV', () => {
  let t: TestApp;
  let admin: Session;
  let director: Session;
  let otherDirector: Session;
  let clinicianSession: Session;
  let clinician: TestUser;
  let centerA: string;
  let centerB: string;
  const nameA = 'Riverbend Import CAC';
  const nameB = 'Lakeside Import CAC';

  beforeAll(async () => {
    t = await buildTestApp();
    centerA = await t.createCenter({ name: nameA, state: 'TX' });
    centerB = await t.createCenter({ name: nameB, state: 'OK' });
    admin = await t.signIn('network_admin');
    director = await t.signIn('center_director', { centerId: centerA });
    otherDirector = await t.signIn('center_director', { centerId: centerB });
    clinician = await t.createUser({ role: 'clinician', centerId: centerA });
    clinicianSession = await t.login(clinician.email);
  });
  afterAll(async () => t?.close());

  function upload(session: Session, query: string, csv: string) {
    return session.request({
      method: 'POST',
      url: `/api/v1/care-imports?${query}`,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      payload: csv,
    });
  }
  async function report(session: Session, query: string, csv: string): Promise<TCareImportReport> {
    const res = await upload(session, query, csv);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<TCareImportReport>();
  }
  const count = (table: 'episode' | 'episode_session' | 'measure_administration', centerId: string) =>
    asSystem(t, async (trx) =>
      Number(
        (
          await trx
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('center_id', '=', centerId)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );

  const episodes = () =>
    [
      EPISODE_HEADER,
      `${nameA},C-2025-0001,${clinician.email},9,female,white;hispanic,yes,TF-CBT,2025-01-06,2025-01-13,2025-04-28,completed`,
      `${nameA},C-2025-0002,${clinician.email.toUpperCase()},14,M,,no,tf-cbt,2/3/2025,2/10/2025,,`,
    ].join('\n');
  const sessions = [
    SESSION_HEADER,
    `${nameA},C-2025-0001,2025-01-13,60,child;caregiver,P;Relaxation,no`,
    `${nameA},C-2025-0001,2025-01-20,55,conjoint,A,telehealth`,
    `${nameA},C-2025-0002,2025-02-10,45,child,,`,
  ].join('\r\n');
  const administrations = [
    ADMIN_HEADER,
    `${nameA},C-2025-0001,CATS-SR,baseline,youth,2025-01-13,30`,
    `${nameA},C-2025-0001,CATS-SR,post,self,2025-04-28,12`,
    `${nameA},C-2025-0002,SMFQ-C,intake,,2025-02-10,15`,
  ].join('\n');

  describe('a director importing a case-tracking export', () => {
    it('imports episodes, sessions and administrations in turn', async () => {
      const e = await report(director, 'kind=episodes&filename=episodes.csv', episodes());
      expect(e).toMatchObject({
        kind: 'episodes',
        status: 'completed',
        totalRows: 2,
        accepted: 2,
        inserted: 2,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        rejections: [],
      });
      const rows = await asSystem(t, (trx) =>
        trx
          .selectFrom('episode')
          .select([
            'case_code',
            'clinician_id',
            'age_years',
            'gender',
            'race_ethnicity',
            'caregiver_involved',
            'referred_on',
            'started_on',
            'ended_on',
            'discharge_reason',
          ])
          .where('center_id', '=', centerA)
          .orderBy('case_code')
          .execute(),
      );
      expect(rows).toEqual([
        {
          case_code: 'C-2025-0001',
          clinician_id: clinician.id,
          age_years: 9,
          gender: 'female',
          race_ethnicity: ['hispanic_latino', 'white'],
          caregiver_involved: true,
          referred_on: '2025-01-06',
          started_on: '2025-01-13',
          ended_on: '2025-04-28',
          discharge_reason: 'completed',
        },
        {
          case_code: 'C-2025-0002',
          clinician_id: clinician.id,
          age_years: 14,
          gender: 'male',
          race_ethnicity: null,
          caregiver_involved: false,
          referred_on: '2025-02-03',
          started_on: '2025-02-10',
          ended_on: null,
          discharge_reason: null,
        },
      ]);

      const s = await report(director, 'kind=sessions', sessions);
      expect(s).toMatchObject({ status: 'completed', totalRows: 3, inserted: 3, rejected: 0 });
      const held = await asSystem(t, (trx) =>
        trx
          .selectFrom('episode_session')
          .select(['held_on', 'minutes', 'participants', 'components', 'telehealth'])
          .where('center_id', '=', centerA)
          .orderBy('held_on')
          .execute(),
      );
      expect(held).toEqual([
        {
          held_on: '2025-01-13',
          minutes: 60,
          participants: ['child', 'caregiver'],
          components: ['P', 'R'],
          telehealth: false,
        },
        {
          held_on: '2025-01-20',
          minutes: 55,
          participants: ['conjoint'],
          components: ['A'],
          telehealth: true,
        },
        { held_on: '2025-02-10', minutes: 45, participants: ['child'], components: [], telehealth: false },
      ]);

      const a = await report(director, 'kind=administrations', administrations);
      expect(a).toMatchObject({ status: 'completed', totalRows: 3, inserted: 3, rejected: 0 });
      const measures = await asSystem(t, (trx) =>
        trx
          .selectFrom('measure_administration')
          .select(['instrument', 'phase', 'respondent', 'administered_on', 'total_score', 'band', 'source'])
          .where('center_id', '=', centerA)
          .orderBy('administered_on')
          .execute(),
      );
      expect(measures.map((m) => ({ ...m, total_score: Number(m.total_score) }))).toEqual([
        {
          instrument: 'CATS-SR',
          phase: 'baseline',
          respondent: 'youth',
          administered_on: '2025-01-13',
          total_score: 30,
          band: 'probable_ptsd',
          source: 'import',
        },
        {
          instrument: 'SMFQ-C',
          phase: 'baseline',
          respondent: 'youth',
          administered_on: '2025-02-10',
          total_score: 15,
          band: expect.any(String) as string,
          source: 'import',
        },
        {
          instrument: 'CATS-SR',
          phase: 'end',
          respondent: 'youth',
          administered_on: '2025-04-28',
          total_score: 12,
          band: 'none',
          source: 'import',
        },
      ]);
    });

    it('changes nothing when the same files are imported again', async () => {
      const before = [
        await count('episode', centerA),
        await count('episode_session', centerA),
        await count('measure_administration', centerA),
      ];
      const e = await report(director, 'kind=episodes', episodes());
      const s = await report(director, 'kind=sessions', sessions);
      const a = await report(director, 'kind=administrations', administrations);
      for (const r of [e, s, a]) {
        expect(r.status).toBe('completed');
        expect(r.inserted).toBe(0);
        expect(r.updated).toBe(0);
        expect(r.unchanged).toBe(r.totalRows);
      }
      expect([
        await count('episode', centerA),
        await count('episode_session', centerA),
        await count('measure_administration', centerA),
      ]).toEqual(before);
    });

    it('updates a changed row in place, by center and case code', async () => {
      const changed = episodes().replace(',14,M,', ',15,M,');
      const r = await report(director, 'kind=episodes', changed);
      expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
      const age = await asSystem(t, (trx) =>
        trx
          .selectFrom('episode')
          .select('age_years')
          .where('center_id', '=', centerA)
          .where('case_code', '=', 'C-2025-0002')
          .executeTakeFirstOrThrow(),
      );
      expect(age.age_years).toBe(15);
    });

    it('records the import and audits it with counts, not content', async () => {
      const r = await report(director, 'kind=sessions&filename=again.csv', sessions);
      const batch = await asSystem(t, (trx) =>
        trx.selectFrom('import_batch').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow(),
      );
      expect(batch).toMatchObject({
        kind: 'care.sessions',
        source: 'upload',
        filename: 'again.csv',
        center_id: centerA,
        actor_user_id: director.userId,
        status: 'completed',
        total_rows: 3,
        unchanged: 3,
      });
      const audit = await asSystem(t, (trx) =>
        trx
          .selectFrom('audit_event')
          .select(['action', 'outcome', 'center_id', 'details'])
          .where('target_id', '=', r.id)
          .execute(),
      );
      expect(audit).toEqual([
        {
          action: 'care.import',
          outcome: 'success',
          center_id: centerA,
          details: {
            kind: 'sessions',
            source: 'upload',
            status: 'completed',
            totalRows: 3,
            inserted: 0,
            updated: 0,
            unchanged: 3,
            rejected: 0,
          },
        },
      ]);
      expect(JSON.stringify(audit)).not.toContain('C-2025');
    });
  });

  describe('rejected rows', () => {
    it('writes nothing when one row is bad and reports exactly that row, without its content', async () => {
      const before = await count('episode', centerA);
      const csv = [
        EPISODE_HEADER,
        `${nameA},C-2025-0101,${clinician.email},7,female,,yes,TF-CBT,2025-03-03,2025-03-10,,`,
        `${nameA},C-2025-0102,${clinician.email},19,female,,yes,TF-CBT,2025-03-03,2025-03-10,,`,
        `${nameA},C-2025-0103,${clinician.email},8,male,,no,TF-CBT,2025-03-04,,,`,
      ].join('\n');
      const r = await report(director, 'kind=episodes&filename=march.csv', csv);
      expect(r).toMatchObject({
        status: 'rejected',
        totalRows: 3,
        accepted: 2,
        rejected: 1,
        inserted: 0,
        updated: 0,
        rejections: [
          {
            line: 3,
            field: 'age_years',
            message: 'must be a whole number of years from 0 to 17 (the age at referral)',
          },
        ],
      });
      expect(await count('episode', centerA)).toBe(before);

      const download = await director.get(`/api/v1/care-imports/${r.id}/errors.csv`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toMatch(/^text\/csv/);
      expect(download.headers['content-disposition']).toBe('attachment; filename="march.errors.csv"');
      expect(download.body).toBe(
        'line,field,message\r\n3,age_years,must be a whole number of years from 0 to 17 (the age at referral)\r\n',
      );
      expect(download.body).not.toContain('19');
      // Another center's director does not find it.
      expectError(await otherDirector.get(`/api/v1/care-imports/${r.id}/errors.csv`), 404, 'NOT_FOUND');
    });

    it('rejects sessions of an unknown episode and a clinician who is not at the center', async () => {
      const s = await report(
        director,
        'kind=sessions',
        [SESSION_HEADER, `${nameA},C-2099-0001,2025-01-13,60,child,,no`].join('\n'),
      );
      expect(s.rejections).toEqual([
        {
          line: 2,
          field: 'case_code',
          message: 'names no episode of this center (import the episodes first)',
        },
      ]);
      const outsider = await t.createUser({ role: 'clinician', centerId: centerB });
      const e = await report(
        director,
        'kind=episodes',
        [EPISODE_HEADER, `${nameA},C-2025-0201,${outsider.email},9,,,no,TF-CBT,2025-01-06,,,`].join('\n'),
      );
      expect(e.rejections).toEqual([
        {
          line: 2,
          field: 'clinician_email',
          message: 'is not the address of an active clinician of this center',
        },
      ]);
    });

    it('accepts a licensed instrument only once the center has enabled it', async () => {
      const csv = [ADMIN_HEADER, `${nameA},C-2025-0001,CPSS-5,mid,youth,2025-03-01,28`].join('\n');
      const refused = await report(director, 'kind=administrations', csv);
      expect(refused.status).toBe('rejected');
      expect(refused.rejections).toEqual([
        {
          line: 2,
          field: 'instrument',
          message: 'is licensed and not enabled for this center; a director enables CPSS-5 first',
        },
      ]);
      await asSystem(t, (trx) =>
        trx
          .insertInto('center_instrument')
          .values({ center_id: centerA, instrument: 'CPSS-5', enabled_by: director.userId })
          .execute(),
      );
      const accepted = await report(director, 'kind=administrations', csv);
      expect(accepted).toMatchObject({ status: 'completed', inserted: 1 });
    });
  });

  describe('refused files', () => {
    it('refuses identifier columns with a 400 before reading any row', async () => {
      const before = await count('episode', centerA);
      // The row after the header is not even valid CSV: it is never read.
      const csv = `${EPISODE_HEADER},Child Name,DOB\n"unterminated,row\n`;
      const res = await upload(director, 'kind=episodes', csv);
      const body = expectError(res, 400, 'VALIDATION_FAILED');
      expect(body.error.details).toEqual([
        { path: 'columns.Child Name', message: IDENTIFIER_REFUSAL },
        { path: 'columns.DOB', message: IDENTIFIER_REFUSAL },
      ]);
      expect(body.error.message).toMatch(/refused before any row was read/);
      expect(await count('episode', centerA)).toBe(before);
    });

    it('names missing columns and lets a mapping supply them', async () => {
      const csv = [
        'Site,Client Code,Measure,Time Point,Assessment Day,Raw',
        `${nameA},C-2025-0002,SMFQ-C,mid,2025-03-10,9`,
      ].join('\n');
      const missing = expectError(await upload(director, 'kind=administrations', csv), 400);
      expect(missing.error.details).toEqual([
        { path: 'columns.administered_on', message: 'is required but no column of the file feeds it' },
        { path: 'columns.total', message: 'is required but no column of the file feeds it' },
      ]);
      const r = await report(
        director,
        `kind=administrations&dryRun=true&map=${encodeURIComponent('Assessment Day=administered_on')}&map=${encodeURIComponent('Raw=total')}`,
        csv,
      );
      expect(r).toMatchObject({ status: 'completed', dryRun: true, inserted: 1, unmapped: [] });
      expect(r.columns.find((c) => c.source === 'Raw')).toEqual({
        source: 'Raw',
        field: 'total',
        how: 'mapping',
      });
      expect(r.columns.find((c) => c.source === 'Client Code')).toEqual({
        source: 'Client Code',
        field: 'case_code',
        how: 'alias',
      });
      // A dry run writes nothing.
      const mid = await asSystem(t, (trx) =>
        trx
          .selectFrom('measure_administration')
          .select('id')
          .where('administered_on', '=', '2025-03-10')
          .execute(),
      );
      expect(mid).toEqual([]);
    });

    it('refuses a request without a CSV body or with a bad kind', async () => {
      expectError(
        await director.request({
          method: 'POST',
          url: '/api/v1/care-imports?kind=episodes',
          payload: { rows: [] },
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      const bad = expectError(await upload(director, 'kind=children', EPISODE_HEADER), 400);
      expect(bad.error.details).toEqual([
        { path: 'kind', message: 'must be episodes, sessions or administrations' },
      ]);
    });
  });

  describe('reach', () => {
    it('keeps a director to their own center', async () => {
      const csv = [
        EPISODE_HEADER.replace('center,', ''),
        `C-2025-0301,${clinician.email},9,,,no,TF-CBT,2025-01-06,,,`,
      ].join('\n');
      expectError(await upload(otherDirector, `kind=episodes&centerId=${centerA}`, csv), 404, 'NOT_FOUND');
      const viaColumn = await report(
        otherDirector,
        'kind=episodes',
        [EPISODE_HEADER, `${nameA},C-2025-0301,${clinician.email},9,,,no,TF-CBT,2025-01-06,,,`].join('\n'),
      );
      expect(viaColumn.rejections).toContainEqual({
        line: 2,
        field: 'center',
        message: 'is a center you may not import for',
      });
      expect(await count('episode', centerA)).toBe(2);
      // The administrator imports for any center, here through centerId and a file without a center column.
      const r = await report(admin, `kind=episodes&centerId=${centerA}`, csv);
      expect(r).toMatchObject({ status: 'completed', inserted: 1 });
      expect(await count('episode', centerA)).toBe(3);
    });

    it('refuses clinicians and anonymous callers', async () => {
      expectError(await upload(clinicianSession, 'kind=episodes', episodes()), 403, 'FORBIDDEN');
      expectError(await clinicianSession.get('/api/v1/care-imports/templates/episodes'), 403, 'FORBIDDEN');
      const anonymous = await t.app.inject({
        method: 'GET',
        url: '/api/v1/care-imports/templates/episodes',
      });
      expectError(anonymous, 401, 'UNAUTHENTICATED');
    });
  });

  it('serves a header-only template of each kind', async () => {
    const res = await director.get('/api/v1/care-imports/templates/administrations');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="waymark-administrations-template.csv"',
    );
    expect(res.body).toBe(`${ADMIN_HEADER}\r\n`);
    expectError(await director.get('/api/v1/care-imports/templates/children'), 400);
  });

  describe('access matrix', () => {
    it.each(Object.keys(CARE_IMPORT_FIXTURES))('%s answers every caller as declared', async (route) => {
      const f = CARE_IMPORT_FIXTURES[route]!;
      const [method] = route.split(' ') as [string];
      const partner = await t.createPartner();
      const mismatches: string[] = [];
      for (const who of ['anonymous', ...ROLES] as const) {
        let session: Session | null = null;
        if (who !== 'anonymous') {
          const scope = ROLE_SCOPE[who];
          session = await t.signIn(
            who,
            scope === 'center' ? { centerId: centerA } : scope === 'partner' ? { partnerId: partner } : {},
          );
        }
        const allowed = who !== 'anonymous' && f.declared.includes(who);
        for (const other of allowed && f.other ? [false, true] : [false]) {
          const req = await f.build(
            { t, centerA, centerB },
            { who, session, user: null },
            { centerId: other ? centerB : centerA, other },
          );
          const options = {
            method: method as 'GET' | 'POST',
            url: req.url,
            ...(req.payload !== undefined ? { payload: req.payload } : {}),
            ...(req.headers ? { headers: req.headers } : {}),
          };
          const res = session ? await session.request(options) : await t.app.inject(options);
          const want =
            who === 'anonymous' ? 401 : !allowed ? 403 : other && who !== 'network_admin' ? 404 : f.ok;
          if (res.statusCode !== want)
            mismatches.push(`${who}${other ? ' (other center)' : ''}: ${res.statusCode}, expected ${want}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  });
});
