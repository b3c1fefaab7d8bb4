/**
 * Synthetic networks, clearly labelled as such: a demo network for evaluation (60 centers in 12
 * states, a user for every role) and a national-scale network for load and planning work (about
 * 950 centers in 50 states, 10,000 clinicians). Both are deterministic for a given seed, and both
 * are loaded with set-based inserts (unnest of arrays), thousands of rows per statement.
 *
 * Both get synthetic care data: the national scale in bulk (care-national.ts), the demo network as
 * hand-shaped caseloads (care-demo.ts) next to the cases of its training records.
 */
import { sql, type Transaction } from 'kysely';
import type { Role } from '../../../shared/roles.js';
import type { Config } from '../../config.js';
import type { Database } from '../database.js';
import { seedDemoTraining, type TrainingSeedResult } from './training.js';
import { seedAccess, type AccessSeedResult } from './access.js';
import { DEFAULT_CARE_EPISODES, seedNationalCare, type CareSeedResult } from './care-national.js';
import { seedDemoCare, type CareDemoResult } from './care-demo.js';
import type { DB } from '../schema.js';
import { CENTER_WORDS, FIRST_NAMES, LAST_NAMES, STATES, STATE_NAMES, type StateInfo } from './geography.js';

type Trx = Transaction<DB>;

export const DEMO_ACCOUNTS: { email: string; role: Role; name: string }[] = [
  { email: 'admin@demo.waymark.test', role: 'network_admin', name: 'Alex Morgan (demo admin)' },
  { email: 'trainer@demo.waymark.test', role: 'trainer', name: 'Taylor Brooks (demo trainer)' },
  { email: 'director@demo.waymark.test', role: 'center_director', name: 'Dana Rivera (demo director)' },
  { email: 'clinician@demo.waymark.test', role: 'clinician', name: 'Casey Kim (demo clinician)' },
  { email: 'funder@demo.waymark.test', role: 'funder_viewer', name: 'Frances Lowe (demo funder)' },
  {
    email: 'partner-admin@demo.waymark.test',
    role: 'partner_admin',
    name: 'Pat Laurent (demo partner admin)',
  },
  {
    email: 'partner-learner@demo.waymark.test',
    role: 'partner_learner',
    name: 'Lee Moreau (demo partner learner)',
  },
];

export const DEMO_PARTNER = 'Maison Lumière (demo partner)';

/** mulberry32: a small, fast, deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4-shaped UUID drawn from the PRNG, so a seed always yields the same identifiers. */
export function seededUuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export interface GeneratedCenter {
  id: string;
  name: string;
  state: string;
  county: string;
  zip3: string;
  memberType: 'accredited' | 'associate' | 'affiliate' | 'satellite';
  accreditedOn: string | null;
  accreditationExpiresOn: string | null;
  chapterId: string;
}

export interface GeneratedNetwork {
  chapters: { id: string; name: string; state: string }[];
  centers: GeneratedCenter[];
}

/** Spreads `total` centers over the given states in proportion to their weights (at least one each). */
export function allocate(total: number, states: readonly StateInfo[]): Map<string, number> {
  const weight = states.reduce((s, x) => s + x.weight, 0);
  const counts = new Map<string, number>();
  let assigned = 0;
  const remainders: { code: string; r: number }[] = [];
  for (const s of states) {
    const exact = (total * s.weight) / weight;
    const n = Math.max(1, Math.floor(exact));
    counts.set(s.code, n);
    assigned += n;
    remainders.push({ code: s.code, r: exact - Math.floor(exact) });
  }
  remainders.sort((a, b) => b.r - a.r || a.code.localeCompare(b.code));
  for (let i = 0; assigned < total; i = (i + 1) % remainders.length) {
    const code = remainders[i]!.code;
    counts.set(code, counts.get(code)! + 1);
    assigned++;
  }
  for (let i = remainders.length - 1; assigned > total; i = (i - 1 + remainders.length) % remainders.length) {
    const code = remainders[i]!.code;
    if (counts.get(code)! > 1) {
      counts.set(code, counts.get(code)! - 1);
      assigned--;
    }
  }
  return counts;
}

