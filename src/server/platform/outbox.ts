/**
 * Outgoing messages go through the outbox table, written in the same transaction as the change that
 * causes them (an invitation, a password reset). With SMTP_URL set, a worker delivers them with
 * retries and exponential back-off; without it, they are held and shown to administrators, who can
 * pass the link on. Message bodies carry one-time links, so they are never logged.
 */
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Transaction } from 'kysely';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { DB, OutboxMessageRow } from '../db/schema.js';

export interface NewMessage {
  kind: string;
  to: string;
  subject: string;
  bodyText: string;
  centerId?: string | null;
  partnerId?: string | null;
  relatedId?: string | null;
}

export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string }): Promise<void>;
  close?(): void;
}

export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    send: async (m) => {
      await transporter.sendMail(m);
    },
    close: () => transporter.close(),
  };
}

export async function enqueueMessage(
  trx: Transaction<DB>,
  config: Config,
  message: NewMessage,
): Promise<string> {
  const row = await trx
    .insertInto('outbox_message')
    .values({
      kind: message.kind,
      to_address: message.to,
      subject: message.subject,
      body_text: message.bodyText,
      center_id: message.centerId ?? null,
      partner_id: message.partnerId ?? null,
      related_id: message.relatedId ?? null,
      status: config.mail.smtpUrl ? 'pending' : 'held',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const TOKEN_IN_LINK = /(#token=)[A-Za-z0-9_-]+/g;
const TOKEN_REMOVED = '$1[removed]';
/** The same, in PostgreSQL's regular-expression syntax (bound as parameters). */
const TOKEN_PATTERN = '(#token=)[A-Za-z0-9_-]+';
const TOKEN_REPLACEMENT = '\\1[removed]';

/** The text with the one-time tokens of its links removed (a kept copy must not open anything). */
export function withoutTokens(text: string): string {
  return text.replace(TOKEN_IN_LINK, TOKEN_REMOVED);
}

/** Cancels undelivered messages about a record (e.g. an invitation that was revoked or re-sent). */
export async function cancelMessagesFor(trx: Transaction<DB>, relatedId: string): Promise<void> {
  await sql`
    update outbox_message set status = 'cancelled',
      body_text = regexp_replace(body_text, ${TOKEN_PATTERN}, ${TOKEN_REPLACEMENT}, 'g')
    where related_id = ${relatedId} and status in ('pending', 'held', 'failed')`.execute(trx);
}

/** Removes the tokens from every kept message about a record whose link has been used. */
export async function retireLinksFor(trx: Transaction<DB>, relatedId: string): Promise<void> {
  await sql`
    update outbox_message set body_text = regexp_replace(body_text, ${TOKEN_PATTERN}, ${TOKEN_REPLACEMENT}, 'g')
    where related_id = ${relatedId} and body_text ~ '#token=[A-Za-z0-9_-]'`.execute(trx);
}

const LEASE_SECONDS = 600;

export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

export class OutboxWorker {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;
  #stopped = false;

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly transport: MailTransport,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    const tick = () => {
      if (this.#stopped) return;
      this.#running = this.runOnce()
        .catch((error: unknown) => this.log.error({ err: error }, 'outbox delivery round failed'))
        .finally(() => {
          this.#running = null;
          if (!this.#stopped) this.#timer = setTimeout(tick, this.config.mail.intervalSeconds * 1000);
        });
    };
    this.#timer = setTimeout(tick, 500);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
    this.transport.close?.();
  }

  /** Claims due messages (a lease, so a crashed sender's messages are retried), sends, records. */
  async runOnce(limit = 20): Promise<{ sent: number; failed: number }> {
    const claimed = await this.db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
      const result = await sql<OutboxMessageRow>`
        update outbox_message set status = 'sending', attempts = attempts + 1,
          next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
        where id in (
          select id from outbox_message
          where status in ('pending', 'sending') and next_attempt_at <= now()
          order by next_attempt_at limit ${limit} for update skip locked)
        returning *`.execute(trx);
      return result.rows;
    });
    let sent = 0;
    let failed = 0;
    for (const message of claimed) {
      try {
        await this.transport.send({
          from: this.config.mail.from,
          to: message.to_address,
          subject: message.subject,
          text: message.body_text,
        });
        await this.db.scoped({ purpose: 'system', allCenters: true }, (trx) =>
          trx
            .updateTable('outbox_message')
            // Delivered: the kept copy no longer needs a working link.
            .set({
              status: 'sent',
              sent_at: new Date(),
              last_error: null,
              body_text: withoutTokens(message.body_text),
            })
            .where('id', '=', message.id)
            .execute(),
        );
        sent++;
        this.log.info({ messageId: message.id, kind: message.kind }, 'message delivered');
      } catch (error) {
        failed++;
        const attempts = message.attempts;
        const giveUp = attempts >= this.config.mail.maxAttempts;
        const reason = (error as Error).message?.slice(0, 500) ?? 'unknown error';
        await this.db.scoped({ purpose: 'system', allCenters: true }, (trx) =>
          trx
            .updateTable('outbox_message')
            .set({
              status: giveUp ? 'failed' : 'pending',
              last_error: reason,
              next_attempt_at: new Date(Date.now() + backoffSeconds(attempts) * 1000),
            })
            .where('id', '=', message.id)
            .execute(),
        );
        this.log.warn(
          { messageId: message.id, kind: message.kind, attempts, giveUp },
          'message delivery failed',
        );
      }
    }
    return { sent, failed };
  }
}
