/**
 * Who is calling and what they may see, carried from the auth hook to services.
 *
 * Services take a `Ctx` and run their queries through `ctx.tx()`, which opens one transaction as
 * the application role with the actor's scope. Inside it, only the transaction handle is used.
 */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { CENTER_ROLES, type Role } from '../../shared/roles.js';
import type { Config } from '../config.js';
import type { Database, DbScope } from '../db/database.js';
import type { DB, MfaState } from '../db/schema.js';
import type { Services } from '../services.js';
import { AppError } from './errors.js';

export interface ActorMembership {
  id: string;
  role: Role;
  centerId: string | null;
  partnerId: string | null;
}

export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  sessionId: string;
  /** Absolute end of the session; it also ends after the idle timeout. */
  sessionExpiresAt: Date;
  csrfToken: string;
  mfaState: MfaState;
  mfaEnabled: boolean;
  locale: 'en' | 'es';
  memberships: ActorMembership[];
  roles: ReadonlySet<Role>;
  scope: DbScope;
}

/** The database scope that follows from a user's memberships. */
export function scopeFor(userId: string, memberships: readonly ActorMembership[]): DbScope {
  const centerRoles: readonly Role[] = CENTER_ROLES;
  const unique = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))];
  return {
    purpose: 'user',
    userId,
    allCenters: memberships.some((m) => m.role === 'network_admin'),
    centerIds: unique(memberships.filter((m) => centerRoles.includes(m.role)).map((m) => m.centerId)),
    manageCenterIds: unique(memberships.filter((m) => m.role === 'center_director').map((m) => m.centerId)),
    partnerIds: unique(memberships.map((m) => m.partnerId)),
    managePartnerIds: unique(memberships.filter((m) => m.role === 'partner_admin').map((m) => m.partnerId)),
  };
}

export interface Ctx {
  readonly db: Database;
  readonly config: Config;
  readonly actor: Actor | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly log: FastifyBaseLogger;
}

export function ctxFromRequest(request: FastifyRequest): Ctx {
  return {
    db: request.server.db,
    config: request.server.config,
    actor: request.actor,
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
    log: request.log,
  };
}

/** A context for the CLI and background jobs: network-wide system scope, no user. */
export function systemCtx(db: Database, config: Config, log: FastifyBaseLogger): Ctx {
  return { db, config, actor: null, ip: null, userAgent: null, log };
}

/** Runs `fn` in one transaction with the caller's scope (system scope for a context without a user). */
export function tx<T>(ctx: Ctx, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return ctx.db.scoped(ctx.actor ? ctx.actor.scope : { purpose: 'system', allCenters: true }, fn);
}

/** The actor, or 401 when there is none (for services that only make sense for a signed-in user). */
export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
  return ctx.actor;
}

export function hasRole(actor: Actor | null, ...roles: Role[]): boolean {
  return actor !== null && roles.some((r) => actor.roles.has(r));
}

/** Centers where the actor holds one of the given roles. */
export function centersWhere(actor: Actor, ...roles: Role[]): string[] {
  return actor.memberships
    .filter((m) => roles.includes(m.role) && m.centerId !== null)
    .map((m) => m.centerId as string);
}

// Access declarations ------------------------------------------------------------------------

/**
 * Every route declares who may call it in `config.access`; app.ts refuses to start if an /api route
 * does not. The access matrix test reads these declarations.
 */
export type Access =
  { kind: 'public' } | { kind: 'signed-in'; roles: readonly Role[] | 'any'; duringMfa: boolean };

export const access = {
  /** Anyone, signed in or not. */
  public: (): Access => ({ kind: 'public' }),
  /** Any signed-in user who has completed MFA where it applies. */
  signedIn: (): Access => ({ kind: 'signed-in', roles: 'any', duringMfa: false }),
  /** A signed-in user holding at least one of these roles. */
  roles: (...roles: Role[]): Access => ({ kind: 'signed-in', roles, duringMfa: false }),
  /** Signed in with a password but MFA not yet completed (challenge, enrolment, sign-out). */
  duringMfa: (): Access => ({ kind: 'signed-in', roles: 'any', duringMfa: true }),
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Login-style routes: rate-limited per IP. */
    sensitive?: boolean;
    /** Routes that carry a child's treatment record: an identifier-like field is refused with the reason. */
    childData?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    db: Database;
    config: Config;
    services: Services;
  }
}
