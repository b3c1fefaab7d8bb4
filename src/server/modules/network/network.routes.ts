/**
 * Network API: the directory of centers, chapters, the network summary and CSV import.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, ctxFromRequest } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import * as S from './network.schemas.js';

const ADMIN = 'network_admin' as const;
/** Everyone who works in or for the network of centers (not partner organisations). */
const NETWORK_ROLES = ['network_admin', 'trainer', 'center_director', 'clinician', 'funder_viewer'] as const;

export async function networkRoutes(appBase: FastifyInstance, opts: { services: Services }): Promise<void> {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { network } = opts.services;

  // CSV uploads arrive as the raw request body (Content-Type: text/csv), up to the upload limit.
  appBase.addContentTypeParser(
    ['text/csv', 'application/csv', 'text/plain'],
    { parseAs: 'string', bodyLimit: appBase.config.uploadLimitBytes },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/network/summary',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['network'],
        summary: 'Centers by state and member type, accreditation, people',
        response: { 200: S.ZNetworkSummary },
      },
    },
    async (request) => network.summary(ctxFromRequest(request)),
  );

  app.get(
    '/centers',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['centers'],
        summary: 'Search the directory of centers',
        querystring: S.ZCenterListQuery,
        response: {
          200: z.object({
            items: z.array(S.ZCenter),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => network.findCenters(ctxFromRequest(request), request.query),
  );

  app.post(
    '/centers',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['centers'],
        summary: 'Add a center',
        body: S.ZCreateCenterRequest,
        response: { 201: S.ZCenterDetail },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await network.createCenter(ctxFromRequest(request), request.body)),
  );

  const ZCenterParams = z.strictObject({ centerId: S.ZUuid });

  app.get(
    '/centers/:centerId',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['centers'],
        summary: 'One center',
        params: ZCenterParams,
        response: { 200: S.ZCenterDetail },
      },
    },
    async (request) => network.getCenter(ctxFromRequest(request), request.params.centerId),
  );

  app.patch(
    '/centers/:centerId',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['centers'],
        summary: 'Change a center (set active to false to deactivate it)',
        params: ZCenterParams,
        body: S.ZUpdateCenterRequest,
        response: { 200: S.ZCenterDetail },
      },
    },
    async (request) => network.updateCenter(ctxFromRequest(request), request.params.centerId, request.body),
  );

  app.get(
    '/chapters',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['chapters'],
        summary: 'State chapters',
        response: { 200: z.object({ items: z.array(S.ZChapter) }) },
      },
    },
    async (request) => ({ items: await network.findChapters(ctxFromRequest(request)) }),
  );

  app.post(
    '/chapters',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['chapters'],
        summary: 'Add a chapter',
        body: S.ZCreateChapterRequest,
        response: { 201: S.ZChapter },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await network.createChapter(ctxFromRequest(request), request.body)),
  );

  app.patch(
    '/chapters/:chapterId',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['chapters'],
        summary: 'Rename a chapter',
        params: z.strictObject({ chapterId: S.ZUuid }),
        body: S.ZUpdateChapterRequest,
        response: { 200: S.ZChapter },
      },
    },
    async (request) => network.updateChapter(ctxFromRequest(request), request.params.chapterId, request.body),
  );

  app.post(
    '/imports/centers',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['imports'],
        summary: 'Import centers from a CSV file',
        description:
          'Send the file as the request body with Content-Type: text/csv. Columns: name, state, county, zip3, member_type ' +
          '(required), accredited_on, accreditation_expires_on, chapter, active. Rows are matched to existing centers by ' +
          'state and name, so importing the same file twice changes nothing. dryRun=true reports without writing; ' +
          'strict=true writes nothing if any row is rejected.',
        querystring: S.ZImportQuery,
        response: { 200: S.ZImportReport },
      },
    },
    async (request) => {
      if (typeof request.body !== 'string') {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the CSV file as the request body with Content-Type: text/csv.',
        );
      }
      return network.importCenters(ctxFromRequest(request), request.body, {
        filename: request.query.filename ?? null,
        source: 'upload',
        dryRun: request.query.dryRun === 'true',
        strict: request.query.strict === 'true',
      });
    },
  );

  app.get(
    '/imports',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['imports'],
        summary: 'Recent imports and their reports',
        response: { 200: z.object({ items: z.array(S.ZImportBatch) }) },
      },
    },
    async (request) => ({ items: await network.findImports(ctxFromRequest(request)) }),
  );
}
