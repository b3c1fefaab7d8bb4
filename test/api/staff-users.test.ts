/**
 * Staff of a center and user accounts: who sees whom, changing and ending roles with the history
 * kept, granting further roles, and deactivating and reactivating accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  attemptLogin,
  auditEvents,
  expectError,
  expectFieldError,
  meWith,
} from '../helpers/identity.js';
import { buildTestApp, type Session, type TestApp, type TestUser } from '../helpers/test-app.js';

interface StaffMember {
  membershipId: string;
  userId: string;
  role: string;
  status: string;
  endedAt: string | null;
}

interface UserDetail {
  id: string;
  status: string;
  roles: { id: string; role: string; centerId: string | null }[];
  membershipHistory: { id: string; role: string; centerId: string | null; endedAt: string | null }[];
}

describe('staff and users', () => {
  let t: TestApp;
  let centerA: string;
  let centerB: string;
  let admin: Session;
  let directorA: Session;
  let clinicianA: Session;
  let clinicianB: Session;

  beforeAll(async () => {
    t = await buildTestApp();
    centerA = await t.createCenter();
    centerB = await t.createCenter();
    admin = await t.signIn('network_admin');
    directorA = await t.signIn('center_director', { centerId: centerA });
    clinicianA = await t.signIn('clinician', { centerId: centerA });
    clinicianB = await t.signIn('clinician', { centerId: centerB });
  });
  afterAll(async () => t?.close());

  async function staff(by: Session, centerId: string, includeEnded = false): Promise<StaffMember[]> {
    const r = await by.get(`${API}/centers/${centerId}/staff${includeEnded ? '?includeEnded=true' : ''}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ items: StaffMember[] }>().items;
  }

  async function membershipOf(user: { id: string }, centerId: string): Promise<string> {
    const member = (await staff(admin, centerId)).find((m) => m.userId === user.id);
    expect(member).toBeDefined();
    return member!.membershipId;
  }

  async function userDetail(id: string): Promise<UserDetail> {
    const r = await admin.get(`${API}/users/${id}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<UserDetail>();
  }

  it('shows a center’s staff to its own director, clinicians and trainers, and 404 to everyone else', async () => {
    const trainerA = await t.signIn('trainer', { centerId: centerA });
    for (const viewer of [directorA, clinicianA, trainerA]) {
      const ids = (await staff(viewer, centerA)).map((m) => m.userId);
      expect(ids).toEqual(expect.arrayContaining([directorA.userId, clinicianA.userId, trainerA.userId]));
      expect(ids).not.toContain(clinicianB.userId);
    }
    expectError(await clinicianA.get(`${API}/centers/${centerB}/staff`), 404, 'NOT_FOUND');
    expectError(await directorA.get(`${API}/centers/${centerB}/staff`), 404, 'NOT_FOUND');
    expect((await staff(admin, centerB)).map((m) => m.userId)).toContain(clinicianB.userId);
    const funder = await t.signIn('funder_viewer');
    expectError(await funder.get(`${API}/centers/${centerA}/staff`), 403, 'FORBIDDEN');
  });

  it('changing a role ends the old membership and starts a new one', async () => {
    const person = await t.createUser({ role: 'clinician', centerId: centerA });
    const oldId = await membershipOf(person, centerA);
    const r = await directorA.patch(`${API}/centers/${centerA}/staff/${oldId}`, { role: 'trainer' });
    expect(r.statusCode, r.body).toBe(200);
    const changed = r.json<StaffMember>();
    expect(changed).toMatchObject({ userId: person.id, role: 'trainer', endedAt: null });
    expect(changed.membershipId).not.toBe(oldId);

    const current = (await staff(directorA, centerA)).filter((m) => m.userId === person.id);
    expect(current.map((m) => m.role)).toEqual(['trainer']);
    const history = (await staff(directorA, centerA, true)).filter((m) => m.userId === person.id);
    expect(history).toHaveLength(2);
    const previous = history.find((m) => m.membershipId === oldId);
    expect(previous?.role).toBe('clinician');
    expect(previous?.endedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const detail = await userDetail(person.id);
    expect(detail.roles.map((m) => m.role)).toEqual(['trainer']);
    expect(detail.membershipHistory.map((m) => m.role).sort()).toEqual(['clinician', 'trainer']);
    const me = (await meWith(t, (await t.login(person.email)).cookie)).json<{
      memberships: { role: string }[];
    }>();
    expect(me.memberships.map((m) => m.role)).toEqual(['trainer']);

    expect(
      await auditEvents(t, { action: 'membership.role_change', targetId: changed.membershipId }),
    ).toHaveLength(1);
    expectError(
      await directorA.patch(`${API}/centers/${centerA}/staff/${changed.membershipId}`, { role: 'trainer' }),
      409,
      'CONFLICT',
    );
    expectFieldError(
      await directorA.patch(`${API}/centers/${centerA}/staff/${changed.membershipId}`, {
        role: 'network_admin',
      }),
      'role',
    );
  });

  it('ending a role keeps it in the history and takes the access away at once', async () => {
    const person = await t.createUser({ role: 'clinician', centerId: centerA });
    const s = await t.login(person.email);
    expect((await s.get(`${API}/centers/${centerA}/staff`)).statusCode).toBe(200);
    const membershipId = await membershipOf(person, centerA);

    const end = await directorA.del(`${API}/centers/${centerA}/staff/${membershipId}`);
    expect(end.statusCode, end.body).toBe(200);
    expect((await staff(directorA, centerA)).map((m) => m.membershipId)).not.toContain(membershipId);
    const ended = (await staff(directorA, centerA, true)).find((m) => m.membershipId === membershipId);
    expect(ended).toMatchObject({ userId: person.id, role: 'clinician' });
    expect(ended?.endedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expectError(await s.get(`${API}/centers/${centerA}/staff`), 403, 'FORBIDDEN');
    expectError(await directorA.del(`${API}/centers/${centerA}/staff/${membershipId}`), 409, 'CONFLICT');
  });

  it('does not let a clinician change staff', async () => {
    const colleague = await t.createUser({ role: 'clinician', centerId: centerA });
    const membershipId = await membershipOf(colleague, centerA);
    expectError(
      await clinicianA.patch(`${API}/centers/${centerA}/staff/${membershipId}`, { role: 'center_director' }),
      403,
      'FORBIDDEN',
    );
    expectError(await clinicianA.del(`${API}/centers/${centerA}/staff/${membershipId}`), 403, 'FORBIDDEN');
    expect((await staff(admin, centerA)).find((m) => m.membershipId === membershipId)).toMatchObject({
      role: 'clinician',
      endedAt: null,
    });
  });

  it('does not let a director touch another center’s staff', async () => {
    const membershipId = await membershipOf({ id: clinicianB.userId }, centerB);
    expectError(
      await directorA.patch(`${API}/centers/${centerB}/staff/${membershipId}`, { role: 'trainer' }),
      404,
      'NOT_FOUND',
    );
    // Nor by naming the other center's membership under their own center.
    expectError(
      await directorA.patch(`${API}/centers/${centerA}/staff/${membershipId}`, { role: 'trainer' }),
      404,
      'NOT_FOUND',
    );
    expectError(await directorA.del(`${API}/centers/${centerA}/staff/${membershipId}`), 404, 'NOT_FOUND');
    expect((await staff(admin, centerB)).find((m) => m.membershipId === membershipId)).toMatchObject({
      role: 'clinician',
    });
  });

  it('lists for a director only the staff of their own center, and only their roles there', async () => {
    const both = await t.createUser({
      roles: [
        { role: 'clinician', centerId: centerA },
        { role: 'trainer', centerId: centerB },
      ],
    });
    const r = await directorA.get(`${API}/users?pageSize=200`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json<{ items: UserDetail[]; total: number }>().items;
    const ids = items.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([directorA.userId, clinicianA.userId, both.id]));
    expect(ids).not.toContain(clinicianB.userId);
    expect(ids).not.toContain(admin.userId);
    expect(items.find((u) => u.id === both.id)!.roles.map((m) => m.centerId)).toEqual([centerA]);
    for (const user of items) for (const role of user.roles) expect(role.centerId).toBe(centerA);

    expectError(await directorA.get(`${API}/users/${clinicianB.userId}`), 404, 'NOT_FOUND');
    const filtered = await directorA.get(`${API}/users?centerId=${centerB}`);
    expect(filtered.json<{ items: unknown[] }>().items.map((u) => (u as { id: string }).id)).not.toContain(
      clinicianB.userId,
    );
    const everyone = (await admin.get(`${API}/users?pageSize=200`)).json<{ items: UserDetail[] }>().items;
    expect(everyone.map((u) => u.id)).toEqual(expect.arrayContaining([clinicianB.userId, admin.userId]));
    expectError(await clinicianA.get(`${API}/users`), 403, 'FORBIDDEN');
  });

  it('deactivating an account signs the person out everywhere and refuses their sign-in; reactivating restores it', async () => {
    const person: TestUser = await t.createUser({ role: 'clinician', centerId: centerA });
    const first = await t.login(person.email);
    const second = await t.login(person.email);
    expectError(
      await directorA.patch(`${API}/users/${person.id}`, { status: 'deactivated' }),
      403,
      'FORBIDDEN',
    );

    const off = await admin.patch(`${API}/users/${person.id}`, { status: 'deactivated' });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ status: 'deactivated' });
    expectError(await first.get(`${API}/me`), 401, 'UNAUTHENTICATED');
    expectError(await second.get(`${API}/me`), 401, 'UNAUTHENTICATED');
    expectError(await attemptLogin(t, person.email, person.password), 403, 'FORBIDDEN');
    expect((await staff(directorA, centerA)).find((m) => m.userId === person.id)).toMatchObject({
      status: 'deactivated',
    });
    expect(await auditEvents(t, { action: 'user.deactivate', targetId: person.id })).toHaveLength(1);

    const on = await admin.patch(`${API}/users/${person.id}`, { status: 'active' });
    expect(on.statusCode, on.body).toBe(200);
    expect((await attemptLogin(t, person.email, person.password)).statusCode).toBe(200);
    // Old sessions stay ended.
    expectError(await first.get(`${API}/me`), 401, 'UNAUTHENTICATED');
  });

  it('does not let an administrator deactivate themselves', async () => {
    expectError(
      await admin.patch(`${API}/users/${admin.userId}`, { status: 'deactivated' }),
      409,
      'CONFLICT',
    );
    expect((await userDetail(admin.userId)).status).toBe('active');
    expect((await admin.get(`${API}/me`)).statusCode).toBe(200);
  });

  it('ends any role of a person, network-wide ones included, keeping the history', async () => {
    const funder = await t.createUser({ role: 'funder_viewer' });
    const detail = await userDetail(funder.id);
    const membershipId = detail.roles[0]!.id;
    const r = await admin.del(`${API}/users/${funder.id}/memberships/${membershipId}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<UserDetail>().roles).toEqual([]);
    expect(r.json<UserDetail>().membershipHistory[0]).toMatchObject({ role: 'funder_viewer' });
    expect(r.json<UserDetail>().membershipHistory[0]!.endedAt).not.toBeNull();
    expectError(await admin.del(`${API}/users/${funder.id}/memberships/${membershipId}`), 409, 'CONFLICT');
    // The membership must belong to the person named in the path.
    const other = await t.createUser({ role: 'funder_viewer' });
    const otherMembership = (await userDetail(other.id)).roles[0]!.id;
    expectError(
      await admin.del(`${API}/users/${funder.id}/memberships/${otherMembership}`),
      404,
      'NOT_FOUND',
    );
    // An administrator cannot remove their own administrator role.
    const me = await admin.get(`${API}/me`);
    const own = me.json<{ user: { id: string }; memberships: { id: string; role: string }[] }>();
    const adminRole = own.memberships.find((m) => m.role === 'network_admin')!;
    expectError(await admin.del(`${API}/users/${own.user.id}/memberships/${adminRole.id}`), 409, 'CONFLICT');
    // A director ends roles at their own center only.
    const a = await t.createUser({ role: 'clinician', centerId: centerA });
    const b = await t.createUser({ role: 'clinician', centerId: centerB });
    const mA = (await userDetail(a.id)).roles[0]!.id;
    const mB = (await userDetail(b.id)).roles[0]!.id;
    expect((await directorA.del(`${API}/users/${a.id}/memberships/${mA}`)).statusCode).toBe(200);
    expectError(await directorA.del(`${API}/users/${b.id}/memberships/${mB}`), 404, 'NOT_FOUND');
  });

  it('does not let a director change or end their own role', async () => {
    const me = (await directorA.get(`${API}/me`)).json<{
      user: { id: string };
      memberships: { id: string }[];
    }>();
    const own = me.memberships[0]!.id;
    expectError(
      await directorA.patch(`${API}/centers/${centerA}/staff/${own}`, { role: 'clinician' }),
      409,
      'CONFLICT',
    );
    expectError(await directorA.del(`${API}/centers/${centerA}/staff/${own}`), 409, 'CONFLICT');
    expect((await directorA.get(`${API}/centers/${centerA}/staff`)).statusCode).toBe(200);
  });

  it('answers 404 for the staff of a center that does not exist', async () => {
    expectError(
      await admin.get(`${API}/centers/00000000-0000-4000-8000-000000000000/staff`),
      404,
      'NOT_FOUND',
    );
  });

  it('gives one person a role once, even when the same grant is sent many times at once', async () => {
    const person = await t.createUser({ role: 'clinician', centerId: centerA });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        admin.post(`${API}/users/${person.id}/memberships`, { role: 'trainer', centerId: centerA }),
      ),
    );
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(7);
    expect((await userDetail(person.id)).roles.filter((m) => m.role === 'trainer')).toHaveLength(1);
  });

  it('grants a further role to an existing person', async () => {
    const person = await t.createUser({ role: 'clinician', centerId: centerA });
    const r = await admin.post(`${API}/users/${person.id}/memberships`, {
      role: 'trainer',
      centerId: centerB,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(
      r
        .json<UserDetail>()
        .roles.map((m) => `${m.role}@${m.centerId}`)
        .sort(),
    ).toEqual([`clinician@${centerA}`, `trainer@${centerB}`].sort());
    expectError(
      await admin.post(`${API}/users/${person.id}/memberships`, { role: 'trainer', centerId: centerB }),
      409,
      'CONFLICT',
    );
    expectFieldError(
      await admin.post(`${API}/users/${person.id}/memberships`, { role: 'clinician' }),
      'centerId',
    );

    // A director grants center roles at their own center only, and never a network role.
    const byDirector = await directorA.post(`${API}/users/${person.id}/memberships`, {
      role: 'center_director',
      centerId: centerA,
    });
    expect(byDirector.statusCode, byDirector.body).toBe(201);
    expectError(
      await directorA.post(`${API}/users/${person.id}/memberships`, { role: 'clinician', centerId: centerB }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await directorA.post(`${API}/users/${person.id}/memberships`, { role: 'network_admin' }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await clinicianA.post(`${API}/users/${person.id}/memberships`, { role: 'trainer', centerId: centerA }),
      403,
      'FORBIDDEN',
    );
    const roles = (await userDetail(person.id)).roles.map((m) => m.role).sort();
    expect(roles).toEqual(['center_director', 'clinician', 'trainer']);
  });
});
