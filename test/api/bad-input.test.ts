/**
 * Bad input never gets past validation and never causes a 5xx: malformed JSON, unknown and
 * mistyped fields, missing fields, invalid path parameters, oversize bodies, unsupported content
 * types and unknown routes all answer 4xx with the one error envelope.
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../helpers/matrix.js';
import type { Access } from '../../src/server/platform/context.js';
import type { Role } from '../../src/shared/roles.js';
import { buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';

type Method = InjectOptions['method'];
const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Routes whose parameter is an id or a certificate number (WM-2026-000123), not only a UUID. */
const BY_NUMBER_TOO = new Set(['GET /api/v1/public/credentials/:credentialId']);
/** Path parameters that are not UUIDs: an instrument code (PHQ-A), a form link's token, an import kind, a month. */
const NOT_UUID: Record<string, RegExp> = {
  code: /^[A-Za-z0-9][A-Za-z0-9-]{1,19}$/,
  token: /^[A-Za-z0-9_-]{43}$/,
  kind: /^(episodes|sessions|administrations)$/,
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
};
const NOT_UUID_MESSAGE: Record<string, string> = {
  code: 'must be an instrument code such as PHQ-A',
  token: 'is not a form link',
  kind: 'must be episodes, sessions or administrations',
  month: 'must be a month in the form YYYY-MM',
};

