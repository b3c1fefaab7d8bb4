/**
 * One center: its details and accreditation; for its own staff and administrators, the staff list;
 * for its director and administrators, invitations and the "Invite staff" action.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useCenter, useInvitations } from '../../api/queries';
import type { TCenterDetail } from '../../api/types';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { formatDate, formatDay } from '../../ui/format';
import { MailIcon } from '../../ui/icons';
import { memberTypeLabel, stateName } from '../../ui/labels';
import { PageHeader } from '../../ui/page-header';
import { ErrorState, NotFoundPage, PageQuery } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { InvitationsTable } from '../invitations/invitations-table';
import { InviteDialog } from '../invitations/invite-dialog';
import { useSession } from '../shell/session';
import { AccreditationBadge, AccreditationExpiry, accreditationStatus } from './accreditation';
import { CenterFormDialog } from './center-form-dialog';
import { StaffSection } from './staff-section';

function CenterInvitations({ center }: { center: TCenterDetail }) {
  const list = useInvitations({ centerId: center.id, pageSize: 50 });
  const items = (list.data?.items ?? []).filter((i) => i.status === 'pending' || i.status === 'expired');
  return (
    <Card
      title="Invitations"
      subtitle="Pending and expired invitations to this center. Accepted ones appear under Staff."
      actions={<Link to={`/invitations?center=${center.id}`}>All invitations for this center</Link>}
      flush
    >
      {list.isPending ? (
        <Spinner label="Loading invitations…" />
      ) : list.error ? (
        <div className="card-body">
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<MailIcon />} title="No open invitations">
          Use “Invite staff” to give a colleague access to this center.
        </EmptyState>
      ) : (
        <InvitationsTable invitations={items} showPlace={false} label={`Invitations for ${center.name}`} />
      )}
    </Card>
  );
}

function CenterView({ center }: { center: TCenterDetail }) {
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const [inviting, setInviting] = useState(false);
  const canManage = session.canManageCenter(center.id);
  const canSeeStaff =
    center.staffCount !== null && session.has('network_admin', 'center_director', 'clinician', 'trainer');
  const { status, days } = accreditationStatus(center.accreditationExpiresOn);

  return (
    <div className="page">
      <PageHeader
        breadcrumb={<Link to="/centers">Centers</Link>}
        title={center.name}
        lead={
          <>
            {center.county} County, {stateName(center.state)} · {memberTypeLabel(center.memberType)}{' '}
            {!center.active && <Badge tone="neutral">Inactive</Badge>}
          </>
        }
        actions={
          <>
            {session.isAdmin && <Button onClick={() => setEditing(true)}>Edit center</Button>}
            {canManage && center.active && (
              <Button variant="primary" onClick={() => setInviting(true)}>
                Invite staff
              </Button>
            )}
          </>
        }
      />
      <div className="stack">
        <div className="grid-2">
          <Card title="Details">
            <dl className="details">
              <dt>County</dt>
              <dd>{center.county}</dd>
              <dt>State</dt>
              <dd>
                {stateName(center.state)} ({center.state})
              </dd>
              <dt>ZIP code prefix</dt>
              <dd>{center.zip3}</dd>
              <dt>Member type</dt>
              <dd>{memberTypeLabel(center.memberType)}</dd>
              <dt>Chapter</dt>
              <dd>
                {center.chapterId && center.chapterName ? (
                  <Link to={`/centers?chapterId=${center.chapterId}`}>
                    {center.chapterName}
                    <span className="visually-hidden">: all its centers</span>
                  </Link>
                ) : (
                  <span className="muted">None</span>
                )}
              </dd>
              <dt>Status</dt>
              <dd>{center.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>}</dd>
              {center.staffCount !== null && (
                <>
                  <dt>Active staff</dt>
                  <dd>{center.staffCount}</dd>
                </>
              )}
              <dt>In Waymark since</dt>
              <dd>{formatDay(center.createdAt)}</dd>
            </dl>
          </Card>
          <Card
            title="Accreditation"
            actions={<AccreditationBadge expiresOn={center.accreditationExpiresOn} />}
          >
            {center.accreditationExpiresOn || center.accreditedOn ? (
              <dl className="details">
                <dt>Accredited on</dt>
                <dd>{formatDate(center.accreditedOn)}</dd>
                <dt>Expires on</dt>
                <dd>
                  <AccreditationExpiry expiresOn={center.accreditationExpiresOn} />
                </dd>
              </dl>
            ) : (
              <p className="muted">
                This center is not accredited.{' '}
                {center.memberType === 'associate' &&
                  'Associate (developing) members work toward accreditation within five years.'}
              </p>
            )}
            {status === 'expiring' && days !== null && (
              <p className="text-warning small" style={{ marginTop: 12 }}>
                Re-accreditation is due within a year. Evidence for the National Standards should be prepared
                now.
              </p>
            )}
            {status === 'expired' && (
              <p className="text-danger small" style={{ marginTop: 12 }}>
                Accreditation has expired. Update the dates once re-accreditation is confirmed.
              </p>
            )}
          </Card>
        </div>
        {canSeeStaff && (
          <StaffSection
            centerId={center.id}
            centerName={center.name}
            canManage={canManage}
            canOpenPeople={session.has('network_admin', 'center_director')}
          />
        )}
        {canManage && <CenterInvitations center={center} />}
      </div>
      {editing && <CenterFormDialog center={center} onClose={() => setEditing(false)} />}
      {inviting && (
        <InviteDialog fixedCenter={{ id: center.id, name: center.name }} onClose={() => setInviting(false)} />
      )}
    </div>
  );
}

export function CenterDetailPage() {
  const { centerId } = useParams();
  const valid = Boolean(centerId && /^[0-9a-f-]{36}$/i.test(centerId));
  const center = useCenter(valid ? centerId : null);
  if (!valid)
    return (
      <NotFoundPage title="Center not found" backTo="/centers" backLabel="Back to centers">
        There is no center at this address.
      </NotFoundPage>
    );
  return (
    <PageQuery
      query={center}
      loadingLabel="Loading center…"
      notFound={
        <NotFoundPage title="Center not found" backTo="/centers" backLabel="Back to centers">
          This center does not exist, or it is not visible to your account.
        </NotFoundPage>
      }
    >
      {(c) => <CenterView center={c} />}
    </PageQuery>
  );
}
