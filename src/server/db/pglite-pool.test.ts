/**
 * The one-connection pool over PGlite: callers wait their turn, so each transaction sees only its
 * own settings (row-level-security scope), counts of changed rows are right, and a failed
 * transaction does not leak into the next holder.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Generated, type PostgresPool } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlitePool } from './pglite-pool.js';

interface TestDB {
  note: { id: Generated<number>; tenant: string; body: string };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PGlitePool', () => {
  let pglite: PGlite;
  let pool: PGlitePool;
  let db: Kysely<TestDB>;

  beforeAll(async () => {
    pglite = await PGlite.create();
    await pglite.exec(`
      create role tenant_app nologin;
      create table note (id serial primary key, tenant text not null, body text not null);
      alter table note enable row level security;
      alter table note force row level security;
      create policy note_tenant on note using (tenant = current_setting('app.tenant', true));
      grant select, insert, update, delete on note to tenant_app;
      grant usage on sequence note_id_seq to tenant_app;
      insert into note (tenant, body)
        select t, t || ' note ' || n from unnest(array['a', 'b', 'c', 'd']) t, generate_series(1, 5) n;
    `);
    pool = new PGlitePool(pglite);
    db = new Kysely<TestDB>({ dialect: new PostgresDialect({ pool: pool as unknown as PostgresPool }) });
  });
  afterAll(async () => {
    await db?.destroy();
    await pglite?.close();
  });

  /** One transaction as the tenant role with the tenant's scope, yielding to the event loop between statements. */
  function scoped<T>(tenant: string, fn: (trx: Kysely<TestDB>) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      await sql`select set_config('role', 'tenant_app', true), set_config('app.tenant', ${tenant}, true)`.execute(
        trx,
      );
      await pause(Math.random() * 5);
      return fn(trx);
    });
  }

  it('gives concurrent transactions one at a time, each seeing only its own scope', async () => {
    const tenants = ['a', 'b', 'c', 'd'];
    const results = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const tenant = tenants[i % tenants.length]!;
        return scoped(tenant, async (trx) => {
          const first = await trx.selectFrom('note').select('tenant').execute();
          await pause(Math.random() * 5);
          const setting = await sql<{ v: string }>`select current_setting('app.tenant', true) as v`.execute(
            trx,
          );
          const second = await trx.selectFrom('note').select('tenant').execute();
          return { tenant, seen: [...first, ...second].map((r) => r.tenant), setting: setting.rows[0]?.v };
        });
      }),
    );
    for (const r of results) {
      expect(r.setting).toBe(r.tenant);
      expect(r.seen).toEqual(Array(10).fill(r.tenant));
    }
  });

  it('makes later callers wait while one holds the connection, and counts them', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = scoped('a', async () => held);
    await pause(10);
    const waiting = [scoped('b', async (trx) => trx.selectFrom('note').selectAll().execute())];
    waiting.push(scoped('c', async (trx) => trx.selectFrom('note').selectAll().execute()));
    await pause(10);
    expect(pool.waitingCount).toBe(2);
    release();
    await first;
    const [b, c] = await Promise.all(waiting);
    expect(b).toHaveLength(5);
    expect(c).toHaveLength(5);
    expect(pool.waitingCount).toBe(0);
  });

  it('reports the number of rows an update, delete or insert changed', async () => {
    await scoped('d', async (trx) => {
      const updated = await trx
        .updateTable('note')
        .set({ body: 'changed' })
        .where('id', '<', 1000)
        .executeTakeFirst();
      expect(Number(updated.numUpdatedRows)).toBe(5);
      const none = await trx.updateTable('note').set({ body: 'x' }).where('id', '<', 0).executeTakeFirst();
      expect(Number(none.numUpdatedRows)).toBe(0);
      const inserted = await trx
        .insertInto('note')
        .values([
          { tenant: 'd', body: 'one' },
          { tenant: 'd', body: 'two' },
        ])
        .executeTakeFirst();
      expect(Number(inserted.numInsertedOrUpdatedRows)).toBe(2);
      const deleted = await trx.deleteFrom('note').where('body', 'in', ['one', 'two']).executeTakeFirst();
      expect(Number(deleted.numDeletedRows)).toBe(2);
      // A statement with a WITH clause is counted by its main command.
      const cte = await sql`with picked as (select id from note where body = 'changed' limit 3)
        update note set body = 'picked' where id in (select id from picked)`.execute(trx);
      expect(Number(cte.numAffectedRows)).toBe(3);
      throw new Error('undo');
    }).catch((error: Error) => expect(error.message).toBe('undo'));
    const bodies = await scoped('d', (trx) => trx.selectFrom('note').select('body').execute());
    expect(bodies.map((r) => r.body)).not.toContain('changed');
  });

  it('rolls back a failed transaction before the next caller gets the connection', async () => {
    const failing = scoped('a', async (trx) => {
      await trx.insertInto('note').values({ tenant: 'a', body: 'never kept' }).execute();
      await sql`select 1 / 0`.execute(trx);
    });
    const next = scoped('a', (trx) =>
      sql<{ n: number }>`select count(*)::int as n from note where body = 'never kept'`.execute(trx),
    );
    await expect(failing).rejects.toThrow(/division by zero/);
    expect((await next).rows[0]?.n).toBe(0);
    const outside = await pglite.query<{ n: number }>(
      `select count(*)::int as n from note where body = 'never kept'`,
    );
    expect(outside.rows[0]?.n).toBe(0);
  });

  it('ends the transaction of a connection released as broken before handing it on', async () => {
    const broken = await pool.connect();
    await broken.query('begin');
    await expect(broken.query('select 1 / 0')).rejects.toThrow(/division by zero/);
    const next = pool.connect();
    broken.release(true);
    const client = await next;
    const r = await client.query<{ one: number }>('select 1 as one');
    expect(r.rows).toEqual([{ one: 1 }]);
    client.release();
  });

  it('refuses a connection used after release and new connections after end()', async () => {
    const client = await pool.connect();
    client.release();
    await expect(client.query('select 1')).rejects.toThrow(/after release/);
    const other = new PGlitePool(pglite);
    const holder = await other.connect();
    const ended = other.end();
    await expect(other.connect()).rejects.toThrow(/closed/);
    let done = false;
    void ended.then(() => (done = true));
    await pause(20);
    expect(done).toBe(false);
    holder.release();
    await ended;
    expect(done).toBe(true);
  });
});

