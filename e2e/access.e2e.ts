/**
 * The access pages in the browser: the network administrator reads the gap on the map and in the
 * table, sorts it, chooses a state with the keyboard, opens a center's capacity page, records a
 * clinician's FTE (and sees the children a year follow) and reports a month; the capacity
 * parameters preview their result as they are typed; a center director sees their center beside
 * its chapter, state and the nation, opens their capacity page, and finds another center's "not
 * found". Every page is checked with axe-core and kept as a screenshot.
 *
 * The figures the pages must show are read from the API in the same session, so the journeys hold
 * whatever the demo seed draws.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { checkPage, launch, newContext, signIn, signOut } from './helpers.js';
import { callApi, eventually } from './care-helpers.js';

interface GapRow {
  key: string;
  label: string;
  level: string;
  state: string | null;
  figures: { gapPerYear: number | null; demandPerYear: number | null };
}
interface Person {
  userId: string;
  displayName: string;
  trained: boolean;
  fteCounted: number;
  childrenPerYear: number;
}
interface Capacity {
  centerName: string;
  breakdown: { childrenPerFte: number };
  people: Person[];
}

/** Children as the pages write them: whole, rounded half away from zero. */
const whole = (n: number) => (Math.sign(n) * Math.round(Math.abs(n))).toLocaleString('en-US');

/** The number a signed gap cell shows: "+1,220" -> 1220, "−373" -> -373. */
function gapNumber(text: string): number {
  return Number(text.replace('\u2212', '-').replace(/[+,\s]/g, ''));
}

