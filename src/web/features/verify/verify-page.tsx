/**
 * Public verification of a credential, no sign-in needed: /verify asks for a certificate number,
 * /verify/<id or number> shows whether the credential is valid, expired, revoked or unknown, what
 * it certifies, the signature check, and how to verify the signed file independently. English and
 * Spanish, like the other public pages.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { usePublicCredential } from '../../api/queries';
import type { TPublicCredential } from '../../api/types';
import { useI18n, type Lang } from '../../i18n';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { downloadText } from '../../ui/download';
import { TextField } from '../../ui/field';
import { AlertIcon, CheckIcon, DownloadIcon, SearchIcon, ShieldIcon, XCircleIcon } from '../../ui/icons';
import { useDocumentTitle } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { PublicLayout } from '../shell/public-layout';

function useFormatDate(lang: Lang) {
  const fmt = new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-US', {
    dateStyle: 'long',
    timeZone: 'UTC',
  });
  return (iso: string | null) => {
    if (!iso) return '';
    const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
    return Number.isNaN(d.getTime()) ? iso : fmt.format(d);
  };
}

/** Places a link inside a translated sentence at its {link} placeholder. */
function withLink(text: string, link: ReactNode): ReactNode {
  const [before, after] = text.split('{link}');
  return (
    <>
      {before}
      {link}
      {after}
    </>
  );
}

function VerifyForm({ initial = '', compact = false }: { initial?: string; compact?: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    setMissing(!v);
    if (v) void navigate(`/verify/${encodeURIComponent(v)}`);
  };
  return (
    <form className={`verify-form${compact ? ' compact' : ''}`} onSubmit={submit} noValidate role="search">
      <TextField
        label={compact ? t('verify.another') : t('verify.number')}
        hint={t('verify.numberHint')}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        error={missing ? t('verify.numberRequired') : null}
        autoComplete="off"
        spellCheck={false}
        className="verify-input"
      />
      <Button type="submit" variant={compact ? 'secondary' : 'primary'} icon={<SearchIcon />}>
        {t('verify.submit')}
      </Button>
    </form>
  );
}

type Tone = 'valid' | 'expired' | 'revoked' | 'unknown';

function StatusPanel({ tone, title, children }: { tone: Tone; title: string; children: ReactNode }) {
  const icon =
    tone === 'valid' ? (
      <CheckIcon size={34} />
    ) : tone === 'revoked' ? (
      <XCircleIcon size={34} />
    ) : tone === 'expired' ? (
      <AlertIcon size={34} />
    ) : (
      <SearchIcon size={34} />
    );
  return (
    <section
      className={`verify-status verify-${tone}`}
      aria-labelledby="verify-status-title"
      aria-live="polite"
    >
      <span className="verify-status-icon" aria-hidden="true">
        {icon}
      </span>
      <div>
        <h2 id="verify-status-title">{title}</h2>
        {children}
      </div>
    </section>
  );
}

