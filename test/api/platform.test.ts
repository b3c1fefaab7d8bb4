/**
 * The platform around the modules: health, metrics, the OpenAPI document, security headers, no
 * CORS, 5xx answers that leak nothing, and a graceful close that lets requests in flight finish.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { WAYMARK_VERSION } from '../../src/server/config.js';
import { expectError } from '../helpers/matrix.js';
import {
  ENGINE,
  buildTestApp,
  createTestDatabase,
  type Session,
  type TestApp,
  type TestDatabase,
} from '../helpers/test-app.js';

const METRICS_TOKEN = 'operator-token-0123456789';

describe('platform', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await buildTestApp();
    admin = await t.signIn('network_admin');
  });
  afterAll(async () => t?.close());

  describe('health', () => {
    it('reports ok, the engine and the version', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', database: ENGINE, version: WAYMARK_VERSION });
    });
  });

  describe('metrics', () => {
    it('serves Prometheus text with request counts by route and status', async () => {
      await t.app.inject({ method: 'GET', url: '/api/v1/health' });
      await t.app.inject({ method: 'GET', url: '/api/v1/centers' });
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.body).toContain('# TYPE waymark_http_requests_total counter');
      expect(res.body).toMatch(
        /waymark_http_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} \d+/,
      );
      expect(res.body).toMatch(
        /waymark_http_requests_total\{method="GET",route="\/api\/v1\/centers",status="401"\} 1/,
      );
      expect(res.body).toContain('waymark_http_request_duration_seconds_bucket');
      expect(res.body).toMatch(/waymark_db_pool_connections\{state="total"\} \d+/);
      expect(res.body).toContain('waymark_password_hashing');
      expect(res.body).toContain('waymark_process_cpu_user_seconds_total');
    });
  });

  describe('OpenAPI', () => {
    it('publishes an OpenAPI 3.1 document listing every API route', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json<{
        openapi: string;
        info: { title: string; version: string };
        paths: Record<string, Record<string, unknown>>;
      }>();
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info).toMatchObject({ title: 'Waymark API', version: WAYMARK_VERSION });
      expect(doc.paths['/api/v1/auth/login']?.post).toBeDefined();
      expect(doc.paths['/api/v1/centers']?.get).toBeDefined();
      expect(doc.paths['/api/v1/centers']?.post).toBeDefined();
      const missing = t.app
        .accessTable()
        .filter((r) => r.url.startsWith('/api/v1'))
        .map((r) => ({ path: r.url.replace(/:([A-Za-z]+)/g, '{$1}'), method: r.method.toLowerCase() }))
        .filter((r) => !doc.paths[r.path]?.[r.method])
        .map((r) => `${r.method} ${r.path}`);
      expect(missing).toEqual([]);
      expect(doc.paths['/metrics']).toBeUndefined();
    });

    it('serves the API explorer', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    });
  });

  describe('headers', () => {
    for (const [label, url] of [
      ['an API answer', '/api/v1/health'],
      ['an error', '/api/v1/does-not-exist'],
      ['the web app', '/some/page'],
    ] as const) {
      it(`sets the security headers on ${label}`, async () => {
        const res = await t.app.inject({ method: 'GET', url });
        const csp = String(res.headers['content-security-policy']);
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).not.toContain('unsafe-eval');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-powered-by']).toBeUndefined();
      });
    }

    it('grants no cross-origin access', async () => {
      const get = await t.app.inject({
        method: 'GET',
        url: '/api/v1/centers',
        headers: { origin: 'https://elsewhere.example', cookie: admin.cookie },
      });
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      expect(get.headers['access-control-allow-credentials']).toBeUndefined();
      const preflight = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/centers',
        headers: {
          origin: 'https://elsewhere.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-csrf-token',
        },
      });
      expect(preflight.statusCode).toBe(404);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    });

    it('puts the caller’s request id in error answers, and makes one when none is given', async () => {
      const given = await t.app.inject({
        method: 'GET',
        url: '/api/v1/nothing',
        headers: { 'x-request-id': 'trace-0123456789' },
      });
      expect(expectError(given, 404).error.requestId).toBe('trace-0123456789');
      const made = await t.app.inject({
        method: 'GET',
        url: '/api/v1/nothing',
        headers: { 'x-request-id': 'bad id with spaces' },
      });
      expect(expectError(made, 404).error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('sets a session cookie that scripts cannot read and other sites do not send', async () => {
      const user = await t.createUser({ role: 'clinician', centerId: await t.createCenter() });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: user.password },
      });
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^waymark_session=/);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      expect(cookie).toContain('Path=/');
    });
  });
});

describe('metrics behind an operator token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { WAYMARK_METRICS_TOKEN: METRICS_TOKEN } });
  });
  afterAll(async () => t?.close());

  it('requires the bearer token', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong-token-0123456789',
      METRICS_TOKEN,
      `Basic ${METRICS_TOKEN}`,
    ]) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });
      const body = expectError(res, 401, 'UNAUTHENTICATED');
      expect(body.error.message).toMatch(/operator token/);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).not.toContain('waymark_http_requests_total');
    }
    const ok = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('waymark_http_requests_total');
  });
});

describe('when the database is gone', () => {
  let t: TestApp;
  let session: Session;
  beforeAll(async () => {
    t = await buildTestApp();
    session = await t.signIn('network_admin');
    await t.db.close();
  });
  afterAll(async () => t?.close());

  /** Nothing from inside the server: no stack, no SQL, no driver or engine names. */
  function expectNoInternals(body: string) {
    for (const leak of [
      /\bat .+:\d+:\d+/,
      /stack/i,
      /select |insert |update |from /i,
      /pglite/i,
      /kysely/i,
      /postgres/i,
      /destroyed|pool|driver|connection/i,
      /node_modules|\.ts\b|\.js\b/,
    ]) {
      expect(body, String(leak)).not.toMatch(leak);
    }
  }

  it('says the service is unavailable on health, with the envelope and nothing internal', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    const body = expectError(res, 503, 'UNAVAILABLE');
    expect(body.error.message).toBe('The database is not reachable.');
    expectNoInternals(res.body);
  });

  it('answers a signed-in request with 503 and a sign-in with a generic 500, leaking nothing', async () => {
    const signedIn = await session.get('/api/v1/centers');
    const body = expectError(signedIn, 503, 'UNAVAILABLE');
    expect(body.error.message).toMatch(/cannot check your session/);
    expectNoInternals(signedIn.body);

    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-request-id': 'trace-login-0001' },
      payload: { email: 'someone@test.waymark.test', password: 'Whatever-Password-1' },
    });
    expect(login.statusCode).toBeGreaterThanOrEqual(500);
    const err = expectError(login, login.statusCode);
    expect(['INTERNAL', 'UNAVAILABLE']).toContain(err.error.code);
    expect(err.error.details).toBeUndefined();
    expect(err.error.message).toContain('trace-login-0001');
    expectNoInternals(login.body);
  });
});

describe('graceful close', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => tdb?.destroy());

  function get(port: number, path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });
  }

  it('lets a request in flight finish while refusing new connections', async () => {
    const app = await buildApp({
      config: tdb.config,
      db: tdb.db,
      logger: pino({ level: 'silent' }),
      webRoot: null,
      mailTransport: null,
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    app.get('/slow', { config: { access: { kind: 'public' } } }, async () => {
      entered();
      await finished;
      return { done: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    expect((await get(port, '/api/v1/health')).status).toBe(200);

    const slow = get(port, '/slow');
    await inside;
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(get(port, '/api/v1/health')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(closed).toBe(false);

    finish();
    expect(await slow).toEqual({ status: 200, body: '{"done":true}' });
    await closing;
    expect(closed).toBe(true);
  });
});