async function heading(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

async function openAccess(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Access' }).click();
  await eventually(() => heading(page)).toBe('Where children wait');
}

/** Waits until the page has drawn what it loads (map shapes, tables) and nothing is spinning. */
async function settled(page: Page): Promise<void> {
  await eventually(() => page.locator('.spinner, [aria-busy="true"]').count()).toBe(0);
}

/** The visible gap figures of a table, top to bottom, for rows that have one. */
async function gapColumn(table: Locator): Promise<number[]> {
  const texts = await table.locator('tbody .access-gap-value').allTextContents();
  return texts.map(gapNumber);
}

/** "Nov 2026" for the month before the current one (never in the future on any clock). */
function lastMonth(): { key: string; label: string } {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return {
    key: d.toISOString().slice(0, 7),
    label: d.toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' }),
  };
}

describe('access: where children wait, capacity and reported months', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('shows the administrator the gap on the map and in a table that sorts and filters by state', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@demo.waymark.test');
    const api = await callApi<{ rows: GapRow[] }>(page, 'GET', '/access/gap?level=center');
    expect(api.status).toBe(200);
    const centers = api.body.rows;
    expect(centers.length).toBeGreaterThan(20);

    await openAccess(page);
    await eventually(() => page.getByRole('button', { name: /^Texas/ }).isVisible()).toBe(true);
    const table = page.getByRole('region', { name: /^The access gap by center/ });
    await eventually(() => table.locator('tbody tr').count()).toBe(centers.length);
    await settled(page);

    // Largest gap first, as the API's figures say.
    const byGap = centers
      .filter((c) => c.figures.gapPerYear !== null)
      .sort((a, b) => b.figures.gapPerYear! - a.figures.gapPerYear!);
    const firstRow = table.locator('tbody tr').first();
    expect((await firstRow.getByRole('link').textContent())?.trim()).toBe(byGap[0]!.label);
    expect(await firstRow.locator('.access-gap-value').textContent()).toBe(
      `+${whole(byGap[0]!.figures.gapPerYear!)}`,
    );
    const nation = page.getByRole('region', { name: 'The nation', exact: true });
    await eventually(() => nation.getByText('Demand a year').isVisible()).toBe(true);
    await checkPage(page, 'access-admin');

    // Sorting by the gap's header reverses it: smallest (most spare capacity) first, in order.
    const gapHeader = table.locator('th', { has: page.getByRole('button', { name: /^Gap a year/ }) });
    expect(await gapHeader.getAttribute('aria-sort')).toBe('descending');
    await table.getByRole('button', { name: /^Gap a year/ }).click();
    await eventually(() => gapHeader.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await gapColumn(table);
    expect(ascending).toHaveLength(byGap.length);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    const least = byGap.at(-1)!.figures.gapPerYear!;
    expect(ascending[0]).toBe(Math.sign(least) * Math.round(Math.abs(least)));

    // A state chosen on the map with the keyboard filters the table to its centers.
    const texas = centers.filter((c) => c.state === 'TX');
    expect(texas.length).toBeGreaterThan(1);
    await page.getByRole('button', { name: /^Texas/ }).press('Enter');
    const texasTable = page.getByRole('region', { name: /^The access gap by center in Texas/ });
    await eventually(() => texasTable.locator('tbody tr').count()).toBe(texas.length);
    await settled(page);
    expect(await page.getByRole('button', { name: /^Texas/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('State', { exact: true }).inputValue()).toBe('TX');
    expect(new URL(page.url()).searchParams.get('state')).toBe('TX');
    const names = (await texasTable.getByRole('link').allTextContents()).map((t) => t.trim()).sort();
    expect(names).toEqual(texas.map((c) => c.label).sort());
    await eventually(() => page.getByRole('region', { name: 'Texas', exact: true }).isVisible()).toBe(true);
    await settled(page);
    await checkPage(page, 'access-admin-texas');

    // The same page on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await checkPage(page, 'access-admin-phone');
    await signOut(page);
    await context.close();
  }, 120_000);

  it('lets the administrator record a clinician’s FTE and report a month on a center’s capacity page', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@demo.waymark.test');
    const texas = await callApi<{ rows: GapRow[] }>(page, 'GET', '/access/gap?level=center&state=TX');
    await openAccess(page);
    await page.getByRole('button', { name: /^Texas/ }).press('Enter');
    const table = page.getByRole('region', { name: /^The access gap by center in Texas/ });
    await eventually(() => table.locator('tbody tr').count()).toBe(texas.body.rows.length);
    await settled(page);
    // Any Texas center but the demo director's, whose page the director's journey reads.
    const link = table.getByRole('link').filter({ hasNotText: 'Lighthouse' }).first();
    await eventually(() => link.isVisible()).toBe(true);
    const centerName = ((await link.textContent()) ?? '').trim();
    await link.click();
    await eventually(() => heading(page)).toBe(`Capacity and demand at ${centerName}`);
    const centerId = new URL(page.url()).pathname.split('/').at(-1)!;
    await settled(page);
    await checkPage(page, 'access-admin-capacity');

    // A trained clinician's FTE, and the children a year it gives.
    const before = await callApi<Capacity>(page, 'GET', `/centers/${centerId}/capacity`);
    const person = before.body.people.find((p) => p.trained && p.fteCounted !== 0.5);
    expect(person, 'a trained clinician at the center').toBeDefined();
    const staff = page.getByRole('region', { name: 'Treating staff table' });
    const row = staff.getByRole('row', { name: new RegExp(`^${person!.displayName}`) });
    const childrenCell = row.locator('td.access-children-cell');
    expect(await childrenCell.textContent()).toBe(whole(person!.childrenPerYear));
    await row.getByRole('button', { name: `Edit the capacity of ${person!.displayName}` }).click();
    const dialog = page.getByRole('dialog', { name: `Capacity of ${person!.displayName}` });
    await dialog.getByLabel('Treatment FTE').fill('');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => dialog.getByText('Is required.').isVisible()).toBe(true);
    await dialog.getByLabel('Treatment FTE').fill('0.5');
    await checkPage(page, 'access-admin-edit-fte');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => dialog.isVisible()).toBe(false);
    const expected = whole(0.5 * before.body.breakdown.childrenPerFte);
    expect(expected).not.toBe(whole(person!.childrenPerYear));
    await eventually(() => childrenCell.textContent()).toBe(expected);
    expect(await row.locator('td').nth(1).textContent()).toBe('0.5');

    // A reported month appears in the list with its figures.
    const month = lastMonth();
    await page.getByRole('button', { name: 'Report a month' }).click();
    const report = page.getByRole('dialog', { name: 'Report a month' });
    await report.getByLabel('Month', { exact: true }).fill(month.key);
    await report.getByLabel('Referred', { exact: true }).fill('37');
    await report.getByLabel('Started treatment').fill('29');
    await report.getByLabel('Waiting at month end').fill('11');
    await report.getByLabel('Median wait in days (optional)').fill('24');
    await checkPage(page, 'access-admin-report-month');
    await report.getByRole('button', { name: 'Save month' }).click();
    await eventually(() => report.isVisible()).toBe(false);
    const months = page.getByRole('region', { name: 'Reported months table' });
    const reported = months.getByRole('row', { name: new RegExp(`^${month.label}`) });
    // The demo may have reported this month already: wait for the list to show the new figures,
    // not merely for the month's row.
    await eventually(async () => (await reported.locator('td').allTextContents()).slice(0, 3)).toEqual([
      '37',
      '29',
      '11',
    ]);
    expect((await reported.locator('td').allTextContents())[5]).toBe('24 days');
    const saved = await callApi<{ items: { month: string; referred: number; source: string }[] }>(
      page,
      'GET',
      `/centers/${centerId}/access-months`,
    );
    expect(saved.body.items.find((m) => m.month === month.key)).toMatchObject({
      referred: 37,
      source: 'form',
    });
    await signOut(page);
    await context.close();
  }, 120_000);

  it('previews the children a clinician can treat as the network’s parameters are typed', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@demo.waymark.test');
    await page.goto('/access/parameters');
    await eventually(() => heading(page)).toBe('Capacity parameters');
    const preview = page.getByRole('region', { name: 'Preview' });
    const result = preview.locator('.access-preview-result dd');
    const saved = await callApi<{ parameters: Record<string, number> }>(page, 'GET', '/access/parameters');
    const p = saved.body.parameters;
    const treatment =
      (p.workingDaysPerYear! -
        p.leaveDaysPerYear! -
        p.holidaysPerYear! -
        p.sickDaysPerYear! -
        p.trainingDaysPerYear!) *
      p.hoursPerDay! *
      (1 - p.otherDutiesShare!);
    const oneDecimal = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
    await eventually(() => result.textContent()).toBe(
      oneDecimal(treatment / (p.sessionsPerChild! * p.hoursPerSession! + p.otherHoursPerChild!)),
    );
    await page.getByLabel(/^Sessions per child/).fill('7');
    await eventually(() => result.textContent()).toBe(
      oneDecimal(treatment / (7 * p.hoursPerSession! + p.otherHoursPerChild!)),
    );
    await checkPage(page, 'access-admin-parameters');
    await signOut(page);
    await context.close();
  }, 90_000);

  it('shows a director their center beside its areas, their capacity page, and no other center', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'director@demo.waymark.test');
    const me = await callApi<{
      memberships: { role: string; centerId: string | null; centerName: string | null }[];
    }>(page, 'GET', '/me');
    const own = me.body.memberships.find((m) => m.role === 'center_director')!;
    const gap = await callApi<{ rows: GapRow[] }>(page, 'GET', '/access/gap?level=center');
    const ownRow = gap.body.rows.find((r) => r.key === own.centerId)!;

    await openAccess(page);
    const card = page.getByRole('region', { name: own.centerName!, exact: true });
    await eventually(() => card.getByText('Demand a year').isVisible()).toBe(true);
    if (ownRow.figures.demandPerYear !== null)
      expect(await card.locator('dd').first().textContent()).toBe(whole(ownRow.figures.demandPerYear));
    const comparison = page.getByRole('region', {
      name: new RegExp(`beside its chapter, state and the nation`),
    });
    await eventually(() => comparison.locator('tbody tr').count()).toBe(4);
    const levels = await comparison.locator('tbody th .access-level').allTextContents();
    expect(levels).toEqual(['Center', 'Chapter', 'State', 'Nation']);
    expect(await comparison.locator('tbody tr').first().textContent()).toContain(own.centerName!);
    await settled(page);
    await checkPage(page, 'access-director');

    await page.getByRole('link', { name: 'Capacity and reported months' }).click();
    await eventually(() => heading(page)).toBe(`Capacity and demand at ${own.centerName}`);
    await settled(page);
    await checkPage(page, 'access-director-capacity');

    // Another center's capacity is not found, as the API answers.
    const list = await callApi<{ items: { id: string }[] }>(page, 'GET', '/centers?pageSize=5');
    const other = list.body.items.find((c) => c.id !== own.centerId)!;
    await page.goto(`/access/centers/${other.id}`);
    await eventually(() => heading(page)).toBe('Center not found');
    expect(await page.getByText('Error 404').isVisible()).toBe(true);
    await checkPage(page, 'access-director-not-found');
    await signOut(page);
    await context.close();
  }, 120_000);
});
