/**
 * Partner organisations API.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, ctxFromRequest } from '../../platform/context.js';
import type { Services } from '../../services.js';
import * as S from './partners.schemas.js';

export async function partnersRoutes(appBase: FastifyInstance, opts: { services: Services }): Promise<void> {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { partners } = opts.services;

  app.get(
    '/partner-organizations',
    {
      config: { access: access.roles('network_admin', 'partner_admin') },
      schema: {
        tags: ['partners'],
        summary: 'Partner organisations (administrators: all; partner administrators: their own)',
        response: { 200: z.object({ items: z.array(S.ZPartnerOrganization) }) },
      },
    },
    async (request) => ({ items: await partners.findPartners(ctxFromRequest(request)) }),
  );

  app.post(
    '/partner-organizations',
    {
      config: { access: access.roles('network_admin') },
      schema: {
        tags: ['partners'],
        summary: 'Add a partner organisation',
        body: S.ZCreatePartnerOrganizationRequest,
        response: { 201: S.ZPartnerOrganization },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await partners.createPartner(ctxFromRequest(request), request.body.name)),
  );
}
