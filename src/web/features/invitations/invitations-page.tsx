/**
 * All invitations the user may see (administrators: all; directors: their centers), by status.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useCenter, useInvitations } from '../../api/queries';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { MailIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { Pagination } from '../../ui/pagination';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { useSearchState } from '../../ui/use-search-state';
import { useSession } from '../shell/session';
import { INVITATION_STATUS_OPTIONS } from './invitation-badges';
import { InvitationsTable } from './invitations-table';
import { InviteDialog } from './invite-dialog';

const PAGE_SIZE = 25;

export function InvitationsPage() {
  const session = useSession();
  const [state, setState] = useSearchState({ status: '', center: '', page: '1' });
  const [inviting, setInviting] = useState(false);
  const page = Math.max(1, Number(state.page) || 1);
  const status = (state.status || undefined) as 'pending' | 'accepted' | 'expired' | 'revoked' | undefined;
  const centerId = /^[0-9a-f-]{36}$/i.test(state.center) ? state.center : undefined;
  const center = useCenter(centerId);
  const list = useInvitations({ status, centerId, page, pageSize: PAGE_SIZE });
  const items = list.data?.items ?? [];
  const anyHeld = items.some((i) => i.status === 'pending' && i.delivery === 'held');

  return (
    <div className="page">
      <PageHeader
        title="Invitations"
        lead={
          session.isAdmin
            ? 'Invitations to join the network, its centers and partner organisations.'
            : 'Invitations to join the centers you direct.'
        }
        actions={
          <Button variant="primary" onClick={() => setInviting(true)}>
            Invite someone
          </Button>
        }
      />
      <div className="stack">
        {anyHeld && (
          <Alert tone="info" title="Some invitation messages are kept in the Outbox">
            <p>
              No mail server is configured, so invitation e-mails are not sent. Each message, with its link,
              waits in the Outbox: open it there and pass the link on to the person yourself.
            </p>
            <Link to="/outbox?status=held">Open the Outbox</Link>
          </Alert>
        )}
        <Card flush>
          <div className="filters">
            <SelectField
              label="Status"
              value={state.status}
              onChange={(e) => setState({ status: e.target.value })}
              options={INVITATION_STATUS_OPTIONS}
              placeholder="All statuses"
            />
            {centerId && (
              <div className="field">
                <span className="label">Center</span>
                <span className="row">
                  <span>{center.data?.name ?? 'One center'}</span>
                  <Button size="sm" variant="ghost" onClick={() => setState({ center: '' })}>
                    Show all centers
                  </Button>
                </span>
              </div>
            )}
          </div>
          {list.isPending ? (
            <Spinner label="Loading invitations…" />
          ) : list.error ? (
            <div className="card-body">
              <ErrorState error={list.error} onRetry={() => void list.refetch()} />
            </div>
          ) : items.length === 0 ? (
            <EmptyState
              headingLevel={2}
              icon={<MailIcon />}
              title={status ? `No ${status} invitations` : 'No invitations yet'}
              action={
                <Button variant="primary" onClick={() => setInviting(true)}>
                  Invite someone
                </Button>
              }
            >
              Invite clinicians, trainers and directors to give them access to Waymark.
            </EmptyState>
          ) : (
            <>
              <InvitationsTable invitations={items} showPlace={!centerId} />
              <Pagination
                page={page}
                pageSize={PAGE_SIZE}
                total={list.data?.total ?? 0}
                onPage={(p) => setState({ page: String(p) })}
                noun="invitations"
              />
            </>
          )}
        </Card>
      </div>
      {inviting && <InviteDialog onClose={() => setInviting(false)} />}
    </div>
  );
}
