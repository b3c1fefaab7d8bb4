/**
 * The planner in the browser: the network administrator opens "Plan the next trainings", sees the
 * suggested request built from the demo network's gap, runs a small plan (120 seats keep the solve
 * short), reads the headline figures, the projection chart, the comparison with the simple
 * policies, the map and the allocation table, opens the saved plan from the list and deletes it.
 * A center director is refused the page, as for the other administrators' pages.
 *
 * The plan it makes carries a name unique to the run, and is deleted at the end.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkPage, launch, newContext, signIn, signOut } from './helpers.js';
import { callApi, eventually } from './care-helpers.js';

async function heading(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

/** Waits until no spinner is left on the page (the map and charts load their code lazily). */
async function settled(page: Page): Promise<void> {
  await eventually(() => page.locator('main .spinner').count()).toBe(0);
}

const whole = (n: number) => Math.round(n).toLocaleString('en-US');

describe('planner: plan the next trainings', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  const planName = `E2E plan ${Date.now().toString(36)}`;

  it('lets the administrator run a plan, read its results, reopen it and delete it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@demo.waymark.test');
    const suggested = await callApi<{ input: { centers: unknown[] }; excluded: number }>(
      page,
      'GET',
      '/plans/suggested?period=last12',
    );
    expect(suggested.status).toBe(200);
    const centers = suggested.body.input.centers.length;
    expect(centers).toBeGreaterThan(0);

    await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Planner' }).click();
    await eventually(() => heading(page)).toBe('Plan the next trainings');
    const form = page.getByRole('form', { name: 'Plan parameters' });
    await eventually(() =>
      form.getByText(`Starts from today’s figures: ${whole(centers)} centers`).isVisible(),
    ).toBe(true);
    // The default calendar: 12 quarterly cohorts, each row an editable line of the table.
    const calendar = form.getByRole('region', { name: 'Cohort calendar' });
    expect(await calendar.locator('tbody tr').count()).toBe(12);
    expect(await form.getByLabel('Seat budget').inputValue()).toBe('2000');
    await settled(page);
    await checkPage(page, 'planner-admin-form');

    // A field the planner refuses is named beside the field.
    await form.getByRole('textbox', { name: 'Quarter of', exact: false }).first().fill('40');
    await form.getByLabel('Plan name').fill(planName);
    await form.getByLabel('Seat budget').fill('120');
    await form.getByRole('button', { name: 'Run the planner' }).click();
    const quarterError = calendar.getByText('Must be within the horizon: 0 to 11.');
    await eventually(() => quarterError.isVisible()).toBe(true);
    expect(await page.getByRole('alert').filter({ hasText: 'The plan could not be made' }).isVisible()).toBe(
      true,
    );
    await form.getByRole('textbox', { name: 'Quarter of', exact: false }).first().fill('0');

    // Run: the button is busy (and cannot be pressed again) while the solver works.
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/plans') && r.request().method() === 'POST',
    );
    await form.getByRole('button', { name: 'Run the planner' }).click();
    const response = await created;
    expect(response.status()).toBe(201);
    const plan = (await response.json()) as {
      summary: { id: string; reached: number; targetReached: number };
      result: {
        scenarios: Record<
          'low' | 'expected' | 'high',
          {
            reachedTotal: number;
            seatsAllocated: number;
            comparison: Record<
              'optimised' | 'proportional' | 'firstComeFirstServed',
              { reachedTotal: number }
            >;
          }
        >;
      };
    };
    const expected = plan.result.scenarios.expected;
    expect(expected.seatsAllocated).toBeLessThanOrEqual(120);

    // Headline figures, as the API computed them.
    const results = page.getByRole('region', { name: `Results: ${planName}` });
    await eventually(() => results.isVisible()).toBe(true);
    const reachedCard = results.locator('.kpi').filter({ hasText: 'Children reached over the horizon' });
    await eventually(() => reachedCard.locator('.planner-kpi-value').textContent()).toBe(
      whole(expected.reachedTotal),
    );
    expect(await reachedCard.textContent()).toContain('of the target of 55,000');
    const range = results.locator('.kpi').filter({ hasText: 'Range, low to high' });
    expect(await range.locator('.planner-kpi-value').textContent()).toBe(
      `${whole(plan.result.scenarios.low.reachedTotal)}–${whole(plan.result.scenarios.high.reachedTotal)}`,
    );
    expect(
      await results.locator('.kpi').filter({ hasText: 'Solver' }).locator('.planner-kpi-value').textContent(),
    ).toBe('Optimal');

    // The plan downloads as the allocation in CSV: the browser saves the file the link names.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      results.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r\n/);
    expect(lines[0]).toBe('center_id,center_name,state,cohort_id,cohort_label,quarter,seats');
    const seats = lines.slice(1).reduce((sum, line) => sum + Number(line.split(',').at(-1)), 0);
    expect(seats).toBe(expected.seatsAllocated);

    // The projection chart is drawn, with its table for screen readers.
    const projection = results.getByRole('region', { name: 'Children reached by quarter' });
    await eventually(() => projection.locator('figure svg.recharts-surface').count()).toBeGreaterThan(0);
    expect(await projection.locator('table tbody tr').count()).toBe(12);

    // The comparison: the optimised plan is never behind the simple policies.
    const comparison = results.getByRole('region', { name: 'Against the simple policies' });
    const table = comparison.getByRole('table');
    const optimisedRow = table.getByRole('row', { name: /^Optimised plan/ });
    expect(await optimisedRow.getByRole('cell').nth(1).textContent()).toBe(
      whole(expected.comparison.optimised.reachedTotal),
    );
    expect(expected.comparison.optimised.reachedTotal).toBeGreaterThanOrEqual(
      expected.comparison.proportional.reachedTotal - 0.5,
    );
    expect(await comparison.getByText(/over seats in proportion to referrals\./).isVisible()).toBe(true);

    // The map of seats and the allocation table, whose seats add up to the plan's.
    const map = results.getByRole('region', { name: 'Seats by state' });
    await eventually(() => map.locator('svg.us-map-svg').count()).toBe(1);
    const allocation = results.getByRole('region', { name: 'Allocation by center', exact: true });
    const rows = allocation.getByRole('table').locator('tbody tr');
    await eventually(() => rows.count()).toBe(Math.min(50, centers));
    const totals = await allocation
      .getByRole('table')
      .locator('tbody tr td:nth-last-child(3)')
      .allTextContents();
    expect(totals.reduce((s, t) => s + Number(t.replace(/,/g, '')), 0)).toBe(expected.seatsAllocated);
    // Sorted by total seats, largest first; the filter narrows to one state.
    const sortedTotals = totals.map((t) => Number(t.replace(/,/g, '')));
    expect(sortedTotals).toEqual([...sortedTotals].sort((a, b) => b - a));
    const firstName = (await rows.first().locator('th').textContent())!;
    await allocation.getByLabel('Filter by center or state').fill(firstName);
    await eventually(async () =>
      (await allocation.getByRole('table').locator('tbody th').allTextContents()).every((n) =>
        n.includes(firstName),
      ),
    ).toBe(true);
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.count()).toBeLessThan(Math.min(50, centers) + (centers === 1 ? 1 : 0));
    await allocation.getByLabel('Filter by center or state').fill('');
    await settled(page);
    await checkPage(page, 'planner-admin-results');

    // The narrow screen: the page still reads, the cohort table scrolls in its own region.
    await page.setViewportSize({ width: 390, height: 844 });
    await settled(page);
    await checkPage(page, 'planner-admin-results-390');
    // No sideways scrolling of the whole page (the wide tables scroll in their own regions).
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
      true,
    );
    await page.setViewportSize({ width: 1366, height: 900 });

    // The saved plan: in the list, opened again from a fresh page, then deleted.
    await page.reload();
    await eventually(() => heading(page)).toBe('Plan the next trainings');
    const saved = page.getByRole('region', { name: 'Saved plans' });
    const row = saved.getByRole('row').filter({ hasText: planName });
    await eventually(() => row.isVisible()).toBe(true);
    expect(await row.textContent()).toContain(whole(plan.summary.reached));
    await row.getByRole('button', { name: `Open ${planName}` }).click();
    await eventually(() => results.locator('.kpi').first().locator('.planner-kpi-value').textContent()).toBe(
      whole(expected.reachedTotal),
    );
    await row.getByRole('button', { name: `Delete ${planName}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the plan?' });
    await eventually(() => dialog.isVisible()).toBe(true);
    await checkPage(page, 'planner-admin-delete');
    await dialog.getByRole('button', { name: 'Delete the plan' }).click();
    await eventually(() => dialog.isVisible()).toBe(false);
    await eventually(() => row.count()).toBe(0);
    const gone = await callApi(page, 'GET', `/plans/${plan.summary.id}`);
    expect(gone.status).toBe(404);
    await signOut(page);
    await context.close();
  }, 180_000);

  it('refuses the page to a center director, as other administrators’ pages', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'director@demo.waymark.test');
    expect(
      await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Planner' }).count(),
    ).toBe(0);
    await page.goto('/access/planner');
    await eventually(() => heading(page)).toBe('This page is not available to you');
    const api = await callApi(page, 'GET', '/plans');
    expect(api.status).toBe(403);
    await checkPage(page, 'planner-director-refused');
    await signOut(page);
    await context.close();
  });
});
