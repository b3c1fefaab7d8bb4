/**
 * What an episode's measures add up to: per instrument, the scores over time (chart) and the
 * outcome (change from baseline, reliable change index and its classification, clinically
 * significant change, not on track); and the treatment's fidelity (sessions, components of the
 * model covered, a measure at the start and at the end).
 */
import { useId } from 'react';
import type { TEpisode, TEpisodeOutcome, TSeriesOutcome } from '../../api/types';
import { Badge } from '../../ui/badge';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { plural } from '../../ui/format';
import { ChartIcon, CheckIcon, CircleIcon } from '../../ui/icons';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { ProgressBar } from '../progress/progress-ui';
import { NotOnTrackBadge, OutcomeBadge } from './care-badges';
import { RESPONDENT_LABEL, signed, useEpisodeOutcome, useTrainingModel } from './care-api';
import { ScoreChart } from './score-chart';

function SeriesOutcome({ series: s }: { series: TSeriesOutcome }) {
  const toEnd = s.end !== null;
  const change = toEnd ? s.changeToEnd : s.changeToLatest;
  const rci = toEnd ? s.rciToEnd : s.rciToLatest;
  const cls = toEnd ? s.classificationToEnd : s.classificationToLatest;
  const headingId = useId();
  return (
    <section className="care-series" aria-labelledby={headingId}>
      <div className="row-between">
        <h3 id={headingId}>
          {s.instrument}
          <span className="cell-sub">
            {s.instrumentName}, {RESPONDENT_LABEL[s.respondent].toLowerCase()} report
          </span>
        </h3>
        <div className="row">
          <OutcomeBadge value={cls} />
          {s.notOnTrack && <NotOnTrackBadge />}
        </div>
      </div>
      <div className="care-series-body">
        <ScoreChart series={s} />
        <dl className="care-outcome">
          <div>
            <dt>Baseline</dt>
            <dd>{s.baseline ?? '—'}</dd>
          </div>
          <div>
            <dt>{toEnd ? 'End of treatment' : 'Latest'}</dt>
            <dd>{(toEnd ? s.end : s.latest) ?? '—'}</dd>
          </div>
          <div>
            <dt>Change</dt>
            <dd>
              {signed(change)}
              <span className="care-outcome-note">
                a reliable change is {s.minimumReliableChange.toFixed(1)} points or more
              </span>
            </dd>
          </div>
          <div>
            <dt>Reliable change index</dt>
            <dd>
              {rci == null ? '—' : signed(rci, 2)}
              <span className="care-outcome-note">
                <OutcomeBadge value={cls} />
              </span>
            </dd>
          </div>
          <div>
            <dt>Clinically significant</dt>
            <dd>
              {s.clinicallySignificant == null ? (
                <span className="muted">Not yet known</span>
              ) : s.clinicallySignificant ? (
                <Badge tone="success">Yes</Badge>
              ) : (
                'No'
              )}
              <span className="care-outcome-note">
                reliable improvement to below the cut-off of {s.clinicalCutoff}
              </span>
            </dd>
          </div>
          <div>
            <dt>On track</dt>
            <dd>
              {s.notOnTrack ? (
                <>
                  <NotOnTrackBadge />
                  <span className="care-outcome-note">
                    scores are not falling as expected: review the plan
                  </span>
                </>
              ) : (
                'Yes'
              )}
            </dd>
          </div>
        </dl>
      </div>
    </section>
  );
}

export function OutcomesCard({ episode }: { episode: TEpisode }) {
  const outcome = useEpisodeOutcome(episode.id);
  return (
    <Card
      title="Scores and outcome"
      subtitle="Change from baseline and the reliable change index (Jacobson and Truax), per instrument."
    >
      {outcome.isPending ? (
        <Spinner label="Loading the outcome…" />
      ) : outcome.error ? (
        <ErrorState error={outcome.error} onRetry={() => void outcome.refetch()} />
      ) : outcome.data.series.length === 0 ? (
        <EmptyState icon={<ChartIcon />} title="No scores yet">
          The chart and the outcome appear once a measure is recorded.
        </EmptyState>
      ) : (
        <div className="stack care-series-list">
          {outcome.data.series.map((s) => (
            <SeriesOutcome key={`${s.instrument}-${s.respondent}`} series={s} />
          ))}
        </div>
      )}
    </Card>
  );
}

function Check({ ok, children }: { ok: boolean; children: string }) {
  return (
    <li className={ok ? 'care-check ok' : 'care-check'}>
      {ok ? <CheckIcon size={18} /> : <CircleIcon size={18} />}
      <span>
        {children}: <strong>{ok ? 'yes' : 'not yet'}</strong>
      </span>
    </li>
  );
}

function FidelityBody({
  fidelity: f,
  episode,
}: {
  fidelity: TEpisodeOutcome['fidelity'];
  episode: TEpisode;
}) {
  const model = useTrainingModel(episode.modelId);
  const name = (code: string) => model.data?.components.find((c) => c.code === code)?.name ?? code;
  const covered = new Set(f.componentsCovered);
  const total = f.modelComponents.length;
  const done = f.modelComponents.filter((c) => covered.has(c)).length;
  return (
    <div className="stack" style={{ gap: 14 }}>
      <dl className="totals">
        <div>
          <dt>Sessions</dt>
          <dd>{f.sessions}</dd>
        </div>
        <div>
          <dt>Hours</dt>
          <dd>{Math.round((f.totalMinutes / 60) * 10) / 10}</dd>
        </div>
        <div>
          <dt>With caregiver</dt>
          <dd>{f.caregiverSessions}</dd>
        </div>
        <div>
          <dt>By telehealth</dt>
          <dd>{f.telehealthSessions}</dd>
        </div>
      </dl>
      {total > 0 ? (
        <div className="stack" style={{ gap: 6 }}>
          <p>
            <strong>
              {done} of {plural(total, 'component')}
            </strong>{' '}
            of {episode.modelCode} covered
          </p>
          <ProgressBar
            value={done}
            max={total}
            label={`${episode.modelCode} components covered`}
            valueText={`${done} of ${total} components covered`}
            tone={done === total ? 'success' : 'primary'}
          />
          <ul className="care-chips care-components">
            {f.modelComponents.map((c) => (
              <li key={c} className={covered.has(c) ? 'covered' : undefined}>
                {covered.has(c) ? <CheckIcon size={13} /> : null}
                {name(c)}
                <span className="visually-hidden">{covered.has(c) ? ', covered' : ', not yet covered'}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">{episode.modelCode} lists no components to follow.</p>
      )}
      <ul className="list-plain care-checks">
        <Check ok={f.hasBaseline}>A measure at the start</Check>
        <Check ok={f.hasEnd}>A measure at the end</Check>
      </ul>
    </div>
  );
}

export function FidelityCard({ episode }: { episode: TEpisode }) {
  const outcome = useEpisodeOutcome(episode.id);
  return (
    <Card title="Fidelity" subtitle="How closely treatment follows the model.">
      {outcome.isPending ? (
        <Spinner label="Loading…" inline />
      ) : outcome.error ? (
        <ErrorState error={outcome.error} onRetry={() => void outcome.refetch()} />
      ) : (
        <FidelityBody fidelity={outcome.data.fidelity} episode={episode} />
      )}
    </Card>
  );
}
