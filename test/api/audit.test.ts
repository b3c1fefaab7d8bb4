/**
 * The audit log: what is recorded, that the application role can only append, that the hash chain
 * detects alteration, removal and truncation, and the audit browser's filters and scoping.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/server/db/schema.js';
import { verifyAuditChain, type AuditVerification } from '../../src/server/platform/audit.js';
import { asSystem, expectError } from '../helpers/matrix.js';
import { TEST_PASSWORD, buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';

interface AuditEvent {
  seq: number;
  occurredAt: string;
  actorUserId: string | null;
  actorName: string | null;
  actorKind: 'user' | 'anonymous' | 'system';
  action: string;
  outcome: 'success' | 'failure';
  targetType: string | null;
  targetId: string | null;
  centerId: string | null;
  centerName: string | null;
  details: Record<string, unknown>;
  hash: string;
}
interface AuditPage {
  items: AuditEvent[];
  nextBefore: number | null;
}

class Rollback extends Error {}

describe('audit log', () => {
  let t: TestApp;
  let admin: Session;
  let director: Session;
  let centerA: string;
  let centerB: string;

  beforeAll(async () => {
    t = await buildTestApp();
    centerA = await t.createCenter({ name: 'Audit Center A' });
    centerB = await t.createCenter({ name: 'Audit Center B' });
    admin = await t.signIn('network_admin');
    director = await t.signIn('center_director', { centerId: centerA });
  });
  afterAll(async () => t?.close());

  async function events(query = '', who: Session = admin): Promise<AuditPage> {
    const res = await who.get(`/api/v1/audit-events${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<AuditPage>();
  }

  /**
   * Runs `tamper` as the database owner with triggers off (session_replication_role = replica, which
   * only a superuser may set), then `check`, then rolls everything back.
   */
  async function tampered(
    tamper: (db: Kysely<DB>) => Promise<unknown>,
    check: (db: Kysely<DB>) => Promise<void>,
  ): Promise<void> {
    await t.db.kysely
      .transaction()
      .execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await tamper(trx);
        await check(trx);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
  }

  describe('recording', () => {
    it('records sign-ins, failed sign-ins, sign-outs and changes of data, with actor and target', async () => {
      const user = await t.createUser({ role: 'clinician', centerId: centerA });
      const failed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: 'Not-The-Password-123' },
      });
      expect(failed.statusCode).toBe(401);
      const session = await t.login(user.email);
      expect((await session.patch('/api/v1/me', { displayName: 'Audited Person' })).statusCode).toBe(200);
      expect((await session.post('/api/v1/auth/logout')).statusCode).toBe(200);
      const chapter = await admin.post('/api/v1/chapters', { name: 'Audit Chapter', state: 'TX' });
      expect(chapter.statusCode).toBe(201);

      const mine = (await events(`?actorUserId=${user.id}`)).items.reverse();
      expect(mine.map((e) => [e.action, e.outcome])).toEqual([
        ['auth.login', 'failure'],
        ['auth.login', 'success'],
        ['user.profile_update', 'success'],
        ['auth.logout', 'success'],
      ]);
      expect(mine[0]!.details).toMatchObject({ reason: 'wrong_password' });
      expect(mine[2]).toMatchObject({
        actorKind: 'user',
        actorName: 'Audited Person',
        targetType: 'user',
        targetId: user.id,
        details: { fields: ['displayName'] },
      });
      const created = (await events('?action=chapter.create')).items;
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({
        actorUserId: admin.userId,
        targetType: 'chapter',
        targetId: chapter.json<{ id: string }>().id,
        details: { name: 'Audit Chapter', state: 'TX' },
      });
      // Never a secret in the details.
      const all = JSON.stringify((await events('?limit=500')).items);
      expect(all).not.toContain(TEST_PASSWORD);
      expect(all).not.toContain('Not-The-Password-123');
    });

    it('keeps the chain intact and gap-free under concurrent writers', async () => {
      const sessions = [admin, director];
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          sessions[i % 2]!.patch('/api/v1/me', { displayName: `Concurrent ${i}` }).then((r) =>
            expect(r.statusCode).toBe(200),
          ),
        ),
      );
      const seqs = await asSystem(t, (trx) =>
        trx.selectFrom('audit_event').select('seq').orderBy('seq').execute(),
      );
      expect(seqs.map((r) => Number(r.seq))).toEqual(seqs.map((_, i) => i + 1));
      const result = await verifyAuditChain(t.db.kysely);
      expect(result).toMatchObject({ ok: true, broken: null, checked: seqs.length });
    });
  });

  describe('append-only', () => {
    it('refuses UPDATE, DELETE and TRUNCATE to the application role', async () => {
      const attempts: [string, (trx: Kysely<DB>) => Promise<unknown>][] = [
        [
          'update',
          (trx) => trx.updateTable('audit_event').set({ details: '{}' }).where('seq', '=', 1).execute(),
        ],
        ['delete', (trx) => trx.deleteFrom('audit_event').where('seq', '=', 1).execute()],
        ['truncate', (trx) => sql`truncate audit_event`.execute(trx)],
      ];
      for (const [what, attempt] of attempts) {
        const result = t.db.scoped({ purpose: 'system', allCenters: true }, attempt);
        await expect(result, what).rejects.toMatchObject({ code: '42501' });
        await expect(t.db.scoped({ purpose: 'system', allCenters: true }, attempt), what).rejects.toThrow(
          /permission denied/,
        );
      }
      const current = await t.db.scoped({ purpose: 'system' }, (trx) =>
        sql<{ who: string }>`select current_user as who`.execute(trx),
      );
      expect(current.rows[0]?.who).toBe(t.db.appRole);
      expect((await verifyAuditChain(t.db.kysely)).ok).toBe(true);
    });

    it('refuses UPDATE, DELETE and TRUNCATE even to the owner while triggers are on', async () => {
      const owner = t.db.kysely;
      await expect(
        owner.updateTable('audit_event').set({ details: '{"x":1}' }).where('seq', '=', 1).execute(),
      ).rejects.toThrow(/append-only: UPDATE is not allowed/);
      await expect(owner.deleteFrom('audit_event').where('seq', '=', 1).execute()).rejects.toThrow(
        /append-only: DELETE is not allowed/,
      );
      await expect(sql`truncate audit_event`.execute(owner)).rejects.toThrow(
        /append-only: TRUNCATE is not allowed/,
      );
      expect((await verifyAuditChain(owner)).ok).toBe(true);
    });

    it('does not let a writer choose the sequence number or the hash', async () => {
      await t.db.scoped({ purpose: 'system' }, (trx) =>
        trx
          .insertInto('audit_event')
          .values({
            seq: 1,
            action: 'test.forged',
            outcome: 'success',
            actor_kind: 'system',
            prev_hash: 'f'.repeat(64),
            hash: 'e'.repeat(64),
          } as never)
          .execute(),
      );
      const forged = await asSystem(t, (trx) =>
        trx
          .selectFrom('audit_event')
          .selectAll()
          .where('action', '=', 'test.forged')
          .executeTakeFirstOrThrow(),
      );
      expect(Number(forged.seq)).toBeGreaterThan(1);
      expect(forged.hash).not.toBe('e'.repeat(64));
      expect((await verifyAuditChain(t.db.kysely)).ok).toBe(true);
    });

    it('stamps every event with the database clock, so a writer cannot backdate one', async () => {
      const before = Date.now();
      await t.db.scoped({ purpose: 'system' }, (trx) =>
        trx
          .insertInto('audit_event')
          .values({
            action: 'test.backdated',
            outcome: 'success',
            actor_kind: 'system',
            occurred_at: new Date('2001-01-01T00:00:00Z'),
          } as never)
          .execute(),
      );
      const row = await asSystem(t, (trx) =>
        trx
          .selectFrom('audit_event')
          .select('occurred_at')
          .where('action', '=', 'test.backdated')
          .executeTakeFirstOrThrow(),
      );
      expect(row.occurred_at.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    });

    it('does not let the application role move the chain head', async () => {
      await expect(
        t.db.scoped({ purpose: 'system', allCenters: true }, (trx) =>
          sql`update audit_chain_head set last_seq = 1, last_hash = ${'0'.repeat(64)}`.execute(trx),
        ),
      ).rejects.toThrow(/permission denied/);
    });
  });

  describe('verification', () => {
    let intact: AuditVerification;
    let middle: number;
    beforeAll(async () => {
      intact = await verifyAuditChain(t.db.kysely, { batchSize: 7 });
      middle = Math.floor(intact.checked / 2);
    });

    it('passes on an intact log and reports the head the database records', async () => {
      expect(intact.ok).toBe(true);
      expect(intact.broken).toBeNull();
      expect(intact.checked).toBeGreaterThan(10);
      const head = await asSystem(t, (trx) =>
        trx.selectFrom('audit_chain_head').selectAll().executeTakeFirstOrThrow(),
      );
      expect(intact.head).toEqual({ seq: Number(head.last_seq), hash: head.last_hash });
      const progress: number[] = [];
      await verifyAuditChain(t.db.kysely, { batchSize: 5, onProgress: (n) => progress.push(n) });
      expect(progress.at(-1)).toBe(intact.checked);
      expect(progress.length).toBeGreaterThan(1);
    });

    it('names the event whose content was altered', async () => {
      await tampered(
        (db) =>
          sql`update audit_event set details = '{"reason":"rewritten"}' where seq = ${middle}`.execute(db),
        async (db) => {
          const result = await verifyAuditChain(db);
          expect(result.ok).toBe(false);
          expect(result.broken?.seq).toBe(middle);
          expect(result.broken?.reason).toMatch(new RegExp(`event ${middle} was altered`));
          expect(result.checked).toBe(middle - 1);
        },
      );
    });

    it('detects an altered time or actor as well as details', async () => {
      await tampered(
        (db) =>
          sql`update audit_event set occurred_at = occurred_at - interval '1 day' where seq = 3`.execute(db),
        async (db) => expect((await verifyAuditChain(db)).broken?.seq).toBe(3),
      );
      await tampered(
        (db) =>
          sql`update audit_event set actor_kind = 'system', actor_user_id = null where seq = 4`.execute(db),
        async (db) => expect((await verifyAuditChain(db)).broken?.seq).toBe(4),
      );
    });

    it('detects an event re-hashed after it was altered, at the next link', async () => {
      // Recomputing the altered event's own hash is not enough: the next event still links to the old one.
      await tampered(
        async (db) => {
          await sql`update audit_event set details = '{"x":1}' where seq = ${middle}`.execute(db);
          await sql`update audit_event set hash = repeat('a', 64) where seq = ${middle}`.execute(db);
        },
        async (db) => {
          const result = await verifyAuditChain(db);
          expect(result.ok).toBe(false);
          expect(result.broken?.seq).toBe(middle);
        },
      );
    });

    it('names the missing event when one in the middle is deleted', async () => {
      await tampered(
        (db) => sql`delete from audit_event where seq = ${middle}`.execute(db),
        async (db) => {
          const result = await verifyAuditChain(db);
          expect(result.ok).toBe(false);
          expect(result.broken).toEqual({
            seq: middle,
            reason: `event ${middle} is missing (the next event found is ${middle + 1})`,
          });
        },
      );
    });

    it('detects events removed from the end, against the chain head', async () => {
      const last = intact.head!.seq;
      await tampered(
        (db) => sql`delete from audit_event where seq = ${last}`.execute(db),
        async (db) => {
          const result = await verifyAuditChain(db);
          expect(result.ok).toBe(false);
          expect(result.broken?.seq).toBe(last);
          expect(result.broken?.reason).toMatch(/removed from the end/);
          expect(result.head?.seq).toBe(last - 1);
        },
      );
    });

    it('detects removal from the end with the head rewound too, against an anchor kept elsewhere', async () => {
      const anchor = intact.head!;
      await tampered(
        async (db) => {
          await sql`delete from audit_event where seq = ${anchor.seq}`.execute(db);
          await sql`update audit_chain_head set last_seq = last_seq - 1,
                      last_hash = (select hash from audit_event where seq = ${anchor.seq - 1})`.execute(db);
        },
        async (db) => {
          expect((await verifyAuditChain(db)).ok).toBe(true);
          const result = await verifyAuditChain(db, { expectHead: anchor });
          expect(result.ok).toBe(false);
          expect(result.broken?.seq).toBe(anchor.seq);
          expect(result.broken?.reason).toMatch(/no longer exists/);
        },
      );
    });

    it('fails when the anchor does not match the event it names', async () => {
      const anchor = intact.head!;
      expect((await verifyAuditChain(t.db.kysely, { expectHead: anchor })).ok).toBe(true);
      const result = await verifyAuditChain(t.db.kysely, {
        expectHead: { seq: anchor.seq, hash: '0'.repeat(64) },
      });
      expect(result.ok).toBe(false);
      expect(result.broken).toEqual({
        seq: anchor.seq,
        reason: `event ${anchor.seq} does not match the anchor recorded earlier`,
      });
    });

    it('is intact again after every rolled-back tampering', async () => {
      expect((await verifyAuditChain(t.db.kysely)).ok).toBe(true);
    });

    it('verifies through the API and records that it did', async () => {
      const res = await admin.post('/api/v1/audit-events/verification');
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json<AuditVerification>();
      expect(result.ok).toBe(true);
      expect(result.broken).toBeNull();
      const recorded = (await events('?action=audit.verify')).items[0]!;
      expect(recorded).toMatchObject({
        actorUserId: admin.userId,
        outcome: 'success',
        details: { checked: result.checked, broken: null },
      });
      expect(recorded.seq).toBe(result.head!.seq + 1);
    });
  });

  describe('browsing', () => {
    let seqA: number;
    beforeAll(async () => {
      // Events of both centers: invitations and changes of each.
      for (const centerId of [centerA, centerB]) {
        const inv = await admin.post('/api/v1/invitations', {
          email: `audit.${centerId.slice(0, 8)}@test.waymark.test`,
          role: 'clinician',
          centerId,
        });
        expect(inv.statusCode, inv.body).toBe(201);
        expect((await admin.patch(`/api/v1/centers/${centerId}`, { county: 'Bexar' })).statusCode).toBe(200);
      }
      seqA = (await events(`?action=center.update&centerId=${centerA}`)).items[0]!.seq;
    });

    it('filters by exact action, by action prefix and by outcome', async () => {
      const exact = (await events('?action=auth.login')).items;
      expect(exact.length).toBeGreaterThan(2);
      expect(new Set(exact.map((e) => e.action))).toEqual(new Set(['auth.login']));
      const prefix = (await events('?action=auth.&limit=500')).items;
      expect(new Set(prefix.map((e) => e.action))).toEqual(new Set(['auth.login', 'auth.logout']));
      expect((await events('?action=auth')).items).toEqual([]);
      const failures = (await events('?outcome=failure')).items;
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((e) => e.outcome === 'failure')).toBe(true);
      // LIKE wildcards in a prefix are literal.
      expect((await events('?action=%25.')).items).toEqual([]);
    });

    it('filters by center, and names the center', async () => {
      const a = (await events(`?centerId=${centerA}`)).items;
      expect(a.map((e) => e.action).sort()).toEqual(['center.update', 'invitation.create']);
      expect(a.every((e) => e.centerId === centerA && e.centerName === 'Audit Center A')).toBe(true);
    });

    it('filters by time, with a bare date meaning the whole day', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const total = (await events('?limit=500')).items.length;
      expect((await events(`?from=${today}&to=${today}&limit=500`)).items).toHaveLength(total);
      expect((await events(`?to=${yesterday}`)).items).toEqual([]);
      expect((await events(`?from=${tomorrow}`)).items).toEqual([]);
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      expect((await events(`?from=${encodeURIComponent(hourAgo)}&limit=500`)).items).toHaveLength(total);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect((await events(`?to=${encodeURIComponent(future)}&limit=500`)).items).toHaveLength(total);
    });

    it('pages backwards by sequence number with nextBefore', async () => {
      const all = (await events('?limit=500')).items;
      expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((x, y) => y - x));
      const seen: number[] = [];
      let before: number | null = null;
      let pages = 0;
      do {
        const page: AuditPage = await events(`?limit=7${before ? `&before=${before}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(7);
        seen.push(...page.items.map((e) => e.seq));
        before = page.nextBefore;
        if (before !== null) expect(before).toBe(page.items.at(-1)!.seq);
        pages++;
      } while (before !== null && pages < 100);
      expect(seen).toEqual(all.map((e) => e.seq));
      expect(pages).toBe(Math.ceil(all.length / 7));
    });

    it('shows a director only the events of their own center', async () => {
      const seen = (await events('?limit=500', director)).items;
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((e) => e.centerId === centerA)).toBe(true);
      expect(seen.map((e) => e.seq)).toContain(seqA);
      expect((await events(`?centerId=${centerB}`, director)).items).toEqual([]);
      expect((await events('?action=auth.', director)).items).toEqual([]);
      // The administrator sees both centers.
      const both = new Set((await events('?action=center.update&limit=500')).items.map((e) => e.centerId));
      expect(both).toEqual(new Set([centerA, centerB]));
    });

    it('refuses filters it cannot read, naming them', async () => {
      for (const [query, path] of [
        ['?from=yesterday', 'from'],
        ['?to=2026-13-01', 'to'],
        ['?before=0', 'before'],
        ['?limit=501', 'limit'],
        ['?outcome=maybe', 'outcome'],
        ['?centerId=abc', 'centerId'],
        ['?verb=x', 'verb'],
      ] as const) {
        const body = expectError(await admin.get(`/api/v1/audit-events${query}`), 400, 'VALIDATION_FAILED');
        expect(
          body.error.details?.map((d) => d.path),
          query,
        ).toContain(path);
      }
    });
  });

  describe('a tampered log, committed', () => {
    it('fails verification through the API, naming the event, and records the failure', async () => {
      const target = 5;
      await t.db.kysely.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`update audit_event set details = '{"tampered":true}' where seq = ${target}`.execute(trx);
      });
      const res = await admin.post('/api/v1/audit-events/verification');
      expect(res.statusCode).toBe(200);
      const result = res.json<AuditVerification>();
      expect(result).toMatchObject({ ok: false, checked: target - 1, broken: { seq: target } });
      const recorded = (await events('?action=audit.verify')).items[0]!;
      expect(recorded).toMatchObject({ outcome: 'failure', details: { broken: target } });
    });
  });
});

describe('verifying while the log grows', () => {
  let w: TestApp;
  beforeAll(async () => {
    w = await buildTestApp();
    await w.signIn('network_admin');
  });
  afterAll(async () => w?.close());

  it('reads in short transactions and is not fooled by events written while it walks the chain', async () => {
    let reads = 0;
    const result = await verifyAuditChain(
      async (read) => {
        reads++;
        const out = await w.db.scoped({ purpose: 'system', allCenters: true }, read);
        // Someone keeps working while the log is verified: an event lands between every two reads.
        await w.db.scoped({ purpose: 'system' }, (trx) =>
          trx
            .insertInto('audit_event')
            .values({ action: 'test.during_verify', outcome: 'success', actor_kind: 'system' })
            .execute(),
        );
        return out;
      },
      { batchSize: 4 },
    );
    expect(result.ok, JSON.stringify(result.broken)).toBe(true);
    expect(reads).toBeGreaterThan(3);
    expect((await verifyAuditChain(w.db.kysely)).ok).toBe(true);
  });
});