describe('why the queue matters', () => {
  it('a pool that hands everyone the same connection lets transactions see each other’s scope', async () => {
    const pglite = await PGlite.create();
    try {
      // The naive approach: every caller gets the one connection at once.
      const naive = {
        connect: async () => ({
          query: async (text: string, params: unknown[] = []) => {
            const r = params.length ? await pglite.query(text, params) : (await pglite.exec(text)).at(-1)!;
            return { command: 'SELECT', rowCount: r.rows.length, rows: r.rows };
          },
          release: () => undefined,
        }),
        end: async () => undefined,
      };
      const db = new Kysely<TestDB>({
        dialect: new PostgresDialect({ pool: naive as unknown as PostgresPool }),
      });
      const seen = await Promise.all(
        ['a', 'b', 'c', 'd'].map((tenant) =>
          db
            .transaction()
            .execute(async (trx) => {
              await sql`select set_config('app.tenant', ${tenant}, true)`.execute(trx);
              await pause(5);
              const r = await sql<{ v: string }>`select current_setting('app.tenant', true) as v`.execute(
                trx,
              );
              return { tenant, setting: r.rows[0]?.v };
            })
            .catch(() => ({ tenant, setting: 'failed' })),
        ),
      );
      // At least one transaction read another's setting (or the interleaving broke it outright).
      expect(seen.some((s) => s.setting !== s.tenant)).toBe(true);
      await db.destroy();
    } finally {
      await pglite.close();
    }
  });
});
