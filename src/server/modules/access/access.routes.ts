/**
 * Access API: the gap between children referred and trained capacity, the monthly demand centers
 * report, clinicians' treatment capacity and the capacity method's parameters. Network
 * administrators see and set everything; a center director sees and sets their center's, and sees
 * the areas around it as suppressed aggregates (access.service.ts). Another center is 404.
 */
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, ctxFromRequest } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import * as S from './access.schemas.js';
import { ZCapacityParameters } from './capacity.js';
import { PLAN_ALLOCATION_CSV_COLUMNS, ZPlanExportQuery, exportPlan } from './plan-export.js';

const ADMIN = 'network_admin' as const;
const DIRECTOR = 'center_director' as const;
const MANAGERS = [ADMIN, DIRECTOR] as const;

export async function accessRoutes(appBase: FastifyInstance, opts: { services: Services }): Promise<void> {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { access: svc, plans } = opts.services;

  // CSV uploads arrive as the raw request body (decision 0006).
  appBase.addContentTypeParser(
    ['text/csv', 'application/csv', 'text/plain'],
    { parseAs: 'string', bodyLimit: appBase.config.uploadLimitBytes },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/access/gap',
    {
      config: { access: access.roles(...MANAGERS) },
      schema: {
        tags: ['access'],
        summary: 'Demand, trained capacity and the gap per center, chapter, state or the nation',
        description:
          'period: a year (2025), a quarter (2025-Q3), a month (2025-07) or last12 (the default). Demand and capacity ' +
          'are children a year. A director sees their own center, and the areas that contain it with figures ' +
          'hidden where they would reveal another center’s small count (listed in `suppressed`).',
        querystring: S.ZGapQuery,
        response: { 200: S.ZGapResponse },
      },
    },
    async (request) => svc.gap(ctxFromRequest(request), request.query),
  );

  app.get(
    '/access/parameters',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['access'],
        summary: 'The network’s capacity parameters (WISN), with defaults and sources',
        response: { 200: S.ZNetworkParameters },
      },
    },
    async (request) => svc.networkParameters(ctxFromRequest(request)),
  );

  app.put(
    '/access/parameters',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['access'],
        summary: 'Set the network’s capacity parameters',
        body: ZCapacityParameters,
        response: { 200: S.ZNetworkParameters },
      },
    },
    async (request) => svc.putNetworkParameters(ctxFromRequest(request), request.body),
  );

  app.get(
    '/centers/:centerId/capacity',
    {
      config: { access: access.roles(...MANAGERS) },
      schema: {
        tags: ['access'],
        summary: 'A center’s treating staff, their training and capacity, and the parameters used',
        params: S.ZCenterParams,
        response: { 200: S.ZCenterCapacity },
      },
    },
    async (request) => svc.centerCapacity(ctxFromRequest(request), request.params.centerId),
  );

  app.put(
    '/centers/:centerId/capacity/:userId',
    {
      config: { access: access.roles(...MANAGERS) },
      schema: {
        tags: ['access'],
        summary: 'Record a staff member’s treatment FTE, caseload and dates',
        params: S.ZCapacityParams,
        body: S.ZCapacityInput,
        response: { 200: S.ZCenterCapacity },
      },
    },
    async (request) =>
      svc.putCapacity(ctxFromRequest(request), request.params.centerId, request.params.userId, request.body),
  );

  app.delete(
    '/centers/:centerId/capacity/:userId',
    {
      config: { access: access.roles(...MANAGERS) },
      schema: {
        tags: ['access'],
        summary: 'Forget a recorded FTE (the default applies again)',
        params: S.ZCapacityParams,
      },
    },
    async (request, reply) => {
      await svc.deleteCapacity(ctxFromRequest(request), request.params.centerId, request.params.userId);
      return reply.code(204).send();
    },
  );

  app.put(
    '/centers/:centerId/access-parameters',
    {
      config: { access: access.roles(...MANAGERS) },
      schema: {
        tags: ['access'],
        summary: 'Set the center’s own capacity parameters (null: back to the network’s)',
        params: S.ZCenterParams,
        body: S.ZOverridesInput,
        response: { 200: S.ZCenterCapacity },
      },
    },
    async (request) =>
      svc.putCenterParameters(ctxFromRequest(request), request.params.centerId, request.body),
  );

  app.get(
    '/centers/:centerId/access-months',
    {
      config: { access: access.roles(...MANAGERS) },
      schema: {
        tags: ['access'],
        summary: 'Monthly demand the center reported (by default the last 24 months)',
        params: S.ZCenterParams,
        querystring: S.ZMonthListQuery,
        response: { 200: z.object({ items: z.array(S.ZAccessMonth) }) },
      },
    },
    async (request) => ({
      items: await svc.listMonths(ctxFromRequest(request), request.params.centerId, request.query),
    }),
  );

  app.put(
    '/centers/:centerId/access-months/:month',
    {
      config: { access: access.roles(...MANAGERS) },
      schema: {
        tags: ['access'],
        summary: 'Report a month’s demand (replaces what the episodes say for that month)',
        params: S.ZMonthParams,
        body: S.ZAccessMonthInput,
        response: { 200: S.ZAccessMonth, 201: S.ZAccessMonth },
      },
    },
    async (request, reply) => {
      const { month, created } = await svc.putMonth(
        ctxFromRequest(request),
        request.params.centerId,
        request.params.month,
        request.body,
      );
      return reply.code(created ? 201 : 200).send(month);
    },
  );

  app.delete(
    '/centers/:centerId/access-months/:month',
    {
      config: { access: access.roles(...MANAGERS) },
      schema: {
        tags: ['access'],
        summary: 'Withdraw a reported month (the episodes count again)',
        params: S.ZMonthParams,
      },
    },
    async (request, reply) => {
      await svc.deleteMonth(ctxFromRequest(request), request.params.centerId, request.params.month);
      return reply.code(204).send();
    },
  );

  app.post(
    '/centers/:centerId/access-months/import',
    {
      config: { access: access.roles(...MANAGERS) },
      schema: {
        tags: ['access'],
        summary: 'Import reported months from a CSV file, all or nothing',
        description:
          `Send the file as the request body with Content-Type: text/csv. Columns: ${S.ACCESS_MONTH_COLUMNS.join(', ')} ` +
          '(month as YYYY-MM; referred, started and waiting_end required). A month already reported is replaced, so ' +
          'importing the same file twice changes nothing. One bad row rejects the file with every problem named.',
        params: S.ZCenterParams,
        response: { 200: S.ZAccessMonthImportResult },
      },
    },
    async (request) => {
      if (typeof request.body !== 'string')
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the CSV file as the request body with Content-Type: text/csv.',
        );
      return svc.importMonths(ctxFromRequest(request), request.params.centerId, readMonthsCsv(request.body));
    },
  );

  // Planner -----------------------------------------------------------------------------------------

  app.get(
    '/plans/suggested',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['access'],
        summary: 'A planner request built from the current gap and a default cohort calendar',
        description:
          'Every center with demand data for the period, with its unmet demand (the positive gap), trained ' +
          'clinicians and median wait; 2,000 seats in 12 quarterly cohorts rotating through the Census regions.',
        querystring: S.ZSuggestedQuery,
        response: { 200: z.object({ input: z.unknown(), excluded: z.number() }) },
      },
    },
    async (request) => plans.suggestedInput(ctxFromRequest(request), request.query.period),
  );

  app.get(
    '/plans',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['access'],
        summary: 'Saved plans, newest first',
        response: { 200: z.object({ items: z.array(S.ZPlanSummary) }) },
      },
    },
    async (request) => ({ items: await plans.list(ctxFromRequest(request)) }),
  );

  app.post(
    '/plans',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['access'],
        summary: 'Solve and save a plan',
        description:
          'Solves the request with HiGHS in a worker thread within its time limit. A request the planner refuses is a ' +
          '400 naming each field (input.cohorts.3.quarter); a solve that runs out of time is a 503 that says so.',
        body: S.ZCreatePlan,
        response: { 201: S.ZPlan },
      },
    },
    async (request, reply) => reply.code(201).send(await plans.create(ctxFromRequest(request), request.body)),
  );

  app.get(
    '/plans/:planId',
    {
      config: { access: access.roles(ADMIN) },
      schema: { tags: ['access'], summary: 'One plan', params: S.ZPlanParams, response: { 200: S.ZPlan } },
    },
    async (request) => plans.get(ctxFromRequest(request), request.params.planId),
  );

  app.get(
    '/plans/:planId/export',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['access'],
        summary: 'A plan as a file: the allocation as CSV, or the whole plan as an XLSX workbook',
        description:
          'format: csv (the default) or xlsx. The CSV has one row per center and cohort with seats: ' +
          `${PLAN_ALLOCATION_CSV_COLUMNS.join(', ')} (quarter 0 is the first quarter of the horizon). The ` +
          'workbook has the sheets Summary, Allocation, By quarter and Centers.',
        params: S.ZPlanParams,
        querystring: ZPlanExportQuery,
      },
    },
    async (request, reply) => {
      const plan = await plans.get(ctxFromRequest(request), request.params.planId);
      const file = await exportPlan(plan, request.query.format);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );

  app.delete(
    '/plans/:planId',
    {
      config: { access: access.roles(ADMIN) },
      schema: { tags: ['access'], summary: 'Delete a plan', params: S.ZPlanParams },
    },
    async (request, reply) => {
      await plans.remove(ctxFromRequest(request), request.params.planId);
      return reply.code(204).send();
    },
  );
}

/** Parses the CSV and checks its header before any row is read. */
export function readMonthsCsv(text: string): Record<string, string>[] {
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      trim: true,
    }) satisfies string[][];
  } catch (error) {
    throw AppError.validation([
      { path: 'file', message: `is not a readable CSV file: ${(error as Error).message}` },
    ]);
  }
  const [header, ...body] = rows;
  if (!header) throw AppError.validation([{ path: 'file', message: 'is empty' }]);
  const columns = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const allowed: readonly string[] = S.ACCESS_MONTH_COLUMNS;
  const problems = [
    ...columns
      .filter((c) => !allowed.includes(c))
      .map((c) => ({
        path: `column ${c}`,
        message: `is not a column of this file; the columns are ${allowed.join(', ')}`,
      })),
    ...['month', 'referred', 'started', 'waiting_end']
      .filter((c) => !columns.includes(c))
      .map((c) => ({ path: `column ${c}`, message: 'is missing' })),
    ...columns
      .filter((c, i) => columns.indexOf(c) !== i)
      .map((c) => ({ path: `column ${c}`, message: 'appears twice' })),
  ];
  if (problems.length > 0) throw AppError.validation(problems);
  return body.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
}
