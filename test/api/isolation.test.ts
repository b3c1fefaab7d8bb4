/**
 * Tenant isolation under concurrency. PGlite has one connection: without a queue in front of it,
 * concurrent requests interleave their statements inside each other's transactions and see each
 * other's row-level-security scope (ARCHITECTURE.md, known pitfalls). Here two directors fire many
 * interleaved requests at once, with writes mixed in, and every answer must hold only their own
 * center's people and records, on both engines.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';

interface Side {
  name: 'A' | 'B';
  centerId: string;
  director: Session;
  /** Everyone with a role at the center, the director included. */
  people: Set<string>;
  invitations: Set<string>;
  auditSeqs: Set<number>;
}

describe(`isolation between centers under concurrent requests (${ENGINE})`, () => {
  let t: TestApp;
  let a: Side;
  let b: Side;

  async function side(name: 'A' | 'B', admin: Session): Promise<Side> {
    const centerId = await t.createCenter({ name: `Isolation Center ${name}` });
    const director = await t.signIn('center_director', { centerId });
    const people = new Set([director.userId]);
    for (let i = 0; i < 4; i++) {
      const role = i === 0 ? 'trainer' : 'clinician';
      people.add((await t.createUser({ role, centerId, name: `${name} person ${i}` })).id);
    }
    const invitations = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await director.post('/api/v1/invitations', {
        email: `invitee.${name.toLowerCase()}.${i}@test.waymark.test`,
        role: 'clinician',
        centerId,
      });
      expect(res.statusCode, res.body).toBe(201);
      invitations.add(res.json<{ id: string }>().id);
    }
    expect((await admin.patch(`/api/v1/centers/${centerId}`, { county: `County ${name}` })).statusCode).toBe(
      200,
    );
    const audit = await director.get('/api/v1/audit-events?limit=500');
    const auditSeqs = new Set(audit.json<{ items: { seq: number }[] }>().items.map((e) => e.seq));
    // Three invitations and one change of the center.
    expect(auditSeqs.size).toBe(4);
    return { name, centerId, director, people, invitations, auditSeqs };
  }

  beforeAll(async () => {
    t = await buildTestApp();
    const admin = await t.signIn('network_admin');
    a = await side('A', admin);
    b = await side('B', admin);
  });
  afterAll(async () => t?.close());

  type Check = (res: LightMyRequestResponse, own: Side, other: Side) => string | null;

  const endpoints: { url: (s: Side) => string; check: Check }[] = [
    {
      url: (s) => `/api/v1/centers/${s.centerId}/staff`,
      check: (res, own, other) => {
        const ids = res.json<{ items: { userId: string }[] }>().items.map((x) => x.userId);
        if (ids.some((id) => other.people.has(id))) return 'staff of the other center';
        return sameSet(ids, own.people) ? null : `staff ${ids.length} instead of ${own.people.size}`;
      },
    },
    {
      url: () => '/api/v1/users?pageSize=200',
      check: (res, own, other) => {
        const ids = res.json<{ items: { id: string }[] }>().items.map((x) => x.id);
        if (ids.some((id) => other.people.has(id))) return 'people of the other center';
        return sameSet(ids, own.people) ? null : `users ${ids.length} instead of ${own.people.size}`;
      },
    },
    {
      url: () => '/api/v1/invitations?pageSize=200',
      check: (res, own, other) => {
        const items = res.json<{ items: { id: string; centerId: string }[] }>().items;
        if (items.some((x) => other.invitations.has(x.id) || x.centerId !== own.centerId))
          return 'invitations of the other center';
        return sameSet(
          items.map((x) => x.id),
          own.invitations,
        )
          ? null
          : `invitations ${items.length} instead of ${own.invitations.size}`;
      },
    },
    {
      url: () => '/api/v1/audit-events?limit=500',
      check: (res, own, other) => {
        const items = res.json<{ items: { seq: number; centerId: string | null }[] }>().items;
        if (items.some((x) => other.auditSeqs.has(x.seq) || x.centerId !== own.centerId))
          return 'audit events of the other center';
        return sameSet(
          items.map((x) => x.seq),
          own.auditSeqs,
        )
          ? null
          : `audit events ${items.length} instead of ${own.auditSeqs.size}`;
      },
    },
  ];

  function sameSet<T>(xs: T[], expected: Set<T>): boolean {
    return xs.length === expected.size && xs.every((x) => expected.has(x));
  }

  it('answers each director with only their own center, request after request', async () => {
    for (const [own, other] of [
      [a, b],
      [b, a],
    ] as const) {
      for (const e of endpoints) {
        const res = await own.director.get(e.url(own));
        expect(res.statusCode).toBe(200);
        expect(e.check(res, own, other)).toBeNull();
      }
    }
  });

  it('keeps the two centers apart in 240 interleaved concurrent requests, writes included', async () => {
    const calls: Promise<string | null>[] = [];
    for (let i = 0; i < 240; i++) {
      const [own, other] = i % 2 === 0 ? [a, b] : [b, a];
      if (i % 12 === 5) {
        // A write in the middle: an audited change without a center, invisible to directors.
        calls.push(
          own.director
            .patch('/api/v1/me', { displayName: `Director ${own.name} ${i}` })
            .then((res) => (res.statusCode === 200 ? null : `write ${i}: ${res.statusCode}`)),
        );
        continue;
      }
      const e = endpoints[Math.floor(i / 2) % endpoints.length]!;
      calls.push(
        own.director.get(e.url(own)).then((res) => {
          if (res.statusCode !== 200) return `${own.name} ${e.url(own)}: ${res.statusCode} ${res.body}`;
          const problem = e.check(res, own, other);
          return problem ? `${own.name} ${e.url(own)}: ${problem}` : null;
        }),
      );
    }
    const problems = (await Promise.all(calls)).filter((p) => p !== null);
    expect(problems).toEqual([]);
  });

  it('answers another center’s staff list with 404 even while the other director is busy', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? a.director.get(`/api/v1/centers/${b.centerId}/staff`).then((r) => r.statusCode)
          : b.director.get(`/api/v1/centers/${b.centerId}/staff`).then((r) => r.statusCode),
      ),
    );
    expect(results.filter((_, i) => i % 2 === 0)).toEqual(Array(20).fill(404));
    expect(results.filter((_, i) => i % 2 === 1)).toEqual(Array(20).fill(200));
  });
});
