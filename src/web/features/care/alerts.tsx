/**
 * Alerts: a possible self-harm answer (raised at once by a critical item such as PHQ-A item 9) and
 * "not on track" (scores not falling as expected). Open alerts are listed self-harm first, marked
 * clearly but calmly, and acknowledged by recording what was done. The home page shows the panel
 * to clinicians, directors and trainers (trainers see only "not on track" for the clinicians they
 * train, without a link to the episode); the episode page lists the episode's own alerts.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, formErrors, sentence } from '../../api/client';
import type { TAlert, TEpisode } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { DateTime } from '../../ui/date-time';
import { Dialog } from '../../ui/dialog';
import { useFocusFirstInvalid } from '../../ui/field';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toasts';
import { useSession } from '../shell/session';
import { AlertKindBadge } from './care-badges';
import { ALERT_ACTION_LABEL, sortAlerts, useAlerts, type AlertAction } from './care-api';
import { CARE_ROLES } from './lazy-pages';
import './care.css';

/** The actions that fit each kind of alert, most usual first. */
const ACTIONS: Record<TAlert['kind'], AlertAction[]> = {
  self_harm: ['safety_plan', 'contacted_caregiver', 'emergency_referral', 'reviewed_in_session', 'other'],
  not_on_track: ['reviewed_in_session', 'reviewed_in_consultation', 'plan_adjusted', 'other'],
};

function what(alert: TAlert): string {
  return alert.kind === 'self_harm'
    ? `An answer on ${alert.instrument} points to thoughts of self-harm.`
    : `${alert.instrument} scores are not falling as expected.`;
}

