/**
 * CSV import of centers through POST /api/v1/imports/centers: inserts, updates by natural key
 * (state + name), rejections with line and field, dry runs, strict mode, refused files, content
 * types, the upload limit, and the batch record of every attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, expectError } from '../helpers/matrix.js';
import { buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';

interface Report {
  id: string | null;
  kind: string;
  filename: string | null;
  dryRun: boolean;
  status: 'completed' | 'rejected' | 'failed';
  totalRows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: { line: number; field: string | null; message: string }[];
  warnings: string[];
  chaptersCreated: string[];
  startedAt: string;
  finishedAt: string | null;
}

const HEADER = 'name,state,county,zip3,member_type,accredited_on,accreditation_expires_on,chapter,active';

async function centersIn(t: TestApp, state: string) {
  return asSystem(t, (trx) =>
    trx
      .selectFrom('center as c')
      .leftJoin('chapter as ch', 'ch.id', 'c.chapter_id')
      .select([
        'c.name',
        'c.county',
        'c.zip3',
        'c.member_type',
        'c.active',
        'c.accredited_on',
        'ch.name as chapter',
      ])
      .where('c.state', '=', state)
      .orderBy('c.name')
      .execute(),
  );
}

async function batches(t: TestApp) {
  return asSystem(t, (trx) => trx.selectFrom('import_batch').selectAll().orderBy('started_at').execute());
}

describe('importing centers from CSV', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await buildTestApp();
    admin = await t.signIn('network_admin');
    await asSystem(t, (trx) =>
      trx.insertInto('chapter').values({ name: 'Iowa Chapter', state: 'IA' }).execute(),
    );
  });
  afterAll(async () => t?.close());

  function upload(csv: string, query = '', contentType = 'text/csv; charset=utf-8') {
    return admin.request({
      method: 'POST',
      url: `/api/v1/imports/centers${query}`,
      headers: { 'content-type': contentType },
      payload: csv,
    });
  }
  async function report(csv: string, query = ''): Promise<Report> {
    const res = await upload(csv, query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Report>();
  }

  describe('a valid file', () => {
    const file = [
      HEADER,
      'Cedar Rapids CAC,IA,Linn,524,accredited,2020-05-01,2025-05-01,iowa chapter,yes',
      'Des Moines Child Center,IA,Polk,503,associate,,,Iowa Chapter,',
      'Sioux City Kids,IA,Woodbury,511,satellite,,,,no',
    ].join('\n');

    it('inserts every row, reports it, records the batch and audits it', async () => {
      const r = await report(file, '?filename=iowa.csv');
      expect(r).toMatchObject({
        kind: 'centers',
        filename: 'iowa.csv',
        dryRun: false,
        status: 'completed',
        totalRows: 3,
        inserted: 3,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        rejections: [],
        chaptersCreated: [],
      });
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await centersIn(t, 'IA')).toEqual([
        {
          name: 'Cedar Rapids CAC',
          county: 'Linn',
          zip3: '524',
          member_type: 'accredited',
          active: true,
          accredited_on: '2020-05-01',
          chapter: 'Iowa Chapter',
        },
        {
          name: 'Des Moines Child Center',
          county: 'Polk',
          zip3: '503',
          member_type: 'associate',
          active: true,
          accredited_on: null,
          chapter: 'Iowa Chapter',
        },
        {
          name: 'Sioux City Kids',
          county: 'Woodbury',
          zip3: '511',
          member_type: 'satellite',
          active: false,
          accredited_on: null,
          chapter: null,
        },
      ]);
      const batch = (await batches(t)).find((b) => b.id === r.id);
      expect(batch).toMatchObject({
        kind: 'centers',
        source: 'upload',
        filename: 'iowa.csv',
        actor_user_id: admin.userId,
        status: 'completed',
        total_rows: 3,
        inserted: 3,
      });
      const audit = await asSystem(t, (trx) =>
        trx.selectFrom('audit_event').selectAll().where('action', '=', 'center.import').execute(),
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        target_id: r.id,
        actor_user_id: admin.userId,
        details: { filename: 'iowa.csv', inserted: 3, updated: 0, unchanged: 0, rejected: 0 },
      });
    });

    it('changes nothing when the same file comes again', async () => {
      const r = await report(file);
      expect(r).toMatchObject({ status: 'completed', inserted: 0, updated: 0, unchanged: 3, rejected: 0 });
      expect(await centersIn(t, 'IA')).toHaveLength(3);
    });

    it('updates the rows that changed, matching names in any case', async () => {
      const changed = file
        .replace('Polk,503,associate', 'Polk,503,accredited')
        .replace('Sioux City Kids', 'SIOUX CITY KIDS');
      const r = await report(changed);
      expect(r).toMatchObject({ inserted: 0, updated: 2, unchanged: 1 });
      const rows = await centersIn(t, 'IA');
      expect(rows).toHaveLength(3);
      expect(rows.find((c) => c.county === 'Polk')?.member_type).toBe('accredited');
      expect(rows.map((c) => c.name)).toContain('SIOUX CITY KIDS');
    });
  });

  it('inserts the valid rows of a mixed file and reports each rejected one with line, field and reason', async () => {
    const r = await report(
      [
        HEADER,
        'Omaha Child Center,NE,Douglas,681,accredited,,,,',
        'Bad State Center,NB,Douglas,681,accredited,,,,',
        'Lincoln Kids Place,NE,Lancaster,685,affiliate,,,,',
        'Bad Zip Center,NE,Lancaster,68,affiliate,,,,',
        'Omaha Child Center,NE,Sarpy,680,associate,,,,',
      ].join('\n'),
    );
    expect(r).toMatchObject({ status: 'completed', totalRows: 5, inserted: 2, rejected: 3 });
    expect(r.rejections.map((x) => [x.line, x.field])).toEqual([
      [3, 'state'],
      [5, 'zip3'],
      [6, 'name'],
    ]);
    expect(r.rejections[1]!.message).toMatch(/leading zeros/);
    expect(r.rejections[2]!.message).toBe('duplicates line 2 (same name and state)');
    expect((await centersIn(t, 'NE')).map((c) => c.name)).toEqual([
      'Lincoln Kids Place',
      'Omaha Child Center',
    ]);
    const batch = (await batches(t)).find((b) => b.id === r.id)!;
    expect(batch.rejected).toBe(3);
    expect(batch.rejections).toEqual(r.rejections);
  });

  it('creates the chapters a file names and reports them, reusing those that exist', async () => {
    const r = await report(
      [
        HEADER,
        'Fargo Family Center,ND,Cass,581,accredited,,,North Dakota Chapter,',
        'Bismarck Kids,ND,Burleigh,585,accredited,,,north dakota chapter,',
        'Ames Center,IA,Story,500,associate,,,IOWA CHAPTER,',
      ].join('\n'),
    );
    expect(r.chaptersCreated).toEqual(['North Dakota Chapter (ND)']);
    const chapters = await asSystem(t, (trx) =>
      trx.selectFrom('chapter').select(['name', 'state']).orderBy('state').execute(),
    );
    expect(chapters).toEqual([
      { name: 'Iowa Chapter', state: 'IA' },
      { name: 'North Dakota Chapter', state: 'ND' },
    ]);
    expect((await centersIn(t, 'ND')).map((c) => c.chapter)).toEqual([
      'North Dakota Chapter',
      'North Dakota Chapter',
    ]);
  });

  it('reports a dry run exactly like the real run, and writes nothing but the batch record', async () => {
    const file = [
      HEADER,
      'Billings Child Center,MT,Yellowstone,591,accredited,,,Montana Chapter,',
      'Missoula Kids,MT,Missoula,598,associate,,,,',
      'Broken Row,MT,Missoula,5,associate,,,,',
    ].join('\n');
    const before = (await batches(t)).length;
    const dry = await report(file, '?dryRun=true');
    expect(dry).toMatchObject({ dryRun: true, status: 'completed', inserted: 2, rejected: 1 });
    expect(dry.chaptersCreated).toEqual(['Montana Chapter (MT)']);
    expect(await centersIn(t, 'MT')).toEqual([]);
    const chapters = await asSystem(t, (trx) =>
      trx.selectFrom('chapter').select('name').where('state', '=', 'MT').execute(),
    );
    expect(chapters).toEqual([]);
    const after = await batches(t);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ id: dry.id, dry_run: true, inserted: 2, rejected: 1 });

    const real = await report(file);
    const counts = (x: Report) => [
      x.totalRows,
      x.inserted,
      x.updated,
      x.unchanged,
      x.rejected,
      x.chaptersCreated,
    ];
    expect(counts(real)).toEqual(counts(dry));
    expect(real.rejections).toEqual(dry.rejections);
    expect(await centersIn(t, 'MT')).toHaveLength(2);
  });

  it('writes nothing in strict mode when any row is rejected, and everything when none is', async () => {
    const bad = [HEADER, 'Boise Kids,ID,Ada,837,accredited,,,,', 'Bad Type,ID,Ada,837,platinum,,,,'].join(
      '\n',
    );
    const refused = await report(bad, '?strict=true');
    expect(refused).toMatchObject({ status: 'rejected', inserted: 0, updated: 0, rejected: 1 });
    expect(refused.rejections).toEqual([
      {
        line: 3,
        field: 'member_type',
        message: '"platinum" must be one of accredited, associate, affiliate, satellite',
      },
    ]);
    expect(await centersIn(t, 'ID')).toEqual([]);
    expect((await batches(t)).find((b) => b.id === refused.id)).toMatchObject({
      status: 'rejected',
      rejected: 1,
    });

    const good = await report(bad.split('\n').slice(0, 2).join('\n'), '?strict=true');
    expect(good).toMatchObject({ status: 'completed', inserted: 1 });
    expect(await centersIn(t, 'ID')).toHaveLength(1);
  });

  it('warns about unknown columns and still imports', async () => {
    const r = await report(
      `name,state,county,zip3,member_type,phone\nCasper Center,WY,Natrona,826,affiliate,555\n`,
    );
    expect(r.warnings).toEqual(['Ignored unknown column: phone.']);
    expect(r.inserted).toBe(1);
  });

  describe('files that cannot be read', () => {
    const cases: [string, string, RegExp][] = [
      ['an unclosed quote', `${HEADER}\n"Open Quote,TX,Travis,787,accredited,,,,\n`, /not valid CSV/],
      [
        'missing required columns',
        'name,state\nSomewhere,TX\n',
        /lacks the required columns county, zip3, member_type/,
      ],
      ['an empty file', '', /The file is empty/],
      ['only blank lines', '\n\n  \n', /The file is empty/],
    ];
    it.each(cases)(
      'refuses %s with 400 naming the file, writes nothing, and records the attempt',
      async (_l, csv, message) => {
        const before = await batches(t);
        const res = await upload(csv, '?filename=broken.csv');
        const body = expectError(res, 400, 'VALIDATION_FAILED');
        expect(body.error.message).toMatch(message);
        expect(body.error.details).toHaveLength(1);
        expect(body.error.details![0]!.path).toMatch(/^file( \(line \d+\))?$/);
        expect(body.error.details![0]!.message).toMatch(message);
        const after = await batches(t);
        expect(after).toHaveLength(before.length + 1);
        expect(after.at(-1)).toMatchObject({
          filename: 'broken.csv',
          status: 'rejected',
          inserted: 0,
          total_rows: 0,
        });
        expect(after.at(-1)!.rejections[0]!.message).toMatch(message);
        expect(await centersIn(t, 'TX')).toEqual([]);
      },
    );
  });

  it('accepts text/csv, application/csv and text/plain, and answers 415 to anything else', async () => {
    const csv = (name: string) => `name,state,county,zip3,member_type\n${name},VT,Chittenden,054,associate\n`;
    for (const [type, name] of [
      ['application/csv', 'Burlington Center'],
      ['text/plain', 'Rutland Center'],
    ] as const) {
      const res = await upload(csv(name), '', type);
      expect(res.statusCode, `${type}: ${res.body}`).toBe(200);
    }
    expect((await centersIn(t, 'VT')).map((c) => c.name)).toEqual(['Burlington Center', 'Rutland Center']);
    for (const type of ['application/octet-stream', 'multipart/form-data; boundary=x', 'application/xml']) {
      expectError(await upload(csv('Nope Center'), '', type), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const json = await admin.post('/api/v1/imports/centers', { csv: csv('Json Center') });
    expectError(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect((await centersIn(t, 'VT')).map((c) => c.name)).not.toContain('Nope Center');
  });

  it('refuses unknown query options', async () => {
    for (const query of ['?dryRun=maybe', '?strict=1', '?mode=fast']) {
      expectError(await upload(`${HEADER}\n`, query), 400, 'VALIDATION_FAILED');
    }
  });

  it('lists recent imports, newest first, with who ran them', async () => {
    const res = await admin.get('/api/v1/imports');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: (Report & { actorName: string; source: string })[] }>().items;
    const all = await batches(t);
    expect(items).toHaveLength(all.length);
    expect(items.map((i) => i.id)).toEqual([...all].reverse().map((b) => b.id));
    expect(items[items.length - 1]).toMatchObject({ filename: 'iowa.csv', source: 'upload', inserted: 3 });
    expect(items.every((i) => i.actorName.length > 0)).toBe(true);
  });
});

describe('the upload limit', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await buildTestApp({ env: { WAYMARK_BODY_LIMIT_BYTES: '1024', WAYMARK_UPLOAD_LIMIT_BYTES: '4096' } });
    admin = await t.signIn('network_admin');
  });
  afterAll(async () => t?.close());

  function rows(n: number): string {
    const lines = ['name,state,county,zip3,member_type'];
    for (let i = 0; i < n; i++)
      lines.push(`Limit Test Center Number ${String(i).padStart(4, '0')},WA,King,980,associate`);
    return lines.join('\n') + '\n';
  }

  it('accepts a CSV file larger than the JSON limit but within the upload limit', async () => {
    const csv = rows(40);
    expect(csv.length).toBeGreaterThan(1024);
    expect(csv.length).toBeLessThan(4096);
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/imports/centers',
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Report>().inserted).toBe(40);
  });

  it('refuses a larger file with 413 and writes nothing', async () => {
    const csv = rows(100).replace(/Limit Test/g, 'Too Big');
    expect(csv.length).toBeGreaterThan(4096);
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/imports/centers',
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    const n = await asSystem(t, (trx) =>
      trx.selectFrom('center').select('name').where('name', 'like', 'Too Big%').execute(),
    );
    expect(n).toEqual([]);
  });
});
