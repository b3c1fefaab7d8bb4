/**
 * One pathway as its clinician (or someone following them) sees it: overall progress, the next
 * step, risks, the credential with its downloads, renewal, and every requirement with the evidence
 * that counted and what did not (and why).
 */
import { useId, useState } from 'react';
import {
  REQUIREMENT_KIND_LABEL,
  type RequirementKind,
  type RequirementState,
} from '../../../shared/pathways';
import type { TCredentialSummary, TPathwayProgress, TRequirementProgress } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { formatDate } from '../../ui/format';
import {
  AlertIcon,
  AwardIcon,
  CheckIcon,
  ChevronDownIcon,
  CircleIcon,
  DownloadIcon,
  FlagIcon,
  LinkIcon,
  XCircleIcon,
} from '../../ui/icons';
import {
  Deadline,
  formatAmount,
  PathwayStateBadge,
  pathwayBarTone,
  ProgressBar,
  requirementBarTone,
  RequirementStateBadge,
} from './progress-ui';

function kindLabel(kind: string): string {
  return REQUIREMENT_KIND_LABEL[kind as RequirementKind] ?? kind;
}

function RequirementIcon({ state }: { state: RequirementState }) {
  if (state === 'met') return <CheckIcon size={22} />;
  if (state === 'expired') return <AlertIcon size={22} />;
  return <CircleIcon size={22} half={state === 'in_progress'} />;
}