function CredentialResult({ credential: c }: { credential: TPublicCredential }) {
  const { t, lang } = useI18n();
  const date = useFormatDate(lang);
  const status =
    c.status === 'valid' ? (
      <StatusPanel tone="valid" title={t('verify.valid')}>
        <p>{t('verify.validBody')}</p>
      </StatusPanel>
    ) : c.status === 'expired' ? (
      <StatusPanel tone="expired" title={t('verify.expired')}>
        <p>{t('verify.expiredBody', { date: date(c.expiresOn) })}</p>
      </StatusPanel>
    ) : (
      <StatusPanel tone="revoked" title={t('verify.revoked')}>
        <p>{t('verify.revokedBody', { date: date(c.revokedOn) })}</p>
        {c.revokeReason && (
          <p className="verify-reason">{t('verify.revokedReason', { reason: c.revokeReason })}</p>
        )}
      </StatusPanel>
    );

  return (
    <div className="stack verify-result">
      {status}
      {c.replacedBy && (
        <Alert tone="info">
          {t('verify.replaced', { number: c.replacedBy.number })}{' '}
          <Link to={`/verify/${c.replacedBy.id}`}>
            {t('verify.replacedLink', { number: c.replacedBy.number })}
          </Link>
        </Alert>
      )}
      <dl className="details verify-details">
        <dt>{t('verify.recipient')}</dt>
        <dd className="verify-recipient">{c.recipientName}</dd>
        <dt>{t('verify.certification')}</dt>
        <dd>{c.pathwayName}</dd>
        <dt>{t('verify.model')}</dt>
        <dd>{c.modelName}</dd>
        <dt>{t('verify.issuer')}</dt>
        <dd>{c.issuerName}</dd>
        <dt>{t('verify.numberLabel')}</dt>
        <dd className="mono">{c.number}</dd>
        <dt>{t('verify.issuedOn')}</dt>
        <dd>{date(c.issuedOn)}</dd>
        <dt>{t('verify.validFrom')}</dt>
        <dd>{date(c.validFrom)}</dd>
        <dt>{t('verify.validUntil')}</dt>
        <dd>{c.expiresOn ? date(c.expiresOn) : t('verify.noExpiry')}</dd>
      </dl>
      <p className={`verify-signature ${c.signature.valid ? 'ok' : 'bad'}`}>
        {c.signature.valid ? <ShieldIcon size={20} /> : <AlertIcon size={20} />}
        <span>
          {c.signature.valid
            ? t('verify.signatureOk', { issuer: c.issuerName, kid: c.signature.kid })
            : t('verify.signatureBad', { kid: c.signature.kid, message: c.signature.message })}
        </span>
      </p>
      <div className="verify-independent">
        <h2>{t('verify.independentTitle')}</h2>
        <div className="row">
          <Button
            icon={<DownloadIcon />}
            onClick={() => downloadText(`${c.number}.jwt`, c.vcJwt, 'application/vc+jwt')}
            aria-describedby="verify-download-hint"
          >
            {t('verify.download')}
          </Button>
        </div>
        <p id="verify-download-hint" className="small muted">
          {t('verify.downloadHint')}
        </p>
        <p className="small">
          {withLink(t('verify.independent'), <a href="/.well-known/jwks.json">/.well-known/jwks.json</a>)}
        </p>
      </div>
    </div>
  );
}

export function VerifyPage() {
  const { credentialId } = useParams();
  const { t } = useI18n();
  const wanted = credentialId?.trim() ?? '';
  const query = usePublicCredential(wanted || null);
  const notFound = query.error && isApiError(query.error) && query.error.isNotFound;
  useDocumentTitle(
    query.data
      ? `${t('verify.title')}: ${query.data.number}`
      : notFound
        ? `${t('verify.notFound')}: ${wanted}`
        : t('verify.title'),
  );

  let body: ReactNode;
  if (!wanted) {
    body = (
      <>
        <p className="intro">{t('verify.intro')}</p>
        <VerifyForm />
      </>
    );
  } else if (query.isPending) {
    body = <Spinner label={t('verify.checking')} />;
  } else if (notFound) {
    body = (
      <div className="stack">
        <StatusPanel tone="unknown" title={t('verify.notFound')}>
          <p>{t('verify.notFoundBody', { number: wanted })}</p>
        </StatusPanel>
        <VerifyForm compact />
      </div>
    );
  } else if (query.error || !query.data) {
    body = (
      <Alert tone="error">
        <p>{isApiError(query.error, 'NETWORK') ? t('common.networkError') : t('verify.error')}</p>
        <Button size="sm" onClick={() => void query.refetch()}>
          {t('verify.retry')}
        </Button>
      </Alert>
    );
  } else {
    body = (
      <>
        <CredentialResult credential={query.data} />
        <div className="verify-again">
          <VerifyForm compact />
        </div>
      </>
    );
  }

  return (
    <PublicLayout wide>
      <h1 id="page-title" tabIndex={-1}>
        {t('verify.title')}
      </h1>
      <div className="verify-body">{body}</div>
      <div className="public-links">
        <Link to="/login">{t('verify.staff')}</Link>
      </div>
    </PublicLayout>
  );
}
