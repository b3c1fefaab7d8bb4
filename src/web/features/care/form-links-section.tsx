/**
 * Family form links: a one-time link (and its QR code) for a youth or caregiver to answer a
 * measure on their own phone, in English or Spanish, without an account. The link is shown once,
 * when it is made (only its hash is stored); it expires after 72 hours and works once.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, formErrors } from '../../api/client';
import type { TEpisode, TFormLink, TIssuedFormLink } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Badge, type BadgeTone } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { DateTime } from '../../ui/date-time';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { SelectField, useFocusFirstInvalid } from '../../ui/field';
import { formatDateTime } from '../../ui/format';
import { LinkIcon, PhoneIcon, PlusIcon, XCircleIcon } from '../../ui/icons';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import {
  FORM_LINK_STATUS_LABEL,
  instrumentsFor,
  LANGUAGE_LABEL,
  options,
  PHASE_LABEL,
  refreshEpisode,
  RESPONDENT_LABEL,
  useFormLinks,
  useInstruments,
  type FormLanguage,
  type Phase,
} from './care-api';

const FIELDS = ['instrument', 'phase', 'language'] as const;

const STATUS_TONE: Record<TFormLink['status'], BadgeTone> = {
  open: 'info',
  used: 'success',
  expired: 'neutral',
  revoked: 'neutral',
};

function CopyField({ url }: { url: string }) {
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
      <label htmlFor={inputId}>Form link</label>
      <div className="copy-link-row">
        <input id={inputId} className="input mono" readOnly value={url} onFocus={(e) => e.target.select()} />
        <Button icon={<LinkIcon />} onClick={() => void copy()}>
          Copy link
        </Button>
      </div>
      <div aria-live="polite" className="small">
        {state === 'copied' && <span className="text-success">Link copied.</span>}
        {state === 'failed' && (
          <span className="text-warning">Copying is not available here: select the link and copy it.</span>
        )}
      </div>
    </div>
  );
}

function IssuedLink({ link }: { link: TIssuedFormLink }) {
  const hours = Math.round((Date.parse(link.expiresAt) - Date.now()) / 3_600_000);
  return (
    <div className="care-issued">
      <Alert tone="success" title="The form link is ready">
        <p>
          It expires in {hours > 0 ? `${hours} hours` : 'less than an hour'} ({formatDateTime(link.expiresAt)}
          ) and works once. This is the only time it is shown: copy it or let the family scan the code now.
        </p>
      </Alert>
      <div className="care-issued-body">
        <img
          className="care-qr"
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.qrSvg)}`}
          alt={`QR code that opens the ${link.instrument} form`}
          width={200}
          height={200}
        />
        <div className="stack" style={{ gap: 10 }}>
          <CopyField url={link.url} />
          <p className="small muted">
            {link.instrument}, {PHASE_LABEL[link.phase].toLowerCase()}, in {LANGUAGE_LABEL[link.language]},
            for the {RESPONDENT_LABEL[link.respondent].toLowerCase()}. The form shows no name and no score;
            the answers arrive in this episode’s measures.
          </p>
        </div>
      </div>
    </div>
  );
}

function SendFormDialog({ episode, onClose }: { episode: TEpisode; onClose: () => void }) {
  const queryClient = useQueryClient();
  const instruments = useInstruments();
  const [instrument, setInstrument] = useState('');
  const [phase, setPhase] = useState<Phase>(
    episode.due?.phase ?? (episode.administrationCount === 0 ? 'baseline' : 'mid_treatment'),
  );
  const [language, setLanguage] = useState<FormLanguage>('en');
  const [local, setLocal] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () =>
      api.post<TIssuedFormLink>(`/episodes/${episode.id}/form-links`, { instrument, phase, language }),
    onSuccess: () => refreshEpisode(queryClient, episode.id),
  });
  useFocusFirstInvalid(local, create.error);
  const errors = formErrors(create.error, FIELDS);
  const err = (k: string) => local[k] ?? errors.fields[k];
  // Families answer item by item, so only item instruments a youth or caregiver fills in.
  const choices = instrumentsFor(instruments.data ?? [], episode.ageYears).filter(
    (i) => i.kind === 'items' && i.respondent !== 'clinician',
  );
  const chosen = choices.find((i) => i.code === instrument);
  const noSpanish = chosen && !chosen.languages.includes(language);

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!instrument) problems.instrument = 'is required: choose an instrument';
    if (noSpanish) problems.language = `${instrument} has no ${LANGUAGE_LABEL[language]} version`;
    setLocal(problems);
    if (Object.keys(problems).length === 0) create.mutate();
  };

  if (create.data) {
    return (
      <Dialog
        title="Send a form"
        description={`Episode ${episode.caseCode}`}
        onClose={onClose}
        wide
        footer={
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        }
      >
        <IssuedLink link={create.data} />
      </Dialog>
    );
  }

  return (
    <Dialog
      title="Send a form"
      description="A one-time link for the youth or caregiver to answer on their own phone. No account or name needed."
      onClose={onClose}
      onSubmit={submit}
      busy={create.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create link
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <SelectField
          label="Instrument"
          value={instrument}
          onChange={(e) => setInstrument(e.target.value)}
          options={choices.map((i) => ({
            value: i.code,
            label: `${i.code}: ${i.name} (${RESPONDENT_LABEL[i.respondent].toLowerCase()})`,
          }))}
          placeholder={instruments.isPending ? 'Loading instruments…' : 'Choose an instrument'}
          error={err('instrument')}
          required
        />
        <SelectField
          label="Time point"
          value={phase}
          onChange={(e) => setPhase(e.target.value as Phase)}
          options={options(PHASE_LABEL)}
          error={err('phase')}
          required
        />
        <SelectField
          label="Language"
          hint="The form, its items and its messages appear in this language."
          value={language}
          onChange={(e) => setLanguage(e.target.value as FormLanguage)}
          options={options(LANGUAGE_LABEL)}
          error={err('language') ?? (noSpanish ? `${instrument} has no Spanish version.` : undefined)}
          required
        />
      </div>
    </Dialog>
  );
}

export function FormLinksSection({ episode }: { episode: TEpisode }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const links = useFormLinks(episode.id);
  const [sending, setSending] = useState(false);
  const [revoking, setRevoking] = useState<TFormLink | null>(null);
  const revoke = useMutation({
    mutationFn: (l: TFormLink) => api.delete<void>(`/episodes/${episode.id}/form-links/${l.id}`),
    onSuccess: (_v, l) => {
      refreshEpisode(queryClient, episode.id);
      toast.success(`The ${l.instrument} link was revoked: it no longer opens.`);
      setRevoking(null);
    },
  });
  const items = links.data ?? [];

  return (
    <Card
      title="Family forms"
      subtitle="One-time links for a youth or caregiver to answer a measure on their phone."
      actions={
        <Button icon={<PlusIcon />} onClick={() => setSending(true)}>
          Send a form
        </Button>
      }
      flush
    >
      {links.isPending ? (
        <Spinner label="Loading form links…" />
      ) : links.error ? (
        <div className="card-body">
          <ErrorState error={links.error} onRetry={() => void links.refetch()} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<PhoneIcon />} title="No form links yet">
          Send a form when a family would rather answer on their own phone, in English or Spanish.
        </EmptyState>
      ) : (
        <TableWrap label="Form links">
          <table className="table">
            <caption className="visually-hidden">
              Form links of episode {episode.caseCode}, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Instrument</th>
                <th scope="col">Time point</th>
                <th scope="col">Language</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Expires or used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((l) => (
                <tr key={l.id}>
                  <th scope="row">
                    {l.instrument}
                    <span className="cell-sub">{RESPONDENT_LABEL[l.respondent]}</span>
                  </th>
                  <td>{PHASE_LABEL[l.phase]}</td>
                  <td>{LANGUAGE_LABEL[l.language]}</td>
                  <td>
                    <Badge tone={STATUS_TONE[l.status]}>{FORM_LINK_STATUS_LABEL[l.status]}</Badge>
                  </td>
                  <td className="nowrap">
                    <DateTime value={l.createdAt} />
                  </td>
                  <td className="nowrap">
                    {l.usedAt ? (
                      <>
                        <span className="visually-hidden">Used </span>
                        <DateTime value={l.usedAt} />
                      </>
                    ) : (
                      <DateTime value={l.expiresAt} />
                    )}
                  </td>
                  <td className="actions-cell">
                    {l.status === 'open' && (
                      <Button
                        size="sm"
                        variant="ghost"
                        icon={<XCircleIcon size={16} />}
                        onClick={() => setRevoking(l)}
                      >
                        Revoke<span className="visually-hidden"> the {l.instrument} link</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {sending && <SendFormDialog episode={episode} onClose={() => setSending(false)} />}
      {revoking && (
        <ConfirmDialog
          title={`Revoke the ${revoking.instrument} link?`}
          confirmLabel="Revoke link"
          danger
          busy={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate(revoking)}
          onClose={() => {
            setRevoking(null);
            revoke.reset();
          }}
        >
          Whoever has it will see that the link no longer works. You can send a new one.
        </ConfirmDialog>
      )}
    </Card>
  );
}
