/**
 * Delivery of outgoing mail through a real SMTP server (smtp-server on a random local port): the
 * background worker sends invitations and reset links, a refused delivery is retried with back-off,
 * and a message that keeps failing is marked failed until an administrator queues it again.
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker, smtpTransport } from '../../src/server/platform/outbox.js';
import { API, asSystem, attemptLogin, findMessages, latestMessage } from '../helpers/identity.js';
import { buildTestApp, uniqueEmail, type Session, type TestApp } from '../helpers/test-app.js';

interface Received {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** The plain-text body of a raw message as a mail client would show it. */
function decodeBody(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const subject = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
  const encoding = /^Content-Transfer-Encoding: *(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  let text = body;
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    text = Buffer.from(bytes, 'latin1').toString('utf8');
  } else if (encoding === 'base64') {
    text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return { subject, text: text.replace(/\r\n/g, '\n') };
}

class TestMailServer {
  readonly received: Received[] = [];
  /** How many deliveries to refuse before accepting again. */
  refuse = 0;
  readonly #server: SMTPServer;

  constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (this.refuse > 0) {
            this.refuse--;
            const error = Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 });
            callback(error);
            return;
          }
          const { subject, text } = decodeBody(Buffer.concat(chunks).toString('utf8'));
          const from = session.envelope.mailFrom;
          this.received.push({
            from: from ? from.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject,
            text,
          });
          callback();
        });
      },
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.#server.server.address() as AddressInfo).port}`;
  }

  to(address: string): Received[] {
    return this.received.filter((m) => m.to.includes(address));
  }

  async waitFor(address: string, timeoutMs = 10_000): Promise<Received> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const found = this.to(address);
      if (found.length > 0) return found[found.length - 1]!;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no message to ${address} arrived within ${timeoutMs} ms`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

function tokenIn(text: string, path: string): string {
  const match = new RegExp(`${path}#token=([A-Za-z0-9_-]+)`).exec(text);
  expect(match, `no ${path}#token= link in:\n${text}`).not.toBeNull();
  return match![1]!;
}