export function generateNetwork(options: {
  centers: number;
  states: readonly StateInfo[];
  seed: number;
  today?: Date;
}): GeneratedNetwork {
  const rand = prng(options.seed);
  const today = options.today ?? new Date();
  const counts = allocate(options.centers, options.states);
  const chapters: GeneratedNetwork['chapters'] = [];
  const centers: GeneratedCenter[] = [];
  for (const state of options.states) {
    const chapterId = seededUuid(rand);
    chapters.push({
      id: chapterId,
      name: `Children's Advocacy Centers of ${STATE_NAMES[state.code]}`,
      state: state.code,
    });
    const used = new Set<string>();
    const n = counts.get(state.code) ?? 0;
    for (let i = 0; i < n; i++) {
      const county = pick(rand, state.counties);
      let name = '';
      for (let attempt = 0; attempt < 50 && (name === '' || used.has(name.toLowerCase())); attempt++) {
        const style = Math.floor(rand() * 4);
        const word = pick(rand, CENTER_WORDS);
        name =
          style === 0
            ? `${county} County Children's Advocacy Center`
            : style === 1
              ? `${word} Children's Advocacy Center`
              : style === 2
                ? `Child Advocacy Center of ${county} County`
                : `${word} Child Advocacy Center of ${county}`;
        if (attempt > 10) name = `${name} ${attempt}`;
      }
      used.add(name.toLowerCase());
      const zip = state.zip3[0] + Math.floor(rand() * (state.zip3[1] - state.zip3[0] + 1));
      const r = rand();
      const memberType =
        r < 0.76 ? 'accredited' : r < 0.88 ? 'associate' : r < 0.95 ? 'affiliate' : 'satellite';
      let accreditedOn: string | null = null;
      let expiresOn: string | null = null;
      if (memberType === 'accredited') {
        // Accredited some time in the past five years; re-accreditation is due five years later.
        const daysAgo = Math.floor(rand() * 5 * 365);
        const start = new Date(today.getTime() - daysAgo * 86_400_000);
        accreditedOn = isoDate(start);
        const end = new Date(start);
        end.setUTCFullYear(end.getUTCFullYear() + 5);
        expiresOn = isoDate(end);
      }
      centers.push({
        id: seededUuid(rand),
        name,
        state: state.code,
        county,
        zip3: String(zip).padStart(3, '0'),
        memberType,
        accreditedOn,
        accreditationExpiresOn: expiresOn,
        chapterId,
      });
    }
  }
  return { chapters, centers };
}

// Bulk loading -------------------------------------------------------------------------------------

async function insertChapters(trx: Trx, chapters: GeneratedNetwork['chapters']): Promise<void> {
  await sql`insert into chapter (id, name, state)
    select * from unnest(${chapters.map((c) => c.id)}::uuid[], ${chapters.map((c) => c.name)}::text[],
                         ${chapters.map((c) => c.state)}::text[])`.execute(trx);
}

async function insertCenters(trx: Trx, centers: GeneratedCenter[]): Promise<void> {
  for (let i = 0; i < centers.length; i += 2000) {
    const c = centers.slice(i, i + 2000);
    await sql`insert into center (id, name, state, county, zip3, member_type, accredited_on, accreditation_expires_on, chapter_id)
      select * from unnest(${c.map((x) => x.id)}::uuid[], ${c.map((x) => x.name)}::text[], ${c.map((x) => x.state)}::text[],
        ${c.map((x) => x.county)}::text[], ${c.map((x) => x.zip3)}::text[], ${c.map((x) => x.memberType)}::text[],
        ${c.map((x) => x.accreditedOn)}::date[], ${c.map((x) => x.accreditationExpiresOn)}::date[],
        ${c.map((x) => x.chapterId)}::uuid[])`.execute(trx);
  }
}

export interface GeneratedPerson {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  memberships: { id: string; role: Role; centerId: string | null; partnerId: string | null }[];
}

async function insertPeople(
  trx: Trx,
  people: GeneratedPerson[],
  onChunk?: (done: number) => void,
): Promise<void> {
  for (let i = 0; i < people.length; i += 5000) {
    const p = people.slice(i, i + 5000);
    await sql`insert into app_user (id, email, display_name, password_hash, password_changed_at)
      select id, email, name, hash, case when hash is null then null else now() end
      from unnest(${p.map((x) => x.id)}::uuid[], ${p.map((x) => x.email)}::text[], ${p.map((x) => x.name)}::text[],
                  ${p.map((x) => x.passwordHash)}::text[]) as t(id, email, name, hash)`.execute(trx);
    const m = p.flatMap((x) => x.memberships.map((mm) => ({ ...mm, userId: x.id })));
    await sql`insert into membership (id, user_id, role, center_id, partner_id)
      select * from unnest(${m.map((x) => x.id)}::uuid[], ${m.map((x) => x.userId)}::uuid[], ${m.map((x) => x.role)}::text[],
                           ${m.map((x) => x.centerId)}::uuid[], ${m.map((x) => x.partnerId)}::uuid[])`.execute(
      trx,
    );
    onChunk?.(Math.min(i + 5000, people.length));
  }
}

