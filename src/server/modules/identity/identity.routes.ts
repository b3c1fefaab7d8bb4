/**
 * Identity API: sign-in, sessions, MFA, one's own account, users, staff, invitations, settings,
 * the audit log and the outbox. Thin routes: validate, call one service, return.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CENTER_ROLES } from '../../../shared/roles.js';
import { access, ctxFromRequest, type Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { clearSessionCookie, setSessionCookie } from '../../platform/session-cookie.js';
import type { Services } from '../../services.js';
import * as S from './identity.schemas.js';

const ZOk = z.object({ ok: z.literal(true) });

const ADMIN = 'network_admin' as const;
const DIRECTOR = 'center_director' as const;

/** Another center's staff is not found (404), never forbidden: its existence is not disclosed. */
function assertCenterMember(actor: Actor | null, centerId: string): void {
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
  if (actor.scope.allCenters || actor.scope.centerIds?.includes(centerId)) return;
  throw AppError.notFound('The center');
}

export async function identityRoutes(appBase: FastifyInstance, opts: { services: Services }): Promise<void> {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { auth, mfa, users, invitations, admin } = opts.services;
  const config = appBase.config;

  const signedInReply = (
    reply: FastifyReply,
    session: { token: string; csrfToken: string; mfaState: S.TLoginResponse['mfaState'] },
  ) => {
    setSessionCookie(reply, config, session.token);
    return { mfaState: session.mfaState, csrfToken: session.csrfToken };
  };

  // Sign-in and sessions ---------------------------------------------------------------------------

  app.post(
    '/auth/login',
    {
      config: { access: access.public(), sensitive: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password',
        description:
          'Sets the session cookie. When the response says mfaState "pending", complete sign-in with /auth/mfa/verify; ' +
          'with "enrolment_required", set up two-step verification first.',
        body: S.ZLoginRequest,
        response: { 200: S.ZLoginResponse },
      },
    },
    async (request, reply) => {
      const session = await auth.login(ctxFromRequest(request), request.body.email, request.body.password);
      return signedInReply(reply, session);
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: access.duringMfa() },
      schema: { tags: ['auth'], summary: 'Sign out', response: { 200: ZOk } },
    },
    async (request, reply) => {
      await auth.logout(ctxFromRequest(request));
      clearSessionCookie(reply, config);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { access: access.public(), sensitive: true },
      schema: {
        tags: ['auth'],
        summary: 'Ask for a password reset link by e-mail',
        description: 'Always answers 202, whether or not the address has an account.',
        body: S.ZPasswordResetRequest,
        response: { 202: ZOk },
      },
    },
    async (request, reply) => {
      await auth.requestPasswordReset(ctxFromRequest(request), request.body.email);
      return reply.code(202).send({ ok: true as const });
    },
  );

  app.post(
    '/auth/password-reset/complete',
    {
      config: { access: access.public(), sensitive: true },
      schema: {
        tags: ['auth'],
        summary: 'Choose a new password with a reset link',
        body: S.ZPasswordResetCompleteRequest,
        response: { 200: ZOk },
      },
    },
    async (request) => {
      await auth.completePasswordReset(ctxFromRequest(request), request.body.token, request.body.newPassword);
      return { ok: true as const };
    },
  );

  app.get(
    '/me',
    {
      config: { access: access.duringMfa() },
      schema: {
        tags: ['account'],
        summary: 'The signed-in user, roles and session',
        response: { 200: S.ZMeResponse },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const ctx = ctxFromRequest(request);
      const settings = await admin.getSettings(ctx);
      const detail = await users.getUser(ctx, actor.userId);
      return {
        user: {
          id: actor.userId,
          email: actor.email,
          displayName: detail.displayName,
          locale: actor.locale,
          mfaEnabled: actor.mfaEnabled,
        },
        memberships: detail.roles,
        session: {
          mfaState: actor.mfaState,
          expiresAt: actor.sessionExpiresAt.toISOString(),
          idleTimeoutMinutes: config.session.idleMinutes,
        },
        csrfToken: actor.csrfToken,
        network: { mfaRequired: settings.mfaRequired, demo: settings.demo },
      };
    },
  );

  app.patch(
    '/me',
    {
      config: { access: access.signedIn() },
      schema: {
        tags: ['account'],
        summary: 'Change your name or language',
        body: S.ZUpdateMeRequest,
        response: { 200: ZOk },
      },
    },
    async (request) => {
      await users.updateProfile(ctxFromRequest(request), request.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/me/password',
    {
      config: { access: access.signedIn(), sensitive: true },
      schema: {
        tags: ['account'],
        summary: 'Change your password',
        description: 'Signs out every other session and issues a new session cookie for this one.',
        body: S.ZChangePasswordRequest,
        response: { 200: S.ZLoginResponse },
      },
    },
    async (request, reply) => {
      const session = await auth.changePassword(
        ctxFromRequest(request),
        request.body.currentPassword,
        request.body.newPassword,
      );
      return signedInReply(reply, session);
    },
  );

  app.get(
    '/me/sessions',
    {
      config: { access: access.signedIn() },
      schema: {
        tags: ['account'],
        summary: 'Your active sessions',
        response: { 200: z.object({ items: z.array(S.ZSession) }) },
      },
    },
    async (request) => ({ items: await users.listOwnSessions(ctxFromRequest(request)) }),
  );

  app.delete(
    '/me/sessions/:sessionId',
    {
      config: { access: access.signedIn() },
      schema: {
        tags: ['account'],
        summary: 'Sign out one of your sessions',
        params: z.strictObject({ sessionId: S.ZUuid }),
        response: { 200: ZOk },
      },
    },
    async (request) => {
      await users.revokeOwnSession(ctxFromRequest(request), request.params.sessionId);
      return { ok: true as const };
    },
  );

  // MFA ---------------------------------------------------------------------------------------------

  app.get(
    '/auth/mfa',
    {
      config: { access: access.duringMfa() },
      schema: {
        tags: ['mfa'],
        summary: 'Your two-step verification status',
        response: { 200: S.ZMfaStatus },
      },
    },
    async (request) => mfa.status(ctxFromRequest(request)),
  );

  app.post(
    '/auth/mfa/enrolment',
    {
      config: { access: access.duringMfa() },
      schema: {
        tags: ['mfa'],
        summary: 'Start setting up an authenticator app',
        description: 'Returns the otpauth URI, its QR code (SVG) and the secret for manual entry.',
        response: { 200: S.ZMfaEnrolmentResponse },
      },
    },
    async (request) => mfa.startEnrolment(ctxFromRequest(request)),
  );

  app.post(
    '/auth/mfa/enrolment/confirm',
    {
      config: { access: access.duringMfa(), sensitive: true },
      schema: {
        tags: ['mfa'],
        summary: 'Confirm the authenticator with a first code',
        description:
          'Returns ten single-use recovery codes, shown only this once, and renews the session cookie.',
        body: S.ZMfaConfirmRequest,
        response: { 200: S.ZRecoveryCodesResponse },
      },
    },
    async (request, reply) => {
      const { recoveryCodes, session } = await mfa.confirmEnrolment(
        ctxFromRequest(request),
        request.body.code,
      );
      setSessionCookie(reply, config, session.token);
      return { recoveryCodes, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/auth/mfa/verify',
    {
      config: { access: access.duringMfa(), sensitive: true },
      schema: {
        tags: ['mfa'],
        summary: 'Complete sign-in with a code or a recovery code',
        body: S.ZMfaVerifyRequest,
        response: { 200: S.ZLoginResponse },
      },
    },
    async (request, reply) => {
      const session = await mfa.verifyChallenge(ctxFromRequest(request), request.body);
      return signedInReply(reply, session);
    },
  );

  app.post(
    '/auth/mfa/recovery-codes',
    {
      config: { access: access.signedIn(), sensitive: true },
      schema: {
        tags: ['mfa'],
        summary: 'Replace your recovery codes',
        body: S.ZMfaDisableRequest,
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request) => ({
      recoveryCodes: await mfa.regenerateRecoveryCodes(ctxFromRequest(request), request.body.password),
    }),
  );

  app.post(
    '/auth/mfa/disable',
    {
      config: { access: access.signedIn(), sensitive: true },
      schema: {
        tags: ['mfa'],
        summary: 'Turn two-step verification off',
        body: S.ZMfaDisableRequest,
        response: { 200: ZOk },
      },
    },
    async (request) => {
      await mfa.disable(ctxFromRequest(request), request.body.password);
      return { ok: true as const };
    },
  );

  // Invitations ---------------------------------------------------------------------------------------

  app.post(
    '/invitations/preview',
    {
      config: { access: access.public(), sensitive: true },
      schema: {
        tags: ['invitations'],
        summary: 'What an invitation link offers',
        body: S.ZInvitationPreviewRequest,
        response: { 200: S.ZInvitationPreview },
      },
    },
    async (request) => invitations.preview(request.body.token),
  );

  app.post(
    '/invitations/accept',
    {
      config: { access: access.public(), sensitive: true },
      schema: {
        tags: ['invitations'],
        summary: 'Accept an invitation and sign in',
        description:
          'A new person gives a name and chooses a password; someone with an account confirms with its password.',
        body: S.ZAcceptInvitationRequest,
        response: { 200: S.ZLoginResponse },
      },
    },
    async (request, reply) =>
      signedInReply(reply, await invitations.accept(ctxFromRequest(request), request.body)),
  );

  app.get(
    '/invitations',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['invitations'],
        summary: 'Invitations you can see',
        querystring: S.ZInvitationListQuery,
        response: { 200: S.ZPage(S.ZInvitation) },
      },
    },
    async (request) => invitations.find(ctxFromRequest(request), request.query),
  );

  app.post(
    '/invitations',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['invitations'],
        summary: 'Invite a person to a role',
        body: S.ZCreateInvitationRequest,
        response: { 201: S.ZInvitation },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await invitations.create(ctxFromRequest(request), request.body)),
  );

  const ZInvitationParams = z.strictObject({ invitationId: S.ZUuid });

  app.get(
    '/invitations/:invitationId',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['invitations'],
        summary: 'One invitation',
        params: ZInvitationParams,
        response: { 200: S.ZInvitation },
      },
    },
    async (request) => invitations.get(ctxFromRequest(request), request.params.invitationId),
  );

  app.post(
    '/invitations/:invitationId/revoke',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['invitations'],
        summary: 'Withdraw an invitation',
        params: ZInvitationParams,
        response: { 200: S.ZInvitation },
      },
    },
    async (request) => invitations.revoke(ctxFromRequest(request), request.params.invitationId),
  );

  app.post(
    '/invitations/:invitationId/resend',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['invitations'],
        summary: 'Send a new link (the old one stops working)',
        params: ZInvitationParams,
        response: { 200: S.ZInvitation },
      },
    },
    async (request) => invitations.resend(ctxFromRequest(request), request.params.invitationId),
  );

  // Users ---------------------------------------------------------------------------------------------

  app.get(
    '/users',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['users'],
        summary: 'People: everyone for administrators, your centers’ staff for directors',
        querystring: S.ZUserListQuery,
        response: { 200: S.ZPage(S.ZUserSummary) },
      },
    },
    async (request) => users.findUsers(ctxFromRequest(request), request.query),
  );

  const ZUserParams = z.strictObject({ userId: S.ZUuid });

  app.get(
    '/users/:userId',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['users'],
        summary: 'One person, with role history',
        params: ZUserParams,
        response: { 200: S.ZUserDetail },
      },
    },
    async (request) => users.getUser(ctxFromRequest(request), request.params.userId),
  );

  app.patch(
    '/users/:userId',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['users'],
        summary: 'Deactivate or reactivate an account',
        description: 'Deactivation signs the person out everywhere; their history is kept.',
        params: ZUserParams,
        body: S.ZUpdateUserRequest,
        response: { 200: S.ZUserDetail },
      },
    },
    async (request) =>
      users.setUserStatus(ctxFromRequest(request), request.params.userId, request.body.status),
  );

  app.post(
    '/users/:userId/memberships',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['users'],
        summary: 'Give an existing person a further role',
        params: ZUserParams,
        body: S.ZAddMembershipRequest,
        response: { 201: S.ZUserDetail },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await users.addMembership(ctxFromRequest(request), request.params.userId, request.body)),
  );

  app.delete(
    '/users/:userId/memberships/:membershipId',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['users'],
        summary: 'End one of a person’s roles (history is kept)',
        description:
          'Network administrators may end any role, including network-wide ones; directors, roles at their own centers.',
        params: z.strictObject({ userId: S.ZUuid, membershipId: S.ZUuid }),
        response: { 200: S.ZUserDetail },
      },
    },
    async (request) => {
      const ctx = ctxFromRequest(request);
      await users.endMembership(ctx, request.params.membershipId, { userId: request.params.userId });
      return users.getUser(ctx, request.params.userId);
    },
  );

  app.post(
    '/users/:userId/mfa-reset',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['users'],
        summary: 'Clear a person’s two-step verification (lost device)',
        params: ZUserParams,
        response: { 200: ZOk },
      },
    },
    async (request) => {
      await mfa.resetForUser(ctxFromRequest(request), request.params.userId);
      return { ok: true as const };
    },
  );

  // Staff of a center ------------------------------------------------------------------------------------

  const ZCenterParams = z.strictObject({ centerId: S.ZUuid });
  const ZStaffParams = z.strictObject({ centerId: S.ZUuid, membershipId: S.ZUuid });

  app.get(
    '/centers/:centerId/staff',
    {
      config: { access: access.roles(ADMIN, DIRECTOR, 'clinician', 'trainer') },
      schema: {
        tags: ['staff'],
        summary: 'Staff of a center',
        description:
          'Staff of your own centers (network administrators: any center). Another center answers 404.',
        params: ZCenterParams,
        querystring: z.strictObject({ includeEnded: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ items: z.array(S.ZStaffMember) }) },
      },
    },
    async (request) => {
      assertCenterMember(request.actor, request.params.centerId);
      const items = await users.listStaff(ctxFromRequest(request), request.params.centerId, {
        includeEnded: request.query.includeEnded === 'true',
      });
      return { items };
    },
  );

  app.patch(
    '/centers/:centerId/staff/:membershipId',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['staff'],
        summary: 'Change a staff member’s role',
        params: ZStaffParams,
        body: z.strictObject({ role: z.enum(CENTER_ROLES) }),
        response: { 200: S.ZStaffMember },
      },
    },
    async (request) => {
      assertCenterMember(request.actor, request.params.centerId);
      return users.changeStaffRole(
        ctxFromRequest(request),
        request.params.centerId,
        request.params.membershipId,
        request.body.role,
      );
    },
  );

  app.delete(
    '/centers/:centerId/staff/:membershipId',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['staff'],
        summary: 'End a staff member’s role at the center (history is kept)',
        params: ZStaffParams,
        response: { 200: ZOk },
      },
    },
    async (request) => {
      assertCenterMember(request.actor, request.params.centerId);
      await users.endMembership(ctxFromRequest(request), request.params.membershipId, {
        centerId: request.params.centerId,
      });
      return { ok: true as const };
    },
  );

  // Settings, audit, outbox ----------------------------------------------------------------------------------

  app.get(
    '/settings',
    {
      config: { access: access.roles(ADMIN) },
      schema: { tags: ['settings'], summary: 'Network settings', response: { 200: S.ZNetworkSettings } },
    },
    async (request) => admin.getSettings(ctxFromRequest(request)),
  );

  app.patch(
    '/settings',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['settings'],
        summary: 'Change network settings',
        body: S.ZUpdateNetworkSettingsRequest,
        response: { 200: S.ZNetworkSettings },
      },
    },
    async (request) => admin.updateSettings(ctxFromRequest(request), request.body),
  );

  app.get(
    '/audit-events',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log (directors: events of their centers)',
        querystring: S.ZAuditListQuery,
        response: { 200: S.ZAuditPage },
      },
    },
    async (request) => admin.findAuditEvents(ctxFromRequest(request), request.query),
  );

  app.post(
    '/audit-events/verification',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain of the whole audit log',
        response: { 200: S.ZAuditVerification },
      },
    },
    async (request) => admin.verifyAudit(ctxFromRequest(request)),
  );

  app.get(
    '/outbox',
    {
      config: { access: access.roles(ADMIN, DIRECTOR) },
      schema: {
        tags: ['outbox'],
        summary: 'Outgoing messages (held ones carry the links to pass on when no mail server is configured)',
        querystring: S.ZOutboxListQuery,
        response: { 200: S.ZPage(S.ZOutboxMessage) },
      },
    },
    async (request) => admin.findOutbox(ctxFromRequest(request), request.query),
  );

  app.post(
    '/outbox/:messageId/retry',
    {
      config: { access: access.roles(ADMIN) },
      schema: {
        tags: ['outbox'],
        summary: 'Queue a failed or held message for delivery again',
        params: z.strictObject({ messageId: S.ZUuid }),
        response: { 200: S.ZOutboxMessage },
      },
    },
    async (request) => admin.retryMessage(ctxFromRequest(request), request.params.messageId),
  );
}
