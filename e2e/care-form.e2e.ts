/**
 * The family form on a phone: the demo clinician opens an episode and makes a one-time Spanish
 * link for a youth questionnaire (SMFQ-C); a phone that never signed in opens it, answers every
 * question by touch and sends; the thank-you shows no score; the same link then says it was used;
 * and the scored answers are on the clinician's episode. A second link, revoked by the clinician,
 * says it was cancelled. Every screen of the form passes axe-core.
 *
 * The episode is made for this run through the API (the episode journey covers making one in the
 * page), so nothing here depends on the demo's care data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, checkPage, launch, newContext, signIn } from './helpers.js';
import { createEpisode, eventually, uniqueCaseCode } from './care-helpers.js';

/** SMFQ-C: 13 items answered 0 (not true), 1 (sometimes) or 2 (true). */
const ITEMS = 13;
/** The answer given to question i (0-based): 0, 1, 2, 0, 1, 2, ... which adds up to 12. */
const answerFor = (i: number) => i % 3;
const EXPECTED_TOTAL = Array.from({ length: ITEMS }, (_, i) => answerFor(i)).reduce((a, b) => a + b, 0);

/** A phone-sized touch screen; English unless told (the form must follow its link, not the phone). */
async function phoneContext(browser: Browser, locale = 'en-US'): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale,
    timezoneId: 'America/Chicago',
    userAgent:
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  return context;
}

async function heading(page: Page, level: 1 | 2): Promise<string> {
  return ((await page.getByRole('heading', { level }).first().textContent()) ?? '').trim();
}

/** Nothing wider than the phone's screen: no sideways scrolling. */
async function fitsTheScreen(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}