describe('outgoing mail over SMTP', () => {
  const mail = new TestMailServer();
  let smtpUrl: string;
  let t: TestApp;
  let admin: Session;
  let centerId: string;
  /** A worker driven by hand once the app's own background worker is stopped. */
  let worker: OutboxWorker;

  beforeAll(async () => {
    smtpUrl = await mail.listen();
    t = await buildTestApp({
      env: {
        SMTP_URL: smtpUrl,
        WAYMARK_OUTBOX_INTERVAL_SECONDS: '1',
        WAYMARK_OUTBOX_MAX_ATTEMPTS: '3',
        WAYMARK_MAIL_FROM: 'Waymark <no-reply@cac-network.example>',
      },
      // As in production: the app builds its own SMTP transport from SMTP_URL.
      app: { mailTransport: undefined },
    });
    admin = await t.signIn('network_admin');
    centerId = await t.createCenter({ name: 'Lakeshore CAC' });
    worker = new OutboxWorker(t.db, t.config, smtpTransport(smtpUrl), pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await t?.close();
    await mail.close();
  });

  async function stopBackgroundWorker(): Promise<void> {
    expect(t.app.outbox).toBeDefined();
    await t.app.outbox!.stop();
  }

  async function waitForStatus(to: string, kind: string, status: string, timeoutMs = 10_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const row = await latestMessage(t, to, kind);
      if (row.status === status || Date.now() > until) {
        expect(row.status).toBe(status);
        return row;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function makeDue(messageId: string): Promise<void> {
    await asSystem(t, (trx) =>
      trx
        .updateTable('outbox_message')
        .set({ next_attempt_at: new Date(Date.now() - 1000) })
        .where('id', '=', messageId)
        .execute(),
    );
  }

  it('delivers an invitation by itself, and the link in the e-mail works', async () => {
    const email = uniqueEmail('mailed');
    const created = await admin.post(`${API}/invitations`, { email, role: 'clinician', centerId });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ delivery: 'pending' });

    const message = await mail.waitFor(email);
    expect(message.from).toBe('no-reply@cac-network.example');
    expect(message.subject).toMatch(/invited to Waymark/);
    expect(message.text).toContain('Lakeshore CAC');
    const token = tokenIn(message.text, '/invite');

    // The worker records the delivery just after the server has accepted the message.
    const row = await waitForStatus(email, 'invitation', 'sent');
    expect(row).toMatchObject({ attempts: 1, last_error: null });
    expect(row.sent_at).not.toBeNull();
    const inv = await admin.get(`${API}/invitations/${created.json<{ id: string }>().id}`);
    expect(inv.json()).toMatchObject({ delivery: 'sent' });

    const accepted = await t.app.inject({
      method: 'POST',
      url: `${API}/invitations/accept`,
      payload: { token, displayName: 'Mailed Person', password: 'Kettle-Summit-Orchid-33' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(mail.to(email)).toHaveLength(1);
  });

  it('retries a refused delivery later, backing off, and then sends it', async () => {
    await stopBackgroundWorker();
    const email = uniqueEmail('retry');
    const created = await admin.post(`${API}/invitations`, { email, role: 'clinician', centerId });
    expect(created.statusCode, created.body).toBe(201);
    const id = (await latestMessage(t, email, 'invitation')).id;

    mail.refuse = 1;
    const before = Date.now();
    await worker.runOnce();
    const after = Date.now();
    let row = await latestMessage(t, email, 'invitation');
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/451|unavailable/i);
    // The next attempt is 30 seconds after the failure.
    expect(row.next_attempt_at.getTime()).toBeGreaterThanOrEqual(before + 30_000);
    expect(row.next_attempt_at.getTime()).toBeLessThanOrEqual(after + 30_000);
    expect(mail.to(email)).toHaveLength(0);

    // Not due yet: nothing is sent.
    await worker.runOnce();
    expect((await latestMessage(t, email, 'invitation')).attempts).toBe(1);
    expect(mail.to(email)).toHaveLength(0);

    await makeDue(id);
    await worker.runOnce();
    row = await latestMessage(t, email, 'invitation');
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(mail.to(email)).toHaveLength(1);
    tokenIn(mail.to(email)[0]!.text, '/invite');
  });

  it('marks a message failed after the maximum attempts, until an administrator queues it again', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const reset = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/password-reset`,
      payload: { email: user.email },
    });
    expect(reset.statusCode).toBe(202);
    const id = (await latestMessage(t, user.email, 'password_reset')).id;

    mail.refuse = 100;
    for (let attempt = 1; attempt <= 3; attempt++) {
      await makeDue(id);
      const before = Date.now();
      await worker.runOnce();
      const after = Date.now();
      const row = await latestMessage(t, user.email, 'password_reset');
      expect(row.attempts).toBe(attempt);
      // The wait doubles with each failure: 30 s, 60 s, 120 s.
      const wait = 30_000 * 2 ** (attempt - 1);
      expect(row.next_attempt_at.getTime()).toBeGreaterThanOrEqual(before + wait);
      expect(row.next_attempt_at.getTime()).toBeLessThanOrEqual(after + wait);
    }
    const failed = await latestMessage(t, user.email, 'password_reset');
    expect(failed.status).toBe('failed');
    expect(mail.to(user.email)).toHaveLength(0);

    // A failed message is not picked up again by itself.
    await makeDue(id);
    await worker.runOnce();
    expect((await latestMessage(t, user.email, 'password_reset')).attempts).toBe(3);

    const listed = await admin.get(`${API}/outbox?status=failed`);
    expect(listed.statusCode, listed.body).toBe(200);
    const item = listed
      .json<{ items: { id: string; lastError: string | null }[] }>()
      .items.find((m) => m.id === id);
    expect(item?.lastError).toMatch(/451|unavailable/i);

    mail.refuse = 0;
    const retry = await admin.post(`${API}/outbox/${id}/retry`);
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ status: 'pending', attempts: 0 });
    await worker.runOnce();
    expect((await latestMessage(t, user.email, 'password_reset')).status).toBe('sent');

    const token = tokenIn(mail.to(user.email)[0]!.text, '/reset-password');
    const done = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/password-reset/complete`,
      payload: { token, newPassword: 'Kettle-Summit-Orchid-33' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect((await attemptLogin(t, user.email, 'Kettle-Summit-Orchid-33')).statusCode).toBe(200);
  });

  it('does not mail a message that was cancelled before delivery', async () => {
    const email = uniqueEmail('cancelled');
    const created = await admin.post(`${API}/invitations`, { email, role: 'clinician', centerId });
    const id = created.json<{ id: string }>().id;
    expect((await admin.post(`${API}/invitations/${id}/revoke`)).statusCode).toBe(200);
    await worker.runOnce();
    expect((await findMessages(t, email)).map((m) => m.status)).toEqual(['cancelled']);
    expect(mail.to(email)).toHaveLength(0);
  });
});
