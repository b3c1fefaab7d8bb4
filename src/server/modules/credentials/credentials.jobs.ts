/**
 * Background work of the credentials module, run by the server every few minutes and by
 * `waymark credentials run-jobs`: issue credentials on pathways that issue automatically, and
 * queue the 90/30/7-day expiry reminders. Both are idempotent, so two servers running them at
 * once do no harm (issuing takes a per-clinician lock; reminders are recorded once).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { systemCtx } from '../../platform/context.js';
import type { CredentialsService } from './credentials.service.js';

const EVERY_MS = 10 * 60 * 1000;

export async function runCredentialJobs(
  credentials: CredentialsService,
  db: Database,
  config: Config,
  log: FastifyBaseLogger,
): Promise<{ issued: number; reminders: number }> {
  const issued = await credentials.issueDue(systemCtx(db, config, log));
  const reminders = await credentials.queueReminders();
  return { issued: issued.length, reminders };
}

export class CredentialJobs {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;

  constructor(
    private readonly credentials: CredentialsService,
    private readonly db: Database,
    private readonly config: Config,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    const tick = () => {
      this.#running ??= runCredentialJobs(this.credentials, this.db, this.config, this.log)
        .then((r) => {
          if (r.issued || r.reminders) this.log.info(r, 'credential jobs');
        })
        .catch((error: unknown) => this.log.error({ err: error }, 'credential jobs failed'))
        .finally(() => {
          this.#running = null;
        });
    };
    tick();
    this.#timer = setInterval(tick, EVERY_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}
