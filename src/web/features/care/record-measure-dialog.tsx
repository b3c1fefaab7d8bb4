/**
 * "Record a measure": choose the instrument (those that fit the child's age and the respondent),
 * the time point and the date, then answer item by item (English wording, one radio group per
 * item) or enter a total scored by hand on paper. The server scores it: the live score appears as
 * soon as the instrument's missing-item rule allows a score, and follows every answer after that. An answer to a critical item (PHQ-A item 9) shows a safety notice at
 * once; saving it raises a self-harm alert.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useMemo, useState } from 'react';
import { api, ApiError, formErrors, sentence } from '../../api/client';
import type {
  TAdministration,
  TCreateAdministrationRequest,
  TEpisode,
  TInstrumentDefinition,
  TScoreResult,
} from '../../api/types';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { SelectField, TextField, useFocusFirstInvalid } from '../../ui/field';
import { todayIso } from '../../ui/format';
import { AlertIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toasts';
import { BandBadge } from './care-badges';
import {
  instrumentsFor,
  options,
  PHASE_LABEL,
  refreshEpisode,
  RESPONDENT_LABEL,
  useInstrument,
  useInstruments,
  type Phase,
  type Respondent,
} from './care-api';

const FIELDS = ['instrument', 'phase', 'respondent', 'administeredOn', 'responses', 'total'] as const;

type Responses = Record<string, number | null>;
type Item = TInstrumentDefinition['items'][number];

/** Whether this answer to a critical item is one that raises a safety alert. */
export function isCriticalAnswer(item: Item, value: number | null | undefined): boolean {
  return value != null && Boolean(item.critical?.values.includes(value));
}

function sectionTitle(code: string): string {
  const s = code.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Problems the server found with single items ("responses.q9": "must be 0 to 3"). */
function itemErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const d of error.details) {
    const [root, id] = d.path.split('.');
    if (root === 'responses' && id && !out[id]) out[id] = d.message;
  }
  return out;
}

function SafetyNotice() {
  return (
    <div className="care-safety" role="alert">
      <AlertIcon size={20} />
      <div>
        <p className="care-safety-title">This answer points to thoughts of self-harm</p>
        <p>
          Follow your center’s safety protocol before the child leaves today: ask about current thoughts,
          plans and means, and make or review a safety plan. Saving this measure raises a self-harm alert for
          you and your director.
        </p>
      </div>
    </div>
  );
}

function ItemQuestion({
  instrument,
  item,
  value,
  error,
  onChange,
}: {
  instrument: TInstrumentDefinition;
  item: Item;
  value: number | null | undefined;
  error: string | undefined;
  onChange: (value: number | null) => void;
}) {
  const set = instrument.responseSets.find((r) => r.id === item.responseSet);
  const errorId = `item-${item.id}-error`;
  return (
    <fieldset
      className={`care-item${error ? ' invalid' : ''}`}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>
        <span className="care-item-number">{item.number}.</span> {item.text.en}
      </legend>
      <div className="care-item-options">
        {(set?.options ?? []).map((o) => (
          <label key={o.value} className="care-option">
            <input
              type="radio"
              name={`${instrument.code}-${item.id}`}
              value={o.value}
              checked={value === o.value}
              aria-invalid={error ? true : undefined}
              onChange={() => onChange(o.value)}
            />
            <span>
              {o.label.en} <span className="care-option-value">({o.value})</span>
            </span>
          </label>
        ))}
        {value != null && (
          <button type="button" className="link-button small" onClick={() => onChange(null)}>
            Clear<span className="visually-hidden"> the answer to item {item.number}</span>
          </button>
        )}
      </div>
      {error && (
        <p id={errorId} className="field-error-block">
          {sentence(error)}
        </p>
      )}
      {isCriticalAnswer(item, value) && <SafetyNotice />}
    </fieldset>
  );
}

function ScoreSummary({ score, max }: { score: TScoreResult; max: number | undefined }) {
  return (
    <div className="care-score" aria-live="polite">
      <p>
        <strong>
          Score {score.total}
          {max !== undefined && ` of ${max}`}
        </strong>{' '}
        <BandBadge label={score.band.label.en} severity={score.band.severity} />
        {score.clinical && <span className="care-score-note"> In the clinical range.</span>}
        {score.prorated && (
          <span className="care-score-note"> Prorated for {score.missing.length} unanswered.</span>
        )}
      </p>
      {score.flags.length > 0 && (
        <p className="text-danger">
          <AlertIcon size={16} /> A self-harm alert will be raised when you save.
        </p>
      )}
    </div>
  );
}

