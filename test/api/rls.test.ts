/**
 * Row-level security, checked directly in the database: a scope for center A neither sees nor
 * writes center B's rows, no scope sees nothing, every table that holds tenant or personal data has
 * RLS enabled and forced, and the server refuses to run as a role that would bypass it.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  UnsafeDatabaseRoleError,
  assertSafeRuntimeRole,
  type DbScope,
} from '../../src/server/db/database.js';
import type { DB } from '../../src/server/db/schema.js';
import { recordAudit } from '../../src/server/platform/audit.js';
import { systemCtx } from '../../src/server/platform/context.js';
import {
  asSystem,
  insertInvitation,
  insertOutboxMessage,
  insertPasswordReset,
  membershipAt,
} from '../helpers/matrix.js';
import { ENGINE, buildTestApp, createTestDatabase, type TestApp } from '../helpers/test-app.js';
import { pathwayId, readyForCertification } from '../helpers/training.js';

/** Tables without row-level security, on purpose: migration bookkeeping and two internal tables. */
const WITHOUT_RLS = ['audit_chain_head', 'login_throttle', 'waymark_migration', 'waymark_migration_lock'];

describe('row-level security', () => {
  let t: TestApp;
  let centerA: string;
  let centerB: string;
  let directorA: string;
  let staffB: string;
  let membershipB: string;
  let invitationB: string;
  let outboxB: string;
  let episodeB: string;
  let scopeA: DbScope;

  beforeAll(async () => {
    t = await buildTestApp();
    centerA = await t.createCenter({ name: 'RLS Center A' });
    centerB = await t.createCenter({ name: 'RLS Center B' });
    const partner = await t.createPartner();
    directorA = (await t.createUser({ role: 'center_director', centerId: centerA })).id;
    await t.createUser({ role: 'clinician', centerId: centerA });
    await t.createUser({ role: 'partner_learner', partnerId: partner });
    staffB = (await t.createUser({ role: 'clinician', centerId: centerB })).id;
    membershipB = await membershipAt(t, staffB, centerB);
    await insertInvitation(t, { centerId: centerA });
    invitationB = (await insertInvitation(t, { centerId: centerB })).id;
    await insertOutboxMessage(t, { centerId: centerA });
    outboxB = await insertOutboxMessage(t, { centerId: centerB });
    await insertPasswordReset(t, staffB);
    await t.login((await t.createUser({ role: 'clinician', centerId: centerB })).email);
    const log = t.app.log;
    await asSystem(t, async (trx) => {
      for (const centerId of [centerA, centerB])
        await recordAudit(trx, systemCtx(t.db, t.config, log), { action: 'test.event', centerId });
      await trx
        .insertInto('import_batch')
        .values({ kind: 'centers', source: 'cli', status: 'completed', center_id: centerB })
        .execute();
      await trx.insertInto('mfa_recovery_code').values({ user_id: staffB, code_hash: 'x' }).execute();
      await trx.insertInto('chapter').values({ name: 'RLS Chapter', state: 'TX' }).execute();
    });
    // Training records of a clinician at center B, down to a signed credential and its reminder.
    await t.app.services.credentials.ensureSigningKey();
    await readyForCertification(t.db.kysely, { userId: staffB, centerId: centerB, trainerId: directorA });
    // Looked up first: PGlite has one connection, so a query from inside the transaction would wait.
    const national = await pathwayId(t.db.kysely, 'TFCBT-NATIONAL');
    await asSystem(t, async (trx) => {
      const credentialId = await t.app.services.credentials.recordHistoric(trx, {
        userId: staffB,
        centerId: centerB,
        pathwayId: national,
        validFrom: '2025-06-01',
      });
      await trx
        .insertInto('credential_reminder')
        .values({ credential_id: credentialId, days_before: 90 })
        .execute();
      // Care records of one of B's training cases: a session, an alert, a form link, a licence.
      const ep = await trx
        .selectFrom('episode')
        .select(['id', 'center_id', 'clinician_id', 'started_on'])
        .where('center_id', '=', centerB)
        .executeTakeFirstOrThrow();
      episodeB = ep.id;
      await trx
        .insertInto('episode_session')
        .values({
          episode_id: ep.id,
          center_id: centerB,
          held_on: ep.started_on!,
          minutes: 60,
          participants: ['child'],
        })
        .execute();
      await trx
        .insertInto('care_alert')
        .values({
          kind: 'self_harm',
          center_id: centerB,
          episode_id: ep.id,
          clinician_id: ep.clinician_id,
          instrument: 'PHQ-A',
        })
        .execute();
      await trx
        .insertInto('form_link')
        .values({
          token_hash: 'f'.repeat(64),
          episode_id: ep.id,
          center_id: centerB,
          instrument: 'SMFQ-C',
          respondent: 'youth',
          phase: 'end',
          language: 'en',
          created_by: ep.clinician_id,
          expires_at: new Date(Date.now() + 3_600_000),
        })
        .execute();
      await trx
        .insertInto('center_instrument')
        .values({ center_id: centerB, instrument: 'CPSS-5', enabled_by: staffB })
        .execute();
      // Access records of center B (its monthly flows come from the episode, by trigger), and a plan.
      await trx
        .insertInto('access_month')
        .values({
          center_id: centerB,
          month: '2025-01-01',
          referred: 12,
          started: 9,
          waiting_end: 20,
          source: 'form',
        })
        .execute();
      await trx
        .insertInto('clinician_capacity')
        .values({ user_id: staffB, center_id: centerB, treatment_fte: 0.8 })
        .execute();
      await trx
        .insertInto('center_access_parameters')
        .values({ center_id: centerB, parameters: JSON.stringify({ sessionsPerChild: 12 }) })
        .execute();
      await trx
        .insertInto('access_plan')
        .values({ name: 'Plan', input: '{}', result: '{}', created_by: staffB })
        .execute();
    });
    scopeA = {
      purpose: 'user',
      userId: directorA,
      centerIds: [centerA],
      manageCenterIds: [centerA],
    };
  });
  afterAll(async () => t?.close());

  const inScopeA = <T>(fn: (trx: Transaction<DB>) => Promise<T>) => t.db.scoped(scopeA, fn);

  describe('a scope for center A', () => {
    it('sees center A’s memberships, invitations, audit events and messages, and none of B’s', async () => {
      const seen = await inScopeA(async (trx) => ({
        memberships: await trx.selectFrom('membership').select('center_id').execute(),
        invitations: await trx.selectFrom('invitation').select('center_id').execute(),
        audit: await trx.selectFrom('audit_event').select('center_id').execute(),
        outbox: await trx.selectFrom('outbox_message').select('center_id').execute(),
        imports: await trx.selectFrom('import_batch').select('center_id').execute(),
        resets: await trx.selectFrom('password_reset').select('id').execute(),
        codes: await trx.selectFrom('mfa_recovery_code').select('id').execute(),
        sessions: await trx.selectFrom('user_session').select('user_id').execute(),
        userB: await trx.selectFrom('app_user').select('id').where('id', '=', staffB).execute(),
      }));
      // Positive control: A's rows are there.
      expect(seen.memberships.length).toBe(2);
      expect(seen.invitations.length).toBe(1);
      expect(seen.audit.length).toBe(1);
      expect(seen.outbox.length).toBe(1);
      for (const rows of [seen.memberships, seen.invitations, seen.audit, seen.outbox]) {
        expect(rows.every((r) => r.center_id === centerA)).toBe(true);
      }
      expect(seen.imports).toEqual([]);
      expect(seen.resets).toEqual([]);
      expect(seen.codes).toEqual([]);
      expect(seen.sessions).toEqual([]);
      expect(seen.userB).toEqual([]);
    });

    it('finds B’s rows by id as if they did not exist, and changes none of them', async () => {
      const result = await inScopeA(async (trx) => ({
        membership: await trx.selectFrom('membership').selectAll().where('id', '=', membershipB).execute(),
        invitation: await trx.selectFrom('invitation').selectAll().where('id', '=', invitationB).execute(),
        outbox: await trx.selectFrom('outbox_message').selectAll().where('id', '=', outboxB).execute(),
        ended: await trx
          .updateTable('membership')
          .set({ ended_at: new Date() })
          .where('id', '=', membershipB)
          .executeTakeFirst(),
        revoked: await trx
          .updateTable('invitation')
          .set({ revoked_at: new Date() })
          .where('id', '=', invitationB)
          .executeTakeFirst(),
        renamed: await trx
          .updateTable('app_user')
          .set({ display_name: 'Taken over' })
          .where('id', '=', staffB)
          .executeTakeFirst(),
      }));
      expect(result.membership).toEqual([]);
      expect(result.invitation).toEqual([]);
      expect(result.outbox).toEqual([]);
      expect(Number(result.ended.numUpdatedRows)).toBe(0);
      expect(Number(result.revoked.numUpdatedRows)).toBe(0);
      expect(Number(result.renamed.numUpdatedRows)).toBe(0);
      const still = await asSystem(t, (trx) =>
        trx
          .selectFrom('membership')
          .select('ended_at')
          .where('id', '=', membershipB)
          .executeTakeFirstOrThrow(),
      );
      expect(still.ended_at).toBeNull();
    });

    it('refuses to insert rows for center B', async () => {
      const attempts: [string, (trx: Transaction<DB>) => Promise<unknown>][] = [
        [
          'membership',
          (trx) =>
            trx
              .insertInto('membership')
              .values({ user_id: directorA, role: 'clinician', center_id: centerB })
              .execute(),
        ],
        [
          'invitation',
          (trx) =>
            trx
              .insertInto('invitation')
              .values({
                email: 'sneaky@test.waymark.test',
                role: 'clinician',
                center_id: centerB,
                token_hash: randomUUID(),
                expires_at: new Date(Date.now() + 86_400_000),
              })
              .execute(),
        ],
        [
          'outbox_message',
          (trx) =>
            trx
              .insertInto('outbox_message')
              .values({ kind: 'x', to_address: 'a@b.test', subject: 's', body_text: 'b', center_id: centerB })
              .execute(),
        ],
        [
          'import_batch',
          (trx) =>
            trx
              .insertInto('import_batch')
              .values({ kind: 'centers', source: 'upload', status: 'completed', center_id: centerB })
              .execute(),
        ],
        [
          'episode_session',
          (trx) =>
            trx
              .insertInto('episode_session')
              .values({
                episode_id: episodeB,
                center_id: centerB,
                held_on: '2026-01-05',
                minutes: 50,
                participants: ['child'],
              })
              .execute(),
        ],
        [
          'center_instrument',
          (trx) =>
            trx
              .insertInto('center_instrument')
              .values({ center_id: centerB, instrument: 'TSCC-PTS', enabled_by: directorA })
              .execute(),
        ],
        [
          'access_month',
          (trx) =>
            trx
              .insertInto('access_month')
              .values({
                center_id: centerB,
                month: '2025-02-01',
                referred: 1,
                started: 1,
                waiting_end: 1,
                source: 'form',
              })
              .execute(),
        ],
        [
          'clinician_capacity',
          (trx) =>
            trx
              .insertInto('clinician_capacity')
              .values({ user_id: directorA, center_id: centerB, treatment_fte: 1 })
              .execute(),
        ],
        [
          'center_access_parameters',
          (trx) =>
            trx
              .insertInto('center_access_parameters')
              .values({ center_id: centerB, parameters: '{}' })
              .execute(),
        ],
        [
          'access_plan',
          (trx) =>
            trx
              .insertInto('access_plan')
              .values({ name: 'Rogue', input: '{}', result: '{}', created_by: directorA })
              .execute(),
        ],
        [
          'center_month_flow',
          (trx) =>
            trx
              .insertInto('center_month_flow')
              .values({
                center_id: centerB,
                month: '2020-01-01',
                referred: 99,
                started: 0,
                started_referred: 0,
              })
              .execute(),
        ],
        [
          'center',
          (trx) =>
            trx
              .insertInto('center')
              .values({ name: 'Rogue', state: 'TX', county: 'X', zip3: '123', member_type: 'affiliate' })
              .execute(),
        ],
      ];
      for (const [table, attempt] of attempts) {
        await expect(inScopeA(attempt), table).rejects.toThrow(/row-level security/);
      }
      // The same inserts for center A are allowed (the director manages it).
      await inScopeA((trx) =>
        trx
          .insertInto('membership')
          .values({ user_id: directorA, role: 'clinician', center_id: centerA })
          .execute(),
      );
    });
  });

  it('shows nothing tenant-owned to a transaction without a scope, and lets it write nothing', async () => {
    const tables = await rlsTables();
    const counts = async (trx: Transaction<DB>) => {
      const out: Record<string, number> = {};
      for (const table of tables) {
        const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx);
        out[table] = r.rows[0]!.n;
      }
      return out;
    };
    // A failed sign-in leaves a row in login_throttle, so that table has something to hide too.
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody.at.all@example.org', password: 'Not-The-Password-12' },
    });
    // Positive control: the owner sees rows in every one of these tables.
    const owner = await t.db.kysely.transaction().execute(counts);
    for (const table of tables) expect(owner[table], table).toBeGreaterThan(0);

    const empty = Object.fromEntries(tables.map((table) => [table, 0]));
    // An empty purpose, as scoped() would set it for a caller with no scope at all.
    expect(await t.db.scoped({ purpose: '' as DbScope['purpose'] }, counts)).toEqual(empty);
    // No settings at all: only the role switched.
    const bare = await t.db.kysely.transaction().execute(async (trx) => {
      await sql`select set_config('role', ${t.db.appRole}, true)`.execute(trx);
      return counts(trx);
    });
    expect(bare).toEqual(empty);
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        await sql`select set_config('role', ${t.db.appRole}, true)`.execute(trx);
        await recordAudit(trx, systemCtx(t.db, t.config, t.app.log), { action: 'test.unscoped' });
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it('runs scoped transactions as the application role, which is neither superuser nor BYPASSRLS', async () => {
    const row = await t.db.scoped(
      { purpose: 'system' },
      async (trx) =>
        (
          await sql<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean }>`
          select current_user, r.rolsuper, r.rolbypassrls from pg_roles r where r.rolname = current_user`.execute(
            trx,
          )
        ).rows[0],
    );
    expect(row).toEqual({ current_user: 'waymark_app', rolsuper: false, rolbypassrls: false });
    // The connection itself is a superuser on both engines here: only the role switch protects.
    const session = await sql<{
      rolsuper: boolean;
    }>`select rolsuper from pg_roles where rolname = session_user`.execute(t.db.kysely);
    expect(session.rows[0]?.rolsuper).toBe(true);
    expect(await assertSafeRuntimeRole(t.db)).toEqual({
      sessionUser: 'postgres',
      runtimeRole: 'waymark_app',
    });
  });

  async function rlsTables(): Promise<string[]> {
    const r = await sql<{ relname: string }>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity order by c.relname`.execute(
      t.db.kysely,
    );
    return r.rows.map((x) => x.relname);
  }

  it('enables and forces row-level security on every table except the few that hold no tenant data', async () => {
    const r = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`.execute(t.db.kysely);
    const tables = r.rows;
    expect(tables.length).toBeGreaterThan(15);
    const unprotected = tables
      .filter((x) => !WITHOUT_RLS.includes(x.relname))
      .filter((x) => !x.relrowsecurity || !x.relforcerowsecurity)
      .map((x) => x.relname);
    expect(unprotected).toEqual([]);
    // The exceptions are the ones listed, and still exist (update the list when they change).
    expect(tables.filter((x) => WITHOUT_RLS.includes(x.relname)).map((x) => x.relname)).toEqual(WITHOUT_RLS);
    // Every RLS table has at least one policy, or nothing could ever read it.
    const noPolicy = await sql<{ relname: string }>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relrowsecurity
        and not exists (select 1 from pg_policy p where p.polrelid = c.oid)`.execute(t.db.kysely);
    expect(noPolicy.rows).toEqual([]);
  });

  // Each check opens a migrated database of its own (a copy, see createTestDatabase) whose runtime
  // role is the one under test.
  describe('runtime role check', () => {
    it('refuses to run as a superuser', async () => {
      const copy = await createTestDatabase({}, { appRole: 'postgres' });
      try {
        await expect(assertSafeRuntimeRole(copy.db)).rejects.toThrow(UnsafeDatabaseRoleError);
        await expect(assertSafeRuntimeRole(copy.db)).rejects.toThrow(/"postgres", which is a superuser/);
      } finally {
        await copy.destroy();
      }
    });

    it('refuses a role that does not exist, saying how to create it', async () => {
      const copy = await createTestDatabase({}, { appRole: 'waymark_nobody' });
      try {
        await expect(assertSafeRuntimeRole(copy.db)).rejects.toThrow(/"waymark_nobody" does not exist/);
      } finally {
        await copy.destroy();
      }
    });

    it('refuses a role with BYPASSRLS', async () => {
      const role = `waymark_bypass_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const copy = await createTestDatabase({}, { appRole: role });
      try {
        await sql`create role ${sql.id(role)} nologin bypassrls`.execute(copy.db.kysely);
        await sql`grant waymark_app to ${sql.id(role)}`.execute(copy.db.kysely);
        await sql`insert into center (name, state, county, zip3, member_type)
                  values (${`Bypass ${role}`}, 'TX', 'Travis', '787', 'affiliate')`.execute(copy.db.kysely);
        // The role sees through every policy, even with a scope that allows nothing.
        const unscoped = await copy.db.scoped({ purpose: '' as DbScope['purpose'] }, (trx) =>
          sql<{ n: number }>`select count(*)::int as n from center`.execute(trx),
        );
        expect(unscoped.rows[0]!.n).toBeGreaterThan(0);
        await expect(assertSafeRuntimeRole(copy.db)).rejects.toThrow(UnsafeDatabaseRoleError);
        await expect(assertSafeRuntimeRole(copy.db)).rejects.toThrow(
          new RegExp(`"${role}", which is a BYPASSRLS role`),
        );
        await sql`delete from center where name = ${`Bypass ${role}`}`.execute(copy.db.kysely);
      } finally {
        // Roles are cluster-wide on PostgreSQL; on PGlite the role goes with the database.
        if (ENGINE === 'postgres') await sql`drop role if exists ${sql.id(role)}`.execute(copy.db.kysely);
        await copy.destroy();
      }
    });
  });
});
