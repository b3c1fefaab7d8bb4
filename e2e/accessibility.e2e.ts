/**
 * Every main page, as each role sees it, checked with axe-core (no serious or critical WCAG 2.1 AA
 * violations) and kept as a screenshot in test-results/screens/. Public pages in English and Spanish
 * (the family form's own screens are checked on a phone in care-form.e2e.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, checkPage, demoPassword, launch, newContext, signIn } from './helpers.js';
import { createEpisode, uniqueCaseCode } from './care-helpers.js';

/** The caller's own center, or the first in the directory; '' for roles outside the network. */
async function centerOf(page: Page): Promise<string> {
  const me = await page.evaluate<{ memberships: { centerId: string | null }[] }>(
    `fetch('/api/v1/me', { credentials: 'same-origin' }).then((r) => r.json())`,
  );
  const id = me.memberships.find((m) => m.centerId)?.centerId;
  if (id) return id;
  const list = await page.evaluate<{ items?: { id: string }[] }>(
    `fetch('/api/v1/centers?pageSize=1', { credentials: 'same-origin' }).then((r) => r.json())`,
  );
  return list.items?.[0]?.id ?? '';
}

/** A pathway and a clinician whose progress the caller may open; '' when there is none. */
async function pathwayOf(page: Page): Promise<string> {
  const list = await page.evaluate<{ items?: { id: string }[] }>(
    `fetch('/api/v1/pathways', { credentials: 'same-origin' }).then((r) => r.json())`,
  );
  return list.items?.[0]?.id ?? '';
}
async function followedClinicianOf(page: Page): Promise<string> {
  const roster = await page.evaluate<{ items?: { clinician: { id: string }; pathways: unknown[] }[] }>(
    `fetch('/api/v1/progress', { credentials: 'same-origin' }).then((r) => r.json())`,
  );
  return roster.items?.find((i) => i.pathways.length > 0)?.clinician.id ?? '';
}

/**
 * A treatment episode the caller may open; a clinician makes one when their caseload is empty, so
 * the episode page is always checked. '' for roles without a caseload.
 */
async function episodeOf(page: Page, role: string): Promise<string> {
  if (!['admin', 'director', 'clinician'].includes(role)) return '';
  const list = await page.evaluate<{ items?: { id: string }[] }>(
    `fetch('/api/v1/episodes?pageSize=1', { credentials: 'same-origin' }).then((r) => r.json())`,
  );
  const id = list.items?.[0]?.id ?? '';
  if (id || role !== 'clinician') return id;
  return (await createEpisode(page, { caseCode: uniqueCaseCode('A11Y'), ageYears: 12 })).id;
}

interface Ids {
  pathway: string;
  clinician: string;
  episode: string;
}
const when = (id: string, url: string): string[] => (id ? [url] : []);

async function visit(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  // Pages load their code and data on first use: allow for a machine busy with other work.
  await expect.poll(() => page.getByRole('heading', { level: 1 }).count(), { timeout: 15_000 }).toBe(1);
  await expect.poll(() => page.locator('.spinner, [aria-busy="true"]').count(), { timeout: 15_000 }).toBe(0);
  await checkPage(page, name);
}