export function RecordMeasureDialog({ episode, onClose }: { episode: TEpisode; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const instruments = useInstruments();
  const [respondent, setRespondent] = useState<Respondent | ''>('');
  const [code, setCode] = useState('');
  const [phase, setPhase] = useState<Phase>(
    episode.due?.phase ?? (episode.administrationCount === 0 ? 'baseline' : 'mid_treatment'),
  );
  const [administeredOn, setAdministeredOn] = useState(todayIso());
  const [mode, setMode] = useState<'items' | 'total'>('items');
  const [responses, setResponses] = useState<Responses>({});
  const [total, setTotal] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const fitting = instrumentsFor(instruments.data ?? [], episode.ageYears);
  const respondents = [...new Set(fitting.map((i) => i.respondent))];
  const choices = instrumentsFor(instruments.data ?? [], episode.ageYears, respondent);
  const summary = choices.find((i) => i.code === code);
  const definition = useInstrument(summary ? code : null);
  const instrument = definition.data;
  const byTotal = mode === 'total' || summary?.kind === 'total_only';

  // A new instrument starts from a blank form.
  useEffect(() => {
    setResponses({});
    setTotal('');
    setMode(summary?.kind === 'total_only' ? 'total' : 'items');
  }, [code]);
  useEffect(() => {
    if (code && !summary) setCode('');
  }, [respondent]);

  const items = instrument?.items ?? [];
  const answered = items.filter((i) => responses[i.id] != null).length;
  // Scored as soon as the instrument's missing-item rule allows (prorated until the rest is answered).
  const scoredItems = items.filter((i) => i.scored);
  const missingScored = scoredItems.filter((i) => responses[i.id] == null).length;
  const complete =
    instrument !== undefined &&
    scoredItems.length > 0 &&
    missingScored < scoredItems.length &&
    missingScored <= instrument.scoring.maxMissingProrated;
  const totalNumber = /^\d+(\.\d+)?$/.test(total.trim()) ? Number(total) : null;

  // The live score, from the server's scoring engine (the same one that stores it).
  const scoreBody = byTotal
    ? totalNumber !== null
      ? { total: totalNumber, ageYears: episode.ageYears }
      : null
    : complete
      ? { responses, ageYears: episode.ageYears }
      : null;
  const score = useQuery({
    queryKey: ['instrument-score', code, scoreBody],
    queryFn: () => api.post<TScoreResult>(`/instruments/${encodeURIComponent(code)}/score`, scoreBody),
    enabled: Boolean(code && scoreBody && instrument),
    retry: false,
    staleTime: Infinity,
    // The last score stays on screen while the next answer is scored, rather than flickering.
    placeholderData: keepPreviousData,
  });
  const liveScore = scoreBody ? score.data : undefined;

  const save = useMutation({
    mutationFn: () => {
      const body: TCreateAdministrationRequest = {
        instrument: code,
        phase,
        administeredOn,
        ...(summary && summary.respondent !== 'clinician' ? { respondent: summary.respondent } : {}),
        ...(byTotal ? { total: totalNumber ?? Number.NaN } : { responses, language: 'en' as const }),
      };
      return api.post<TAdministration>(`/episodes/${episode.id}/administrations`, body);
    },
    onSuccess: (a) => {
      refreshEpisode(queryClient, episode.id);
      toast.success(
        a.flags.length > 0
          ? `${a.instrument} was saved with a score of ${a.total}. A self-harm alert was raised.`
          : `${a.instrument} was saved with a score of ${a.total}.`,
      );
      onClose();
    },
  });
  useFocusFirstInvalid(local, save.error);
  const errors = formErrors(save.error, FIELDS);
  const perItem = useMemo(() => itemErrors(save.error), [save.error]);
  const err = (k: string) => local[k] ?? errors.fields[k];

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!code) problems.instrument = 'is required: choose an instrument';
    if (!administeredOn) problems.administeredOn = 'is required';
    if (code && byTotal && totalNumber === null) problems.total = 'must be a number, e.g. 14';
    if (code && !byTotal && answered === 0) problems.responses = 'answer the items first';
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };

  const sections = useMemo(() => {
    const out: { code: string; items: Item[] }[] = [];
    for (const item of items) {
      const last = out[out.length - 1];
      if (last && last.code === item.section) last.items.push(item);
      else out.push({ code: item.section, items: [item] });
    }
    return out;
  }, [items]);
  const critical = items.some((i) => isCriticalAnswer(i, responses[i.id]));
  const scoreError = score.error instanceof ApiError ? score.error : null;

  return (
    <Dialog
      title="Record a measure"
      description={`Episode ${episode.caseCode}, age ${episode.ageYears}. Only instruments for this age are offered.`}
      onClose={onClose}
      onSubmit={submit}
      busy={save.isPending}
      wide
      footer={
        <>
          <div className="care-measure-status" aria-live="polite">
            {code && !byTotal && items.length > 0 && (
              <span>
                {answered} of {items.length} answered
                {liveScore ? ` · score ${liveScore.total}` : ''}
              </span>
            )}
            {critical && (
              <span className="text-danger">
                {' '}
                · <AlertIcon size={14} /> safety notice
              </span>
            )}
          </div>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save measure
          </Button>
        </>
      }
    >
      <div className="form care-measure-form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <div className="form-grid">
          <SelectField
            label="Respondent"
            value={respondent}
            onChange={(e) => setRespondent(e.target.value as Respondent | '')}
            options={respondents.map((r) => ({ value: r, label: RESPONDENT_LABEL[r] }))}
            placeholder="Any respondent"
            error={err('respondent')}
          />
          <SelectField
            label="Instrument"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            options={choices.map((i) => ({
              value: i.code,
              label: `${i.code}: ${i.name} (${RESPONDENT_LABEL[i.respondent].toLowerCase()}, ages ${i.ageMin}–${i.ageMax})`,
            }))}
            placeholder={
              instruments.isPending
                ? 'Loading instruments…'
                : choices.length === 0
                  ? 'None fits this age'
                  : 'Choose an instrument'
            }
            error={err('instrument')}
            required
          />
          <SelectField
            label="Time point"
            value={phase}
            onChange={(e) => setPhase(e.target.value as Phase)}
            options={options(PHASE_LABEL)}
            hint={episode.due ? `Due: ${PHASE_LABEL[episode.due.phase].toLowerCase()}.` : undefined}
            error={err('phase')}
            required
          />
          <TextField
            label="Date given"
            type="date"
            value={administeredOn}
            onChange={(e) => setAdministeredOn(e.target.value)}
            max={todayIso()}
            error={err('administeredOn')}
            required
          />
        </div>

        {summary && summary.kind === 'items' && (
          <fieldset className="care-fieldset">
            <legend>How to enter it</legend>
            <div className="care-inline-choices">
              <label className="check">
                <input
                  type="radio"
                  name="measure-mode"
                  checked={mode === 'items'}
                  onChange={() => setMode('items')}
                />
                <span>Item by item</span>
              </label>
              <label className="check">
                <input
                  type="radio"
                  name="measure-mode"
                  checked={mode === 'total'}
                  onChange={() => setMode('total')}
                />
                <span>A total scored by hand on paper</span>
              </label>
            </div>
          </fieldset>
        )}

        {code && definition.isPending && <Spinner label="Loading the instrument…" inline />}
        {code && definition.error && <Alert tone="error">The instrument could not be loaded.</Alert>}

        {instrument && byTotal && (
          <TextField
            label="Total score"
            hint={`From ${instrument.scoring.min} to ${instrument.scoring.max}.`}
            inputMode="decimal"
            value={total}
            onChange={(e) => setTotal(e.target.value)}
            error={err('total') ?? (scoreError && !save.error ? scoreError.details[0]?.message : undefined)}
            autoComplete="off"
            required
          />
        )}

        {instrument && !byTotal && (
          <div className="care-items">
            {(instrument.instructions || instrument.recall) && (
              <p className="muted small">
                {instrument.instructions?.en}
                {instrument.recall && ` Over ${instrument.recall.en}.`}
              </p>
            )}
            {err('responses') && (
              <p className="field-error-block" role="alert">
                {sentence(err('responses') ?? '')}
              </p>
            )}
            {sections.map((section) => (
              <Fragment key={section.code}>
                {sections.length > 1 && <h3 className="care-section-title">{sectionTitle(section.code)}</h3>}
                {section.items.map((item) => (
                  <ItemQuestion
                    key={item.id}
                    instrument={instrument}
                    item={item}
                    value={responses[item.id]}
                    error={perItem[item.id]}
                    onChange={(v) => setResponses((r) => ({ ...r, [item.id]: v }))}
                  />
                ))}
              </Fragment>
            ))}
          </div>
        )}

        {instrument && (
          <div className="care-score-box">
            {liveScore ? (
              <ScoreSummary score={liveScore} max={instrument.scoring.max} />
            ) : scoreBody && score.isFetching ? (
              <Spinner label="Scoring…" inline />
            ) : scoreBody && scoreError && !byTotal ? (
              <p className="text-danger">{scoreError.details[0]?.message ?? scoreError.message}</p>
            ) : (
              <p className="muted">
                {byTotal
                  ? 'Enter the total to see its band.'
                  : `The score appears once enough items are answered (${answered} of ${items.length} so far).`}
              </p>
            )}
          </div>
        )}
      </div>
    </Dialog>
  );
}
