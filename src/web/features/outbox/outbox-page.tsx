/**
 * The Outbox: every message Waymark sends. Without a mail server, messages are held here, and the
 * links they carry (invitations, password resets) are passed on by hand.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { useOutbox, useSettings, type OutboxParams } from '../../api/queries';
import type { TOutboxMessage } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Badge, type BadgeTone } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { DateTime } from '../../ui/date-time';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { InboxIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { Pagination } from '../../ui/pagination';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import { useSearchState } from '../../ui/use-search-state';
import { useSession } from '../shell/session';

const PAGE_SIZE = 25;

const STATUS: Record<TOutboxMessage['status'], { label: string; tone: BadgeTone }> = {
  held: { label: 'Held', tone: 'warning' },
  pending: { label: 'Queued', tone: 'info' },
  sending: { label: 'Sending', tone: 'info' },
  sent: { label: 'Sent', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

const KIND_LABEL: Record<string, string> = {
  invitation: 'Invitation',
  password_reset: 'Password reset',
};

function kindLabel(kind: string): string {
  return KIND_LABEL[kind] ?? kind.replace(/[_.]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

function StatusBadge({ status }: { status: TOutboxMessage['status'] }) {
  return (
    <Badge tone={STATUS[status].tone} dot>
      {STATUS[status].label}
    </Badge>
  );
}

function MessageDialog({
  message,
  canRetry,
  onClose,
}: {
  message: TOutboxMessage;
  canRetry: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [copied, setCopied] = useState<string | null>(null);
  const link = /https?:\/\/\S+/.exec(message.bodyText)?.[0] ?? null;

  const retry = useMutation({
    mutationFn: () => api.post<TOutboxMessage>(`/outbox/${message.id}/retry`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['outbox'] });
      toast.success(`The message to ${message.to} is queued for delivery again.`);
      onClose();
    },
  });

  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${what} copied.`);
    } catch {
      setCopied('Copying is not available here: select the text and copy it.');
    }
  };

  return (
    <Dialog
      title={message.subject}
      description={`${kindLabel(message.kind)} to ${message.to}`}
      onClose={onClose}
      wide
      busy={retry.isPending}
      footer={
        <>
          {link && <Button onClick={() => void copy(link, 'Link')}>Copy link</Button>}
          <Button onClick={() => void copy(message.bodyText, 'Message text')}>Copy message text</Button>
          {canRetry && (
            <Button variant="primary" onClick={() => retry.mutate()} busy={retry.isPending}>
              Retry delivery
            </Button>
          )}
          <Button variant={canRetry ? 'secondary' : 'primary'} onClick={onClose}>
            Close
          </Button>
        </>
      }
    >
      <div className="stack">
        <dl className="details">
          <dt>To</dt>
          <dd>{message.to}</dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={message.status} />
          </dd>
          <dt>Created</dt>
          <dd>
            <DateTime value={message.createdAt} />
          </dd>
          {message.sentAt && (
            <>
              <dt>Sent</dt>
              <dd>
                <DateTime value={message.sentAt} />
              </dd>
            </>
          )}
          <dt>Attempts</dt>
          <dd>{message.attempts}</dd>
          {message.lastError && (
            <>
              <dt>Last error</dt>
              <dd className="text-danger">{message.lastError}</dd>
            </>
          )}
        </dl>
        {message.status === 'held' && (
          <Alert tone="info">
            This message was not sent because no mail server is configured. Pass the link on to {message.to}{' '}
            yourself, through a channel you trust. Links are personal and stop working once used or expired.
          </Alert>
        )}
        {retry.error && <Alert tone="error">{retry.error.message}</Alert>}
        <div>
          <h3 className="section-title">Message</h3>
          {/* A focusable scroll area so keyboard users can read long messages. */}
          <pre className="message-body" tabIndex={0} aria-label="Message text">
            {message.bodyText}
          </pre>
        </div>
        <div aria-live="polite" className="small">
          {copied}
        </div>
      </div>
    </Dialog>
  );
}

export function OutboxPage() {
  const session = useSession();
  const [state, setState] = useSearchState({ status: '', page: '1' });
  const [open, setOpen] = useState<TOutboxMessage | null>(null);
  const page = Math.max(1, Number(state.page) || 1);
  const list = useOutbox({
    status: (state.status || undefined) as OutboxParams['status'],
    page,
    pageSize: PAGE_SIZE,
  });
  const settings = useSettings(session.isAdmin);
  const smtp = settings.data?.smtpConfigured;
  const items = list.data?.items ?? [];

  return (
    <div className="page">
      <PageHeader
        title="Outbox"
        lead="Messages Waymark sends: invitations and password resets. Open a message to read it."
      />
      <div className="stack">
        {(smtp === false || items.some((m) => m.status === 'held')) && (
          <Alert tone="info" title="No mail server is configured">
            Messages are held here instead of being sent. Open a held message, copy its link and pass it on to
            the person yourself.
            {session.isAdmin &&
              ' An administrator can configure a mail server (SMTP) to send them automatically.'}
          </Alert>
        )}
        <Card flush>
          <div className="filters">
            <SelectField
              label="Status"
              value={state.status}
              onChange={(e) => setState({ status: e.target.value })}
              options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
              placeholder="All statuses"
            />
          </div>
          {list.isPending ? (
            <Spinner label="Loading messages…" />
          ) : list.error ? (
            <div className="card-body">
              <ErrorState error={list.error} onRetry={() => void list.refetch()} />
            </div>
          ) : items.length === 0 ? (
            <EmptyState
              headingLevel={2}
              icon={<InboxIcon />}
              title={state.status ? 'No messages with this status' : 'The Outbox is empty'}
            >
              Invitations and password reset messages appear here.
            </EmptyState>
          ) : (
            <>
              <TableWrap label="Messages">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Subject</th>
                      <th scope="col">To</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Status</th>
                      <th scope="col">Created</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((m) => (
                      <tr key={m.id}>
                        <th scope="row">{m.subject}</th>
                        <td>{m.to}</td>
                        <td>{kindLabel(m.kind)}</td>
                        <td>
                          <StatusBadge status={m.status} />
                        </td>
                        <td className="nowrap">
                          <DateTime value={m.createdAt} />
                        </td>
                        <td className="actions-cell">
                          <Button size="sm" onClick={() => setOpen(m)}>
                            Open<span className="visually-hidden"> message to {m.to}</span>
                          </Button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <Pagination
                page={page}
                pageSize={PAGE_SIZE}
                total={list.data?.total ?? 0}
                onPage={(p) => setState({ page: String(p) })}
                noun="messages"
              />
            </>
          )}
        </Card>
      </div>
      {open && (
        <MessageDialog
          message={open}
          canRetry={session.isAdmin && smtp === true && (open.status === 'failed' || open.status === 'held')}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}
