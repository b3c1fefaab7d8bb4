/**
 * A cohort's sessions and calls with each one's attendance summary, the link to record
 * attendance (the cohort's trainers and administrators), and "Schedule calls": a series such as
 * twelve consultation calls two weeks apart.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { DateTime } from '../../ui/date-time';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { SelectField, TextField, useFocusFirstInvalid } from '../../ui/field';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import { CalendarIcon, PlusIcon } from '../../ui/icons';
import { useRefreshCohort } from './enrol-dialog';
import { listFormErrors } from './form-errors';
import {
  EVENT_KIND_LABEL,
  hasStarted,
  useCohortEvents,
  type TCohort,
  type TCohortEvent,
} from './learning-api';

const SERIES_FIELDS = ['kind', 'title', 'firstStartsAt', 'count', 'every', 'durationMinutes'] as const;
const EVERY_OPTIONS = [
  { value: 'week', label: 'Every week' },
  { value: 'two_weeks', label: 'Every two weeks' },
  { value: 'month', label: 'Every month' },
];

function ScheduleDialog({ cohort, onClose }: { cohort: TCohort; onClose: () => void }) {
  const toast = useToast();
  const refresh = useRefreshCohort();
  const consultation = cohort.course?.kind === 'consultation_series';
  const [values, setValues] = useState({
    kind: (consultation || !cohort.course ? 'consultation_call' : 'live_session') as TCohortEvent['kind'],
    title: consultation || !cohort.course ? 'Consultation call' : 'Live training day',
    firstStartsAt: '',
    count: '12',
    every: 'two_weeks',
    durationMinutes: '60',
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = (key: keyof typeof values, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const schedule = useMutation({
    mutationFn: () =>
      api.post<{ items: TCohortEvent[] }>(`/cohorts/${cohort.id}/events/series`, {
        kind: values.kind,
        title: values.title,
        firstStartsAt: new Date(values.firstStartsAt).toISOString(),
        count: Number(values.count),
        every: values.every,
        durationMinutes: Number(values.durationMinutes),
      }),
    onSuccess: (r) => {
      refresh();
      toast.success(`${r.items.length} ${r.items.length === 1 ? 'session was' : 'sessions were'} scheduled.`);
      onClose();
    },
  });
  useFocusFirstInvalid(local, schedule.error);
  const errors = listFormErrors(schedule.error, SERIES_FIELDS);
  const err = (k: string) => local[k] ?? errors.fields[k];

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!values.firstStartsAt || Number.isNaN(Date.parse(values.firstStartsAt)))
      problems.firstStartsAt = 'is required: choose the date and time of the first one';
    if (!/^\d+$/.test(values.count.trim())) problems.count = 'must be a whole number from 1 to 52';
    if (!/^\d+$/.test(values.durationMinutes.trim()))
      problems.durationMinutes = 'must be a whole number of minutes';
    setLocal(problems);
    if (Object.keys(problems).length === 0) schedule.mutate();
  };

  return (
    <Dialog
      title="Schedule calls"
      description={`A series of sessions or calls for ${cohort.title}, numbered “1 of N”, “2 of N”…`}
      onClose={onClose}
      onSubmit={submit}
      busy={schedule.isPending}
      wide
      footer={
        <>
          <Button onClick={onClose} disabled={schedule.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={schedule.isPending}>
            Schedule
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <div className="form-grid">
          <SelectField
            label="Kind"
            value={values.kind}
            onChange={(e) => set('kind', e.target.value)}
            options={Object.entries(EVENT_KIND_LABEL).map(([value, label]) => ({ value, label }))}
            error={err('kind')}
          />
          <TextField
            label="Title"
            hint="Each one is called “<title> N of <count>”."
            value={values.title}
            onChange={(e) => set('title', e.target.value)}
            maxLength={180}
            error={err('title')}
            required
          />
          <TextField
            label="First one starts"
            hint="In your time zone."
            type="datetime-local"
            value={values.firstStartsAt}
            onChange={(e) => set('firstStartsAt', e.target.value)}
            error={err('firstStartsAt')}
            required
          />
          <SelectField
            label="Repeats"
            value={values.every}
            onChange={(e) => set('every', e.target.value)}
            options={EVERY_OPTIONS}
            error={err('every')}
          />
          <TextField
            label="How many"
            inputMode="numeric"
            value={values.count}
            onChange={(e) => set('count', e.target.value)}
            error={err('count')}
            required
          />
          <TextField
            label="Length in minutes"
            inputMode="numeric"
            value={values.durationMinutes}
            onChange={(e) => set('durationMinutes', e.target.value)}
            error={err('durationMinutes')}
            required
          />
        </div>
      </div>
    </Dialog>
  );
}

function AttendanceSummary({ event }: { event: TCohortEvent }) {
  const a = event.attendance;
  const recorded = a.present + a.absent + a.excused;
  if (!hasStarted(event)) return <Badge tone="info">Upcoming</Badge>;
  if (recorded === 0) return <Badge tone="warning">Not recorded</Badge>;
  return (
    <span className="attendance-summary">
      <span>
        <strong>{a.present}</strong> present
      </span>
      <span>
        <strong>{a.absent}</strong> absent
      </span>
      <span>
        <strong>{a.excused}</strong> excused
      </span>
      {recorded < a.rosterSize && (
        <span className="cell-sub text-warning">
          {a.rosterSize - recorded} of {a.rosterSize} not recorded
        </span>
      )}
    </span>
  );
}

export function EventsSection({ cohort, canManage }: { cohort: TCohort; canManage: boolean }) {
  const events = useCohortEvents(cohort.id);
  const [scheduling, setScheduling] = useState(false);
  const items = [...(events.data ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const schedule = canManage && (
    <Button icon={<PlusIcon />} onClick={() => setScheduling(true)}>
      Schedule calls
    </Button>
  );

  return (
    <Card
      title="Sessions and calls"
      subtitle={
        canManage
          ? 'Record attendance once a session has started: every roster member in one step.'
          : 'The live sessions and consultation calls of this cohort, with how many attended.'
      }
      actions={schedule}
      flush
    >
      {events.isPending ? (
        <Spinner label="Loading sessions…" />
      ) : events.error ? (
        <div className="card-body">
          <ErrorState error={events.error} onRetry={() => void events.refetch()} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<CalendarIcon />} title="Nothing scheduled yet" action={schedule}>
          {canManage
            ? 'Schedule the live sessions or consultation calls of this cohort.'
            : 'Sessions and calls appear here once the trainers schedule them.'}
        </EmptyState>
      ) : (
        <TableWrap label="Sessions and calls">
          <table className="table">
            <caption className="visually-hidden">Sessions and calls, with attendance</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">When</th>
                <th scope="col" className="num">
                  Minutes
                </th>
                <th scope="col">Attendance</th>
                <th scope="col" className="actions-cell">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => {
                const started = hasStarted(e);
                const recorded = e.attendance.present + e.attendance.absent + e.attendance.excused;
                const action =
                  canManage && started ? (recorded > 0 ? 'Edit attendance' : 'Record attendance') : 'View';
                return (
                  <tr key={e.id}>
                    <th scope="row">
                      <span className="cell-main">{e.title}</span>
                      <span className="cell-sub">{EVENT_KIND_LABEL[e.kind]}</span>
                    </th>
                    <td className="nowrap">
                      <DateTime value={e.startsAt} />
                    </td>
                    <td className="num">{e.durationMinutes}</td>
                    <td>
                      <AttendanceSummary event={e} />
                    </td>
                    <td className="actions-cell">
                      <Link
                        to={`/cohorts/${cohort.id}/events/${e.id}`}
                        className={`btn btn-sm ${action === 'Record attendance' ? 'btn-primary' : 'btn-secondary'}`}
                      >
                        {action}
                        <span className="visually-hidden">
                          {action === 'View' ? `: ${e.title}` : ` for ${e.title}`}
                        </span>
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      {scheduling && <ScheduleDialog cohort={cohort} onClose={() => setScheduling(false)} />}
    </Card>
  );
}
