/**
 * Helpers of the care journeys: calls to the API as the signed-in person (same-origin fetch from
 * the page, with the session's CSRF token), and a de-identified episode made for one test, so the
 * journeys depend on nothing the demo seed may or may not hold.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * expect.poll with the patience of a busy machine: pages load their chunks and data lazily, which
 * may take longer than the default second while other work shares the CPUs.
 */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 15_000 });
}

export interface ApiResult<T> {
  status: number;
  body: T;
}

/** One API call from the page, as the person signed in there. */
export async function callApi<T = unknown>(
  page: Page,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/v1/me', { credentials: 'same-origin' })).json()) as {
        csrfToken?: string;
      };
      const res = await fetch(`/api/v1${path}`, {
        method,
        credentials: 'same-origin',
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(method === 'GET' ? {} : { 'x-csrf-token': me.csrfToken ?? '' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed };
    },
    { method, path, body },
  ) as Promise<ApiResult<T>>;
}

/** A case code no other run has used: letters, digits and dashes, as centers assign them. */
export function uniqueCaseCode(prefix: string): string {
  return `${prefix}-${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1296)
    .toString(36)
    .toUpperCase()}`;
}

export function isoDaysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The id of a treatment model by its code (TF-CBT by default). */
export async function modelId(page: Page, code = 'TF-CBT'): Promise<string> {
  const models = await callApi<{ items: { id: string; code: string }[] }>(page, 'GET', '/training-models');
  expect(models.status).toBe(200);
  const model = models.body.items.find((m) => m.code === code);
  expect(model, `treatment model ${code}`).toBeDefined();
  return model!.id;
}

/** Creates an episode in treatment for the signed-in clinician, through the API. */
export async function createEpisode(
  page: Page,
  input: { caseCode: string; ageYears: number },
): Promise<{ id: string; caseCode: string }> {
  const res = await callApi<{ id: string; caseCode: string }>(page, 'POST', '/episodes', {
    caseCode: input.caseCode,
    ageYears: input.ageYears,
    caregiverInvolved: true,
    modelId: await modelId(page),
    referredOn: isoDaysAgo(21),
    firstSessionOn: isoDaysAgo(7),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