function syntheticName(rand: () => number): { first: string; last: string } {
  return { first: pick(rand, FIRST_NAMES), last: pick(rand, LAST_NAMES) };
}

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  return db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
    const row = await sql<{
      n: number;
    }>`select (select count(*) from center) + (select count(*) from app_user) as n`.execute(trx);
    return Number(row.rows[0]?.n ?? 0) === 0;
  });
}

async function assertEmpty(db: Database): Promise<void> {
  if (!(await isDatabaseEmpty(db))) {
    throw new Error(
      'The database already holds centers or users. Seed into an empty database, for example with ' +
        'WAYMARK_DATA_DIR=./.waymark-demo (PGlite) or a new PostgreSQL database.',
    );
  }
}

function demoPeople(
  rand: () => number,
  demoHash: string,
  demoCenterId: string,
  partnerId: string,
): GeneratedPerson[] {
  return DEMO_ACCOUNTS.map((a) => ({
    id: seededUuid(rand),
    email: a.email,
    name: a.name,
    passwordHash: demoHash,
    memberships: [
      {
        id: seededUuid(rand),
        role: a.role,
        centerId: ['trainer', 'center_director', 'clinician'].includes(a.role) ? demoCenterId : null,
        partnerId: a.role.startsWith('partner_') ? partnerId : null,
      },
    ],
  }));
}

async function recordSeed(trx: Trx, details: Record<string, unknown>): Promise<void> {
  await trx
    .insertInto('audit_event')
    .values({ actor_kind: 'system', action: 'seed', outcome: 'success', details: JSON.stringify(details) })
    .execute();
}

/**
 * The demo network: 60 centers in 12 states with their chapters, a director and clinicians at each
 * center, a partner organisation, the seven demo accounts (one per role, sharing `demoPasswordHash`),
 * and a pending invitation. MFA is not required in the demo; the UI says so. Care records
 * (care-demo.ts) and training records are dated relative to `today` (YYYY-MM-DD, default: now).
 */
export async function seedDemo(
  db: Database,
  options: { demoPasswordHash: string; seed?: number; config?: Config; today?: string },
): Promise<{ centers: number; users: number; training: TrainingSeedResult | null; care: CareDemoResult }> {
  await assertEmpty(db);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const rand = prng(options.seed ?? 2026);
  const demoStates = ['TX', 'CA', 'NY', 'FL', 'PA', 'OH', 'GA', 'NC', 'MI', 'AL', 'TN', 'WA'];
  const states = STATES.filter((s) => demoStates.includes(s.code));
  const network = generateNetwork({ centers: 60, states, seed: options.seed ?? 2026 });
  const partnerId = seededUuid(rand);
  // The demo accounts work at the first Texas center.
  const demoCenter = network.centers.find((c) => c.state === 'TX')!;
  const people = demoPeople(rand, options.demoPasswordHash, demoCenter.id, partnerId);
  let n = 0;
  for (const center of network.centers) {
    const staff = center.id === demoCenter.id ? 4 : 2 + Math.floor(rand() * 5);
    for (let i = 0; i <= staff; i++) {
      const { first, last } = syntheticName(rand);
      n++;
      people.push({
        id: seededUuid(rand),
        email: `${first}.${last}.${n}@staff.demo.waymark.test`.toLowerCase(),
        name: `${first} ${last}`,
        passwordHash: null,
        memberships: [
          {
            id: seededUuid(rand),
            role: i === 0 && center.id !== demoCenter.id ? 'center_director' : 'clinician',
            centerId: center.id,
            partnerId: null,
          },
        ],
      });
    }
  }
  const care = await db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
    await insertChapters(trx, network.chapters);
    await insertCenters(trx, network.centers);
    await trx.insertInto('partner_organization').values({ id: partnerId, name: DEMO_PARTNER }).execute();
    await insertPeople(trx, people);
    const careResult = await seedDemoCare(trx, { today, seed: options.seed ?? 2026 });
    await seedAccess(trx, { today, seed: options.seed ?? 2026, reportingShare: 0.85, synthetic: true });
    for (const [key, value] of [
      ['demo', true],
      ['mfa.required', false],
    ] as const) {
      await trx
        .insertInto('network_setting')
        .values({ key, value: JSON.stringify(value) })
        .execute();
    }
    await recordSeed(trx, { scale: 'demo', centers: network.centers.length, users: people.length });
    return careResult;
  });
  // Cohorts, attendance, cases and credentials (signed, so they need the server's secret key).
  const training = options.config ? await seedDemoTraining(db, options.config, { today }) : null;
  return { centers: network.centers.length, users: people.length, training, care };
}

