/**
 * Without a mail server, an invitation waits in the Outbox; an administrator passes the link on,
 * and the invited person accepts it, chooses a password and lands in Waymark with their role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkPage, launch, newContext, signIn, signOut } from './helpers.js';

describe('an invited person joins', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('is invited by an administrator, gets the link from the Outbox, and accepts it', async () => {
    const admin = await (await newContext(browser)).newPage();
    await signIn(admin, 'admin@demo.waymark.test');
    await admin.getByRole('link', { name: 'Invitations' }).first().click();
    await admin
      .getByRole('button', { name: /Invite/ })
      .first()
      .click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Email').fill('funder.analyst@example.org');
    await dialog.getByLabel('Name (optional)').fill('Sam Analyst');
    await dialog.getByLabel('Role').selectOption('funder_viewer');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();

    // No mail server: the message is held in the Outbox, with its link, and the app says so.
    const result = admin.getByRole('dialog', { name: 'Invitation ready to pass on' });
    await result.getByRole('link', { name: 'Open the Outbox' }).click();
    await expect.poll(() => admin.getByText('No mail server is configured').isVisible()).toBe(true);
    await admin.getByRole('button', { name: 'Open message to funder.analyst@example.org' }).first().click();
    const text = (await admin.getByLabel('Message text').textContent())!;
    const link = /(https?:\/\/\S+\/invite#token=[A-Za-z0-9_-]+)/.exec(text)?.[1];
    expect(link, text).toBeTruthy();
    await checkPage(admin, 'journey-admin-outbox-message');

    // The invited person opens the link in their own browser.
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(link!);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Accept your invitation' }).isVisible())
      .toBe(true);
    // The token leaves the address bar as soon as it has been read.
    await expect.poll(() => page.url()).not.toContain('token=');
    await expect.poll(() => page.getByText('funder.analyst@example.org').isVisible()).toBe(true);
    await checkPage(page, 'journey-invite-accept');
    await page.getByLabel('Your name').fill('Sam Analyst');
    await page.getByLabel('Choose a password').fill('password1234');
    await page.getByLabel('Confirm password').fill('password1234');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await expect
      .poll(() => page.getByText(/is a commonly used or breached password/i).isVisible())
      .toBe(true);
    await page.getByLabel('Choose a password').fill('Quiet-Harbor-Lantern-58');
    await page.getByLabel('Confirm password').fill('Quiet-Harbor-Lantern-58');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Welcome, Sam/);
    await expect
      .poll(() => page.getByText(/As a funder you see figures for the network as a whole/).isVisible())
      .toBe(true);
    await signOut(page);

    // The link worked once.
    await page.goto(link!);
    await expect
      .poll(() =>
        page
          .getByText(/already used|expired|withdrawn/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    await context.close();
  });
});
