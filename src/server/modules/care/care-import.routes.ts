/**
 * Care import API: upload a CSV of episodes, sessions or administrations, download a kind's
 * template, and download the error report of an earlier import. The file is the raw request body
 * (Content-Type: text/csv), as for the centers import (docs/decisions/0006).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZUuid } from '../../../shared/schemas.js';
import { access, ctxFromRequest } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import { parseMappingArgs } from './care-import.js';
import { ZCareImportKind, ZCareImportQuery, ZCareImportReport } from './care-import.schemas.js';

const IMPORTERS = access.roles('center_director', 'network_admin');

export async function careImportRoutes(
  appBase: FastifyInstance,
  opts: { services: Services },
): Promise<void> {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { careImport } = opts.services;

  // The CSV arrives as the raw body, up to the upload limit; kept as bytes until the parser reads it.
  appBase.addContentTypeParser(
    ['text/csv', 'application/csv', 'text/plain'],
    { parseAs: 'buffer', bodyLimit: appBase.config.uploadLimitBytes },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/care-imports',
    {
      config: { access: IMPORTERS, childData: true },
      schema: {
        tags: ['care'],
        summary: 'Import episodes, sessions or administrations from a CSV file',
        description:
          'Send the file as the request body with Content-Type: text/csv. kind names what the file holds; ' +
          'GET /care-imports/templates/{kind} gives its columns. Headers are matched by name and common ' +
          'alternatives; map others with map=Header%3Dfield (repeatable). A file with a column that looks like ' +
          'a child identifier (name, birth date, address, contact, notes) is refused before any row is read. ' +
          'Every row is checked first; if any is rejected nothing is written and the report lists each problem ' +
          '(line, field, message). Rows are matched by center + case code (+ date) so importing a file twice ' +
          'changes nothing. dryRun=true checks and counts without writing.',
        querystring: ZCareImportQuery,
        response: { 200: ZCareImportReport },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the CSV file as the request body with Content-Type: text/csv.',
        );
      }
      const { query } = request;
      const maps = query.map === undefined ? [] : [query.map].flat();
      let mapping: Record<string, string>;
      try {
        mapping = parseMappingArgs(maps);
      } catch (error) {
        throw AppError.validation([{ path: 'map', message: (error as Error).message }]);
      }
      return careImport.importFile(ctxFromRequest(request), query.kind, request.body, {
        source: 'upload',
        filename: query.filename ?? null,
        centerId: query.centerId ?? null,
        mapping,
        dryRun: query.dryRun === 'true',
      });
    },
  );

  app.get(
    '/care-imports/templates/:kind',
    {
      config: { access: IMPORTERS, childData: true },
      schema: {
        tags: ['care'],
        summary: 'The header-only template CSV of a kind of care import',
        params: z.strictObject({ kind: ZCareImportKind }),
      },
    },
    async (request, reply) => {
      const t = careImport.template(request.params.kind);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${t.filename}"`)
        .send(t.body);
    },
  );

  app.get(
    '/care-imports/:importId/errors.csv',
    {
      config: { access: IMPORTERS, childData: true },
      schema: {
        tags: ['care'],
        summary: 'The problems of a care import as CSV (line, field, message; never cell contents)',
        params: z.strictObject({ importId: ZUuid }),
      },
    },
    async (request, reply) => {
      const r = await careImport.getErrorReport(ctxFromRequest(request), request.params.importId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${r.filename}"`)
        .header('cache-control', 'no-store')
        .send(r.body);
    },
  );
}
