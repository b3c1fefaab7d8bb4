/**
 * The first journey of a center director: sign in, see the home page, open their center, invite a
 * colleague, and sign out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkPage, launch, newContext, signIn, signOut } from './helpers.js';

describe('a center director invites a colleague', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('signs in, sees the home page, opens the center, invites a clinician and signs out', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'director@demo.waymark.test');

    // Home: their center, with its staff and invitations.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Welcome, Dana/);
    await expect.poll(() => page.getByText('Demo network with synthetic data').isVisible()).toBe(true);
    const centerName = (await page
      .getByRole('heading', { level: 2 })
      .filter({ hasText: 'Center' })
      .first()
      .textContent())!;
    expect(centerName).toMatch(/Child(ren's)? Advocacy Center/);
    await checkPage(page, 'journey-director-home');

    // Centers: find their center by searching, and open it.
    await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Centers' }).click();
    await page.getByLabel('Search centers').fill(centerName.split(' ')[0]!);
    await page.getByRole('link', { name: centerName }).first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(centerName);
    await expect.poll(() => page.getByRole('heading', { name: 'Staff' }).isVisible()).toBe(true);
    await expect
      .poll(() => page.getByRole('link', { name: 'Casey Kim (demo clinician)' }).isVisible())
      .toBe(true);
    await checkPage(page, 'journey-director-center');

    // Invite a colleague.
    await page.getByRole('button', { name: 'Invite staff' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite staff' });
    await dialog.getByLabel('Email').fill('new.clinician@example.org');
    await dialog.getByLabel('Name (optional)').fill('Robin Okafor');
    await dialog.getByLabel('Role').selectOption('clinician');
    await checkPage(page, 'journey-director-invite-dialog');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    // No mail server in the demo: the app says the message waits in the Outbox for the link to be passed on.
    const result = page.getByRole('dialog', { name: 'Invitation ready to pass on' });
    await expect.poll(() => result.getByText(/kept in the Outbox/).isVisible()).toBe(true);
    await checkPage(page, 'journey-director-invitation-held');
    await result.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => result.isVisible()).toBe(false);
    const invitations = page
      .getByRole('region', { name: /Invitations/ })
      .or(page.locator('section', { hasText: 'Invitations' }));
    await expect.poll(() => invitations.getByText('Robin Okafor').first().isVisible()).toBe(true);

    // Inviting the same person again is refused with a clear message on the field.
    await page.getByRole('button', { name: 'Invite staff' }).click();
    await dialog.getByLabel('Email').fill('new.clinician@example.org');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => dialog.getByText(/already has a pending invitation/).isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await signOut(page);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    // Signed out means signed out: the app sends the browser back to sign-in.
    await page.goto('/centers');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });
});
