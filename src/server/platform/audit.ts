/**
 * The audit log: every sign-in, failed sign-in, change of data and read of child-level data.
 *
 * Events are written inside the same transaction as the change they describe, so both commit or
 * neither does. The database chains them (a trigger links each event to the previous one's hash
 * and refuses UPDATE, DELETE and TRUNCATE); `verifyAuditChain` recomputes every hash independently.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Ctx } from './context.js';

export interface AuditInput {
  /** Dotted verb, e.g. 'auth.login', 'center.update', 'staff.role_change'. */
  action: string;
  outcome?: 'success' | 'failure';
  targetType?: string;
  targetId?: string | null;
  centerId?: string | null;
  /** What changed, never secrets or care payloads. */
  details?: Record<string, unknown>;
  /** Overrides the context's actor (e.g. a failed sign-in against a known account). */
  actorUserId?: string | null;
}

export async function recordAudit(trx: Transaction<DB>, ctx: Ctx, event: AuditInput): Promise<void> {
  const actorUserId = event.actorUserId !== undefined ? event.actorUserId : (ctx.actor?.userId ?? null);
  const actorKind = actorUserId ? 'user' : ctx.actor === null && ctx.ip === null ? 'system' : 'anonymous';
  await trx
    .insertInto('audit_event')
    .values({
      actor_user_id: actorUserId,
      actor_kind: actorKind,
      ip: ctx.ip,
      action: event.action,
      outcome: event.outcome ?? 'success',
      target_type: event.targetType ?? null,
      target_id: event.targetId ?? null,
      center_id: event.centerId ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}

/** The canonical text the database hashes: "<octet length>:<text>" per field, joined by newlines. */
export function canonicalAuditText(fields: readonly (string | null)[]): string {
  return fields.map((f) => `${Buffer.byteLength(f ?? '', 'utf8')}:${f ?? ''}`).join('\n');
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string } | null;
  broken: { seq: number; reason: string } | null;
}

interface ChainRow {
  seq: number;
  occurred: string;
  actor_user_id: string | null;
  actor_kind: string;
  ip: string | null;
  action: string;
  outcome: string;
  target_type: string | null;
  target_id: string | null;
  center_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

/**
 * Walks the whole chain in seq order and recomputes each hash. Reports the first event that was
 * altered, removed (a gap in seq or a broken link) or added out of chain, and a head that does not
 * match the last event (events removed from the end). `expectHead` checks against an anchor
 * recorded earlier outside the database.
 */
/** Runs a read; the verifier calls it once per batch, so each batch can be its own short transaction. */
export type AuditReader = <T>(read: (db: Kysely<DB>) => Promise<T>) => Promise<T>;

export async function verifyAuditChain(
  source: Kysely<DB> | AuditReader,
  options: {
    batchSize?: number;
    expectHead?: { seq: number; hash: string };
    onProgress?: (checked: number, total: number) => void;
  } = {},
): Promise<AuditVerification> {
  // A plain handle is read directly; a reader (the admin page, the CLI) gets one transaction per
  // batch, so a long log never holds the database (PGlite has a single connection) for the whole walk.
  const read: AuditReader = typeof source === 'function' ? source : (fn) => fn(source);
  const batchSize = options.batchSize ?? 5000;
  const total = Number(
    (await read((db) => sql<{ n: number }>`select count(*)::int as n from audit_event`.execute(db))).rows[0]
      ?.n ?? 0,
  );
  let expectedSeq = 1;
  let prevHash = GENESIS;
  let checked = 0;
  let lastSeq = 0;
  const fail = (seq: number, reason: string): AuditVerification => ({
    ok: false,
    checked,
    head: checked > 0 ? { seq: lastSeq, hash: prevHash } : null,
    broken: { seq, reason },
  });
  // The head is read first and the chain walked up to it: events appended while we walk are newer
  // than the head we check against, not evidence of tampering.
  const headRow = (
    await read((db) =>
      sql<{
        last_seq: number;
        last_hash: string;
      }>`select last_seq, last_hash from audit_chain_head where id = 1`.execute(db),
    )
  ).rows[0];
  const headSeq = Number(headRow?.last_seq ?? 0);
  for (;;) {
    const { rows } = await read((db) =>
      sql<ChainRow>`
        select seq, waymark_audit_time(occurred_at) as occurred, actor_user_id::text as actor_user_id, actor_kind, ip,
               action, outcome, target_type, target_id, center_id::text as center_id, details::text as details,
               prev_hash, hash
        from audit_event where seq > ${lastSeq} and seq <= ${headSeq} order by seq limit ${batchSize}`.execute(
        db,
      ),
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        return fail(expectedSeq, `event ${expectedSeq} is missing (the next event found is ${seq})`);
      }
      if (row.prev_hash !== prevHash) {
        return fail(seq, `event ${seq} does not link to the hash of event ${seq - 1}`);
      }
      const recomputed = createHash('sha256')
        .update(
          canonicalAuditText([
            String(seq),
            row.prev_hash,
            row.occurred,
            row.actor_user_id,
            row.actor_kind,
            row.ip,
            row.action,
            row.outcome,
            row.target_type,
            row.target_id,
            row.center_id,
            row.details,
          ]),
          'utf8',
        )
        .digest('hex');
      if (recomputed !== row.hash) {
        return fail(seq, `event ${seq} was altered: its content does not match its hash`);
      }
      prevHash = row.hash;
      lastSeq = seq;
      expectedSeq = seq + 1;
      checked++;
    }
    options.onProgress?.(checked, total);
  }
  if (headRow && (headSeq !== lastSeq || headRow.last_hash !== prevHash)) {
    return fail(
      lastSeq + 1,
      headSeq === lastSeq
        ? `event ${lastSeq} does not match the hash the chain head recorded for it`
        : `the chain ends at event ${lastSeq} but the chain head records event ${headSeq}: events were removed from the end`,
    );
  }
  if (options.expectHead) {
    const { seq, hash } = options.expectHead;
    if (seq > lastSeq) return fail(seq, `the anchored event ${seq} no longer exists`);
    const anchored = (
      await read((db) => sql<{ hash: string }>`select hash from audit_event where seq = ${seq}`.execute(db))
    ).rows[0];
    if (!anchored || anchored.hash !== hash) {
      return fail(seq, `event ${seq} does not match the anchor recorded earlier`);
    }
  }
  return { ok: true, checked, head: checked > 0 ? { seq: lastSeq, hash: prevHash } : null, broken: null };
}
