/**
 * Prometheus metrics at GET /metrics: request counts and durations by route and status, database
 * pool use, password-hashing queue, and Node's own process metrics. When WAYMARK_METRICS_TOKEN is
 * set, the endpoint requires it as a bearer token; in production it is off until that token is set.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { safeEqual } from './crypto.js';
import { quietRouteLogLevel } from './logger.js';
import type { PasswordHasher } from '../modules/identity/passwords.js';

async function metrics(app: FastifyInstance, opts: { hasher: PasswordHasher }): Promise<void> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'waymark_' });
  const requests = new Counter({
    name: 'waymark_http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'waymark_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'waymark_db_pool_connections',
    help: 'Database connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const s = app.db.poolStats();
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  new Gauge({
    name: 'waymark_password_hashing',
    help: 'Password hashes running and waiting',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'active' }, opts.hasher.stats.active);
      this.set({ state: 'waiting' }, opts.hasher.stats.waiting);
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.get(
    '/metrics',
    {
      config: { access: { kind: 'public' } },
      logLevel: quietRouteLogLevel(app.config),
      schema: { hide: true },
    },
    async (request, reply) => {
      const token = app.config.metricsToken;
      if (!token && app.config.isProduction) {
        // Request counts and timings are operational detail: in production they need the operator token.
        return reply.code(404).send({
          error: { code: 'NOT_FOUND', message: 'Metrics are off: set WAYMARK_METRICS_TOKEN to serve them.' },
        });
      }
      if (token) {
        const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
        if (!safeEqual(given, token)) {
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer')
            .send({
              error: {
                code: 'UNAUTHENTICATED',
                message: 'The metrics endpoint requires the operator token.',
              },
            });
        }
      }
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    },
  );
}

/** Not encapsulated, so that its request hook counts every route, not only /metrics. */
export const metricsPlugin = fp(metrics, { name: 'waymark-metrics' });
