/**
 * Home sections about a person's own center(s): for directors (staff, invitations, actions) and
 * for clinicians and trainers (colleagues and their own sign-in security).
 */
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useCenter, useInvitations, useStaff } from '../../api/queries';
import type { TCenterDetail } from '../../api/types';
import { Badge } from '../../ui/badge';
import { Button, ButtonLink } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { formatDate, formatDay } from '../../ui/format';
import { BookIcon } from '../../ui/icons';
import { memberTypeLabel, roleLabel, stateName } from '../../ui/labels';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { AccreditationBadge, AccreditationExpiry } from '../centers/accreditation';
import { staffSummary } from '../centers/staff-section';
import { InviteDialog } from '../invitations/invite-dialog';
import { AccessGapLine } from '../access/home-line';
import { useSession, type Place } from '../shell/session';

function CenterFacts({ center }: { center: TCenterDetail }) {
  return (
    <dl className="details">
      <dt>County</dt>
      <dd>{center.county}</dd>
      <dt>State</dt>
      <dd>{stateName(center.state)}</dd>
      <dt>Member type</dt>
      <dd>{memberTypeLabel(center.memberType)}</dd>
      <dt>Accredited on</dt>
      <dd>{formatDate(center.accreditedOn)}</dd>
      <dt>Accreditation expires</dt>
      <dd>
        <AccreditationExpiry expiresOn={center.accreditationExpiresOn} />
      </dd>
    </dl>
  );
}

export function DirectorCenter({ place }: { place: Place }) {
  const center = useCenter(place.id);
  const staff = useStaff(place.id);
  const invitations = useInvitations({ centerId: place.id, status: 'pending', pageSize: 5 });
  const [inviting, setInviting] = useState(false);

  const active = (staff.data ?? []).filter((s) => !s.endedAt);
  const withoutMfa = active.filter((s) => !s.mfaEnabled).length;

  return (
    <section className="stack" aria-labelledby={`dir-${place.id}`}>
      <div className="row-between">
        <h2 id={`dir-${place.id}`}>{place.name}</h2>
        <div className="row">
          <Button variant="primary" onClick={() => setInviting(true)}>
            Invite staff
          </Button>
          <ButtonLink to={`/centers/${place.id}`}>View center</ButtonLink>
        </div>
      </div>
      <AccessGapLine centerId={place.id} />
      <div className="grid-3">
        <Card
          title="Center"
          headingLevel={3}
          actions={center.data && <AccreditationBadge expiresOn={center.data.accreditationExpiresOn} />}
        >
          {center.isPending ? (
            <Spinner inline />
          ) : center.error ? (
            <ErrorState error={center.error} onRetry={() => void center.refetch()} />
          ) : (
            <CenterFacts center={center.data} />
          )}
        </Card>
        <Card title="Staff" headingLevel={3} actions={<Link to={`/centers/${place.id}`}>See all</Link>}>
          {staff.isPending ? (
            <Spinner inline />
          ) : staff.error ? (
            <ErrorState error={staff.error} onRetry={() => void staff.refetch()} />
          ) : (
            <div className="stack" style={{ gap: 12 }}>
              <p style={{ fontSize: '1.6rem', fontWeight: 700, margin: 0 }}>
                {active.length}{' '}
                <span className="muted small" style={{ fontWeight: 500 }}>
                  active staff
                </span>
              </p>
              <p className="muted">{active.length > 0 ? staffSummary(active) : 'No staff yet.'}</p>
              {withoutMfa > 0 ? (
                <p>
                  <Badge tone="warning">{withoutMfa} without two-step verification</Badge>
                </p>
              ) : (
                active.length > 0 && (
                  <p>
                    <Badge tone="success">Everyone uses two-step verification</Badge>
                  </p>
                )
              )}
            </div>
          )}
        </Card>
        <Card
          title="Pending invitations"
          headingLevel={3}
          actions={<Link to={`/invitations?status=pending&center=${place.id}`}>See all</Link>}
        >
          {invitations.isPending ? (
            <Spinner inline />
          ) : invitations.error ? (
            <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
          ) : invitations.data.items.length === 0 ? (
            <p className="muted">No pending invitations.</p>
          ) : (
            <ul className="list-plain">
              {invitations.data.items.map((i) => (
                <li key={i.id}>
                  <strong>{i.displayName ?? i.email}</strong>
                  <span className="cell-sub">
                    {roleLabel(i.role)} · until {formatDay(i.expiresAt)}
                    {i.delivery === 'held' && ' · held in the Outbox'}
                  </span>
                </li>
              ))}
              {invitations.data.total > invitations.data.items.length && (
                <li className="muted small">
                  and {invitations.data.total - invitations.data.items.length} more
                </li>
              )}
            </ul>
          )}
        </Card>
      </div>
      {inviting && <InviteDialog fixedCenter={place} onClose={() => setInviting(false)} />}
    </section>
  );
}

