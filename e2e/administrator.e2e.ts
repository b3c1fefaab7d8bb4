/**
 * A network administrator's work: the network at a glance, importing centers from a CSV file
 * (checked first, then saved), and checking the integrity of the audit log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkPage, launch, newContext, signIn } from './helpers.js';

const CSV =
  'name,state,county,zip3,member_type,accredited_on,accreditation_expires_on,chapter,active\n' +
  "Prairie Wind Children's Advocacy Center,KS,Sedgwick,672,accredited,2024-02-01,2029-02-01,Children's Advocacy Centers of Kansas,true\n" +
  "High Plains Child Advocacy Center,KS,Shawnee,666,associate,,,Children's Advocacy Centers of Kansas,true\n" +
  'Missing Zip Center,KS,Douglas,66,affiliate,,,,true\n';

describe('a network administrator', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('sees the network, imports centers from CSV after a dry run, and verifies the audit log', async () => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, 'admin@demo.waymark.test');
    await expect.poll(() => page.getByText('Active centers').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('heading', { name: 'Centers by state' }).isVisible()).toBe(true);
    await checkPage(page, 'journey-admin-home');

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-e2e-')), 'kansas-centers.csv');
    fs.writeFileSync(file, CSV);
    await page.getByRole('link', { name: 'Imports' }).click();
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByLabel('Dry run').check();
    await page.getByRole('button', { name: 'Check file' }).click();
    await expect.poll(() => page.getByText('Nothing was saved: this was a dry run').isVisible()).toBe(true);
    await expect.poll(() => page.getByText(/"66" must have 3 digits/).isVisible()).toBe(true);
    await checkPage(page, 'journey-admin-import-dry-run');
    await page.getByRole('button', { name: 'Import this file now' }).click();
    await expect.poll(() => page.getByText('The import is saved.').first().isVisible()).toBe(true);

    // The two valid centers are in the directory, with the chapter created for them.
    await page.goto('/centers?state=KS');
    await expect
      .poll(() => page.getByRole('link', { name: "Prairie Wind Children's Advocacy Center" }).isVisible())
      .toBe(true);
    await expect
      .poll(() => page.getByRole('link', { name: 'High Plains Child Advocacy Center' }).isVisible())
      .toBe(true);
    await expect.poll(() => page.getByText('Missing Zip Center').count()).toBe(0);

    // The audit log records the import, and its hash chain is intact.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect
      .poll(() =>
        page
          .getByText(/import/i)
          .first()
          .isVisible(),
      )
      .toBe(true);
    await page.getByRole('button', { name: 'Verify integrity' }).click();
    await expect.poll(() => page.getByText('The audit log is intact').isVisible()).toBe(true);
    await checkPage(page, 'journey-admin-audit-verified');
  });
});