describe('family form on a phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('a Spanish link made by the clinician is answered on a phone once, and the score reaches the episode', async () => {
    // The clinician makes the link on the episode page.
    const staff = await newContext(browser);
    await staff.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
    const desk = await staff.newPage();
    await signIn(desk, 'clinician@demo.waymark.test');
    const episode = await createEpisode(desk, { caseCode: uniqueCaseCode('FORM'), ageYears: 13 });

    await desk.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Caseload' }).click();
    await eventually(() => heading(desk, 1)).toBe('Caseload');
    await desk.getByLabel('Search by case code').fill(episode.caseCode);
    await desk.getByRole('link', { name: episode.caseCode, exact: true }).click();
    await eventually(() => heading(desk, 1)).toBe(`Episode ${episode.caseCode}`);

    const forms = desk.getByRole('region', { name: 'Family forms', exact: true });
    await eventually(() => forms.getByText('No form links yet').isVisible()).toBe(true);
    await forms.getByRole('button', { name: 'Send a form' }).click();
    const dialog = desk.getByRole('dialog', { name: 'Send a form' });
    await dialog.getByLabel('Instrument').selectOption('SMFQ-C');
    await dialog.getByLabel('Time point').selectOption('baseline');
    await dialog.getByLabel('Language').selectOption('es');
    await dialog.getByRole('button', { name: 'Create link' }).click();

    await eventually(() => dialog.getByText('The form link is ready').isVisible()).toBe(true);
    const qr = dialog.getByRole('img', { name: 'QR code that opens the SMFQ-C form' });
    await eventually(() => qr.isVisible()).toBe(true);
    // The QR code is drawn (an SVG with content), not an empty image.
    expect(decodeURIComponent((await qr.getAttribute('src')) ?? '')).toMatch(
      /^data:image\/svg\+xml.*<svg[\s\S]*<path/,
    );
    await eventually(() =>
      desk.evaluate<number>(`document.querySelector('img.care-qr').naturalWidth`),
    ).toBeGreaterThan(0);
    const url = await dialog.getByLabel('Form link').inputValue();
    expect(url).toMatch(new RegExp(`^${baseUrl()}/form#token=[A-Za-z0-9_-]{43}$`));
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await eventually(() => dialog.getByText('Link copied.').isVisible()).toBe(true);
    expect(await desk.evaluate<string>('navigator.clipboard.readText()')).toBe(url);
    await checkPage(desk, 'care-form-link-issued');
    await dialog.getByRole('button', { name: 'Done' }).click();
    const linkRow = forms.getByRole('row', { name: /SMFQ-C/ });
    await eventually(() => linkRow.getByText('Waiting for answers').isVisible()).toBe(true);

    // A phone that never signed in opens the link.
    const phone = await phoneContext(browser);
    const form = await phone.newPage();
    await form.goto(url);
    await eventually(() => heading(form, 1)).toMatch(/SMFQ/);
    await eventually(() => form.evaluate<string>('document.documentElement.lang')).toBe('es');
    await eventually(() => form.getByRole('button', { name: 'Empezar' }).isVisible()).toBe(true);
    expect(await form.getByText(`Hay ${ITEMS} preguntas`).isVisible()).toBe(true);
    // Large print: the form's text is 20px, and its buttons are big enough to tap.
    expect(
      await form.evaluate<string>(`getComputedStyle(document.querySelector('.family-form')).fontSize`),
    ).toBe('20px');
    const start = await form.getByRole('button', { name: 'Empezar' }).boundingBox();
    expect(start!.height).toBeGreaterThanOrEqual(48);
    expect(await fitsTheScreen(form)).toBe(true);
    // Nothing on the form names the child, the clinician or the center.
    expect(await form.locator('body').innerText()).not.toContain(episode.caseCode);
    expect(await form.locator('body').innerText()).not.toContain('Casey');
    await checkPage(form, 'care-form-phone-intro');

    await form.getByRole('button', { name: 'Empezar' }).tap();
    for (let i = 0; i < ITEMS; i++) {
      await eventually(() => heading(form, 2)).toBe(`Pregunta ${i + 1} de ${ITEMS}`);
      if (i === 0) {
        // Going on without an answer is refused, kindly and in Spanish.
        await form.getByRole('button', { name: 'Siguiente' }).tap();
        await eventually(() => form.getByText('Elige una respuesta para continuar.').isVisible()).toBe(true);
        await checkPage(form, 'care-form-phone-question');
      }
      const option = form.locator(`input[type="radio"][value="${answerFor(i)}"]`);
      await form.locator('label.family-form-option', { has: option }).tap();
      expect(await option.isChecked()).toBe(true);
      const next = i === ITEMS - 1 ? 'Revisar mis respuestas' : 'Siguiente';
      await form.getByRole('button', { name: next }).tap();
    }

    await eventually(() => heading(form, 2)).toBe('Revisa tus respuestas');
    expect(await form.locator('.family-form-review li').count()).toBe(ITEMS);
    expect(await form.getByText('Sin responder').count()).toBe(0);
    expect(await fitsTheScreen(form)).toBe(true);
    await checkPage(form, 'care-form-phone-review');
    await form.getByRole('button', { name: 'Enviar mis respuestas' }).tap();

    await eventually(() => heading(form, 1)).toBe('Gracias');
    expect(await form.getByText('Tus respuestas se enviaron a tu terapeuta.').isVisible()).toBe(true);
    // The family sees no score.
    expect(await form.locator('main').innerText()).not.toMatch(new RegExp(`\\b${EXPECTED_TOTAL}\\b`));
    await checkPage(form, 'care-form-phone-thanks');

    // The same link, opened again, says it no longer works, in the language the form was in.
    const again = await phone.newPage();
    await again.goto(url);
    await eventually(() => heading(again, 1)).toBe('Estas respuestas ya se enviaron');
    expect(await again.getByText(/Cada enlace funciona una sola vez y este ya se usó/).isVisible()).toBe(
      true,
    );
    await checkPage(again, 'care-form-phone-used');

    await phone.close();

    // A link that never existed gets another message: before any form is known, in the language of
    // the browser (a Spanish phone, then an English one).
    const spanish = await phoneContext(browser, 'es-MX');
    const unknown = await spanish.newPage();
    await unknown.goto(`${baseUrl()}/form#token=${'A'.repeat(43)}`);
    await eventually(() => heading(unknown, 1)).toBe('Cuestionario no encontrado');
    await checkPage(unknown, 'care-form-phone-unknown');
    // A bare fragment without "token=" is an incomplete link, and nothing is asked of the server.
    const asked: string[] = [];
    unknown.on('request', (r) => {
      if (r.url().includes('/api/v1/forms/')) asked.push(r.url());
    });
    await unknown.goto(`${baseUrl()}/form#${'A'.repeat(43)}`);
    await unknown.reload();
    await eventually(() => heading(unknown, 1)).toBe('Este enlace está incompleto');
    expect(asked).toEqual([]);
    await spanish.close();
    const english = await phoneContext(browser, 'en-US');
    const unknownEn = await english.newPage();
    await unknownEn.goto(`${baseUrl()}/form#token=${'A'.repeat(43)}`);
    await eventually(() => heading(unknownEn, 1)).toBe('Form not found');
    await english.close();

    // Back on the clinician's episode: the scored answers, from the family form, in Spanish.
    await desk.reload();
    await eventually(() => heading(desk, 1)).toBe(`Episode ${episode.caseCode}`);
    const measures = desk.getByRole('region', { name: 'Measures', exact: true });
    const row = measures.getByRole('row', { name: /SMFQ-C/ });
    await eventually(() => row.isVisible()).toBe(true);
    expect(await row.getByRole('cell').nth(3).textContent()).toMatch(new RegExp(`^${EXPECTED_TOTAL}`));
    expect(await row.textContent()).toContain('Family form, Spanish');
    expect(await row.textContent()).toContain('Baseline');
    await eventually(() => linkRow.getByText('Completed').isVisible()).toBe(true);
    const scores = desk.getByRole('region', { name: 'Scores and outcome', exact: true });
    await eventually(() =>
      scores.getByText(`One score so far: ${EXPECTED_TOTAL}`, { exact: false }).isVisible(),
    ).toBe(true);
    await checkPage(desk, 'care-form-episode-after');

    // A link can be withdrawn before it is used; the phone is then told so.
    await forms.getByRole('button', { name: 'Send a form' }).click();
    await dialog.getByLabel('Instrument').selectOption('PHQ-A');
    await dialog.getByLabel('Language').selectOption('en');
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await eventually(() => dialog.getByText('The form link is ready').isVisible()).toBe(true);
    const second = await dialog.getByLabel('Form link').inputValue();
    expect(second).not.toBe(url);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const phqRow = forms.getByRole('row', { name: /PHQ-A/ });
    await eventually(() => phqRow.getByText('Waiting for answers').isVisible()).toBe(true);
    await phqRow.getByRole('button', { name: /^Revoke/ }).click();
    const confirm = desk.getByRole('dialog', { name: 'Revoke the PHQ-A link?' });
    await confirm.getByRole('button', { name: 'Revoke link' }).click();
    await eventually(() => phqRow.getByText('Revoked').isVisible()).toBe(true);
    expect(await phqRow.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    const late = await phoneContext(browser);
    const latePage = await late.newPage();
    await latePage.goto(second);
    await eventually(() => heading(latePage, 1)).toBe('This link was cancelled');
    await late.close();
    await staff.close();
  });
});
