/**
 * Credentials API: pathways, pathway enrolment, progress, issued credentials, public verification,
 * signing keys and CE transcripts. The JWKS is served outside /api at /.well-known/jwks.json.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, ctxFromRequest } from '../../platform/context.js';
import type { Services } from '../../services.js';
import { ZUuid } from '../../../shared/schemas.js';
import * as S from './credentials.schemas.js';

const ADMIN = 'network_admin' as const;
const NETWORK_ROLES = ['network_admin', 'trainer', 'center_director', 'clinician', 'funder_viewer'] as const;
const LEARNING_ROLES = ['network_admin', 'trainer', 'center_director', 'clinician'] as const;

export async function credentialsRoutes(
  appBase: FastifyInstance,
  opts: { services: Services },
): Promise<void> {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { credentials } = opts.services;
  const ZPathwayParams = z.strictObject({ pathwayId: ZUuid });
  const ZCredentialParams = z.strictObject({ credentialId: ZUuid });
  const ZClinicianParams = z.strictObject({ clinicianId: ZUuid });

  app.get(
    '/pathways',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['pathways'],
        summary: 'Certification pathways',
        response: { 200: z.object({ items: z.array(S.ZPathway) }) },
      },
    },
    async (request) => ({ items: await credentials.listPathways(ctxFromRequest(request)) }),
  );

  app.post(
    '/pathways',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['pathways'],
        summary: 'Create a pathway: typed requirements with their thresholds',
        body: S.ZCreatePathwayRequest,
        response: { 201: S.ZPathway },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await credentials.createPathway(ctxFromRequest(request), request.body)),
  );

  app.get(
    '/pathways/:pathwayId',
    {
      config: { access: access.roles(...NETWORK_ROLES) },
      schema: {
        tags: ['pathways'],
        summary: 'One pathway',
        params: ZPathwayParams,
        response: { 200: S.ZPathway },
      },
    },
    async (request) => credentials.getPathway(ctxFromRequest(request), request.params.pathwayId),
  );

  app.patch(
    '/pathways/:pathwayId',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['pathways'],
        summary: 'Change a pathway (its requirements apply to everyone on it from now on)',
        params: ZPathwayParams,
        body: S.ZUpdatePathwayRequest,
        response: { 200: S.ZPathway },
      },
    },
    async (request) =>
      credentials.updatePathway(ctxFromRequest(request), request.params.pathwayId, request.body),
  );

  app.post(
    '/pathways/:pathwayId/enrollments',
    {
      config: { access: access.roles(ADMIN, 'center_director', 'clinician') },
      schema: {
        tags: ['pathways'],
        summary: 'Put a clinician on a pathway (themself, a director for their staff, or an administrator)',
        params: ZPathwayParams,
        body: S.ZPathwayEnrollRequest,
        response: { 201: S.ZPathwayEnrollment },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await credentials.enrol(ctxFromRequest(request), request.params.pathwayId, request.body)),
  );

  app.post(
    '/pathway-enrollments/:enrollmentId/withdraw',
    {
      config: { access: access.roles(ADMIN, 'center_director', 'clinician') },
      schema: {
        tags: ['pathways'],
        summary: 'Withdraw from a pathway; the progress made is kept',
        params: z.strictObject({ enrollmentId: ZUuid }),
        body: S.ZWithdrawRequest,
        response: { 200: S.ZPathwayEnrollment },
      },
    },
    async (request) =>
      credentials.withdraw(ctxFromRequest(request), request.params.enrollmentId, request.body.reason),
  );

  app.get(
    '/clinicians/:clinicianId/progress',
    {
      config: { access: access.roles(...LEARNING_ROLES) },
      schema: {
        tags: ['progress'],
        summary:
          "Every pathway a clinician is on: each requirement's state, evidence and deadline, and the next step",
        params: ZClinicianParams,
        response: { 200: S.ZClinicianProgress },
      },
    },
    async (request) => credentials.clinicianProgress(ctxFromRequest(request), request.params.clinicianId),
  );

  app.get(
    '/progress',
    {
      config: { access: access.roles(ADMIN, 'center_director', 'trainer') },
      schema: {
        tags: ['progress'],
        summary: 'Progress of every clinician in reach (network, a center, a cohort), with risks',
        querystring: S.ZProgressQuery,
        response: { 200: S.ZRoster },
      },
    },
    async (request) => credentials.roster(ctxFromRequest(request), request.query),
  );

  for (const format of ['csv', 'pdf'] as const) {
    app.get(
      `/clinicians/:clinicianId/transcript.${format}`,
      {
        config: { access: access.roles(...LEARNING_ROLES) },
        schema: {
          tags: ['progress'],
          summary: `Continuing-education transcript as ${format.toUpperCase()}`,
          params: ZClinicianParams,
        },
      },
      async (request, reply) => {
        const t = await credentials.transcript(ctxFromRequest(request), request.params.clinicianId, format);
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf')
          .header('content-disposition', `attachment; filename="${t.filename}"`)
          .header('cache-control', 'no-store')
          .send(typeof t.body === 'string' ? t.body : Buffer.from(t.body));
      },
    );
  }

  // Issued credentials ---------------------------------------------------------------------------

  app.get(
    '/credentials',
    {
      config: { access: access.roles(ADMIN, 'center_director', 'clinician', 'trainer') },
      schema: {
        tags: ['credentials'],
        summary: 'Issued credentials (administrators: all; directors: their centers; everyone: their own)',
        querystring: S.ZCredentialListQuery,
        response: {
          200: z.object({
            items: z.array(S.ZCredential),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => credentials.list(ctxFromRequest(request), request.query),
  );

  app.post(
    '/credentials',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['credentials'],
        summary: 'Issue a credential for a complete pathway (409 lists what is not met)',
        body: S.ZIssueRequest,
        response: { 201: S.ZCredential },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await credentials.issue(ctxFromRequest(request), request.body)),
  );

  app.get(
    '/credentials/:credentialId',
    {
      config: { access: access.roles(ADMIN, 'center_director', 'clinician', 'trainer') },
      schema: {
        tags: ['credentials'],
        summary: 'One credential',
        params: ZCredentialParams,
        response: { 200: S.ZCredential },
      },
    },
    async (request) => credentials.get(ctxFromRequest(request), request.params.credentialId),
  );

  app.get(
    '/credentials/:credentialId/certificate.pdf',
    {
      config: { access: access.roles(ADMIN, 'center_director', 'clinician', 'trainer') },
      schema: {
        tags: ['credentials'],
        summary: 'The certificate as PDF, with a QR code to the verification page',
        params: ZCredentialParams,
      },
    },
    async (request, reply) => {
      const { filename, pdf } = await credentials.certificatePdf(
        ctxFromRequest(request),
        request.params.credentialId,
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/credentials/:credentialId/badge.jwt',
    {
      config: { access: access.roles(ADMIN, 'center_director', 'clinician', 'trainer') },
      schema: {
        tags: ['credentials'],
        summary: 'The signed Open Badges 3.0 credential (VC-JWT)',
        params: ZCredentialParams,
      },
    },
    async (request, reply) => {
      const c = await credentials.get(ctxFromRequest(request), request.params.credentialId);
      return reply
        .type('application/vc+jwt')
        .header('content-disposition', `attachment; filename="${c.number}.jwt"`)
        .send(c.vcJwt);
    },
  );

  app.post(
    '/credentials/:credentialId/revoke',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['credentials'],
        summary: 'Revoke a credential with a reason (the public page shows it as revoked)',
        params: ZCredentialParams,
        body: S.ZRevokeRequest,
        response: { 200: S.ZCredential },
      },
    },
    async (request) =>
      credentials.revoke(ctxFromRequest(request), request.params.credentialId, request.body.reason),
  );

  app.post(
    '/credentials/:credentialId/renew',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['credentials'],
        summary: 'Issue a new credential linked to this one, once the renewal requirements are met',
        params: ZCredentialParams,
        response: { 201: S.ZCredential },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await credentials.renew(ctxFromRequest(request), request.params.credentialId)),
  );

  app.post(
    '/credentials/issue-due',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['credentials'],
        summary: 'Issue now every complete clinician on pathways that issue automatically',
        response: { 200: z.object({ issued: z.number() }) },
      },
    },
    async (request) => ({ issued: (await credentials.issueDue(ctxFromRequest(request))).length }),
  );

  app.get(
    '/signing-keys',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['credentials'],
        summary: 'Credential signing keys',
        response: { 200: z.object({ items: z.array(S.ZSigningKey) }) },
      },
    },
    async (request) => credentials.listKeys(ctxFromRequest(request)),
  );

  app.post(
    '/signing-keys/rotate',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['credentials'],
        summary: 'Start signing with a new key; earlier credentials stay verifiable',
        response: { 200: z.object({ kid: z.string(), retired: z.string().nullable() }) },
      },
    },
    async (request) => credentials.rotateKey(ctxFromRequest(request)),
  );

  app.get(
    '/public/credentials/:credentialId',
    {
      config: { access: access.public() },
      schema: {
        tags: ['public'],
        summary: 'Verify a credential by its identifier or certificate number (no login)',
        params: z.strictObject({ credentialId: z.string().trim().min(1).max(60) }),
        response: { 200: S.ZPublicCredential },
      },
    },
    async (request) => credentials.verify(request.params.credentialId),
  );
}

/** The issuer's public keys, for anyone verifying a credential independently. */
export async function jwksRoute(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  app.get(
    '/.well-known/jwks.json',
    { config: { access: access.public() }, schema: { hide: true } },
    async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(await opts.services.credentials.jwks()),
  );
}
