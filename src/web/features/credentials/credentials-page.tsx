/**
 * Issued credentials, for network administrators: who is awaiting issue, every credential by status
 * (revoke, renew, download), and the keys credentials are signed with.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import {
  useCredentials,
  usePathways,
  useProgressRoster,
  useSigningKeys,
  type CredentialListParams,
} from '../../api/queries';
import type { TCredential } from '../../api/types';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { DateTime } from '../../ui/date-time';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { formatDate, formatNumber, plural } from '../../ui/format';
import { AwardIcon, CheckIcon, DownloadIcon, KeyIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { Pagination } from '../../ui/pagination';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import { useSearchState } from '../../ui/use-search-state';
import { daysUntil, describeDays } from '../../ui/format';
import { IssueDialog, RenewDialog, RevokeDialog } from './credential-dialogs';

const PAGE_SIZE = 25;

/** "in 45 days", in amber when within 90 days. */
function Relative({ date }: { date: string }) {
  const days = daysUntil(date);
  return <span className={days <= 90 ? 'text-warning' : undefined}>{describeDays(days)}</span>;
}
const DEFAULTS = { status: 'active', pathway: '', page: '1' };

const TABS: { value: NonNullable<CredentialListParams['status']> | 'all'; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'expiring', label: 'Expiring' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
  { value: 'all', label: 'All' },
];

const STATUS_BADGE: Record<TCredential['status'], { label: string; tone: 'success' | 'danger' | 'neutral' }> =
  {
    active: { label: 'Active', tone: 'success' },
    expired: { label: 'Expired', tone: 'danger' },
    revoked: { label: 'Revoked', tone: 'danger' },
  };

