/**
 * Rows to API shapes. The only place snake_case becomes camelCase for the identity module.
 */
import type { Role } from '../../../shared/roles.js';
import type { AuditEventRow, InvitationRow, OutboxMessageRow } from '../../db/schema.js';
import { withoutTokens } from '../../platform/outbox.js';
import type { TAuditEvent, TInvitation, TMembership, TOutboxMessage } from './identity.schemas.js';

const iso = (d: Date | string | null | undefined): string | null =>
  d == null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

export interface MembershipWithNames {
  id: string;
  role: Role;
  center_id: string | null;
  center_name: string | null;
  partner_id: string | null;
  partner_name: string | null;
  created_at?: Date;
  ended_at?: Date | null;
}

export function toMembership(m: MembershipWithNames): TMembership {
  return {
    id: m.id,
    role: m.role,
    centerId: m.center_id,
    centerName: m.center_name,
    partnerId: m.partner_id,
    partnerName: m.partner_name,
  };
}

export function toMembershipHistory(m: MembershipWithNames) {
  return { ...toMembership(m), createdAt: iso(m.created_at)!, endedAt: iso(m.ended_at) };
}

export function invitationStatus(
  row: Pick<InvitationRow, 'revoked_at' | 'accepted_at' | 'expires_at'>,
): TInvitation['status'] {
  if (row.revoked_at) return 'revoked';
  if (row.accepted_at) return 'accepted';
  if (row.expires_at.getTime() <= Date.now()) return 'expired';
  return 'pending';
}

export function toInvitation(
  row: InvitationRow & {
    center_name: string | null;
    partner_name: string | null;
    inviter_name: string | null;
    delivery: string | null;
  },
): TInvitation {
  const delivery = row.delivery ?? 'none';
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    centerId: row.center_id,
    centerName: row.center_name,
    partnerId: row.partner_id,
    partnerName: row.partner_name,
    status: invitationStatus(row),
    invitedBy: row.inviter_name,
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at)!,
    acceptedAt: iso(row.accepted_at),
    delivery: (['held', 'pending', 'sent', 'failed'].includes(delivery)
      ? delivery
      : delivery === 'sending'
        ? 'pending'
        : 'none') as TInvitation['delivery'],
  };
}

export function toOutboxMessage(row: OutboxMessageRow): TOutboxMessage {
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    // A live link is shown only while someone has to pass it on by hand (no mail server, or delivery
    // gave up); a message on its way by e-mail does not expose its link to administrators.
    bodyText: row.status === 'held' || row.status === 'failed' ? row.body_text : withoutTokens(row.body_text),
    centerId: row.center_id,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: iso(row.created_at)!,
    sentAt: iso(row.sent_at),
  };
}

export function toAuditEvent(
  row: AuditEventRow & { actor_name: string | null; center_name: string | null },
): TAuditEvent {
  return {
    seq: Number(row.seq),
    occurredAt: iso(row.occurred_at)!,
    actorUserId: row.actor_user_id,
    actorName: row.actor_name,
    actorKind: row.actor_kind,
    ip: row.ip,
    action: row.action,
    outcome: row.outcome,
    targetType: row.target_type,
    targetId: row.target_id,
    centerId: row.center_id,
    centerName: row.center_name,
    details: row.details ?? {},
    hash: row.hash,
  };
}

export { iso };
