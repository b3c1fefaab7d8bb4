/**
 * A pool of exactly one connection over PGlite, shaped like `pg.Pool` so that Kysely's own
 * PostgresDialect drives it.
 *
 * PGlite is a single Postgres backend: one session, one transaction at a time. The published
 * Kysely drivers hand every caller the same connection without waiting, so two concurrent
 * requests interleave their statements inside each other's transactions (and see each other's
 * row-level-security scope). Here `connect()` queues until the previous holder calls `release()`,
 * exactly as a `pg.Pool` with `max: 1` would.
 */
import type { PGlite, Results } from '@electric-sql/pglite';

type Command = 'UPDATE' | 'DELETE' | 'INSERT' | 'SELECT' | 'MERGE' | 'COMMIT' | 'ROLLBACK';

export interface PGlitePoolClient {
  query<R>(
    sql: string,
    parameters?: readonly unknown[],
  ): Promise<{ command: Command; rowCount: number; rows: R[] }>;
  release(destroy?: boolean): void;
}

const COMMANDS = new Set(['UPDATE', 'DELETE', 'INSERT', 'SELECT', 'MERGE', 'COMMIT', 'ROLLBACK']);

/** The command tag of the statement, for Kysely's affected-row counts and aborted-commit detection. */
function commandOf(sql: string, result: Results): Command {
  const tag = (result as Results & { command?: string }).command?.toUpperCase();
  if (tag && COMMANDS.has(tag)) return tag as Command;
  // Fallback for results without a tag: the statement's leading keyword (after any WITH clause).
  const word = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT';
  if (word === 'WITH') {
    const main =
      /\)\s*(insert|update|delete|merge|select)\b(?![\s\S]*\)\s*(insert|update|delete|merge|select)\b)/i.exec(
        sql,
      );
    return (main?.[1]?.toUpperCase() as Command | undefined) ?? 'SELECT';
  }
  return COMMANDS.has(word) ? (word as Command) : 'SELECT';
}

export class PGlitePool {
  readonly options = {};
  #holder: PGlitePoolClient | null = null;
  #queue: { client: PGlitePoolClient; resolve: (client: PGlitePoolClient) => void }[] = [];
  #ended = false;

  constructor(private readonly db: PGlite) {}

  /** Number of callers waiting for the connection (for metrics and tests). */
  get waitingCount(): number {
    return this.#queue.length;
  }

  connect(): Promise<PGlitePoolClient> {
    if (this.#ended) return Promise.reject(new Error('The PGlite pool has been closed'));
    const client = this.#makeClient();
    if (this.#holder === null) {
      this.#holder = client;
      return Promise.resolve(client);
    }
    return new Promise((resolve) => this.#queue.push({ client, resolve }));
  }

  /** Stops new connections and waits for the holder and everyone queued to finish. */
  async end(): Promise<void> {
    this.#ended = true;
    while (this.#holder !== null) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  #handOver(): void {
    const next = this.#queue.shift();
    this.#holder = next?.client ?? null;
    next?.resolve(next.client);
  }

  #makeClient(): PGlitePoolClient {
    let released = false;
    const db = this.db;
    const client: PGlitePoolClient = {
      query: async <R>(sql: string, parameters: readonly unknown[] = []) => {
        if (released) throw new Error('PGlite connection used after release');
        if (this.#holder !== client) throw new Error('PGlite connection used before it was acquired');
        let result: Results;
        if (parameters.length === 0) {
          // Like pg: without parameters the simple protocol is used, so several statements may run.
          const results = await db.exec(sql);
          result = results[results.length - 1] ?? { rows: [], fields: [], affectedRows: 0 };
        } else {
          result = await db.query(sql, parameters as unknown[]);
        }
        const command = commandOf(sql, result);
        const rowCount =
          command === 'SELECT' ? result.rows.length : (result.affectedRows ?? result.rows.length);
        return { command, rowCount, rows: result.rows as R[] };
      },
      release: (destroy?: boolean) => {
        if (released) return;
        released = true;
        if (destroy) {
          // A discarded connection may still be inside a failed transaction: end it first.
          db.exec('rollback').then(
            () => this.#handOver(),
            () => this.#handOver(),
          );
        } else {
          this.#handOver();
        }
      },
    };
    return client;
  }
}