function AwaitingIssue() {
  const roster = useProgressRoster({ state: 'complete' });
  const queryClient = useQueryClient();
  const toast = useToast();
  const [issuing, setIssuing] = useState<{
    clinician: { id: string; displayName: string };
    pathway: { id: string; name: string };
  } | null>(null);
  const issueDue = useMutation({
    mutationFn: () => api.post<{ issued: number }>('/credentials/issue-due'),
    onSuccess: ({ issued }) => {
      for (const key of ['credentials', 'progress-roster', 'clinician-progress', 'signing-keys'])
        void queryClient.invalidateQueries({ queryKey: [key] });
      toast.success(
        issued === 0
          ? 'No one was due on a pathway that issues automatically.'
          : `${plural(issued, 'credential')} issued.`,
      );
    },
    onError: (e) => toast.error(e.message),
  });

  const names = new Map((roster.data?.pathways ?? []).map((p) => [p.id, p.name]));
  const rows = (roster.data?.items ?? []).flatMap((r) =>
    r.pathways
      .filter((c) => c.state === 'complete')
      .map((c) => ({
        clinician: r.clinician,
        pathwayId: c.pathwayId,
        pathwayName: names.get(c.pathwayId) ?? c.pathwayCode,
      })),
  );

  return (
    <Card
      title="Awaiting issue"
      subtitle="Clinicians who have met every requirement of a pathway. Issuing checks the requirements again and signs the credential."
      actions={
        <Button onClick={() => issueDue.mutate()} busy={issueDue.isPending}>
          Issue automatic pathways now
        </Button>
      }
      flush
    >
      {roster.isPending ? (
        <Spinner label="Finding complete pathways…" />
      ) : roster.error ? (
        <div className="card-body">
          <ErrorState error={roster.error} onRetry={() => void roster.refetch()} />
        </div>
      ) : rows.length === 0 ? (
        <EmptyState icon={<CheckIcon />} title="No one is waiting">
          Clinicians appear here as soon as they complete a pathway.
        </EmptyState>
      ) : (
        <TableWrap label="Awaiting issue">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Clinician</th>
                <th scope="col">Pathway</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.clinician.id}-${r.pathwayId}`}>
                  <th scope="row">
                    <Link to={`/clinicians/${r.clinician.id}/progress`} className="cell-main">
                      {r.clinician.displayName}
                    </Link>
                    <span className="cell-sub">{r.clinician.centerName}</span>
                  </th>
                  <td>{r.pathwayName}</td>
                  <td className="actions-cell">
                    <Button
                      size="sm"
                      variant="primary"
                      icon={<AwardIcon size={16} />}
                      onClick={() =>
                        setIssuing({
                          clinician: r.clinician,
                          pathway: { id: r.pathwayId, name: r.pathwayName },
                        })
                      }
                    >
                      Issue
                      <span className="visually-hidden">
                        {' '}
                        {r.pathwayName} to {r.clinician.displayName}
                      </span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {issuing && (
        <IssueDialog
          clinician={issuing.clinician}
          pathway={issuing.pathway}
          onClose={() => setIssuing(null)}
        />
      )}
    </Card>
  );
}

function CredentialList() {
  const [state, setState] = useSearchState(DEFAULTS);
  const pathways = usePathways();
  const page = Math.max(1, Number(state.page) || 1);
  const status = state.status === 'all' ? undefined : (state.status as CredentialListParams['status']);
  const list = useCredentials({
    status,
    pathwayId: state.pathway || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const [revoking, setRevoking] = useState<TCredential | null>(null);
  const [renewing, setRenewing] = useState<TCredential | null>(null);
  const items = list.data?.items ?? [];
  const tab = TABS.find((t) => t.value === state.status) ?? TABS[0]!;

  return (
    <Card title="Issued credentials" flush>
      <div className="filters credentials-filters">
        <div className="segmented" role="group" aria-label="Show credentials">
          {TABS.map((t) => (
            <button
              key={t.value}
              type="button"
              aria-pressed={state.status === t.value}
              onClick={() => setState({ status: t.value })}
            >
              {t.label}
            </button>
          ))}
        </div>
        <SelectField
          label="Pathway"
          value={state.pathway}
          onChange={(e) => setState({ pathway: e.target.value })}
          options={(pathways.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          placeholder="All pathways"
        />
      </div>
      {list.isPending ? (
        <Spinner label="Loading credentials…" />
      ) : list.error ? (
        <div className="card-body">
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState
          icon={<AwardIcon />}
          title={`No ${tab.value === 'all' ? '' : `${tab.label.toLowerCase()} `}credentials`}
        >
          {tab.value === 'expiring'
            ? 'No active credential expires within the next 90 days.'
            : 'Credentials appear here once they are issued.'}
        </EmptyState>
      ) : (
        <>
          <TableWrap label={`${tab.label} credentials`}>
            <table className="table" aria-busy={list.isFetching || undefined}>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Recipient</th>
                  <th scope="col">Pathway</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="actions-cell">
                    Actions
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => {
                  const badge = STATUS_BADGE[c.status];
                  return (
                    <tr key={c.id}>
                      <th scope="row" className="nowrap">
                        <a
                          href={`/verify/${c.id}`}
                          target="_blank"
                          rel="noreferrer"
                          className="mono cell-main"
                        >
                          {c.number}
                          <span className="visually-hidden"> (verification page, opens in a new tab)</span>
                        </a>
                        {c.replacesId && <span className="cell-sub">Renewal</span>}
                      </th>
                      <td className="col-person">
                        <Link to={`/clinicians/${c.userId}/progress`}>{c.recipientName}</Link>
                        <span className="cell-sub">{c.centerName}</span>
                      </td>
                      <td className="col-pathway">{c.pathwayName}</td>
                      <td className="nowrap">
                        <DateTime value={c.issuedAt} dateOnly />
                      </td>
                      <td className="nowrap">
                        {c.expiresOn ? formatDate(c.expiresOn) : 'Does not expire'}
                        {c.expiresOn && c.status === 'active' && (
                          <span className="cell-sub">
                            <Relative date={c.expiresOn} />
                          </span>
                        )}
                      </td>
                      <td>
                        <Badge tone={badge.tone} dot>
                          {badge.label}
                        </Badge>
                        {c.status === 'revoked' && c.revokeReason && (
                          <span className="cell-sub">{c.revokeReason}</span>
                        )}
                        {c.replacedById && <span className="cell-sub">Renewed</span>}
                      </td>
                      <td className="actions-cell">
                        <a
                          className="btn btn-ghost btn-sm btn-icon"
                          href={`/api/v1/credentials/${c.id}/certificate.pdf`}
                          download
                          title="Download the certificate (PDF)"
                        >
                          <DownloadIcon size={16} />
                          <span className="visually-hidden">Certificate {c.number} (PDF)</span>
                        </a>
                        {c.status !== 'revoked' && !c.replacedById && (
                          <Button size="sm" onClick={() => setRenewing(c)}>
                            Renew<span className="visually-hidden"> {c.number}</span>
                          </Button>
                        )}
                        {c.status !== 'revoked' && (
                          <Button
                            size="sm"
                            variant="ghost"
                            className="btn-ghost-danger"
                            onClick={() => setRevoking(c)}
                          >
                            Revoke<span className="visually-hidden"> {c.number}</span>
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={list.data?.total ?? 0}
            onPage={(p) => setState({ page: String(p) })}
            noun="credentials"
          />
        </>
      )}
      {revoking && <RevokeDialog credential={revoking} onClose={() => setRevoking(null)} />}
      {renewing && <RenewDialog credential={renewing} onClose={() => setRenewing(null)} />}
    </Card>
  );
}

function SigningKeys() {
  const keys = useSigningKeys();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const rotate = useMutation({
    mutationFn: () => api.post<{ kid: string; retired: string | null }>('/signing-keys/rotate'),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: ['signing-keys'] });
      toast.success(`New credentials are now signed with key ${r.kid.slice(0, 12)}…`);
      setConfirming(false);
    },
  });
  const items = [...(keys.data ?? [])].sort(
    (a, b) => Number(b.active) - Number(a.active) || b.createdAt.localeCompare(a.createdAt),
  );

  return (
    <Card
      title="Signing keys"
      subtitle={
        <>
          Credentials are signed with an Ed25519 key. The public keys are published at{' '}
          <a href="/.well-known/jwks.json">/.well-known/jwks.json</a> so anyone can check a signature.
        </>
      }
      actions={
        <Button icon={<KeyIcon />} onClick={() => setConfirming(true)}>
          Rotate key
        </Button>
      }
      flush
    >
      {keys.isPending ? (
        <Spinner label="Loading keys…" />
      ) : keys.error ? (
        <div className="card-body">
          <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<KeyIcon />} title="No signing key yet">
          A key is created when the first credential is issued.
        </EmptyState>
      ) : (
        <TableWrap label="Signing keys">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Key identifier (kid)</th>
                <th scope="col">Created</th>
                <th scope="col">Retired</th>
                <th scope="col" className="num">
                  Credentials signed
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((k) => (
                <tr key={k.kid}>
                  <th scope="row">
                    <span className="hash">{k.kid}</span>
                  </th>
                  <td className="nowrap">
                    <DateTime value={k.createdAt} dateOnly />
                  </td>
                  <td className="nowrap">
                    <DateTime value={k.retiredAt} dateOnly />
                  </td>
                  <td className="num">{formatNumber(k.credentialsSigned)}</td>
                  <td>
                    {k.active ? (
                      <Badge tone="success" dot>
                        Signing
                      </Badge>
                    ) : (
                      <Badge>Retired, still verifies</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {confirming && (
        <ConfirmDialog
          title="Rotate the signing key?"
          confirmLabel="Rotate key"
          busy={rotate.isPending}
          error={rotate.error}
          onConfirm={() => rotate.mutate()}
          onClose={() => setConfirming(false)}
        >
          <p>
            Waymark creates a new key and signs every credential issued from now on with it. The current key
            is retired but stays published, so <strong>credentials already issued stay verifiable</strong>;
            nothing needs to be re-issued.
          </p>
          <p className="muted small">
            Rotate when the key may have been exposed, or on your organisation’s schedule.
          </p>
        </ConfirmDialog>
      )}
    </Card>
  );
}

export function CredentialsPage() {
  return (
    <div className="page">
      <PageHeader
        title="Credentials"
        lead="Certifications issued to clinicians: issue those who have completed a pathway, renew and revoke, and manage the keys that sign them."
      />
      <div className="stack">
        <AwaitingIssue />
        <CredentialList />
        <SigningKeys />
      </div>
    </div>
  );
}
