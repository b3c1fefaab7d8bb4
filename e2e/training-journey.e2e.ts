/**
 * The training journey in the browser, on the shared demo network: the demo clinician (Casey) reads
 * their consultation count; their trainer records the latest call's attendance for the whole
 * roster in one step and sees the trainees at risk; Casey's count moves by one; an administrator
 * issues a credential to a clinician whose pathway is complete; anyone can verify it without
 * signing in. Also: the administrator's cohort and catalog forms show the API's refusals beside
 * the fields, and Casey restates their degree and license, which their director then verifies.
 *
 * Other files use the same demo server: this one records only the one call that the seed leaves
 * unrecorded and issues to someone awaiting issue, which no other file relies on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkPage, launch, newContext, signIn, signOut } from './helpers.js';

const PATHWAY = 'TF-CBT national therapist certification';

/** "8 of 9 calls" from the consultation requirement's progress bar on My pathway. */
async function consultationCount(page: Page): Promise<{ done: number; target: number }> {
  await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'My pathway' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My pathway');
  const card = page.getByRole('region', { name: PATHWAY });
  const bar = card.getByRole('progressbar', { name: /^Consultation/ });
  await expect.poll(() => bar.getAttribute('aria-valuetext')).toMatch(/^\d+ of \d+ calls$/);
  const [, done, target] = /^(\d+) of (\d+)/.exec((await bar.getAttribute('aria-valuetext')) ?? '') ?? [];
  return { done: Number(done), target: Number(target) };
}