function AcknowledgeDialog({ alert, onClose }: { alert: TAlert; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [action, setAction] = useState<AlertAction | ''>('');
  const [missing, setMissing] = useState(false);
  const save = useMutation({
    mutationFn: () => api.post<TAlert>(`/alerts/${alert.id}/acknowledge`, { action }),
    onSuccess: (a) => {
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      void queryClient.invalidateQueries({ queryKey: ['episodes'] });
      void queryClient.invalidateQueries({ queryKey: ['episode', a.episodeId] });
      toast.success('The alert was acknowledged.');
      onClose();
    },
  });
  useFocusFirstInvalid(missing, save.error);
  const errors = formErrors(save.error, ['action']);
  const error = missing ? 'choose what was done' : errors.fields.action;
  const submit = () => {
    setMissing(!action);
    if (action) save.mutate();
  };
  return (
    <Dialog
      title="Acknowledge the alert"
      description={`${alert.caseCode ? `Episode ${alert.caseCode}. ` : ''}${what(alert)}`}
      onClose={onClose}
      onSubmit={submit}
      busy={save.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Acknowledge
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <fieldset className="care-fieldset" aria-describedby={error ? 'ack-action-error' : undefined}>
          <legend>What was done</legend>
          <div className="care-radio-list">
            {ACTIONS[alert.kind].map((a) => (
              <label key={a} className="check">
                <input
                  type="radio"
                  name="ack-action"
                  value={a}
                  checked={action === a}
                  aria-invalid={error ? true : undefined}
                  onChange={() => {
                    setAction(a);
                    setMissing(false);
                  }}
                />
                <span>{ALERT_ACTION_LABEL[a]}</span>
              </label>
            ))}
          </div>
          {error && (
            <p id="ack-action-error" className="field-error-block">
              {sentence(error)}
            </p>
          )}
        </fieldset>
      </div>
    </Dialog>
  );
}

function AlertRow({
  alert,
  showEpisode,
  showClinician,
  onAcknowledge,
}: {
  alert: TAlert;
  showEpisode: boolean;
  showClinician: boolean;
  onAcknowledge: (a: TAlert) => void;
}) {
  const open = !alert.acknowledgedAt;
  return (
    <li className={`care-alert care-alert-row-${alert.kind}${open ? '' : ' done'}`}>
      <div className="care-alert-main">
        <AlertKindBadge kind={alert.kind} />
        <p className="care-alert-what">
          {showEpisode && alert.caseCode ? (
            <>
              <Link to={`/episodes/${alert.episodeId}`} className="mono">
                {alert.caseCode}
              </Link>
              {': '}
            </>
          ) : null}
          {what(alert)}
        </p>
        <p className="cell-sub">
          Raised <DateTime value={alert.raisedAt} />
          {showClinician && ` · ${alert.clinicianName}, ${alert.centerName}`}
        </p>
        {!open && (
          <p className="cell-sub">
            Acknowledged <DateTime value={alert.acknowledgedAt} />
            {alert.acknowledgedByName && ` by ${alert.acknowledgedByName}`}
            {alert.action && `: ${ALERT_ACTION_LABEL[alert.action].toLowerCase()}`}
          </p>
        )}
      </div>
      {open && (
        <Button
          size="sm"
          variant={alert.kind === 'self_harm' ? 'primary' : 'secondary'}
          onClick={() => onAcknowledge(alert)}
        >
          Acknowledge
          <span className="visually-hidden"> the alert {alert.caseCode ? `on ${alert.caseCode}` : ''}</span>
        </Button>
      )}
    </li>
  );
}

function AlertList({
  alerts,
  showEpisode,
  showClinician,
}: {
  alerts: TAlert[];
  showEpisode: boolean;
  showClinician: boolean;
}) {
  const [acknowledging, setAcknowledging] = useState<TAlert | null>(null);
  return (
    <>
      <ul className="care-alerts">
        {alerts.map((a) => (
          <AlertRow
            key={a.id}
            alert={a}
            showEpisode={showEpisode}
            showClinician={showClinician}
            onAcknowledge={setAcknowledging}
          />
        ))}
      </ul>
      {acknowledging && <AcknowledgeDialog alert={acknowledging} onClose={() => setAcknowledging(null)} />}
    </>
  );
}

/**
 * Open alerts in reach, self-harm first. A trainer who is not also a clinician or director of the
 * center sees only "not on track" (consultation), never a safety answer, whatever the server sends.
 */
function useOpenAlerts() {
  const session = useSession();
  const alerts = useAlerts({ open: 'true', pageSize: 50 });
  const consultantOnly = session.has('trainer') && !session.has('clinician', 'center_director');
  const all = alerts.data?.items ?? [];
  const items = sortAlerts(consultantOnly ? all.filter((a) => a.kind === 'not_on_track') : all);
  const hidden = all.length - items.length;
  const total = Math.max(items.length, (alerts.data?.total ?? 0) - hidden);
  return { alerts, items, total, consultantOnly };
}

/** The home page's panel: every open alert the person should act on. */
export function HomeAlertsPanel() {
  const session = useSession();
  const { alerts, items, total, consultantOnly } = useOpenAlerts();
  const onlyOwn = session.has('clinician') && !session.has('center_director', 'trainer');
  return (
    <Card
      title="Open alerts"
      subtitle={
        consultantOnly
          ? 'Clinicians you train whose cases are not on track.'
          : 'Answers that point to self-harm, and children whose scores are not falling as expected.'
      }
      actions={session.has(...CARE_ROLES) ? <Link to="/caseload?attention=true">Caseload</Link> : undefined}
    >
      {alerts.isPending ? (
        <Spinner label="Loading alerts…" inline />
      ) : alerts.error ? (
        <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted">No open alerts.</p>
      ) : (
        <>
          <AlertList alerts={items} showEpisode={session.has(...CARE_ROLES)} showClinician={!onlyOwn} />
          {total > items.length && <p className="muted small">and {total - items.length} more</p>}
        </>
      )}
    </Card>
  );
}

/** The caseload's list of alerts waiting to be acknowledged; nothing when there is none. */
export function CaseloadAlerts() {
  const session = useSession();
  const { alerts, items, total } = useOpenAlerts();
  const onlyOwn = !session.isAdmin && !session.has('center_director');
  if (alerts.isPending || (!alerts.error && items.length === 0)) return null;
  return (
    <Card
      title="Alerts to acknowledge"
      subtitle="Record what was done for each: the alert then leaves this list and the home page."
      className={items.some((a) => a.kind === 'self_harm') ? 'care-card-alert' : undefined}
    >
      {alerts.error ? (
        <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : (
        <>
          <AlertList alerts={items} showEpisode showClinician={!onlyOwn} />
          {total > items.length && <p className="muted small">and {total - items.length} more</p>}
        </>
      )}
    </Card>
  );
}

/** The episode page's alerts: open ones first, then those already acknowledged. */
export function EpisodeAlertsSection({ episode }: { episode: TEpisode }) {
  const alerts = useAlerts({ episodeId: episode.id, pageSize: 100 });
  const items = alerts.data?.items ?? [];
  const open = sortAlerts(items.filter((a) => !a.acknowledgedAt));
  const done = items
    .filter((a) => a.acknowledgedAt)
    .sort((a, b) => (b.acknowledgedAt ?? '').localeCompare(a.acknowledgedAt ?? ''));
  return (
    <Card
      title="Alerts"
      subtitle={open.length > 0 ? `${open.length} open` : undefined}
      className={open.some((a) => a.kind === 'self_harm') ? 'care-card-alert' : undefined}
    >
      {alerts.isPending ? (
        <Spinner label="Loading alerts…" inline />
      ) : alerts.error ? (
        <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted">No alerts for this episode.</p>
      ) : (
        <div className="stack" style={{ gap: 12 }}>
          {open.length > 0 ? (
            <AlertList alerts={open} showEpisode={false} showClinician={false} />
          ) : (
            <p className="muted">No open alerts.</p>
          )}
          {done.length > 0 && (
            <details className="care-alerts-done">
              <summary>Acknowledged ({done.length})</summary>
              <AlertList alerts={done} showEpisode={false} showClinician={false} />
            </details>
          )}
        </div>
      )}
    </Card>
  );
}
