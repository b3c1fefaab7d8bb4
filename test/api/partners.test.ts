/**
 * Partner organisations: administrators list and add them; a partner administrator sees only
 * their own; nobody else reaches them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, auditEvents, expectError, expectFieldError } from '../helpers/identity.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

interface Partner {
  id: string;
  name: string;
  activeMembers: number;
}

describe('partner organisations', () => {
  let t: TestApp;
  let partnerA: string;
  let partnerB: string;
  beforeAll(async () => {
    t = await buildTestApp();
    partnerA = await t.createPartner('Atelier Nord');
    partnerB = await t.createPartner('Bureau Sud');
    await t.createUser({ role: 'partner_learner', partnerId: partnerA });
    await t.createUser({ role: 'partner_learner', partnerId: partnerA });
  });
  afterAll(async () => t?.close());

  it('lists every organisation, with its active members, to a network administrator', async () => {
    const admin = await t.signIn('network_admin');
    const r = await admin.get(`${API}/partner-organizations`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json<{ items: Partner[] }>().items;
    expect(items.map((p) => p.name)).toEqual(['Atelier Nord', 'Bureau Sud']);
    expect(items.find((p) => p.id === partnerA)!.activeMembers).toBe(2);
    expect(items.find((p) => p.id === partnerB)!.activeMembers).toBe(0);
  });

  it('shows a partner administrator only their own organisation', async () => {
    const partnerAdmin = await t.signIn('partner_admin', { partnerId: partnerB });
    const items = (await partnerAdmin.get(`${API}/partner-organizations`)).json<{ items: Partner[] }>().items;
    expect(items.map((p) => p.id)).toEqual([partnerB]);
  });

  it('adds an organisation once, audited, with a clear error for a duplicate or an empty name', async () => {
    const admin = await t.signIn('network_admin');
    const created = await admin.post(`${API}/partner-organizations`, { name: '  Maison Claire ' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<Partner>()).toMatchObject({ name: 'Maison Claire', activeMembers: 0 });
    expectError(await admin.post(`${API}/partner-organizations`, { name: 'maison claire' }), 409, 'CONFLICT');
    expectFieldError(await admin.post(`${API}/partner-organizations`, { name: ' ' }), 'name');
    expect(
      await auditEvents(t, { action: 'partner.create', targetId: created.json<Partner>().id }),
    ).toHaveLength(1);
    const partnerAdmin = await t.signIn('partner_admin', { partnerId: partnerA });
    expectError(
      await partnerAdmin.post(`${API}/partner-organizations`, { name: 'Another' }),
      403,
      'FORBIDDEN',
    );
  });
});