describe('bad input', () => {
  let t: TestApp;
  let admin: Session;
  let centerId: string;
  let userId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    centerId = await t.createCenter();
    admin = await t.signIn('network_admin');
    userId = (await t.createUser({ role: 'clinician', centerId })).id;
  });
  afterAll(async () => t?.close());

  const sessions = new Map<Role, Session>();
  /**
   * A caller the route admits, so that validation, not access, answers: the administrator where
   * they may call it, otherwise the first declared role (e.g. a clinician declaring their own
   * qualification), signed in at the test center.
   */
  async function callerOf(access: Access): Promise<Session> {
    if (access.kind === 'public' || access.roles === 'any' || access.roles.includes('network_admin'))
      return admin;
    const role = access.roles[0]!;
    if (!sessions.has(role)) sessions.set(role, await t.signIn(role, { centerId }));
    return sessions.get(role)!;
  }

  /** Every declared route with real ids in place of its parameters. */
  function routes() {
    return t.app.accessTable().map((r) => ({
      method: r.method,
      access: r.access,
      pattern: r.url,
      url: r.url
        .replace(':centerId', centerId)
        .replace(':userId', userId)
        .replace(/:[A-Za-z]+/g, () => randomUUID()),
    }));
  }

  it('answers malformed JSON with 400 MALFORMED_REQUEST on every route that takes a body', async () => {
    const unsafe = routes().filter((r) => UNSAFE.has(String(r.method)));
    expect(unsafe.length).toBeGreaterThan(25);
    for (const r of unsafe) {
      for (const payload of ['{"email": ', '{bad json}', "{'single': 'quotes'}", '[1, 2,]', 'undefined']) {
        const res = await (
          await callerOf(r.access)
        ).request({
          method: r.method,
          url: r.url,
          headers: { 'content-type': 'application/json' },
          payload,
        });
        expectError(res, 400, 'MALFORMED_REQUEST');
      }
    }
  });

  it('answers an empty JSON body with 400 MALFORMED_REQUEST', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/centers',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expectError(res, 400, 'MALFORMED_REQUEST');
  });

  it('refuses unknown fields in strict bodies and names each one', async () => {
    const cases: [Method, string, Record<string, unknown>, string[]][] = [
      ['POST', '/api/v1/auth/login', { email: 'a@b.test', password: 'x', remember: true }, ['remember']],
      [
        'POST',
        '/api/v1/centers',
        {
          name: 'N',
          state: 'TX',
          county: 'C',
          zip3: '787',
          memberType: 'accredited',
          phone: '1',
          notes: 'n',
        },
        ['phone', 'notes'],
      ],
      ['PATCH', `/api/v1/centers/${centerId}`, { county: 'X', id: randomUUID() }, ['id']],
      ['PATCH', '/api/v1/me', { displayName: 'X', roles: ['network_admin'] }, ['roles']],
      ['PATCH', '/api/v1/settings', { mfaRequired: false, smtpUrl: 'smtp://x' }, ['smtpUrl']],
      ['PATCH', `/api/v1/users/${userId}`, { status: 'active', email: 'new@x.test' }, ['email']],
      [
        'POST',
        '/api/v1/invitations',
        { email: 'new@x.test', role: 'clinician', centerId, token: 'chosen' },
        ['token'],
      ],
      ['POST', '/api/v1/chapters', { name: 'C', state: 'TX', centerIds: [] }, ['centerIds']],
      [
        'POST',
        `/api/v1/users/${userId}/memberships`,
        { role: 'trainer', centerId, endedAt: null },
        ['endedAt'],
      ],
    ];
    for (const [method, url, payload, fields] of cases) {
      const res = await admin.request({ method, url, payload });
      const body = expectError(res, 400, 'VALIDATION_FAILED');
      const paths = body.error.details?.map((d) => d.path) ?? [];
      for (const f of fields) expect(paths, `${url}: ${res.body}`).toContain(f);
      expect(body.error.details?.find((d) => d.path === fields[0])?.message).toBe('is not an allowed field');
    }
    // One problem: the message itself names the field.
    const one = await admin.patch('/api/v1/me', { displayName: 'X', isAdmin: true });
    expect(expectError(one, 400, 'VALIDATION_FAILED').error.message).toBe('isAdmin: is not an allowed field');
  });

  it('refuses unknown query parameters on strict queries', async () => {
    for (const url of [
      '/api/v1/centers?sortBy=name',
      '/api/v1/users?admin=true',
      '/api/v1/audit-events?all=1',
      `/api/v1/centers/${centerId}/staff?includeEnded=true&x=1`,
    ]) {
      const body = expectError(await admin.get(url), 400, 'VALIDATION_FAILED');
      expect(body.error.details?.[0]?.message, url).toBe('is not an allowed field');
    }
  });

  it('refuses values of the wrong type, naming the field', async () => {
    const cases: [Method, string, unknown, string][] = [
      ['POST', '/api/v1/auth/login', { email: 42, password: 'x' }, 'email'],
      ['POST', '/api/v1/auth/login', { email: 'a@b.test', password: ['x'] }, 'password'],
      ['PATCH', '/api/v1/settings', { mfaRequired: 'yes' }, 'mfaRequired'],
      [
        'POST',
        '/api/v1/centers',
        { name: 'N', state: 'TX', county: 'C', zip3: 787, memberType: 'accredited' },
        'zip3',
      ],
      ['PATCH', `/api/v1/centers/${centerId}`, { active: 'false' }, 'active'],
      ['PATCH', `/api/v1/centers/${centerId}`, { accreditedOn: 20240101 }, 'accreditedOn'],
      ['POST', '/api/v1/invitations', { email: 'x@y.test', role: 'superuser', centerId }, 'role'],
      ['POST', '/api/v1/invitations', { email: 'not-an-email', role: 'clinician', centerId }, 'email'],
      ['POST', '/api/v1/invitations', { email: 'x@y.test', role: 'clinician', centerId: 7 }, 'centerId'],
      ['PATCH', `/api/v1/users/${userId}`, { status: 'gone' }, 'status'],
      ['PATCH', '/api/v1/me', { locale: 'fr' }, 'locale'],
      ['POST', '/api/v1/auth/mfa/verify', { code: 123456 }, 'code'],
    ];
    for (const [method, url, payload, field] of cases) {
      const res = await admin.request({ method, url, payload: payload as object });
      const body = expectError(res, 400, 'VALIDATION_FAILED');
      expect(
        body.error.details?.some((d) => d.path === field),
        `${method} ${url} ${JSON.stringify(payload)}: ${res.body}`,
      ).toBe(true);
    }
  });

  it('names the field when a value matches none of the accepted forms', async () => {
    // The second step of sign-in takes either a code or a recovery code.
    const pending = await admin.post('/api/v1/auth/mfa/verify', { code: 123456 });
    const body = expectError(pending, 400, 'VALIDATION_FAILED');
    expect(body.error.details?.map((d) => d.path)).toEqual(['code']);
    expect(body.error.message).toMatch(/^code: /);
    const recovery = await admin.post('/api/v1/auth/mfa/verify', { recoveryCode: 'short' });
    expect(expectError(recovery, 400).error.details).toEqual([
      { path: 'recoveryCode', message: 'must be a recovery code like ABCD-EFGH-JKLM-NPQR' },
    ]);
  });

  it('refuses bodies of the wrong shape altogether', async () => {
    for (const payload of ['[]', '"text"', '42', 'null', 'true']) {
      const res = await admin.request({
        method: 'POST',
        url: '/api/v1/centers',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, `${payload}: ${res.body}`).toBe(400);
      expectError(res, 400);
    }
  });

  it('lists every missing required field', async () => {
    const invitation = expectError(await admin.post('/api/v1/invitations', {}), 400, 'VALIDATION_FAILED');
    expect(invitation.error.details?.map((d) => d.path).sort()).toEqual(['email', 'role']);
    expect(invitation.error.message).toBe('The request body has 2 problems.');
    const login = expectError(await admin.post('/api/v1/auth/login', {}), 400, 'VALIDATION_FAILED');
    expect(login.error.details?.map((d) => d.path).sort()).toEqual(['email', 'password']);
    const chapter = expectError(await admin.post('/api/v1/chapters', { name: 'Only a name' }), 400);
    expect(chapter.error.details?.map((d) => d.path)).toEqual(['state']);
    const noBody = await admin.request({ method: 'POST', url: '/api/v1/chapters' });
    expectError(noBody, 400, 'VALIDATION_FAILED');
  });

  it('refuses path parameters that are not identifiers on every route that has them, naming them', async () => {
    const withParams = t.app.accessTable().filter((r) => r.url.includes(':'));
    expect(withParams.length).toBeGreaterThan(10);
    for (const r of withParams) {
      for (const bad of ['not-a-uuid', '123', "1'%20or%20'1'='1", '00000000-0000-0000-0000-00000000000g']) {
        const names = [...r.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
        const url = r.url.replace(/:[A-Za-z]+/g, bad);
        const res = await (await callerOf(r.access)).request({ method: r.method, url, payload: {} });
        if (BY_NUMBER_TOO.has(`${r.method} ${r.url}`)) {
          // Looked up by certificate number as well as by id: anything else is simply not found.
          expectError(res, 404, 'NOT_FOUND');
          continue;
        }
        // An instrument code or a form token is not a UUID: a value of their form is simply not found.
        const invalid = names.filter((n) => !NOT_UUID[n]?.test(decodeURIComponent(bad)));
        if (invalid.length === 0) {
          // Not found, or (with the empty body sent) a body error that does not blame the path.
          expect([400, 404], `${r.method} ${url}: ${res.body}`).toContain(res.statusCode);
          const blamed = res.json<{ error: { details?: { path: string }[] } }>().error.details ?? [];
          expect(blamed.map((d) => d.path).filter((p) => names.includes(p))).toEqual([]);
          continue;
        }
        const body = expectError(res, 400, 'VALIDATION_FAILED');
        const paths = body.error.details?.map((d) => d.path) ?? [];
        expect(paths, `${r.method} ${url}`).toEqual(invalid);
        for (const d of body.error.details ?? [])
          expect(d.message).toBe(
            NOT_UUID[d.path] ? NOT_UUID_MESSAGE[d.path] : 'must be an identifier (UUID)',
          );
      }
    }
  });

  it('answers an unknown API route or method with a 404 envelope', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['POST', '/api/v1/nothing-here'],
      ['GET', '/api/v2/centers'],
      ['GET', '/api'],
      ['PUT', '/api/v1/centers'],
      ['DELETE', `/api/v1/centers/${centerId}`],
      ['GET', '/api/v1/centers/a/b/c'],
    ] as const) {
      const body = expectError(await admin.request({ method, url }), 404, 'NOT_FOUND');
      expect(body.error.message).toContain(url.split('?')[0]!);
    }
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/secret' }), 404, 'NOT_FOUND');
  });

  it('answers a content type the route cannot read with 415', async () => {
    for (const type of ['application/xml', 'text/html', 'application/x-www-form-urlencoded', 'image/png']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': type },
        payload: 'email=a%40b.test&password=x',
      });
      const body = expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(body.error.message).toContain(type);
    }
  });

  it('never answers garbage with a 5xx, on any route', async () => {
    const payloads: (string | object)[] = [
      [],
      [{ a: 1 }],
      { a: { b: { c: { d: { e: { f: [1, 2, { g: null }] } } } } } },
      { email: '\u0000', password: '\u0000', name: '\uD800', state: '💥', id: 1e308 },
      { page: -1, pageSize: 1e9, limit: 'all', before: 'x' },
      JSON.stringify({ ['__proto__']: { isAdmin: true } }),
      JSON.stringify({ constructor: { prototype: { isAdmin: true } } }),
      'x'.repeat(5000),
    ];
    const failures: string[] = [];
    // Sign-out would end the session used for the rest of the loop; it is covered elsewhere.
    for (const r of routes().filter((x) => x.pattern !== '/api/v1/auth/logout')) {
      for (const payload of UNSAFE.has(String(r.method)) ? payloads : [null]) {
        const res = await admin.request({
          method: r.method,
          url: `${r.url}?page=1&page=2&q=%00&limit=-5`,
          ...(payload !== null ? { payload, headers: { 'content-type': 'application/json' } } : {}),
        });
        if (res.statusCode >= 500) failures.push(`${r.method} ${r.pattern}: ${res.statusCode} ${res.body}`);
        if (res.statusCode >= 400) expectError(res, res.statusCode);
      }
    }
    expect(failures).toEqual([]);
    expect((await admin.get('/api/v1/me')).statusCode).toBe(200);
  });
});

describe('the JSON body limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { WAYMARK_BODY_LIMIT_BYTES: '1024' } });
  });
  afterAll(async () => t?.close());

  it('answers a body over WAYMARK_BODY_LIMIT_BYTES with 413 and the envelope', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'someone@test.waymark.test', password: 'p'.repeat(2000) },
    });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    const admin = await t.signIn('network_admin');
    const big = await admin.post('/api/v1/chapters', { name: 'n'.repeat(1500), state: 'TX' });
    expectError(big, 413, 'PAYLOAD_TOO_LARGE');
    const small = await admin.post('/api/v1/chapters', { name: 'Small Chapter', state: 'TX' });
    expect(small.statusCode).toBe(201);
  });
});
