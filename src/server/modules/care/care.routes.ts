/**
 * Care API: de-identified episodes and their sessions, instruments and scoring, measures,
 * outcomes, alerts, one-time family form links (with their public, sign-in-free form) and the FHIR
 * R4 export. Routes that carry a child's record set `childData`, so a field that looks like an
 * identifier is refused with the reason (see shared/privacy.ts). The services decide what a caller
 * may see within the declared roles: another tenant's record is 404.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, ctxFromRequest } from '../../platform/context.js';
import type { Services } from '../../services.js';
import * as S from './care.schemas.js';
import { ZInstrumentDefinition } from './instruments/types.js';

const ADMIN = 'network_admin' as const;
const DIRECTOR = 'center_director' as const;
const TRAINER = 'trainer' as const;
const CLINICIAN = 'clinician' as const;
/** Roles that hold or oversee a caseload. */
const CARE = [CLINICIAN, DIRECTOR, ADMIN] as const;
/** Roles that use the instruments (trainers teach with them) and receive alerts. */
const MEASURE_USERS = [CLINICIAN, DIRECTOR, ADMIN, TRAINER] as const;
const MANAGERS = [DIRECTOR, ADMIN] as const;

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() });
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const ZFhirResource = z.record(z.string(), z.unknown());
const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export async function careRoutes(appBase: FastifyInstance, opts: { services: Services }): Promise<void> {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { care, forms, fhir } = opts.services.care;

  const ZEpisodeParams = z.strictObject({ episodeId: S.ZUuid });
  const ZSessionParams = z.strictObject({ episodeId: S.ZUuid, sessionId: S.ZUuid });
  const ZAdministrationParams = z.strictObject({ episodeId: S.ZUuid, administrationId: S.ZUuid });
  const ZLinkParams = z.strictObject({ episodeId: S.ZUuid, linkId: S.ZUuid });
  const ZAlertParams = z.strictObject({ alertId: S.ZUuid });
  const ZCodeParams = z.strictObject({ code: S.ZInstrumentCode });
  const ZCenterCodeParams = z.strictObject({ centerId: S.ZUuid, code: S.ZInstrumentCode });
  const ZCenterParams = z.strictObject({ centerId: S.ZUuid });
  const ZTokenParams = z.strictObject({ token: S.ZFormToken });
  const ZPeriodQuery = z.strictObject({
    from: z.iso.date('must be a date in the form YYYY-MM-DD').optional(),
    to: z.iso.date('must be a date in the form YYYY-MM-DD').optional(),
  });

  const child = (roles: readonly (typeof MEASURE_USERS)[number][]) => ({
    access: access.roles(...roles),
    childData: true,
  });

  // Episodes --------------------------------------------------------------------------------------

  app.get(
    '/episodes',
    {
      config: child(CARE),
      schema: {
        tags: ['care'],
        summary: 'Treatment episodes in reach, with what is due',
        querystring: S.ZEpisodeListQuery,
        response: { 200: list(S.ZEpisode) },
      },
    },
    async (request) => care.listEpisodes(ctxFromRequest(request), request.query),
  );

  app.post(
    '/episodes',
    {
      config: child(CARE),
      schema: {
        tags: ['care'],
        summary: 'Open a de-identified treatment episode',
        body: S.ZCreateEpisodeRequest,
        response: { 201: S.ZEpisode },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await care.createEpisode(ctxFromRequest(request), request.body)),
  );

  app.get(
    '/episodes/:episodeId',
    {
      config: child(CARE),
      schema: {
        tags: ['care'],
        summary: 'One episode',
        params: ZEpisodeParams,
        response: { 200: S.ZEpisode },
      },
    },
    async (request) => care.getEpisode(ctxFromRequest(request), request.params.episodeId),
  );

  app.patch(
    '/episodes/:episodeId',
    {
      config: child(CARE),
      schema: {
        tags: ['care'],
        summary: 'Change, discharge or reopen an episode',
        params: ZEpisodeParams,
        body: S.ZUpdateEpisodeRequest,
        response: { 200: S.ZEpisode },
      },
    },
    async (request) => care.updateEpisode(ctxFromRequest(request), request.params.episodeId, request.body),
  );

  // Sessions --------------------------------------------------------------------------------------

  app.get(
    '/episodes/:episodeId/sessions',
    {
      config: child(CARE),
      schema: {
        tags: ['care'],
        summary: 'Sessions of an episode',
        params: ZEpisodeParams,
        response: { 200: items(S.ZSession) },
      },
    },
    async (request) => care.listSessions(ctxFromRequest(request), request.params.episodeId),
  );

  app.post(
    '/episodes/:episodeId/sessions',
    {
      config: child(CARE),
      schema: {
        tags: ['care'],
        summary: 'Record a session',
        params: ZEpisodeParams,
        body: S.ZCreateSessionRequest,
        response: { 201: S.ZSession },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await care.createSession(ctxFromRequest(request), request.params.episodeId, request.body)),
  );

  app.patch(
    '/episodes/:episodeId/sessions/:sessionId',
    {
      config: child(CARE),
      schema: {
        tags: ['care'],
        summary: 'Correct a session',
        params: ZSessionParams,
        body: S.ZUpdateSessionRequest,
        response: { 200: S.ZSession },
      },
    },
    async (request) =>
      care.updateSession(
        ctxFromRequest(request),
        request.params.episodeId,
        request.params.sessionId,
        request.body,
      ),
  );

  app.delete(
    '/episodes/:episodeId/sessions/:sessionId',
    {
      config: child(CARE),
      schema: { tags: ['care'], summary: 'Delete a session entered in error', params: ZSessionParams },
    },
    async (request, reply) => {
      await care.deleteSession(ctxFromRequest(request), request.params.episodeId, request.params.sessionId);
      return reply.code(204).send();
    },
  );

  // Instruments -----------------------------------------------------------------------------------

  app.get(
    '/instruments',
    {
      config: { access: access.roles(...MEASURE_USERS) },
      schema: {
        tags: ['care'],
        summary: 'Standardized measures, and which the caller’s centers may use',
        response: { 200: items(S.ZInstrumentSummary) },
      },
    },
    async (request) => care.listInstruments(ctxFromRequest(request)),
  );

  app.get(
    '/instruments/:code',
    {
      config: { access: access.roles(...MEASURE_USERS) },
      schema: {
        tags: ['care'],
        summary: 'An instrument’s full definition: items, scoring, bands, reliable-change figures',
        params: ZCodeParams,
        response: { 200: ZInstrumentDefinition },
      },
    },
    async (request) => care.getInstrument(ctxFromRequest(request), request.params.code),
  );

  app.post(
    '/instruments/:code/score',
    {
      config: child(MEASURE_USERS),
      schema: {
        tags: ['care'],
        summary: 'Score item responses (or an entered total) without storing anything',
        params: ZCodeParams,
        body: S.ZScoreRequest,
        response: { 200: S.ZScoreResult },
      },
    },
    async (request) => care.score(ctxFromRequest(request), request.params.code, request.body),
  );

  app.put(
    '/centers/:centerId/instruments/:code',
    {
      config: { access: access.roles(...MANAGERS) },
      schema: {
        tags: ['care'],
        summary: 'Enable a licensed instrument for a center (the center holds the licence)',
        params: ZCenterCodeParams,
      },
    },
    async (request, reply) => {
      await care.setCenterInstrument(
        ctxFromRequest(request),
        request.params.centerId,
        request.params.code,
        true,
      );
      return reply.code(204).send();
    },
  );

  app.delete(
    '/centers/:centerId/instruments/:code',
    {
      config: { access: access.roles(...MANAGERS) },
      schema: {
        tags: ['care'],
        summary: 'Disable a licensed instrument for a center',
        params: ZCenterCodeParams,
      },
    },
    async (request, reply) => {
      await care.setCenterInstrument(
        ctxFromRequest(request),
        request.params.centerId,
        request.params.code,
        false,
      );
      return reply.code(204).send();
    },
  );

  // Administrations -------------------------------------------------------------------------------

  app.get(
    '/episodes/:episodeId/administrations',
    {
      config: child(CARE),
      schema: {
        tags: ['care'],
        summary: 'Measures of an episode',
        params: ZEpisodeParams,
        response: { 200: items(S.ZAdministration) },
      },
    },
    async (request) => care.listAdministrations(ctxFromRequest(request), request.params.episodeId),
  );

  app.post(
    '/episodes/:episodeId/administrations',
    {
      config: child(CARE),
      schema: {
        tags: ['care'],
        summary: 'Record a measure; it is scored on the server, and a safety answer raises an alert',
        params: ZEpisodeParams,
        body: S.ZCreateAdministrationRequest,
        response: { 201: S.ZAdministration },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await care.createAdministration(ctxFromRequest(request), request.params.episodeId, request.body),
        ),
  );

  app.delete(
    '/episodes/:episodeId/administrations/:administrationId',
    {
      config: child(CARE),
      schema: { tags: ['care'], summary: 'Delete a measure entered in error', params: ZAdministrationParams },
    },
    async (request, reply) => {
      await care.deleteAdministration(
        ctxFromRequest(request),
        request.params.episodeId,
        request.params.administrationId,
      );
      return reply.code(204).send();
    },
  );

  // Outcomes --------------------------------------------------------------------------------------

  app.get(
    '/episodes/:episodeId/outcomes',
    {
      config: child(CARE),
      schema: {
        tags: ['care'],
        summary: 'Change, reliable change and fidelity of an episode',
        params: ZEpisodeParams,
        response: { 200: S.ZEpisodeOutcome },
      },
    },
    async (request) => care.episodeOutcome(ctxFromRequest(request), request.params.episodeId),
  );

  app.get(
    '/outcomes',
    {
      config: { access: access.roles(...MANAGERS) },
      schema: {
        tags: ['care'],
        summary: 'Outcomes per clinician, center, state or network',
        querystring: S.ZOutcomeSummaryQuery,
        response: { 200: items(S.ZOutcomeSummaryRow) },
      },
    },
    async (request) => care.outcomeSummary(ctxFromRequest(request), request.query),
  );

  // Alerts ----------------------------------------------------------------------------------------

  app.get(
    '/alerts',
    {
      config: { access: access.roles(...MEASURE_USERS) },
      schema: {
        tags: ['care'],
        summary: 'Safety and "not on track" alerts in reach',
        querystring: S.ZAlertListQuery,
        response: { 200: list(S.ZAlert) },
      },
    },
    async (request) => care.listAlerts(ctxFromRequest(request), request.query),
  );

  app.post(
    '/alerts/:alertId/acknowledge',
    {
      config: { access: access.roles(...MEASURE_USERS) },
      schema: {
        tags: ['care'],
        summary: 'Acknowledge an alert with what was done',
        params: ZAlertParams,
        body: S.ZAcknowledgeAlertRequest,
        response: { 200: S.ZAlert },
      },
    },
    async (request) =>
      care.acknowledgeAlert(ctxFromRequest(request), request.params.alertId, request.body.action),
  );

  // Family form links -----------------------------------------------------------------------------

  app.get(
    '/episodes/:episodeId/form-links',
    {
      config: child(CARE),
      schema: {
        tags: ['care'],
        summary: 'Form links issued for an episode',
        params: ZEpisodeParams,
        response: { 200: items(S.ZFormLink) },
      },
    },
    async (request) => forms.list(ctxFromRequest(request), request.params.episodeId),
  );

  app.post(
    '/episodes/:episodeId/form-links',
    {
      config: child(CARE),
      schema: {
        tags: ['care'],
        summary: 'Issue a one-time form link (72 hours) and its QR code',
        params: ZEpisodeParams,
        body: S.ZCreateFormLinkRequest,
        response: { 201: S.ZIssuedFormLink },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await forms.create(ctxFromRequest(request), request.params.episodeId, request.body)),
  );

  app.delete(
    '/episodes/:episodeId/form-links/:linkId',
    {
      config: child(CARE),
      schema: { tags: ['care'], summary: 'Cancel an open form link', params: ZLinkParams },
    },
    async (request, reply) => {
      await forms.revoke(ctxFromRequest(request), request.params.episodeId, request.params.linkId);
      return reply.code(204).send();
    },
  );

  app.get(
    '/forms/:token',
    {
      config: { access: access.public(), sensitive: true, childData: true },
      schema: {
        tags: ['care'],
        summary: 'The questions of a one-time family form (no sign-in)',
        params: ZTokenParams,
        response: { 200: S.ZPublicForm },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      return forms.open(ctxFromRequest(request), request.params.token);
    },
  );

  app.post(
    '/forms/:token',
    {
      config: { access: access.public(), sensitive: true, childData: true },
      schema: {
        tags: ['care'],
        summary: 'Send the answers of a one-time family form (no sign-in)',
        params: ZTokenParams,
        body: S.ZSubmitFormRequest,
        response: { 201: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      await forms.submit(ctxFromRequest(request), request.params.token, request.body.responses);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ ok: true as const });
    },
  );

  // FHIR R4 export --------------------------------------------------------------------------------

  app.get(
    '/fhir/Questionnaire/:code',
    {
      config: { access: access.roles(...MEASURE_USERS) },
      schema: {
        tags: ['fhir'],
        summary: 'An instrument as a FHIR R4 Questionnaire',
        params: ZCodeParams,
        response: { 200: ZFhirResource },
      },
    },
    async (request, reply) =>
      reply.type(FHIR_JSON).send(await fhir.questionnaire(ctxFromRequest(request), request.params.code)),
  );

  app.get(
    '/fhir/episodes/:episodeId',
    {
      config: child(CARE),
      schema: {
        tags: ['fhir'],
        summary: 'An episode’s measures as a FHIR R4 Bundle',
        params: ZEpisodeParams,
        response: { 200: ZFhirResource },
      },
    },
    async (request, reply) =>
      reply.type(FHIR_JSON).send(await fhir.episodeBundle(ctxFromRequest(request), request.params.episodeId)),
  );

  app.get(
    '/fhir/centers/:centerId',
    {
      config: child(MANAGERS),
      schema: {
        tags: ['fhir'],
        summary: 'A center’s measures over a period as a FHIR R4 Bundle',
        params: ZCenterParams,
        querystring: ZPeriodQuery,
        response: { 200: ZFhirResource },
      },
    },
    async (request, reply) =>
      reply
        .type(FHIR_JSON)
        .send(await fhir.centerBundle(ctxFromRequest(request), request.params.centerId, request.query)),
  );
}
