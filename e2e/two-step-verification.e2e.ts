/**
 * A trainer turns on two-step verification from their account, saves the recovery codes, and the
 * next sign-in asks for the code from their authenticator app; then turns it off with the password.
 */
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkPage, demoPassword, launch, newContext, signIn, signOut } from './helpers.js';

const code = (secret: string, steps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

describe('two-step verification', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('is set up from the account page and then asked for at sign-in', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'trainer@demo.waymark.test');
    await page.goto('/account');
    await page.getByRole('link', { name: 'Set up two-step verification' }).click();
    await expect.poll(() => page.getByRole('img', { name: /QR code/ }).isVisible()).toBe(true);
    const secret = (await page.locator('code.secret').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await checkPage(page, 'journey-mfa-setup');
    await page.getByLabel('6-digit code').fill('000000' === (await code(secret)) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await expect.poll(() => page.getByText(/not the current code/).isVisible()).toBe(true);
    await page.getByLabel('6-digit code').fill(await code(secret));
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    const codes = page.getByRole('list', { name: 'Save your recovery codes' });
    await expect.poll(() => codes.getByRole('listitem').count()).toBe(10);
    await checkPage(page, 'journey-mfa-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/account');
    await signOut(page);

    // The next sign-in needs the code.
    await page.getByLabel('Email').fill('trainer@demo.waymark.test');
    await page.getByLabel('Password', { exact: true }).fill(demoPassword());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/mfa');
    await checkPage(page, 'journey-mfa-challenge');
    // Until the code is given, nothing else opens.
    await page.goto('/centers');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/mfa');
    await page.getByLabel('6-digit code').fill(await code(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    // Signed in, and taken to the page asked for before the code.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/centers');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Centers');

    // Turned off again with the password, as the trainer's role allows; the other journeys sign
    // in as this trainer with a password alone.
    await page.goto('/account');
    await page.getByRole('button', { name: 'Turn off two-step verification' }).click();
    const confirm = page.getByRole('dialog', { name: 'Turn off two-step verification?' });
    await confirm.getByLabel('Your password').fill(demoPassword());
    await confirm.getByRole('button', { name: 'Turn off' }).click();
    await expect.poll(() => page.getByText('Two-step verification is off.').isVisible()).toBe(true);
    await expect
      .poll(() => page.getByRole('link', { name: 'Set up two-step verification' }).isVisible())
      .toBe(true);
    await signOut(page);
    await context.close();
  });
});