function EvidenceList({ requirement }: { requirement: TRequirementProgress }) {
  const counted = requirement.evidence.filter((e) => e.counted).length;
  const total = requirement.evidence.length;
  if (total === 0) return <p className="muted small evidence-none">No evidence recorded yet.</p>;
  return (
    <details className="evidence">
      <summary>
        <ChevronDownIcon size={16} />
        Evidence: {total} {total === 1 ? 'record' : 'records'}, {counted} counted
      </summary>
      <ul className="evidence-list">
        {requirement.evidence.map((e, i) => (
          <li key={`${e.id ?? 'x'}-${i}`} className={e.counted ? 'counted' : 'not-counted'}>
            <span className="evidence-mark" aria-hidden="true">
              {e.counted ? <CheckIcon size={16} /> : <XCircleIcon size={16} />}
            </span>
            <span className="evidence-label">
              {e.label}
              {e.date && (
                <span className="cell-sub">
                  <time dateTime={e.date}>{formatDate(e.date)}</time>
                </span>
              )}
            </span>
            <span className="evidence-verdict">
              {e.counted ? 'Counted' : `Not counted${e.reason ? `: ${e.reason}` : ''}`}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function RequirementRow({ requirement: r }: { requirement: TRequirementProgress }) {
  const count = `${formatAmount(Math.min(r.current, r.target))} of ${formatAmount(r.target)} ${r.unit}`;
  return (
    <li className={`req req-${r.state}`}>
      <span className="req-icon" aria-hidden="true">
        <RequirementIcon state={r.state} />
      </span>
      <div className="req-body">
        <div className="req-head">
          <div>
            <h4>{r.label}</h4>
            <span className="muted small">{kindLabel(r.kind)}</span>
          </div>
          <RequirementStateBadge state={r.state} />
        </div>
        <div className="req-progress">
          <ProgressBar
            value={r.current}
            max={r.target}
            label={r.label}
            valueText={count}
            tone={requirementBarTone(r.state)}
            size="sm"
          />
          <span className="req-count">
            {formatAmount(r.current)} / {formatAmount(r.target)} {r.unit}
          </span>
        </div>
        <p className="req-summary">{r.summary}</p>
        {(r.deadline || (r.nextStep && r.state !== 'met')) && (
          <dl className="req-facts">
            {r.nextStep && r.state !== 'met' && (
              <div>
                <dt>Next</dt>
                <dd>{r.nextStep}</dd>
              </div>
            )}
            {r.deadline && (
              <div>
                <dt>Deadline</dt>
                <dd>
                  <Deadline date={r.deadline} />
                </dd>
              </div>
            )}
          </dl>
        )}
        <EvidenceList requirement={r} />
      </div>
    </li>
  );
}

const CREDENTIAL_STATUS: Record<TCredentialSummary['status'], { label: string; tone: 'success' | 'danger' }> =
  {
    active: { label: 'Active', tone: 'success' },
    expired: { label: 'Expired', tone: 'danger' },
    revoked: { label: 'Revoked', tone: 'danger' },
  };

export function verificationLink(credentialId: string): string {
  return `${window.location.origin}/verify/${credentialId}`;
}

function CopyLink({ url }: { url: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const inputId = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <div className="copy-link">
      <label htmlFor={inputId} className="small muted">
        Public verification link
      </label>
      <div className="copy-link-row">
        <input id={inputId} className="input mono" readOnly value={url} onFocus={(e) => e.target.select()} />
        <Button icon={<LinkIcon />} onClick={() => void copy()}>
          Copy link
        </Button>
      </div>
      <div aria-live="polite" className="small">
        {state === 'copied' && (
          <span className="text-success">Link copied. Anyone with it can check this credential.</span>
        )}
        {state === 'failed' && (
          <span className="text-warning">Copying is not available here: select the link and copy it.</span>
        )}
      </div>
    </div>
  );
}

export function CredentialPanel({
  credential,
  canDownload,
}: {
  credential: TCredentialSummary;
  canDownload: boolean;
}) {
  const status = CREDENTIAL_STATUS[credential.status];
  return (
    <section
      className={`credential-panel credential-${credential.status}`}
      aria-label={`Credential ${credential.number}`}
    >
      <div className="credential-head">
        <span className="credential-seal" aria-hidden="true">
          <AwardIcon size={26} />
        </span>
        <div className="credential-title">
          <h3>Credential</h3>
          <p className="credential-number mono">{credential.number}</p>
        </div>
        <Badge tone={status.tone} dot>
          {status.label}
        </Badge>
      </div>
      <dl className="credential-dates">
        <div>
          <dt>Valid from</dt>
          <dd>{formatDate(credential.validFrom)}</dd>
        </div>
        <div>
          <dt>Valid until</dt>
          <dd>{credential.expiresOn ? <Deadline date={credential.expiresOn} /> : 'Does not expire'}</dd>
        </div>
      </dl>
      {credential.status === 'revoked' && credential.revokeReason && (
        <p className="text-danger small">Revoked: {credential.revokeReason}</p>
      )}
      {canDownload && (
        <div className="row">
          <a
            className="btn btn-primary"
            href={`/api/v1/credentials/${credential.id}/certificate.pdf`}
            download
          >
            <DownloadIcon />
            Certificate (PDF)
          </a>
          <a className="btn btn-secondary" href={`/api/v1/credentials/${credential.id}/badge.jwt`} download>
            <DownloadIcon />
            Signed badge (.jwt)
          </a>
        </div>
      )}
      <CopyLink url={verificationLink(credential.id)} />
    </section>
  );
}

function RenewalSection({ renewal }: { renewal: NonNullable<TPathwayProgress['renewal']> }) {
  const met = renewal.requirements.filter((r) => r.state === 'met').length;
  return (
    <section className="pw-section" aria-label="Renewal">
      <div className="row-between">
        <h3>Renewal</h3>
        {renewal.met ? (
          <Badge tone="success">Renewal requirements met</Badge>
        ) : (
          <Badge tone="warning">
            {met} of {renewal.requirements.length} met
          </Badge>
        )}
      </div>
      <p className="muted small">
        {renewal.dueOn ? (
          <>
            Renew by <Deadline date={renewal.dueOn} />.{' '}
          </>
        ) : null}
        {renewal.met
          ? 'Everything renewal needs is done; the network administrator can issue the renewed credential.'
          : 'Complete these to keep the credential current.'}
      </p>
      {renewal.requirements.length > 0 && (
        <ol className="req-list">
          {renewal.requirements.map((r) => (
            <RequirementRow key={r.id} requirement={r} />
          ))}
        </ol>
      )}
    </section>
  );
}

export function PathwayCard({
  progress: p,
  canDownload,
}: {
  progress: TPathwayProgress;
  canDownload: boolean;
}) {
  const titleId = useId();
  const done = p.state === 'complete' || p.state === 'certified';
  return (
    <section className={`card pw-card pw-${p.state}`} aria-labelledby={titleId}>
      <div className="pw-head">
        <div>
          <p className="eyebrow">
            {p.pathwayCode}
            {p.enrolledOn && <> · enrolled {formatDate(p.enrolledOn)}</>}
            {p.withdrawnAt && <> · withdrawn {formatDate(p.withdrawnAt)}</>}
          </p>
          <h2 id={titleId}>{p.pathwayName}</h2>
        </div>
        <PathwayStateBadge state={p.state} />
      </div>
      <div className="pw-body">
        <div className="pw-overall">
          <div className="pw-figures">
            <span className="pw-percent">{Math.round(p.percent)}%</span>
            <span className="muted">
              complete · {p.met} of {p.total} requirements met
            </span>
          </div>
          <ProgressBar
            value={p.percent}
            label={`${p.pathwayName}: overall progress`}
            valueText={`${Math.round(p.percent)}% complete, ${p.met} of ${p.total} requirements met`}
            tone={pathwayBarTone(p.state)}
            size="lg"
          />
        </div>

        {p.nextStep && !done && p.state !== 'withdrawn' && (
          <div className="next-step">
            <span className="next-step-icon" aria-hidden="true">
              <FlagIcon size={22} />
            </span>
            <div>
              <h3 className="next-step-label">Next step</h3>
              <p className="next-step-text">{p.nextStep.text}</p>
              {p.nextStep.deadline && (
                <p className="small">
                  Deadline: <Deadline date={p.nextStep.deadline} />
                </p>
              )}
            </div>
          </div>
        )}
        {p.state === 'complete' && (
          <Alert tone="success" title="All requirements are met">
            The credential is issued by the network administrator; you will be notified when it is ready.
          </Alert>
        )}

        {p.risks.length > 0 && (
          <Alert tone="warning" title="Needs attention">
            <ul className="risk-list">
              {p.risks.map((r) => (
                <li key={r.code}>{r.message}</li>
              ))}
            </ul>
          </Alert>
        )}

        {p.credential && <CredentialPanel credential={p.credential} canDownload={canDownload} />}
        {p.renewal && <RenewalSection renewal={p.renewal} />}

        <section className="pw-section" aria-label={`Requirements of ${p.pathwayName}`}>
          <h3>Requirements</h3>
          <ol className="req-list">
            {p.requirements.map((r) => (
              <RequirementRow key={r.id} requirement={r} />
            ))}
          </ol>
        </section>
      </div>
    </section>
  );
}