describe('accessibility of every main page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('public pages, in English and Spanish', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await visit(page, '/login', 'public-login-en');
    await page.getByRole('button', { name: 'Español' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Iniciar sesión' }).isVisible()).toBe(true);
    await expect.poll(() => page.evaluate('document.documentElement.lang')).toBe('es');
    await checkPage(page, 'public-login-es');
    // The choice is remembered, and a wrong password is explained in Spanish.
    await page.reload();
    await page.getByLabel('Correo electrónico').fill('admin@demo.waymark.test');
    await page.getByLabel('Contraseña', { exact: true }).fill('no-es-la-contraseña');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await expect
      .poll(() => page.getByText('El correo electrónico o la contraseña no son correctos.').isVisible())
      .toBe(true);
    await checkPage(page, 'public-login-es-error');
    await visit(page, '/forgot-password', 'public-forgot-password-es');
    await page.getByRole('button', { name: 'English' }).click();
    await visit(page, '/forgot-password', 'public-forgot-password-en');
    await visit(page, '/reset-password', 'public-reset-password-no-link');
    await visit(page, '/invite', 'public-invite-no-link');
    await visit(page, '/form', 'public-form-no-link-en');
    await visit(page, '/verify', 'public-verify-en');
    await visit(page, '/verify/WM-2026-999999', 'public-verify-not-found-en');
    await page.getByRole('button', { name: 'Español' }).click();
    await visit(page, '/verify', 'public-verify-es');
    await visit(page, '/verify/WM-2026-999999', 'public-verify-not-found-es');
    await visit(page, `/form#token=${'A'.repeat(43)}`, 'public-form-unknown-es');
    await context.close();
  });

  const roles: { email: string; role: string; pages: (center: string, ids: Ids) => string[] }[] = [
    {
      email: 'admin@demo.waymark.test',
      role: 'admin',
      pages: (c, ids) => [
        '/',
        '/centers',
        `/centers/${c}`,
        '/users',
        '/invitations',
        '/outbox',
        '/audit',
        '/imports',
        '/chapters',
        '/partners',
        '/settings',
        '/account',
        '/progress',
        ...when(ids.clinician, `/clinicians/${ids.clinician}/progress`),
        '/pathways',
        '/pathways/new',
        ...when(ids.pathway, `/pathways/${ids.pathway}`),
        '/credentials',
        '/cohorts',
        '/catalog',
        '/caseload',
        ...when(ids.episode, `/episodes/${ids.episode}`),
        '/outcomes',
      ],
    },
    {
      email: 'director@demo.waymark.test',
      role: 'director',
      pages: (c, ids) => [
        '/',
        '/centers',
        `/centers/${c}`,
        '/users',
        '/invitations',
        '/outbox',
        '/audit',
        '/account',
        '/progress',
        ...when(ids.clinician, `/clinicians/${ids.clinician}/progress`),
        '/pathways',
        ...when(ids.pathway, `/pathways/${ids.pathway}`),
        '/cohorts',
        '/catalog',
        '/caseload',
        ...when(ids.episode, `/episodes/${ids.episode}`),
        '/outcomes',
      ],
    },
    {
      email: 'trainer@demo.waymark.test',
      role: 'trainer',
      pages: (_c, ids) => [
        '/',
        '/progress',
        ...when(ids.clinician, `/clinicians/${ids.clinician}/progress`),
        '/account',
        '/cohorts',
        '/catalog',
      ],
    },
    {
      email: 'clinician@demo.waymark.test',
      role: 'clinician',
      pages: (c, ids) => [
        '/',
        '/centers',
        `/centers/${c}`,
        '/account',
        '/my-pathway',
        '/pathways',
        '/cohorts',
        '/catalog',
        '/caseload',
        ...when(ids.episode, `/episodes/${ids.episode}`),
      ],
    },
    {
      email: 'funder@demo.waymark.test',
      role: 'funder',
      pages: (c) => ['/', '/centers', `/centers/${c}`, '/account', '/pathways', '/catalog'],
    },
    { email: 'partner-admin@demo.waymark.test', role: 'partner-admin', pages: () => ['/', '/account'] },
    { email: 'partner-learner@demo.waymark.test', role: 'partner-learner', pages: () => ['/', '/account'] },
  ];

  for (const r of roles) {
    // Up to twenty pages with an axe run each: more than the default 60 s on a busy machine.
    it(`what a ${r.role} sees`, { timeout: 180_000 }, async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await signIn(page, r.email, demoPassword());
      const center = await centerOf(page);
      const follows = ['admin', 'director', 'trainer'].includes(r.role);
      const ids: Ids = {
        pathway: await pathwayOf(page),
        clinician: follows ? await followedClinicianOf(page) : '',
        episode: await episodeOf(page, r.role),
      };
      for (const url of r.pages(center, ids)) {
        await visit(
          page,
          url,
          `${r.role}${url === '/' ? '-home' : url.replace(/\//g, '-').replace(/-[0-9a-f-]{36}/g, '-detail')}`,
        );
      }
      // Pages outside the role's reach say so rather than break.
      await page.goto('/no-such-page');
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toMatch(/not found|Page not found/i);
      await context.close();
    });
  }

  it('the API documentation loads from this server alone', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) blocked.push(m.text());
    });
    page.on('request', (req) => {
      if (!req.url().startsWith(baseUrl()) && !req.url().startsWith('data:'))
        blocked.push(`external request: ${req.url()}`);
    });
    await page.goto('/api/docs');
    // The document covers every route (about 250 kB with the care API): give it time to render.
    await expect
      .poll(() => page.getByText('Waymark API').first().isVisible(), { timeout: 15_000 })
      .toBe(true);
    await expect.poll(() => page.getByText('/api/v1/auth/login').first().isVisible()).toBe(true);
    expect(blocked).toEqual([]);
    await context.close();
  });
});
