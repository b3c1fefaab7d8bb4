/**
 * How an invitation stands, and how its message travelled.
 */
import { Link } from 'react-router-dom';
import type { TInvitation } from '../../api/types';
import { Badge, type BadgeTone } from '../../ui/badge';

const STATUS: Record<TInvitation['status'], { label: string; tone: BadgeTone }> = {
  pending: { label: 'Pending', tone: 'info' },
  accepted: { label: 'Accepted', tone: 'success' },
  expired: { label: 'Expired', tone: 'neutral' },
  revoked: { label: 'Revoked', tone: 'danger' },
};

export function InvitationStatusBadge({ status }: { status: TInvitation['status'] }) {
  const s = STATUS[status];
  return (
    <Badge tone={s.tone} dot>
      {s.label}
    </Badge>
  );
}

export function DeliveryCell({ invitation }: { invitation: TInvitation }) {
  switch (invitation.delivery) {
    case 'held':
      return (
        <span>
          <Badge tone="warning">Held</Badge>{' '}
          <Link to="/outbox?status=held" className="small">
            In the Outbox
          </Link>
        </span>
      );
    case 'sent':
      return <Badge tone="success">Sent</Badge>;
    case 'pending':
      return <Badge tone="info">Queued</Badge>;
    case 'failed':
      return (
        <span>
          <Badge tone="danger">Failed</Badge>{' '}
          <Link to="/outbox?status=failed" className="small">
            See the Outbox
          </Link>
        </span>
      );
    default:
      return <span className="muted">—</span>;
  }
}

export const INVITATION_STATUS_OPTIONS = [
  { value: 'pending', label: 'Pending' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
];