/**
 * A national-scale network: `centers` centers (default 950) across the 50 states in proportion to
 * population, one director each, `clinicians` clinicians (default 10,000) spread over the centers,
 * 300 trainers, and the demo accounts (so someone can sign in and look). Then `careEpisodes`
 * synthetic treatment episodes (default 1,200,000; 0 for none) with their sessions and measure
 * administrations (see care-national.ts).
 */
export async function seedNational(
  db: Database,
  options: {
    demoPasswordHash: string;
    seed?: number;
    centers?: number;
    clinicians?: number;
    careEpisodes?: number;
    /** YYYY-MM-DD: the data's "today" (reported months end the month before). */
    today?: string;
    onProgress?: (stage: string, done: number, total: number) => void;
  },
): Promise<{ centers: number; users: number; care: CareSeedResult; access: AccessSeedResult }> {
  await assertEmpty(db);
  const seed = options.seed ?? 1;
  const rand = prng(seed ^ 0x5eed);
  const centerCount = options.centers ?? 950;
  const clinicianCount = options.clinicians ?? 10_000;
  const network = generateNetwork({ centers: centerCount, states: STATES, seed });
  const partnerId = seededUuid(rand);
  const people = demoPeople(rand, options.demoPasswordHash, network.centers[0]!.id, partnerId);
  // Clinicians per center follow the center's size: a few large urban centers, many small ones.
  const sizes = network.centers.map(() => 0.3 + rand() ** 2 * 3);
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  let made = 0;
  const person = (role: Role, centerId: string, prefix: string, i: number): GeneratedPerson => {
    const { first, last } = syntheticName(rand);
    return {
      id: seededUuid(rand),
      email: `${prefix}-${String(i).padStart(5, '0')}@national.waymark.test`,
      name: `${first} ${last}`,
      passwordHash: null,
      memberships: [{ id: seededUuid(rand), role, centerId, partnerId: null }],
    };
  };
  network.centers.forEach((c, i) => people.push(person('center_director', c.id, 'director', i + 1)));
  for (let i = 0; i < network.centers.length && made < clinicianCount; i++) {
    const share =
      i === network.centers.length - 1
        ? clinicianCount - made
        : Math.max(1, Math.round((clinicianCount * sizes[i]!) / totalSize));
    for (let k = 0; k < share && made < clinicianCount; k++)
      people.push(person('clinician', network.centers[i]!.id, 'clinician', ++made));
  }
  while (made < clinicianCount)
    people.push(person('clinician', pick(rand, network.centers).id, 'clinician', ++made));
  for (let i = 1; i <= 300; i++) people.push(person('trainer', pick(rand, network.centers).id, 'trainer', i));

  await db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
    options.onProgress?.('chapters and centers', 0, network.centers.length);
    await insertChapters(trx, network.chapters);
    await insertCenters(trx, network.centers);
    options.onProgress?.('chapters and centers', network.centers.length, network.centers.length);
    await trx.insertInto('partner_organization').values({ id: partnerId, name: DEMO_PARTNER }).execute();
    await insertPeople(trx, people, (done) => options.onProgress?.('people', done, people.length));
    await trx
      .insertInto('network_setting')
      .values({ key: 'demo', value: JSON.stringify(true) })
      .execute();
    await trx
      .insertInto('network_setting')
      .values({ key: 'mfa.required', value: JSON.stringify(false) })
      .execute();
    await recordSeed(trx, { scale: 'national', seed, centers: network.centers.length, users: people.length });
  });
  const care = await seedNationalCare(db, {
    seed,
    episodes: options.careEpisodes ?? DEFAULT_CARE_EPISODES,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  options.onProgress?.('access: training, capacity, reported months', 0, 1);
  const access = await db.scoped({ purpose: 'system', allCenters: true }, (trx) =>
    seedAccess(trx, { seed, today: options.today ?? new Date().toISOString().slice(0, 10) }),
  );
  options.onProgress?.('access: training, capacity, reported months', 1, 1);
  return { centers: network.centers.length, users: people.length, care, access };
}
