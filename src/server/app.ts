/**
 * buildApp(): the whole HTTP application as one Fastify instance. Reading this file top to bottom
 * shows every cross-cutting concern and, at the end, one line per module.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { IDENTIFIER_REFUSAL, isIdentifierField } from '../shared/privacy.js';
import { identityRoutes } from './modules/identity/identity.routes.js';
import { networkRoutes } from './modules/network/network.routes.js';
import { partnersRoutes } from './modules/partners/partners.routes.js';
import { learningRoutes } from './modules/learning/learning.routes.js';
import { careRoutes } from './modules/care/care.routes.js';
import { accessRoutes } from './modules/access/access.routes.js';
import { closeDefaultSolver } from './modules/access/planner/solver.js';
import { careImportRoutes } from './modules/care/care-import.routes.js';
import { credentialsRoutes, jwksRoute } from './modules/credentials/credentials.routes.js';
import { CredentialJobs } from './modules/credentials/credentials.jobs.js';
import type { Access } from './platform/context.js';
import { safeEqual } from './platform/crypto.js';
import { AppError, type ErrorCode, type ErrorDetail, type ErrorEnvelope } from './platform/errors.js';
import { healthRoutes } from './platform/health.routes.js';
import { loggerOptions } from './platform/logger.js';
import { metricsPlugin } from './platform/metrics.js';
import { OutboxWorker, smtpTransport, type MailTransport } from './platform/outbox.js';
import { readSessionToken } from './platform/session-cookie.js';
import { buildServices, type Services } from './services.js';

export interface BuildAppOptions {
  config: Config;
  db: Database;
  /** A logger to use instead of the configured one (tests pass a silent one). */
  logger?: FastifyBaseLogger;
  /** Deliver outbox messages (default: when SMTP_URL is set). */
  mailTransport?: MailTransport | null;
  /** Where the built web app lives (default: dist/web next to the package). */
  webRoot?: string | null;
  /** Run background jobs (automatic issuing, expiry reminders); default: outside tests. */
  jobs?: boolean;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function packageRoot(): string {
  // src/server/app.ts or dist/server/app.js: the package root is two levels up from this folder.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

function send(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  details?: ErrorDetail[],
) {
  const body: ErrorEnvelope = {
    error: {
      code,
      message,
      ...(details && details.length > 0 ? { details } : {}),
      requestId: String(reply.request.id),
    },
  };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

interface ZodIssueLike {
  code?: string;
  path?: PropertyKey[];
  message?: string;
  keys?: string[];
  errors?: ZodIssueLike[][];
}

/**
 * Zod issues from fastify-type-provider-zod as field errors: unknown keys each get their own line;
 * for a value matching none of a union's alternatives, the problems of the closest alternative.
 */
function validationDetails(error: FastifyError, childData: boolean): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const add = (path: string[], issue: ZodIssueLike) => {
    const base = path.join('.');
    const closest = issue.errors?.reduce((a, b) => (b.length < a.length ? b : a));
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys)
        details.push({
          path: base ? `${base}.${key}` : key,
          message: childData && isIdentifierField(key) ? IDENTIFIER_REFUSAL : 'is not an allowed field',
        });
    } else if (issue.code === 'invalid_union' && closest && closest.length > 0) {
      for (const sub of closest) add([...path, ...(sub.path ?? []).map(String)], sub);
    } else {
      details.push({ path: base, message: issue.message ?? 'is not valid' });
    }
  };
  for (const v of error.validation ?? []) {
    const params = v.params as ZodIssueLike | undefined;
    add((v.instancePath ?? '').split('/').filter(Boolean), {
      ...params,
      code: v.keyword,
      message: v.message,
    });
  }
  return details;
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, db } = options;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: loggerOptions(config) }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', db);
  app.decorate('config', config);
  app.decorateRequest('actor', null);

  const services: Services = buildServices(config, db);
  app.decorate('services', services);

  // Every route declares who may call it; sensitive routes get a per-IP rate limit.
  const routes: { method: string; url: string; access: Access }[] = [];
  app.addHook('onRoute', (route) => {
    const url = route.url;
    const isApi = url.startsWith('/api/v1') || url === '/metrics' || url.startsWith('/.well-known/');
    const declared = route.config?.access;
    if (isApi && !declared) {
      throw new Error(`Route ${String(route.method)} ${url} does not declare config.access`);
    }
    if (declared && isApi) {
      for (const method of [route.method].flat())
        if (method !== 'HEAD') routes.push({ method, url, access: declared });
    }
    if (route.config?.sensitive) {
      route.config = {
        ...route.config,
        rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' },
      };
    }
  });
  app.decorate('accessTable', () => [...routes]);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.session.cookieSecure ? [] : null,
      },
    },
    strictTransportSecurity: config.session.cookieSecure
      ? { maxAge: 31_536_000, includeSubDomains: true }
      : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: {
        code: 'RATE_LIMITED',
        message: `Too many attempts from your network. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      },
    }),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Waymark API',
        version: config.version,
        description:
          'Training, credentials, outcomes, access and impact for a network of Children’s Advocacy Centers. ' +
          'Sign in with POST /api/v1/auth/login; send the returned csrfToken as the X-CSRF-Token header on every ' +
          'POST, PATCH and DELETE. Errors share one envelope: { error: { code, message, details: [{ path, message }] } }.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'waymark_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { validatorUrl: null, docExpansion: 'list', deepLinking: true },
    theme: { title: 'Waymark API' },
    logo: {
      type: 'image/svg+xml',
      content: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="150" height="32" viewBox="0 0 150 32">' +
          '<text x="0" y="24" font-family="system-ui, sans-serif" font-size="22" font-weight="700" fill="#ffffff">Waymark API</text></svg>',
      ),
      href: '/',
      target: '_self',
    },
    // Everything the page needs is served from here; nothing is fetched from the internet.
    staticCSP: true,
    transformStaticCSP: () =>
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
      "font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Errors: one envelope everywhere, field paths for validation, no internals on 5xx.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
      if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
      return send(reply, error.statusCode, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      // On routes that carry a child's record, an identifier field is refused with the reason.
      const childData = request.routeOptions.config.childData === true;
      const details = validationDetails(error, childData);
      const where =
        error.validationContext === 'body' ? 'request body' : (error.validationContext ?? 'request');
      const message =
        details.length === 1
          ? `${details[0]!.path || where}: ${details[0]!.message}`
          : `The ${where} has ${details.length} problems.`;
      return send(reply, 400, 'VALIDATION_FAILED', message, details);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause?.issues }, 'response did not match its schema');
      return send(reply, 500, 'INTERNAL', `Something went wrong on our side. Reference: ${request.id}.`);
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(reply, 400, 'MALFORMED_REQUEST', 'The request body is not valid JSON.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 400, 'MALFORMED_REQUEST', 'The request body is empty but JSON was declared.');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(
          reply,
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          `The content type ${request.headers['content-type'] ?? '(none)'} is not accepted here.`,
        );
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, 400, 'MALFORMED_REQUEST', 'The Content-Length header does not match the body.');
      default:
    }
    // Database constraints are the last line of defence: a race that reaches one (two people
    // creating the same thing at once) is a conflict or a bad value, never a server error.
    const pgCode = (error as { code?: unknown }).code;
    if (typeof pgCode === 'string' && /^[0-9A-Z]{5}$/.test(pgCode) && !error.statusCode) {
      if (pgCode === '23505')
        return send(
          reply,
          409,
          'CONFLICT',
          'That already exists; it may have just been created by someone else.',
        );
      if (pgCode === '23503')
        return send(reply, 409, 'CONFLICT', 'It refers to a record that does not exist or no longer exists.');
      if (pgCode === '23514' || pgCode === '23502' || pgCode.startsWith('22')) {
        return send(reply, 400, 'VALIDATION_FAILED', 'A value is not acceptable for this record.');
      }
      if (pgCode === '40001' || pgCode === '40P01') {
        reply.header('retry-after', '1');
        return send(reply, 503, 'UNAVAILABLE', 'The request clashed with another one. Please try again.');
      }
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      const body = error as unknown as { error?: { message?: string } };
      return send(reply, 429, 'RATE_LIMITED', body.error?.message ?? error.message ?? 'Too many requests.');
    }
    if (status >= 400 && status < 500) {
      if (error instanceof SyntaxError)
        return send(reply, 400, 'MALFORMED_REQUEST', 'The request body is not valid JSON.');
      const code: ErrorCode =
        status === 404
          ? 'NOT_FOUND'
          : status === 405
            ? 'METHOD_NOT_ALLOWED'
            : status === 413
              ? 'PAYLOAD_TOO_LARGE'
              : status === 415
                ? 'UNSUPPORTED_MEDIA_TYPE'
                : 'MALFORMED_REQUEST';
      return send(reply, status, code, status === 400 ? 'The request is malformed.' : error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'INTERNAL', `Something went wrong on our side. Reference: ${request.id}.`);
  });

  // Who is calling: the session cookie, resolved once per request.
  app.addHook('onRequest', async (request) => {
    const declared = request.routeOptions.config?.access;
    if (!declared) return;
    const token = readSessionToken(request, config);
    if (token) {
      try {
        request.actor = await services.auth.resolveSession(token);
      } catch (error) {
        request.log.error({ err: error }, 'session lookup failed');
        throw new AppError(
          'UNAVAILABLE',
          'The service cannot check your session right now. Please try again shortly.',
        );
      }
    }
    checkCsrf(request, config, declared);
    checkAccess(request, declared);
  });

  await app.register(metricsPlugin, { hasher: services.hasher });
  await app.register(healthRoutes, { prefix: '/api/v1' });
  await app.register(identityRoutes, { prefix: '/api/v1', services });
  await app.register(networkRoutes, { prefix: '/api/v1', services });
  await app.register(partnersRoutes, { prefix: '/api/v1', services });
  await app.register(learningRoutes, { prefix: '/api/v1', services });
  await app.register(credentialsRoutes, { prefix: '/api/v1', services });
  await app.register(careRoutes, { prefix: '/api/v1', services });
  await app.register(careImportRoutes, { prefix: '/api/v1', services });
  await app.register(accessRoutes, { prefix: '/api/v1', services });
  // The planner's HiGHS worker lives as long as the process's apps do.
  app.addHook('onClose', async () => closeDefaultSolver());
  await app.register(jwksRoute, { services });

  // The web app, built by Vite, served by the same process; client-side routes fall back to index.html.
  const webRoot = options.webRoot === undefined ? path.join(packageRoot(), 'dist', 'web') : options.webRoot;
  const hasWeb = webRoot !== null && fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      setHeaders: (reply, filePath) => {
        reply.header(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (url.startsWith('/api/') || url === '/api' || !['GET', 'HEAD'].includes(request.method)) {
      return send(reply, 404, 'NOT_FOUND', `There is no ${request.method} ${url} endpoint.`);
    }
    if (hasWeb) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply
      .code(200)
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><title>Waymark</title><p>The web app has not been built. Run <code>npm run build</code> ' +
          '(or <code>npm run dev</code> for development), then reload.</p><p>The API is at <a href="/api/docs">/api/docs</a>.</p>',
      );
  });

  // The credential signing key is created on first start; old keys stay published.
  app.addHook('onReady', async () => {
    await services.credentials.ensureSigningKey();
  });
  if (options.jobs ?? config.env !== 'test') {
    const jobs = new CredentialJobs(services.credentials, db, config, app.log);
    app.addHook('onReady', async () => jobs.start());
    app.addHook('onClose', async () => jobs.stop());
  }

  // Outgoing mail: delivered when a transport is configured, otherwise held in the outbox.
  const transport =
    options.mailTransport !== undefined
      ? options.mailTransport
      : config.mail.smtpUrl
        ? smtpTransport(config.mail.smtpUrl)
        : null;
  if (transport) {
    const worker = new OutboxWorker(db, config, transport, app.log);
    app.decorate('outbox', worker);
    app.addHook('onReady', async () => worker.start());
    app.addHook('onClose', async () => worker.stop());
  }

  return app;
}

function checkCsrf(request: FastifyRequest, config: Config, declared: Access): void {
  if (!UNSAFE_METHODS.has(request.method)) return;
  // Requests started by another site are refused outright (Origin, or Fetch Metadata without it).
  const origin = request.headers.origin;
  if (origin) {
    const own = new Set([new URL(config.publicUrl).origin, `${request.protocol}://${request.host}`]);
    if (!own.has(origin)) throw new AppError('CSRF_FAILED', 'Cross-site request refused.');
  } else {
    const site = request.headers['sec-fetch-site'];
    if (site && site !== 'same-origin' && site !== 'none')
      throw new AppError('CSRF_FAILED', 'Cross-site request refused.');
  }
  // A cookie-authenticated change must carry the session's CSRF token (synchronizer token).
  if (declared.kind === 'signed-in' && request.actor) {
    const header = request.headers['x-csrf-token'];
    if (typeof header !== 'string' || !safeEqual(header, request.actor.csrfToken)) {
      throw new AppError(
        'CSRF_FAILED',
        'The request lacks a valid X-CSRF-Token header. Reload the page and try again.',
      );
    }
  }
}

function checkAccess(request: FastifyRequest, declared: Access): void {
  if (declared.kind === 'public') return;
  const actor = request.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
  const mfaDone = actor.mfaState === 'not_required' || actor.mfaState === 'verified';
  if (!declared.duringMfa && !mfaDone) {
    throw new AppError(
      'MFA_REQUIRED',
      actor.mfaState === 'pending'
        ? 'Enter the code from your authenticator app to finish signing in.'
        : 'Your role requires two-step verification. Set it up to continue.',
    );
  }
  if (declared.roles !== 'any' && !declared.roles.some((r) => actor.roles.has(r))) {
    throw AppError.forbidden();
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    accessTable(): { method: string; url: string; access: Access }[];
    outbox?: OutboxWorker;
  }
}