describe('training journey: attendance, progress, credential, verification', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  let before: { done: number; target: number };
  let issued: { number: string; name: string; pathway: string };

  it('shows the clinician their consultation count', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'clinician@demo.waymark.test');
    before = await consultationCount(page);
    expect(before.done).toBeLessThan(before.target);
    await checkPage(page, 'training-clinician-before');

    // Cohorts: open ones to enrol in, and the clinician's own cohort with only themself on its roster.
    await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Cohorts' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Cohorts');
    await expect.poll(() => page.getByRole('table', { name: /^Cohorts/ }).isVisible()).toBe(true);
    await checkPage(page, 'training-clinician-cohorts');
    await signOut(page);
    await context.close();
  });

  it('lets the trainer record the latest call for the whole roster and see who is at risk', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'trainer@demo.waymark.test');
    await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Cohorts' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Cohorts');
    const cohortLink = page.getByRole('link', { name: 'TF-CBT consultation, summer group' });
    await expect.poll(() => cohortLink.isVisible()).toBe(true);
    await checkPage(page, 'training-trainer-cohorts');

    await cohortLink.click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('TF-CBT consultation, summer group');
    const roster = page.getByRole('table', { name: 'Enrolled trainees' });
    await expect
      .poll(() => roster.getByRole('rowheader', { name: /^Casey Kim \(demo clinician\)/ }).isVisible())
      .toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Schedule calls' }).isVisible()).toBe(true);
    await checkPage(page, 'training-trainer-cohort');

    // The latest call that has started: the last one whose attendance can be recorded.
    const latest = page.getByRole('link', { name: /^(Record|Edit) attendance for Consultation call/ }).last();
    const callTitle = ((await latest.textContent()) ?? '').replace(/^.*attendance for /, '').trim();
    expect(callTitle).toMatch(/^Consultation call \d+ of \d+$/);
    await latest.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(callTitle);

    // Every roster member has a row; Casey's is not recorded yet.
    const casey = page.getByRole('radiogroup', { name: /Casey Kim \(demo clinician\)/ });
    await expect.poll(() => casey.isVisible()).toBe(true);
    expect(await casey.getByRole('radio', { checked: true }).count()).toBe(0);
    await casey.getByLabel('Present').check();
    const minutes = page.getByLabel('Minutes attended by Casey Kim (demo clinician)');
    await expect.poll(() => minutes.inputValue()).toBe('60');
    await minutes.fill('55');
    await checkPage(page, 'training-trainer-attendance-form');

    // A minute count over the call's length is refused beside the row; nothing is saved.
    await minutes.fill('75');
    await page.getByRole('button', { name: 'Save attendance' }).click();
    const tooMany = page.getByText("Must not exceed the event's 60 minutes.");
    await expect.poll(() => tooMany.isVisible()).toBe(true);
    await expect.poll(() => minutes.getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'training-trainer-attendance-refused');

    await minutes.fill('55');
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await expect.poll(() => page.getByText('Attendance saved for 1 trainee.').first().isVisible()).toBe(true);
    await expect.poll(() => page.getByText(/1 present, 0 absent, 0 excused of \d+/).isVisible()).toBe(true);
    await checkPage(page, 'training-trainer-attendance-saved');

    // Back on the cohort: the call's summary counts Casey, and the at-risk panel names trainees.
    await page.getByRole('link', { name: 'TF-CBT consultation, summer group' }).click();
    const risks = page.getByRole('list', { name: 'Trainees at risk' });
    await expect.poll(() => risks.getByRole('listitem').first().isVisible()).toBe(true);
    await expect
      .poll(() =>
        risks
          .getByText(/Missed the last 2 consultation calls/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    await checkPage(page, 'training-trainer-at-risk');
    await signOut(page);
    await context.close();
  });

  it('moves the clinician’s consultation count by one', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'clinician@demo.waymark.test');
    const after = await consultationCount(page);
    expect(after.done).toBe(before.done + 1);
    await checkPage(page, 'training-clinician-after');
    await context.close();
  });

  it('lets an administrator issue a credential to a clinician whose pathway is complete', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@demo.waymark.test');
    await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Credentials' }).click();
    const awaiting = page.getByRole('region', { name: 'Awaiting issue table' });
    const row = awaiting.getByRole('row').filter({ hasText: PATHWAY }).first();
    await expect.poll(() => row.isVisible()).toBe(true);
    const name = ((await row.getByRole('rowheader').getByRole('link').textContent()) ?? '').trim();
    expect(name).not.toBe('');
    await row.getByRole('button', { name: /^Issue/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Issue credential' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Issue credential' }).click();
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const toast = page.getByText(new RegExp(`^WM-\\d{4}-\\d{6} was issued to ${escaped}\\.$`));
    await expect.poll(() => toast.isVisible()).toBe(true);
    const number = /WM-\d{4}-\d{6}/.exec((await toast.textContent()) ?? '')?.[0];
    expect(number).toBeTruthy();
    issued = { number: number!, name, pathway: PATHWAY };
    await checkPage(page, 'training-admin-issued');
    await context.close();
  });

  it('verifies the new credential as valid for anyone, without sign-in', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`/verify/${issued.number}`);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Valid' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText(issued.name, { exact: true }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText(issued.pathway).first().isVisible()).toBe(true);
    await checkPage(page, 'training-verify-valid');
    await context.close();
  });

  it('shows the administrator’s cohort and catalog forms refusing with messages beside the fields', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@demo.waymark.test');

    await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Cohorts' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Cohorts');
    await page.getByRole('button', { name: 'New cohort' }).click();
    const form = page.getByRole('dialog', { name: 'New cohort' });
    await form.getByLabel('Title').fill('E2E cohort with a wrong state');
    await form.getByLabel('Starts on').fill('2027-03-01');
    await form.getByLabel('Ends on').fill('2027-02-01');
    await form.getByLabel('States').fill('TX, ZZ');
    await form.getByRole('button', { name: 'Create cohort' }).click();
    await expect.poll(() => form.getByText('Must not be before the start date.').isVisible()).toBe(true);
    await expect.poll(() => form.getByLabel('Ends on').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => form.getByText(/^ZZ: must be a two-letter US state/).isVisible()).toBe(true);
    await checkPage(page, 'training-admin-new-cohort-refused');
    await form.getByRole('button', { name: 'Cancel' }).click();

    // A cohort's page as the administrator sees it: roster, sessions, at-risk panel.
    await page.getByRole('link', { name: 'TF-CBT consultation, summer group' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Enrol a clinician' }).isVisible()).toBe(true);
    await checkPage(page, 'training-admin-cohort');

    await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Catalog' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Catalog');
    await expect.poll(() => page.getByRole('table', { name: /^Courses/ }).isVisible()).toBe(true);
    await checkPage(page, 'training-admin-catalog');
    await page.getByRole('button', { name: 'Add course' }).click();
    const course = page.getByRole('dialog', { name: 'Add a course' });
    await course.getByLabel('Code').fill('no spaces allowed');
    await course.getByLabel('Title').fill('A course with a bad code');
    await course.getByRole('button', { name: 'Add course' }).click();
    await expect.poll(() => course.getByText(/^Must be 2-40 capital letters/).isVisible()).toBe(true);
    await expect.poll(() => course.getByLabel('Code').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'training-admin-course-refused');
    await context.close();
  });

  it('lets the clinician restate their degree and license, and their director verify it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'clinician@demo.waymark.test');
    await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'My pathway' }).click();
    const card = page.getByRole('region', { name: 'Degree and license' });
    await expect.poll(() => card.getByText('Self-declared', { exact: false }).isVisible()).toBe(true);
    await card.getByRole('button', { name: 'Change' }).click();
    await card.getByLabel('License state').selectOption('TX');
    // Without the attestation nothing is saved, and the checkbox says why.
    await card.getByRole('button', { name: 'Save degree and license' }).click();
    await expect.poll(() => card.getByText(/^Must be true/).isVisible()).toBe(true);
    await expect
      .poll(() => card.getByLabel(/I attest this is accurate/).getAttribute('aria-invalid'))
      .toBe('true');
    await checkPage(page, 'training-clinician-qualification-refused');
    await card.getByLabel(/I attest this is accurate/).check();
    await card.getByRole('button', { name: 'Save degree and license' }).click();
    await expect.poll(() => page.getByText('Your degree and license are recorded.').isVisible()).toBe(true);
    await expect
      .poll(() => card.getByText(/Permanent \(independent\) license \(TX\)/).isVisible())
      .toBe(true);
    await signOut(page);

    await signIn(page, 'director@demo.waymark.test');
    await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Progress' }).click();
    await page.getByRole('link', { name: 'Casey Kim (demo clinician)' }).first().click();
    const staffCard = page.getByRole('region', { name: 'Degree and license' });
    await staffCard.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => staffCard.getByText(/^Verified by Dana Rivera/).isVisible()).toBe(true);
    await checkPage(page, 'training-director-verified-qualification');
    await signOut(page);
    await context.close();
  });

  it('lets the trainer record a knowledge-test attempt, and refuses a retake before the wait', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'trainer@demo.waymark.test');
    await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Progress' }).click();
    await page.getByLabel('Search people').fill('Casey');
    await page.getByRole('link', { name: 'Casey Kim (demo clinician)' }).first().click();
    const card = page.getByRole('region', { name: 'Knowledge tests' });
    await card.getByRole('button', { name: 'Record an attempt' }).click();
    const form = card.getByRole('form', { name: 'Record a knowledge-test attempt' });
    await form
      .getByLabel('Test')
      .selectOption({ label: 'TF-CBT therapist certification knowledge test (pass mark 80)' });
    await form.getByLabel('Score (0 to 100)').fill('150');
    await form.getByRole('button', { name: 'Record attempt' }).click();
    await expect.poll(() => form.getByText('Must be at most 100.').isVisible()).toBe(true);
    await form.getByLabel('Score (0 to 100)').fill('65');
    await form.getByRole('button', { name: 'Record attempt' }).click();
    await expect.poll(() => page.getByText('Recorded: 65 of 80 needed, not passed.').isVisible()).toBe(true);
    await expect.poll(() => card.getByText('Not passed').isVisible()).toBe(true);

    // The same day again: the 14-day retake wait refuses it, on the date field.
    await card.getByRole('button', { name: 'Record an attempt' }).click();
    await form
      .getByLabel('Test')
      .selectOption({ label: 'TF-CBT therapist certification knowledge test (pass mark 80)' });
    await form.getByLabel('Score (0 to 100)').fill('90');
    await form.getByRole('button', { name: 'Record attempt' }).click();
    await expect.poll(() => form.getByLabel('Taken on').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'training-trainer-test-retake-refused');
    await signOut(page);
    await context.close();
  });
});