export function StaffCenter({ place, roles }: { place: Place; roles: string[] }) {
  const { me } = useSession();
  const center = useCenter(place.id);
  const staff = useStaff(place.id);
  const colleagues = (staff.data ?? []).filter((s) => !s.endedAt && s.userId !== me.user.id);

  return (
    <section className="stack" aria-labelledby={`staff-${place.id}`}>
      <div className="row-between">
        <h2 id={`staff-${place.id}`}>{place.name}</h2>
        <ButtonLink to={`/centers/${place.id}`}>View center</ButtonLink>
      </div>
      <p className="muted" style={{ marginTop: -12 }}>
        Your role here: {roles.map(roleLabel).join(', ')}
      </p>
      <div className="grid-2" style={{ alignItems: 'start' }}>
        <Card
          title="Center"
          headingLevel={3}
          actions={center.data && <AccreditationBadge expiresOn={center.data.accreditationExpiresOn} />}
        >
          {center.isPending ? (
            <Spinner inline />
          ) : center.error ? (
            <ErrorState error={center.error} onRetry={() => void center.refetch()} />
          ) : (
            <CenterFacts center={center.data} />
          )}
        </Card>
        <Card title="Colleagues" headingLevel={3}>
          {staff.isPending ? (
            <Spinner inline />
          ) : staff.error ? (
            <ErrorState error={staff.error} onRetry={() => void staff.refetch()} />
          ) : colleagues.length === 0 ? (
            <p className="muted">No colleagues in Waymark yet.</p>
          ) : (
            <ul className="list-plain">
              {colleagues.slice(0, 8).map((c) => (
                <li key={c.membershipId}>
                  <strong>{c.displayName}</strong>
                  <span className="cell-sub">
                    {roleLabel(c.role)} · {c.email}
                  </span>
                </li>
              ))}
              {colleagues.length > 8 && (
                <li>
                  <Link to={`/centers/${place.id}`}>See all {colleagues.length} colleagues</Link>
                </li>
              )}
            </ul>
          )}
        </Card>
      </div>
    </section>
  );
}

export function SecurityStatus() {
  const { me } = useSession();
  const on = me.user.mfaEnabled;
  return (
    <Card title="Your sign-in security" headingLevel={3}>
      <div className="stack" style={{ gap: 10 }}>
        <p>
          Two-step verification:{' '}
          {on ? (
            <Badge tone="success" dot>
              On
            </Badge>
          ) : (
            <Badge tone="warning" dot>
              Off
            </Badge>
          )}
        </p>
        <p className="muted">
          {on
            ? 'Your account asks for a code from your authenticator app when you sign in.'
            : 'Add a code from an authenticator app to your sign-in, so a stolen password is not enough to open your account.'}
        </p>
        <div>
          {on ? (
            <Link to="/account">Manage on your account page</Link>
          ) : (
            <ButtonLink to="/mfa/setup?next=%2F" variant="primary">
              Set up two-step verification
            </ButtonLink>
          )}
        </div>
      </div>
    </Card>
  );
}

export function ComingLater({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card title={title} headingLevel={3}>
      <EmptyState icon={<BookIcon />} title="Arriving in a later release">
        {children}
      </EmptyState>
    </Card>
  );
}
