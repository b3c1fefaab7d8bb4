/**
 * The care journey in the browser: the demo clinician records a new episode (case code only, with
 * OMB race and ethnicity), a session with the model's PRACTICE components, and a baseline PHQ-A
 * entered item by item with its live score. A non-zero answer to item 9 shows a safety notice and,
 * once saved, raises a self-harm alert on the clinician's home page; the trainer (who sees only
 * "not on track") does not see it; the director acknowledges it with what was done; then the
 * director's outcomes dashboard draws its charts.
 *
 * Everything it reads it makes itself, under a case code unique to the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { checkPage, launch, newContext, signIn, signOut } from './helpers.js';
import { eventually, isoDaysAgo, modelId, uniqueCaseCode } from './care-helpers.js';

async function heading(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name }).click();
}

/** Chooses an answer to numbered item `n` of the measure dialog. */
async function answer(dialog: Locator, n: number, label: RegExp): Promise<void> {
  const item = dialog.getByRole('group', { name: new RegExp(`^${n}\\. `) });
  await item.getByRole('radio', { name: label }).check();
}

describe('care: episode, session, measure, safety alert, outcomes', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  const caseCode = uniqueCaseCode('EP');

  it('lets the clinician record an episode, a session and a baseline PHQ-A that raises a safety alert', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'clinician@demo.waymark.test');
    const tfcbt = await modelId(page);

    await nav(page, 'Caseload');
    await eventually(() => heading(page)).toBe('Caseload');
    await checkPage(page, 'care-clinician-caseload');

    // A new episode: de-identified, with several OMB categories.
    await page.getByRole('button', { name: 'New episode' }).first().click();
    const create = page.getByRole('dialog', { name: 'New episode' });
    await eventually(() => create.getByText(/stores no name, birth date or notes/).isVisible()).toBe(true);
    // Refused before it reaches the server: the required fields are named.
    await create.getByRole('button', { name: 'Create episode' }).click();
    await eventually(() => create.getByText('Is required.').first().isVisible()).toBe(true);
    await create.getByLabel('Case code').fill(caseCode);
    await create.getByLabel('Age in years').fill('14');
    await create.getByLabel('Gender').selectOption('female');
    await create.getByRole('checkbox', { name: 'Hispanic or Latino' }).check();
    await create.getByRole('checkbox', { name: 'White' }).check();
    await create.getByLabel('Treatment model').selectOption(tfcbt);
    await create.getByLabel('Referred on').fill(isoDaysAgo(20));
    await create.getByLabel('First session on').fill(isoDaysAgo(6));
    await checkPage(page, 'care-clinician-new-episode');
    await create.getByRole('button', { name: 'Create episode' }).click();

    await eventually(() => heading(page)).toBe(`Episode ${caseCode}`);
    const details = page.getByRole('region', { name: 'Details', exact: true });
    await eventually(() => details.getByText('Hispanic or Latino, White').isVisible()).toBe(true);
    await eventually(() => details.getByText('Baseline measure', { exact: true }).isVisible()).toBe(true);
    expect(await details.getByText('Treatment has started').isVisible()).toBe(true);

    // A session with two of TF-CBT's PRACTICE components.
    const sessions = page.getByRole('region', { name: 'Sessions', exact: true });
    await sessions.getByRole('button', { name: 'Add session' }).click();
    const addSession = page.getByRole('dialog', { name: 'Add a session' });
    await eventually(() => addSession.getByRole('checkbox', { name: /Psychoeducation/ }).isVisible()).toBe(
      true,
    );
    await addSession.getByLabel('Date').fill(isoDaysAgo(6));
    await addSession.getByLabel('Minutes').fill('55');
    await addSession.getByRole('checkbox', { name: /Psychoeducation/ }).check();
    await addSession.getByRole('checkbox', { name: /Relaxation/ }).check();
    await checkPage(page, 'care-clinician-add-session');
    await addSession.getByRole('button', { name: 'Add session' }).click();
    await eventually(() => addSession.isVisible()).toBe(false);
    const sessionRow = sessions.getByRole('row').nth(1);
    await eventually(() => sessionRow.textContent()).toContain('Psychoeducation');
    expect(await sessionRow.textContent()).toContain('Relaxation');
    expect(await sessionRow.getByRole('cell').first().textContent()).toBe('55');
    // Fidelity follows: two of the model's nine components.
    const fidelity = page.getByRole('region', { name: 'Fidelity', exact: true });
    await eventually(() => fidelity.getByText(/^2 of 9 components/).isVisible()).toBe(true);

    // A baseline PHQ-A, item by item, scored live by the server.
    const measures = page.getByRole('region', { name: 'Measures', exact: true });
    await measures.getByRole('button', { name: 'Record a measure' }).click();
    const record = page.getByRole('dialog', { name: 'Record a measure' });
    await record.getByLabel('Instrument').selectOption('PHQ-A');
    await record.getByLabel('Time point').selectOption('baseline');
    await eventually(() => record.getByRole('group', { name: /^1\. / }).isVisible()).toBe(true);
    for (let n = 1; n <= 6; n++) await answer(record, n, /^Several days/);
    await eventually(() =>
      record.getByText(/The score appears once enough items are answered/).isVisible(),
    ).toBe(true);
    // Seven of nine: the rule allows two missing, so a prorated score appears.
    await answer(record, 7, /^Not at all/);
    await eventually(() => record.getByText(/Prorated for 2 unanswered/).isVisible()).toBe(true);
    await answer(record, 8, /^Not at all/);
    await answer(record, 9, /^Several days/);
    // The safety notice appears at once, before anything is saved.
    await eventually(() =>
      record.getByRole('alert').filter({ hasText: 'thoughts of self-harm' }).isVisible(),
    ).toBe(true);
    await answer(record, 10, /^No/);
    await answer(record, 11, /^Somewhat difficult/);
    await answer(record, 12, /^No/);
    await answer(record, 13, /^No/);
    // 6 x 1 + 0 + 0 + 1 = 7: mild.
    const score = record.locator('.care-score');
    await eventually(() => score.textContent()).toMatch(/Score 7 of 27/);
    expect(await score.textContent()).toContain('Mild');
    expect(await score.textContent()).toContain('A self-harm alert will be raised when you save.');
    await checkPage(page, 'care-clinician-record-measure');
    await record.getByRole('button', { name: 'Save measure' }).click();
    await eventually(() => record.isVisible()).toBe(false);

    const row = measures.getByRole('row', { name: /PHQ-A/ });
    await eventually(() => row.isVisible()).toBe(true);
    expect(await row.getByRole('cell').nth(3).textContent()).toMatch(/^7/);
    expect(await row.textContent()).toContain('Self-harm item 9: 1');
    const alerts = page.getByRole('region', { name: 'Alerts', exact: true });
    await eventually(() => alerts.getByText('Possible self-harm').isVisible()).toBe(true);
    // The score chart with its cut-off, and the fidelity check for a measure at the start.
    const scores = page.getByRole('region', { name: 'Scores and outcome', exact: true });
    await eventually(() => scores.locator('figure svg.recharts-surface').count()).toBeGreaterThan(0);
    expect(await scores.getByText(/The clinical cut-off is \d+/).isVisible()).toBe(true);
    await eventually(() => fidelity.getByText('A measure at the start: yes').isVisible()).toBe(true);
    await checkPage(page, 'care-clinician-episode');

    // The home page shows the alert until someone acknowledges it.
    await nav(page, 'Home');
    const panel = page.getByRole('region', { name: 'Open alerts', exact: true });
    await eventually(() => panel.getByRole('link', { name: caseCode }).isVisible()).toBe(true);
    expect(await panel.textContent()).toContain('Possible self-harm');
    await checkPage(page, 'care-clinician-home-alert');
    await signOut(page);
    await context.close();
  });

  it('does not show the safety alert to the trainer, who sees only "not on track"', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'trainer@demo.waymark.test');
    const panel = page.getByRole('region', { name: 'Open alerts', exact: true });
    await eventually(() => panel.getByText(/Clinicians you train/).isVisible()).toBe(true);
    await eventually(() => panel.locator('.spinner').count()).toBe(0);
    expect(await panel.textContent()).not.toContain(caseCode);
    expect(await panel.getByText('Possible self-harm').count()).toBe(0);
    await context.close();
  });

  it('lets the director acknowledge the alert and read the outcomes dashboard', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'director@demo.waymark.test');
    const panel = page.getByRole('region', { name: 'Open alerts', exact: true });
    const link = panel.getByRole('link', { name: caseCode });
    await eventually(() => link.isVisible()).toBe(true);
    const item = panel.getByRole('listitem').filter({ hasText: caseCode });
    expect(await item.textContent()).toContain('Casey Kim');
    await item.getByRole('button', { name: /^Acknowledge/ }).click();
    const ack = page.getByRole('dialog', { name: 'Acknowledge the alert' });
    await eventually(() => ack.getByText(`Episode ${caseCode}.`, { exact: false }).isVisible()).toBe(true);
    // An acknowledgement says what was done.
    await ack.getByRole('button', { name: 'Acknowledge' }).click();
    await eventually(() => ack.getByText('Choose what was done.').isVisible()).toBe(true);
    await ack.getByRole('radio', { name: 'Safety plan made or reviewed' }).check();
    await checkPage(page, 'care-director-acknowledge');
    await ack.getByRole('button', { name: 'Acknowledge' }).click();
    await eventually(() => ack.isVisible()).toBe(false);
    await eventually(() => link.count()).toBe(0);

    // The episode keeps the acknowledged alert with who did what.
    await page.goto('/caseload');
    await page.getByLabel('Search by case code').fill(caseCode);
    await page.getByRole('link', { name: caseCode, exact: true }).click();
    await eventually(() => heading(page)).toBe(`Episode ${caseCode}`);
    const alerts = page.getByRole('region', { name: 'Alerts', exact: true });
    await eventually(() => alerts.getByText('No open alerts.').isVisible()).toBe(true);
    await alerts.getByText('Acknowledged (1)').click();
    await eventually(() =>
      alerts.getByText(/by Dana Rivera \(demo director\): safety plan made or reviewed/).isVisible(),
    ).toBe(true);

    // The outcomes dashboard, by clinician: its charts are drawn, each with a caption and a table.
    await nav(page, 'Outcomes');
    await eventually(() => heading(page)).toBe('Outcomes');
    const table = page.getByRole('table', { name: /^Outcomes by clinician/ });
    await eventually(() => table.isVisible()).toBe(true);
    const casey = table.getByRole('row').filter({ hasText: 'Casey Kim (demo clinician)' });
    await eventually(() => casey.isVisible()).toBe(true);
    // Casey has at least the episode started in this test.
    expect(Number(await casey.getByRole('cell').first().textContent())).toBeGreaterThanOrEqual(1);
    const charts = page.getByRole('region', { name: 'Charts', exact: true });
    await eventually(() => charts.locator('figure svg.recharts-surface').count()).toBe(3);
    expect(await charts.locator('figure figcaption').count()).toBe(3);
    expect(await charts.getByRole('heading', { level: 3 }).allTextContents()).toEqual(
      expect.arrayContaining(['Completion rate', 'Median wait']),
    );
    await checkPage(page, 'care-director-outcomes');
    // By center as well.
    await page.getByLabel('Compare', { exact: true }).selectOption('center');
    await eventually(() => page.getByRole('table', { name: /^Outcomes by center/ }).isVisible()).toBe(true);
    await eventually(() => charts.locator('figure svg.recharts-surface').count()).toBe(3);
    await signOut(page);
    await context.close();
  });
});
