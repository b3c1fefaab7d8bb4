/**
 * Credentials in the browser: anyone can check a certificate number without signing in (in English
 * and Spanish); a clinician follows their pathway; a network administrator finds the national
 * pathway, and its editor refuses a consultation requirement asking for more calls than are
 * scheduled, with the message next to that field and nothing saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkPage, launch, newContext, signIn } from './helpers.js';

describe('credential verification and pathways', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('says an unknown certificate number is not found, in English and in Spanish, without sign-in', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/verify');
    await page.getByLabel('Certificate number').fill('WM-2026-999999');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/verify/WM-2026-999999');
    const status = page.getByRole('heading', { level: 2, name: 'Not found' });
    await expect.poll(() => status.isVisible()).toBe(true);
    await expect.poll(() => page.getByText('No credential matches “WM-2026-999999”').isVisible()).toBe(true);
    await checkPage(page, 'journey-verify-not-found-en');

    await page.getByRole('button', { name: 'Español' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 2, name: 'No encontrada' }).isVisible())
      .toBe(true);
    await expect.poll(() => page.evaluate('document.documentElement.lang')).toBe('es');
    await expect
      .poll(() => page.getByText('Ninguna credencial coincide con «WM-2026-999999»').isVisible())
      .toBe(true);
    // Still the public page: nobody was sent to sign in.
    expect(new URL(page.url()).pathname).toBe('/verify/WM-2026-999999');
    await checkPage(page, 'journey-verify-not-found-es');
    await context.close();
  });

  it('shows a clinician their next step and the evidence behind each requirement', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'clinician@demo.waymark.test');
    await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'My pathway' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My pathway');
    const card = page.getByRole('region', { name: 'TF-CBT national therapist certification' });
    await expect.poll(() => card.getByRole('heading', { name: 'Next step' }).isVisible()).toBe(true);
    await expect
      .poll(() => card.getByRole('progressbar', { name: /overall progress/ }).getAttribute('aria-valuetext'))
      .toMatch(/^\d+% complete, \d+ of \d+ requirements met$/);
    // The consultation calls: the disclosure lists each call and whether it counted.
    const consultation = card
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /Consultation/ }) });
    const evidence = consultation.getByText(/^Evidence: \d+ records?, \d+ counted$/);
    await evidence.click();
    await expect
      .poll(() =>
        consultation
          .getByText(/^Counted$/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    await expect.poll(() => consultation.getByText(/^Consultation call 1 of \d+/).isVisible()).toBe(true);
    await checkPage(page, 'journey-clinician-my-pathway');
    await context.close();
  });

  it('lets an administrator open the national pathway and refuses more calls than scheduled', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@demo.waymark.test');

    await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Pathways' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Pathways');
    const national = page.getByRole('link', { name: 'TF-CBT national therapist certification' });
    await expect.poll(() => national.isVisible()).toBe(true);
    await checkPage(page, 'journey-admin-pathways');

    await national.click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('TF-CBT national therapist certification');
    const consultation = page.getByRole('group', { name: /Consultation calls/ });
    const attended = consultation.getByLabel('Calls to attend');
    const before = await attended.inputValue();
    const scheduled = Number(await consultation.getByLabel('Calls scheduled').inputValue());
    await attended.fill(String(scheduled + 3));
    await page.getByRole('button', { name: 'Save changes' }).first().click();

    // The message sits next to the field, is tied to it, and focus moves there.
    const message = consultation.getByText('Must not exceed the number of scheduled calls.');
    await expect.poll(() => message.isVisible()).toBe(true);
    await expect.poll(() => attended.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await attended.getAttribute('aria-describedby')) ?? '';
    const messageId = await message.getAttribute('id');
    expect(describedBy.split(' ')).toContain(messageId);
    await expect
      .poll(() => page.evaluate<string | null>(`document.activeElement?.getAttribute('data-field') ?? null`))
      .toMatch(/^requirements\.\d+\.minAttended$/);
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'The pathway was not saved' }).isVisible())
      .toBe(true);
    await checkPage(page, 'journey-admin-pathway-refused');

    // Nothing was saved.
    await page.reload();
    await expect
      .poll(() =>
        page
          .getByRole('group', { name: /Consultation calls/ })
          .getByLabel('Calls to attend')
          .inputValue(),
      )
      .toBe(before);
    await context.close();
  });

  it('verifies an issued credential as valid for anyone, with its signature', async () => {
    const admin = await newContext(browser);
    const adminPage = await admin.newPage();
    await signIn(adminPage, 'admin@demo.waymark.test');
    await adminPage
      .getByRole('navigation', { name: /main/i })
      .getByRole('link', { name: 'Credentials' })
      .click();
    const firstNumber = adminPage
      .getByRole('region', { name: 'Active credentials table' })
      .getByRole('rowheader')
      .first();
    await expect.poll(() => firstNumber.isVisible()).toBe(true);
    await checkPage(adminPage, 'journey-admin-credentials');
    const number = (await firstNumber.textContent())?.match(/WM-\d{4}-\d{6}/)?.[0];
    expect(number).toBeTruthy();
    await admin.close();

    const visitor = await newContext(browser);
    const page = await visitor.newPage();
    await page.goto(`/verify/${number}`);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Valid' }).isVisible()).toBe(true);
    await expect
      .poll(() => page.getByText(/^Signature verified: signed by .+, key .+\.$/).isVisible())
      .toBe(true);
    await expect
      .poll(() => page.getByRole('link', { name: '/.well-known/jwks.json' }).isVisible())
      .toBe(true);
    const jwks = await page.evaluate<{ keys: { kid: string }[] }>(
      `fetch('/.well-known/jwks.json').then((r) => r.json())`,
    );
    expect(jwks.keys.length).toBeGreaterThan(0);
    await checkPage(page, 'journey-verify-valid');
    await visitor.close();
  });
});
