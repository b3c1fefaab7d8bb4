/**
 * An episode's treatment sessions (one a day): date, length, who took part, the model's components
 * covered and whether it was by telehealth; added, changed and removed here.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, formErrors, sentence } from '../../api/client';
import type { TCareSession, TCreateSessionRequest, TEpisode } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { CheckboxField, TextField, useFocusFirstInvalid } from '../../ui/field';
import { formatDate, plural, todayIso } from '../../ui/format';
import { CalendarIcon, PlusIcon, TrashIcon } from '../../ui/icons';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import {
  options,
  PARTICIPANT_LABEL,
  refreshEpisode,
  useSessions,
  useTrainingModel,
  type Participant,
} from './care-api';

const FIELDS = ['heldOn', 'minutes', 'participants', 'components', 'telehealth'] as const;

function SessionDialog({
  episode,
  session,
  onClose,
}: {
  episode: TEpisode;
  session?: TCareSession;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const model = useTrainingModel(episode.modelId);
  const [heldOn, setHeldOn] = useState(session?.heldOn ?? todayIso());
  const [minutes, setMinutes] = useState(String(session?.minutes ?? 60));
  const [participants, setParticipants] = useState<Participant[]>(
    session?.participants ?? (episode.caregiverInvolved ? ['child', 'caregiver'] : ['child']),
  );
  const [components, setComponents] = useState<string[]>(session?.components ?? []);
  const [telehealth, setTelehealth] = useState(session?.telehealth ?? false);
  const [local, setLocal] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: () => {
      const body: TCreateSessionRequest = {
        heldOn,
        minutes: Number(minutes),
        participants,
        components,
        telehealth,
      };
      return session
        ? api.patch<TCareSession>(`/episodes/${episode.id}/sessions/${session.id}`, body)
        : api.post<TCareSession>(`/episodes/${episode.id}/sessions`, body);
    },
    onSuccess: (s) => {
      refreshEpisode(queryClient, episode.id);
      toast.success(`The session of ${formatDate(s.heldOn)} was ${session ? 'saved' : 'added'}.`);
      onClose();
    },
  });
  useFocusFirstInvalid(local, save.error);
  const errors = formErrors(save.error, FIELDS);
  const err = (k: string) => local[k] ?? errors.fields[k];

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!heldOn) problems.heldOn = 'is required';
    if (!/^\d+$/.test(minutes.trim())) problems.minutes = 'must be a whole number of minutes';
    if (participants.length === 0) problems.participants = 'must name at least one';
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };

  const modelComponents = model.data?.components ?? [];
  // Components recorded earlier that the model no longer lists stay visible, so they can be removed.
  const extra = components.filter((c) => !modelComponents.some((m) => m.code === c));

  return (
    <Dialog
      title={session ? `Edit the session of ${formatDate(session.heldOn)}` : 'Add a session'}
      description={`Episode ${episode.caseCode}, ${episode.modelCode}. One session a day.`}
      onClose={onClose}
      onSubmit={submit}
      busy={save.isPending}
      wide
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            {session ? 'Save session' : 'Add session'}
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <div className="form-grid">
          <TextField
            label="Date"
            type="date"
            value={heldOn}
            onChange={(e) => setHeldOn(e.target.value)}
            error={err('heldOn')}
            max={todayIso()}
            required
          />
          <TextField
            label="Minutes"
            hint="5 to 480."
            inputMode="numeric"
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
            error={err('minutes')}
            maxLength={3}
            required
          />
          <fieldset
            className="span-2 care-fieldset"
            aria-describedby={err('participants') ? 'session-participants-error' : undefined}
          >
            <legend>Who took part</legend>
            <div className="care-inline-choices">
              {options(PARTICIPANT_LABEL).map((o) => (
                <label key={o.value} className="check">
                  <input
                    type="checkbox"
                    checked={participants.includes(o.value)}
                    aria-invalid={err('participants') ? true : undefined}
                    onChange={(e) =>
                      setParticipants((p) =>
                        e.target.checked ? [...p, o.value] : p.filter((x) => x !== o.value),
                      )
                    }
                  />
                  <span>{o.label}</span>
                </label>
              ))}
            </div>
            {err('participants') && (
              <p id="session-participants-error" className="field-error-block">
                {sentence(err('participants') ?? '')}
              </p>
            )}
          </fieldset>
          <fieldset
            className="span-2 care-fieldset"
            aria-describedby={`session-components-hint${err('components') ? ' session-components-error' : ''}`}
          >
            <legend>Components covered</legend>
            <span id="session-components-hint" className="hint">
              The parts of {episode.modelCode} this session worked on.
            </span>
            {model.isPending ? (
              <p className="muted small">Loading the model’s components…</p>
            ) : modelComponents.length === 0 && extra.length === 0 ? (
              <p className="muted small">{episode.modelCode} lists no components.</p>
            ) : (
              <div className="care-choice-grid">
                {[...modelComponents, ...extra.map((code) => ({ code, name: code }))].map((c) => (
                  <label key={c.code} className="check">
                    <input
                      type="checkbox"
                      checked={components.includes(c.code)}
                      onChange={(e) =>
                        setComponents((list) =>
                          e.target.checked ? [...list, c.code] : list.filter((x) => x !== c.code),
                        )
                      }
                    />
                    <span>
                      {c.name}
                      {c.name !== c.code && <span className="hint">{c.code}</span>}
                    </span>
                  </label>
                ))}
              </div>
            )}
            {err('components') && (
              <p id="session-components-error" className="field-error-block">
                {sentence(err('components') ?? '')}
              </p>
            )}
          </fieldset>
          <div className="span-2">
            <CheckboxField
              label="Held by telehealth"
              checked={telehealth}
              onChange={(e) => setTelehealth(e.target.checked)}
              error={err('telehealth')}
            />
          </div>
        </div>
      </div>
    </Dialog>
  );
}

export function SessionsSection({ episode }: { episode: TEpisode }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const sessions = useSessions(episode.id);
  const model = useTrainingModel(episode.modelId);
  const [editing, setEditing] = useState<TCareSession | 'new' | null>(null);
  const [removing, setRemoving] = useState<TCareSession | null>(null);
  const remove = useMutation({
    mutationFn: (s: TCareSession) => api.delete<void>(`/episodes/${episode.id}/sessions/${s.id}`),
    onSuccess: (_v, s) => {
      refreshEpisode(queryClient, episode.id);
      toast.success(`The session of ${formatDate(s.heldOn)} was removed.`);
      setRemoving(null);
    },
  });
  const componentName = (code: string) => model.data?.components.find((c) => c.code === code)?.name ?? code;
  const items = sessions.data ?? [];

  return (
    <Card
      title="Sessions"
      subtitle={sessions.data ? plural(items.length, 'session') : undefined}
      actions={
        <Button icon={<PlusIcon />} onClick={() => setEditing('new')}>
          Add session
        </Button>
      }
      flush
    >
      {sessions.isPending ? (
        <Spinner label="Loading sessions…" />
      ) : sessions.error ? (
        <div className="card-body">
          <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<CalendarIcon />} title="No sessions yet">
          Add each treatment session: its date, length, who took part and the components covered.
        </EmptyState>
      ) : (
        <TableWrap label="Sessions">
          <table className="table">
            <caption className="visually-hidden">
              Sessions of episode {episode.caseCode}, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" className="num">
                  Minutes
                </th>
                <th scope="col">Who took part</th>
                <th scope="col">Components</th>
                <th scope="col">Telehealth</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <th scope="row" className="nowrap">
                    {formatDate(s.heldOn)}
                  </th>
                  <td className="num">{s.minutes}</td>
                  <td>{s.participants.map((p) => PARTICIPANT_LABEL[p].split(' (')[0]).join(', ')}</td>
                  <td>
                    {s.components.length === 0 ? (
                      <span className="muted">None recorded</span>
                    ) : (
                      <ul className="care-chips">
                        {s.components.map((c) => (
                          <li key={c}>{componentName(c)}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>{s.telehealth ? 'Yes' : 'No'}</td>
                  <td className="actions-cell">
                    <Button size="sm" onClick={() => setEditing(s)}>
                      Edit<span className="visually-hidden"> the session of {formatDate(s.heldOn)}</span>
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      className="btn-ghost-danger"
                      icon={<TrashIcon size={16} />}
                      onClick={() => setRemoving(s)}
                    >
                      Remove<span className="visually-hidden"> the session of {formatDate(s.heldOn)}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {editing && (
        <SessionDialog
          episode={episode}
          session={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove the session of ${formatDate(removing.heldOn)}?`}
          confirmLabel="Remove session"
          danger
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(removing)}
          onClose={() => {
            setRemoving(null);
            remove.reset();
          }}
        >
          The session no longer counts toward this episode’s sessions and fidelity.
        </ConfirmDialog>
      )}
    </Card>
  );
}
