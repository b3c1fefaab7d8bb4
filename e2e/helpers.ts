/**
 * Browser helpers: Debian's Chromium driven by playwright-core, sign-in, accessibility checks with
 * axe-core, and screenshots kept under test-results/screens/ for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const CHROMIUM = process.env.WAYMARK_CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENS = path.resolve('test-results', 'screens');

export function baseUrl(): string {
  return inject('baseUrl');
}
export function demoPassword(): string {
  return inject('demoPassword');
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export async function newContext(
  browser: Browser,
  options: { locale?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: 1366, height: 900 },
    locale: options.locale ?? 'en-US',
    timezoneId: 'America/Chicago',
    // Charts skip their entry animation, so screenshots show finished charts.
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Signs in on the real sign-in page and waits for the signed-in shell. */
export async function signIn(page: Page, email: string, password = demoPassword()): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).not.toBe('/login');
}

export async function signOut(page: Page): Promise<void> {
  // Exact: the account page also lists "Sign out the session on …" buttons for other devices.
  const direct = page.getByRole('button', { name: 'Sign out', exact: true });
  if (!(await direct.isVisible())) {
    await page.getByRole('button', { name: /account menu/i }).click();
  }
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page and fails on serious or critical violations.
 * Keeps a full-page screenshot named after the page.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
  // Injected through the DevTools protocol: the app's Content Security Policy (rightly) refuses
  // inline scripts, and the test must not weaken it. Once per document: after in-app navigation the
  // copy injected for an earlier check is still there, and sending half a megabyte again is slow.
  if (!(await page.evaluate<boolean>(`typeof window.axe?.run === 'function'`))) {
    await page.evaluate(`${axeSource}\n;void 0;`);
  }
  const violations = await page.evaluate<AxeViolation[]>(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  })()`);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${name}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}
