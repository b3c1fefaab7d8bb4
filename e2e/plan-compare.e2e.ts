/**
 * Comparing saved plans in the browser: the network administrator has two plans (made through the
 * API, with small seat budgets to keep the solves short), selects both in the saved plans,
 * compares them and reads each plan's figures side by side, as the API computed them, with the
 * chart and the seats by state. A plan deleted since is named on the comparison, and with one plan
 * left the page explains and links back.
 *
 * The plans carry names unique to the run and are deleted at the end.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkPage, launch, newContext, signIn, signOut } from './helpers.js';
import { callApi, eventually } from './care-helpers.js';

interface SavedPlan {
  summary: { id: string; name: string };
  result: {
    scenarios: Record<'low' | 'expected' | 'high', { reachedTotal: number; seatsAllocated: number }>;
  };
}

async function heading(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

/** Waits until no spinner is left on the page (the charts load their code lazily). */
async function settled(page: Page): Promise<void> {
  await eventually(() => page.locator('main .spinner').count()).toBe(0);
}

const whole = (n: number) => Math.round(n).toLocaleString('en-US');

describe('planner: compare saved plans', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  const run = Date.now().toString(36);

  it('compares two saved plans side by side with the API’s figures, and names a deleted one', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@demo.waymark.test');
    const made: SavedPlan[] = [];
    try {
      const suggested = await callApi<{ input: Record<string, unknown> }>(
        page,
        'GET',
        '/plans/suggested?period=last12',
      );
      expect(suggested.status).toBe(200);
      for (const [name, seatBudget] of [
        [`E2E compare ${run} small`, 60],
        [`E2E compare ${run} larger`, 120],
      ] as const) {
        const created = await callApi<SavedPlan>(page, 'POST', '/plans', {
          name,
          input: { ...suggested.body.input, seatBudget },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        made.push(created.body);
      }
      const [small, larger] = made as [SavedPlan, SavedPlan];

      // Choose both in the saved plans: the button says why it waits until two are selected.
      await page.goto('/access/planner');
      await eventually(() => heading(page)).toBe('Plan the next trainings');
      const saved = page.getByRole('region', { name: 'Saved plans' });
      const compare = saved.getByRole('button', { name: 'Compare selected' });
      await eventually(() =>
        saved.getByRole('checkbox', { name: `Compare ${small.summary.name}` }).count(),
      ).toBe(1);
      await saved.getByRole('checkbox', { name: `Compare ${small.summary.name}` }).check();
      expect(await compare.isDisabled()).toBe(true);
      expect(await saved.getByText('Select at least one more plan to compare').isVisible()).toBe(true);
      await saved.getByRole('checkbox', { name: `Compare ${larger.summary.name}` }).check();
      await eventually(() => compare.isEnabled()).toBe(true);
      await settled(page);
      await checkPage(page, 'planner-compare-select');
      await compare.click();

      // The comparison: oldest plan first, each figure as the API gave it.
      await eventually(() => heading(page)).toBe('Compare plans');
      const url = new URL(page.url());
      expect(url.pathname).toBe('/access/planner/compare');
      expect(url.searchParams.get('plans')).toBe(`${small.summary.id},${larger.summary.id}`);
      const side = page.getByRole('region', { name: 'Side by side' });
      const table = side.getByRole('table');
      await eventually(() => table.isVisible()).toBe(true);
      const headers = await table.locator('thead th').allTextContents();
      expect(headers[1]).toContain(small.summary.name);
      expect(headers[2]).toContain(larger.summary.name);
      const figures = (metric: string) =>
        table.locator(`tbody tr[data-metric="${metric}"] .planner-compare-value`).allTextContents();
      expect(await figures('reachedExpected')).toEqual([
        whole(small.result.scenarios.expected.reachedTotal),
        whole(larger.result.scenarios.expected.reachedTotal),
      ]);
      expect(await figures('reachedLow')).toEqual([
        whole(small.result.scenarios.low.reachedTotal),
        whole(larger.result.scenarios.low.reachedTotal),
      ]);
      expect(await figures('seatBudget')).toEqual(['60', '120']);
      expect(await figures('seatsAllocated')).toEqual([
        whole(small.result.scenarios.expected.seatsAllocated),
        whole(larger.result.scenarios.expected.seatsAllocated),
      ]);
      // More seats reach more children here: the larger plan's reach is the one marked best, in words.
      if (
        Math.round(larger.result.scenarios.expected.reachedTotal) >
        Math.round(small.result.scenarios.expected.reachedTotal)
      ) {
        const cells = table.locator('tbody tr[data-metric="reachedExpected"] td');
        expect(await cells.nth(1).getByText('Best', { exact: true }).count()).toBe(1);
        expect(await cells.nth(0).getByText('Best', { exact: true }).count()).toBe(0);
      }

      // The chart has one line per plan, and its table every quarter; the seats by state add up.
      const chart = page.getByRole('region', { name: 'Children reached by quarter' });
      await eventually(() => chart.locator('figure svg.recharts-surface').count()).toBeGreaterThan(0);
      expect(await chart.locator('.recharts-line').count()).toBe(2);
      expect(await chart.locator('table tbody tr').count()).toBe(12);
      const states = page.getByRole('region', { name: 'Seats by state', exact: true }).getByRole('table');
      const column = async (n: number) =>
        (await states.locator(`tbody tr td:nth-of-type(${n})`).allTextContents()).map(
          (t) => Number(t.replace(/,/g, '').replace('−', '-')) || 0,
        );
      const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
      expect(sum(await column(1))).toBe(small.result.scenarios.expected.seatsAllocated);
      expect(sum(await column(2))).toBe(larger.result.scenarios.expected.seatsAllocated);
      // Largest difference first.
      const differences = (await column(3)).map(Math.abs);
      expect(differences).toEqual([...differences].sort((a, b) => b - a));
      await settled(page);
      await checkPage(page, 'planner-compare');
      // On a phone the tables scroll in their own regions, not the whole page.
      await page.setViewportSize({ width: 390, height: 844 });
      await settled(page);
      await checkPage(page, 'planner-compare-390');
      expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
        true,
      );
      await page.setViewportSize({ width: 1366, height: 900 });

      // A plan deleted since (and an id never saved) is named; one plan left is no comparison.
      const deleted = await callApi(page, 'DELETE', `/plans/${larger.summary.id}`);
      expect(deleted.status).toBe(204);
      made.pop();
      const unknown = randomUUID();
      await page.goto(`/access/planner/compare?plans=${small.summary.id},${larger.summary.id},${unknown}`);
      await eventually(() => heading(page)).toBe('Compare plans');
      await settled(page);
      const warning = page.locator('.alert').filter({ hasText: 'Some plans are not compared' });
      expect(await warning.textContent()).toContain(`No saved plan has the id ${larger.summary.id}`);
      expect(await warning.textContent()).toContain(`No saved plan has the id ${unknown}`);
      expect(await page.getByText('Not enough plans to compare').isVisible()).toBe(true);
      await checkPage(page, 'planner-compare-too-few');
      await page.getByRole('link', { name: 'Back to the saved plans' }).click();
      await eventually(() => heading(page)).toBe('Plan the next trainings');
      expect((await callApi(page, 'DELETE', `/plans/${small.summary.id}`)).status).toBe(204);
      made.length = 0;
      await signOut(page);
    } finally {
      // A failed step leaves the session signed in, so its plans can still be removed.
      for (const p of made) await callApi(page, 'DELETE', `/plans/${p.summary.id}`);
      await context.close();
    }
  }, 240_000);
});
