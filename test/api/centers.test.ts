/**
 * The directory of centers and the state chapters: search, filters, sorting, paging, detail,
 * creation, changes, deactivation, and the audit trail of every write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, expectError } from '../helpers/matrix.js';
import { buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';

interface Center {
  id: string;
  name: string;
  state: string;
  county: string;
  zip3: string;
  memberType: string;
  accreditedOn: string | null;
  accreditationExpiresOn: string | null;
  chapterId: string | null;
  chapterName: string | null;
  active: boolean;
  updatedAt: string;
  staffCount?: number | null;
  createdAt?: string;
}
interface Page {
  items: Center[];
  total: number;
  page: number;
  pageSize: number;
}
interface Chapter {
  id: string;
  name: string;
  state: string;
  centerCount: number;
}

/** A date `days` from today (UTC), as YYYY-MM-DD. */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function auditEvents(t: TestApp, action: string, targetId: string) {
  return asSystem(t, (trx) =>
    trx
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', action)
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute(),
  );
}

describe('centers and chapters', () => {
  let t: TestApp;
  let admin: Session;
  let director: Session;
  let trainer: Session;
  let funder: Session;
  let texasChapter: string;
  const ids: Record<'bluebonnet' | 'harris' | 'sooner' | 'prairie' | 'closed', string> = {
    bluebonnet: '',
    harris: '',
    sooner: '',
    prairie: '',
    closed: '',
  };

  beforeAll(async () => {
    t = await buildTestApp();
    await asSystem(t, async (trx) => {
      texasChapter = (
        await trx
          .insertInto('chapter')
          .values({ name: 'Texas Chapter', state: 'TX' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const rows = [
        // Accreditation ending within the year.
        [
          'bluebonnet',
          'Bluebonnet Child Advocacy Center',
          'TX',
          'Travis',
          '787',
          'accredited',
          day(-1500),
          day(100),
          texasChapter,
          true,
        ],
        // Never accredited.
        ['harris', 'Harris County CAC', 'TX', 'Harris', '770', 'associate', null, null, null, true],
        // Accreditation lapsed.
        ['sooner', 'Sooner Kids Place', 'OK', 'Tulsa', '741', 'affiliate', day(-2000), day(-10), null, true],
        // Accredited for years to come.
        [
          'prairie',
          'Prairie Satellite Office',
          'KS',
          'Sedgwick',
          '672',
          'satellite',
          day(-30),
          day(1000),
          null,
          true,
        ],
        [
          'closed',
          'Closed Lone Star Center',
          'TX',
          'Dallas',
          '752',
          'accredited',
          null,
          null,
          texasChapter,
          false,
        ],
      ] as const;
      for (const [key, name, state, county, zip3, memberType, from, to, chapter, active] of rows) {
        ids[key] = (
          await trx
            .insertInto('center')
            .values({
              name,
              state,
              county,
              zip3,
              member_type: memberType,
              accredited_on: from,
              accreditation_expires_on: to,
              chapter_id: chapter,
              active,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
    });
    admin = await t.signIn('network_admin');
    director = await t.signIn('center_director', { centerId: ids.bluebonnet });
    trainer = await t.signIn('trainer', { centerId: ids.bluebonnet });
    funder = await t.signIn('funder_viewer');
    await t.createUser({ role: 'clinician', centerId: ids.bluebonnet });
    await t.createUser({ role: 'clinician', centerId: ids.harris });
  });
  afterAll(async () => t?.close());

  async function list(query: string, who: Session = admin): Promise<Page> {
    const res = await who.get(`/api/v1/centers${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page>();
  }
  const names = (page: Page) => page.items.map((c) => c.name);

  describe('search and filters', () => {
    it('lists active centers by name by default, with totals and paging fields', async () => {
      const page = await list('');
      expect(names(page)).toEqual([
        'Bluebonnet Child Advocacy Center',
        'Harris County CAC',
        'Prairie Satellite Office',
        'Sooner Kids Place',
      ]);
      expect(page).toMatchObject({ total: 4, page: 1, pageSize: 50 });
      const bluebonnet = page.items[0]!;
      expect(bluebonnet).toMatchObject({
        id: ids.bluebonnet,
        state: 'TX',
        county: 'Travis',
        zip3: '787',
        memberType: 'accredited',
        accreditedOn: day(-1500),
        accreditationExpiresOn: day(100),
        chapterId: texasChapter,
        chapterName: 'Texas Chapter',
        active: true,
      });
      expect(Number.isNaN(Date.parse(bluebonnet.updatedAt))).toBe(false);
    });

    it('searches names and counties case-insensitively, and the 3-digit ZIP exactly', async () => {
      expect(names(await list('?q=BLUEBONNET'))).toEqual(['Bluebonnet Child Advocacy Center']);
      expect(names(await list('?q=sedgw'))).toEqual(['Prairie Satellite Office']);
      expect(names(await list('?q=741'))).toEqual(['Sooner Kids Place']);
      expect(names(await list('?q=74'))).toEqual([]);
      // LIKE wildcards are taken literally.
      expect((await list('?q=%25')).total).toBe(0);
      expect((await list('?q=_')).total).toBe(0);
    });

    it('filters by state (any case), member type, chapter and status', async () => {
      expect(names(await list('?state=tx'))).toEqual([
        'Bluebonnet Child Advocacy Center',
        'Harris County CAC',
      ]);
      expect(names(await list('?memberType=affiliate'))).toEqual(['Sooner Kids Place']);
      expect(names(await list(`?chapterId=${texasChapter}`))).toEqual(['Bluebonnet Child Advocacy Center']);
      expect(names(await list(`?chapterId=${texasChapter}&status=all`))).toEqual([
        'Bluebonnet Child Advocacy Center',
        'Closed Lone Star Center',
      ]);
      expect(names(await list('?status=inactive'))).toEqual(['Closed Lone Star Center']);
      expect((await list('?status=all')).total).toBe(5);
      expect(names(await list('?state=TX&memberType=associate&q=harris'))).toEqual(['Harris County CAC']);
    });

    it('filters by accreditation: expiring within a year, expired, current, none', async () => {
      expect(names(await list('?accreditation=expiring'))).toEqual(['Bluebonnet Child Advocacy Center']);
      expect(names(await list('?accreditation=expired'))).toEqual(['Sooner Kids Place']);
      expect(names(await list('?accreditation=current'))).toEqual([
        'Bluebonnet Child Advocacy Center',
        'Prairie Satellite Office',
      ]);
      expect(names(await list('?accreditation=none'))).toEqual(['Harris County CAC']);
    });

    it('sorts by name, state and accreditation expiry in either order (no date last)', async () => {
      expect(names(await list('?sort=name&order=desc'))).toEqual([
        'Sooner Kids Place',
        'Prairie Satellite Office',
        'Harris County CAC',
        'Bluebonnet Child Advocacy Center',
      ]);
      expect((await list('?sort=state')).items.map((c) => c.state)).toEqual(['KS', 'OK', 'TX', 'TX']);
      expect((await list('?sort=state&order=desc')).items.map((c) => c.state)).toEqual([
        'TX',
        'TX',
        'OK',
        'KS',
      ]);
      expect(names(await list('?sort=accreditationExpiresOn'))).toEqual([
        'Sooner Kids Place',
        'Bluebonnet Child Advocacy Center',
        'Prairie Satellite Office',
        'Harris County CAC',
      ]);
      expect(names(await list('?sort=accreditationExpiresOn&order=desc'))).toEqual([
        'Prairie Satellite Office',
        'Bluebonnet Child Advocacy Center',
        'Sooner Kids Place',
        'Harris County CAC',
      ]);
    });

    it('pages through the results with a stable total', async () => {
      const pages = [await list('?pageSize=3&page=1'), await list('?pageSize=3&page=2')];
      expect(pages.map((p) => p.total)).toEqual([4, 4]);
      expect(pages.map((p) => p.items.length)).toEqual([3, 1]);
      expect(pages[1]).toMatchObject({ page: 2, pageSize: 3 });
      const all = pages.flatMap(names);
      expect(new Set(all).size).toBe(4);
      expect(all).toEqual(names(await list('')));
      const beyond = await list('?pageSize=3&page=3');
      expect(beyond.items).toEqual([]);
      expect(beyond.total).toBe(4);
    });

    it('refuses query values it does not understand, naming them', async () => {
      for (const [query, path] of [
        ['?pageSize=0', 'pageSize'],
        ['?pageSize=501', 'pageSize'],
        ['?page=x', 'page'],
        ['?state=ZZ', 'state'],
        ['?accreditation=soon', 'accreditation'],
        ['?sort=county', 'sort'],
        ['?chapterId=texas', 'chapterId'],
        ['?colour=blue', 'colour'],
      ] as const) {
        const body = expectError(await admin.get(`/api/v1/centers${query}`), 400, 'VALIDATION_FAILED');
        expect(
          body.error.details?.map((d) => d.path),
          query,
        ).toContain(path);
      }
    });

    it('is the same directory for every network role', async () => {
      expect(names(await list('', funder))).toEqual(names(await list('')));
      expect(names(await list('', director))).toEqual(names(await list('')));
    });
  });

  describe('detail', () => {
    it('shows one center with its chapter and creation time', async () => {
      const res = await admin.get(`/api/v1/centers/${ids.bluebonnet}`);
      expect(res.statusCode).toBe(200);
      const c = res.json<Center>();
      expect(c).toMatchObject({ name: 'Bluebonnet Child Advocacy Center', chapterName: 'Texas Chapter' });
      expect(Number.isNaN(Date.parse(c.createdAt!))).toBe(false);
    });

    it('counts active staff for the center’s own people and administrators only', async () => {
      const staff = async (who: Session, id: string) =>
        (await who.get(`/api/v1/centers/${id}`)).json<Center>().staffCount;
      // Bluebonnet: the director, the trainer and one clinician.
      expect(await staff(admin, ids.bluebonnet)).toBe(3);
      expect(await staff(director, ids.bluebonnet)).toBe(3);
      expect(await staff(trainer, ids.bluebonnet)).toBe(3);
      expect(await staff(admin, ids.harris)).toBe(1);
      expect(await staff(director, ids.harris)).toBeNull();
      expect(await staff(funder, ids.bluebonnet)).toBeNull();
    });

    it('answers 404 for a center that does not exist and 400 for an id that is not one', async () => {
      expectError(await admin.get('/api/v1/centers/5b0c1c9e-6f1a-4c55-9a43-1f1a2b3c4d5e'), 404, 'NOT_FOUND');
      const bad = expectError(await admin.get('/api/v1/centers/not-a-uuid'), 400, 'VALIDATION_FAILED');
      expect(bad.error.details?.[0]?.path).toBe('centerId');
    });
  });

  describe('creating a center', () => {
    const valid = {
      name: 'Red River Children’s Center',
      state: 'ok',
      county: 'Comanche',
      zip3: '735',
      memberType: 'accredited',
      accreditedOn: '2022-03-01',
      accreditationExpiresOn: '2027-03-01',
    };

    it('adds it (201), shows it in the directory and audits it', async () => {
      const res = await admin.post('/api/v1/centers', valid);
      expect(res.statusCode, res.body).toBe(201);
      const c = res.json<Center>();
      expect(c).toMatchObject({ ...valid, state: 'OK', active: true, chapterId: null, staffCount: 0 });
      expect(names(await list('?state=OK'))).toContain(valid.name);
      const events = await auditEvents(t, 'center.create', c.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actor_user_id: admin.userId,
        center_id: c.id,
        outcome: 'success',
        details: { name: valid.name, state: 'OK' },
      });
    });

    it('names the field of each invalid value', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ ...valid, name: 'X1', state: 'XX' }, 'state'],
        [{ ...valid, name: 'X2', zip3: '7351' }, 'zip3'],
        [{ ...valid, name: 'X3', zip3: '73' }, 'zip3'],
        [{ ...valid, name: 'X4', memberType: 'gold' }, 'memberType'],
        [{ ...valid, name: 'X5', accreditedOn: '03/01/2022' }, 'accreditedOn'],
        [
          { ...valid, name: 'X6', accreditedOn: '2027-03-01', accreditationExpiresOn: '2022-03-01' },
          'accreditationExpiresOn',
        ],
        [{ ...valid, name: 'X7', accreditationExpiresOn: '2022-03-01' }, 'accreditationExpiresOn'],
        [{ ...valid, name: '   ' }, 'name'],
        [{ ...valid, name: 'X8', county: '' }, 'county'],
      ];
      for (const [body, path] of cases) {
        const res = await admin.post('/api/v1/centers', body);
        const err = expectError(res, 400, 'VALIDATION_FAILED');
        expect(
          err.error.details?.map((d) => d.path),
          JSON.stringify(body),
        ).toEqual([path]);
      }
      const missing = expectError(
        await admin.post('/api/v1/centers', { name: 'X9' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(missing.error.details?.map((d) => d.path).sort()).toEqual([
        'county',
        'memberType',
        'state',
        'zip3',
      ]);
      expect((await list('?q=X&status=all')).items.filter((c) => /^X\d$/.test(c.name))).toEqual([]);
    });

    it('refuses a second center of the same name in the same state (409), not in another state', async () => {
      const dup = await admin.post('/api/v1/centers', {
        ...valid,
        name: 'harris county cac',
        state: 'TX',
        county: 'Harris',
        zip3: '770',
      });
      const body = expectError(dup, 409, 'CONFLICT');
      expect(body.error.details?.[0]?.path).toBe('name');
      const elsewhere = await admin.post('/api/v1/centers', {
        ...valid,
        name: 'Harris County CAC',
        state: 'GA',
      });
      expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    });

    it('refuses a chapter of another state, or one that does not exist, naming chapterId', async () => {
      const wrongState = await admin.post('/api/v1/centers', {
        ...valid,
        name: 'Chapter Mismatch Center',
        chapterId: texasChapter,
      });
      const body = expectError(wrongState, 400, 'VALIDATION_FAILED');
      expect(body.error.details).toEqual([{ path: 'chapterId', message: 'is the chapter of TX, not of OK' }]);
      const unknown = await admin.post('/api/v1/centers', {
        ...valid,
        name: 'Chapter Unknown Center',
        chapterId: '5b0c1c9e-6f1a-4c55-9a43-1f1a2b3c4d5e',
      });
      expect(expectError(unknown, 400, 'VALIDATION_FAILED').error.details?.[0]?.path).toBe('chapterId');
      const inTexas = await admin.post('/api/v1/centers', {
        ...valid,
        name: 'Chapter Match Center',
        state: 'TX',
        chapterId: texasChapter,
      });
      expect(inTexas.statusCode, inTexas.body).toBe(201);
      expect(inTexas.json<Center>().chapterName).toBe('Texas Chapter');
    });
  });

  describe('changing a center', () => {
    let id: string;
    beforeAll(async () => {
      id = await t.createCenter({ name: 'Mesa Verde Center', state: 'CO', county: 'Montezuma', zip3: '813' });
    });

    it('changes fields, returns the new state and audits exactly what changed', async () => {
      const res = await admin.patch(`/api/v1/centers/${id}`, {
        county: 'La Plata',
        accreditedOn: '2021-05-01',
        accreditationExpiresOn: '2026-05-01',
        memberType: 'accredited',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Center>()).toMatchObject({
        county: 'La Plata',
        accreditedOn: '2021-05-01',
        accreditationExpiresOn: '2026-05-01',
      });
      const events = await auditEvents(t, 'center.update', id);
      expect(events).toHaveLength(1);
      expect(events[0]!.details).toEqual({
        county: { from: 'Montezuma', to: 'La Plata' },
        accredited_on: { from: null, to: '2021-05-01' },
        accreditation_expires_on: { from: null, to: '2026-05-01' },
      });
      expect(events[0]!.actor_user_id).toBe(admin.userId);
    });

    it('records nothing when nothing changes', async () => {
      const before = (await auditEvents(t, 'center.update', id)).length;
      const res = await admin.patch(`/api/v1/centers/${id}`, { county: 'La Plata' });
      expect(res.statusCode).toBe(200);
      expect(await auditEvents(t, 'center.update', id)).toHaveLength(before);
    });

    it('checks the accreditation dates against the stored ones', async () => {
      const res = await admin.patch(`/api/v1/centers/${id}`, { accreditedOn: '2026-06-01' });
      expect(expectError(res, 400, 'VALIDATION_FAILED').error.details?.[0]?.path).toBe(
        'accreditationExpiresOn',
      );
      const still = (await admin.get(`/api/v1/centers/${id}`)).json<Center>();
      expect(still.accreditedOn).toBe('2021-05-01');
    });

    it('checks the chapter against the state, old or new', async () => {
      const res = await admin.patch(`/api/v1/centers/${id}`, { chapterId: texasChapter });
      expect(expectError(res, 400, 'VALIDATION_FAILED').error.details?.[0]?.path).toBe('chapterId');
      // Moving Bluebonnet (in the Texas chapter) to another state without leaving the chapter.
      const move = await admin.patch(`/api/v1/centers/${ids.bluebonnet}`, { state: 'NM' });
      expect(expectError(move, 400, 'VALIDATION_FAILED').error.details?.[0]?.path).toBe('chapterId');
    });

    it('refuses a rename onto another center of the same state (409)', async () => {
      await t.createCenter({ name: 'Pueblo Center', state: 'CO', county: 'Pueblo', zip3: '810' });
      const res = await admin.patch(`/api/v1/centers/${id}`, { name: 'PUEBLO CENTER' });
      expect(expectError(res, 409, 'CONFLICT').error.details?.[0]?.path).toBe('name');
    });

    it('refuses an empty change, and answers 404 for an unknown center', async () => {
      expectError(await admin.patch(`/api/v1/centers/${id}`, {}), 400, 'VALIDATION_FAILED');
      expectError(
        await admin.patch('/api/v1/centers/5b0c1c9e-6f1a-4c55-9a43-1f1a2b3c4d5e', { county: 'Nowhere' }),
        404,
        'NOT_FOUND',
      );
    });

    it('deactivates a center: it leaves the default list, stays readable and is audited', async () => {
      const res = await admin.patch(`/api/v1/centers/${id}`, { active: false });
      expect(res.statusCode).toBe(200);
      expect(res.json<Center>().active).toBe(false);
      expect(names(await list('?state=CO'))).toEqual(['Pueblo Center']);
      expect(names(await list('?state=CO&status=inactive'))).toEqual(['Mesa Verde Center']);
      expect((await admin.get(`/api/v1/centers/${id}`)).statusCode).toBe(200);
      const events = await auditEvents(t, 'center.update', id);
      expect(events.at(-1)!.details).toEqual({ active: { from: true, to: false } });
      const again = await admin.patch(`/api/v1/centers/${id}`, { active: true });
      expect(again.json<Center>().active).toBe(true);
    });
  });

  describe('chapters', () => {
    it('lists chapters with the number of active centers in each', async () => {
      const res = await director.get('/api/v1/chapters');
      expect(res.statusCode).toBe(200);
      const texas = res.json<{ items: Chapter[] }>().items.find((c) => c.id === texasChapter);
      // Bluebonnet and Chapter Match Center; the closed center does not count.
      expect(texas).toEqual({ id: texasChapter, name: 'Texas Chapter', state: 'TX', centerCount: 2 });
    });

    it('creates, renames and audits a chapter; duplicates in a state answer 409', async () => {
      const created = await admin.post('/api/v1/chapters', { name: 'Kansas Chapter', state: 'ks' });
      expect(created.statusCode, created.body).toBe(201);
      const chapter = created.json<Chapter>();
      expect(chapter).toMatchObject({ name: 'Kansas Chapter', state: 'KS', centerCount: 0 });
      expect((await auditEvents(t, 'chapter.create', chapter.id))[0]?.details).toEqual({
        name: 'Kansas Chapter',
        state: 'KS',
      });

      const dup = await admin.post('/api/v1/chapters', { name: 'KANSAS chapter', state: 'KS' });
      expect(expectError(dup, 409, 'CONFLICT').error.details?.[0]?.path).toBe('name');
      expect((await admin.post('/api/v1/chapters', { name: 'Kansas Chapter', state: 'MO' })).statusCode).toBe(
        201,
      );

      const renamed = await admin.patch(`/api/v1/chapters/${chapter.id}`, { name: 'Sunflower Chapter' });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json<Chapter>()).toMatchObject({
        id: chapter.id,
        name: 'Sunflower Chapter',
        state: 'KS',
      });
      expect((await auditEvents(t, 'chapter.update', chapter.id))[0]?.details).toEqual({
        name: 'Sunflower Chapter',
      });

      await admin.post('/api/v1/chapters', { name: 'Plains Chapter', state: 'KS' });
      const clash = await admin.patch(`/api/v1/chapters/${chapter.id}`, { name: 'plains chapter' });
      expectError(clash, 409, 'CONFLICT');
      expectError(
        await admin.patch('/api/v1/chapters/5b0c1c9e-6f1a-4c55-9a43-1f1a2b3c4d5e', { name: 'Nobody' }),
        404,
        'NOT_FOUND',
      );
    });

    it('keeps a chapter in its state while centers belong to it', async () => {
      const res = await admin.patch(`/api/v1/chapters/${texasChapter}`, { state: 'OK' });
      expect(expectError(res, 409, 'CONFLICT').error.details?.[0]?.path).toBe('state');
    });
  });

  describe('network summary', () => {
    it('counts active centers by state and member type, and people for administrators only', async () => {
      const res = await admin.get('/api/v1/network/summary');
      expect(res.statusCode).toBe(200);
      const s = res.json<{
        centers: {
          total: number;
          active: number;
          byState: { state: string; count: number }[];
          accreditationExpired: number;
          accreditationExpiringWithinYear: number;
        };
        people: { byRole: { role: string; count: number }[] } | null;
      }>();
      expect(s.centers.total).toBe(s.centers.active + (await list('?status=inactive')).total);
      expect(s.centers.byState.reduce((n, r) => n + r.count, 0)).toBe(s.centers.active);
      expect(s.centers.accreditationExpired).toBe((await list('?accreditation=expired')).total);
      expect(s.centers.accreditationExpiringWithinYear).toBe((await list('?accreditation=expiring')).total);
      expect(s.people?.byRole.find((r) => r.role === 'center_director')?.count).toBe(1);
      const forFunder = (await funder.get('/api/v1/network/summary')).json<{ people: unknown }>();
      expect(forFunder.people).toBeNull();
    });
  });
});
