/**
 * One session or call of a cohort, with its roster. For the cohort's trainers and administrators
 * it is the attendance form: every roster member in a row with present / absent / excused and the
 * minutes attended, "Mark all present", and one Save that records the whole roster at once (the
 * API writes all records or none, and names every wrong one). Others see the attendance read-only.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, sentence } from '../../api/client';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { DateTime } from '../../ui/date-time';
import { EmptyState } from '../../ui/empty-state';
import { useFocusFirstInvalid } from '../../ui/field';
import { formatDateTime, plural } from '../../ui/format';
import { AlertIcon, CheckIcon, ClipboardIcon, PeopleIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { NotFoundPage, PageQuery } from '../../ui/query-state';
import { useToast } from '../../ui/toasts';
import { useSession } from '../shell/session';
import {
  ATTENDANCE_LABEL,
  COHORT_QUERY_ROOTS,
  EVENT_KIND_LABEL,
  hasStarted,
  putAttendance,
  useCohort,
  useCohortEvent,
  type AttendanceStatus,
  type TCohort,
  type TCohortEventDetail,
  type TRosterEntry,
} from './learning-api';
import './cohorts.css';

const STATUSES: AttendanceStatus[] = ['present', 'absent', 'excused'];

interface Row {
  status: AttendanceStatus | null;
  minutes: string;
}

function initialRows(event: TCohortEventDetail): Record<string, Row> {
  return Object.fromEntries(
    event.roster.map((r) => [
      r.enrollmentId,
      {
        status: r.attendance?.status ?? null,
        minutes: r.attendance ? String(r.attendance.minutesAttended) : '',
      },
    ]),
  );
}

/** Row errors from the API ("records.3.minutesAttended"), by enrolment, and what is left over. */
function rowErrors(error: unknown, sent: string[]): { rows: Record<string, string>; message: string | null } {
  if (!error) return { rows: {}, message: null };
  if (!(error instanceof ApiError))
    return { rows: {}, message: error instanceof Error ? error.message : 'Something went wrong.' };
  const rows: Record<string, string> = {};
  const rest: string[] = [];
  for (const d of error.details) {
    const m = /^records\.(\d+)\./.exec(d.path);
    const id = m ? sent[Number(m[1])] : undefined;
    if (id && !rows[id]) rows[id] = d.message;
    else if (!id) rest.push(sentence(d.message));
  }
  const count = Object.keys(rows).length;
  if (count === 0) return { rows, message: error.message };
  return {
    rows,
    message: [`${plural(count, 'row needs', 'rows need')} attention; nothing was saved.`, ...rest].join(' '),
  };
}

function AttendanceForm({ cohort, event }: { cohort: TCohort; event: TCohortEventDetail }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Record<string, Row>>(() => initialRows(event));
  const [sent, setSent] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  // A newer copy from the server (after saving, or another trainer's change) resets the form.
  useEffect(() => setRows(initialRows(event)), [event]);

  const set = (id: string, patch: Partial<Row>) => {
    setSaved(null);
    setRows((all) => ({ ...all, [id]: { ...all[id]!, ...patch } }));
  };
  const choose = (id: string, status: AttendanceStatus) => {
    const current = rows[id];
    const minutes =
      status === 'present'
        ? current?.status === 'present' && current.minutes
          ? current.minutes
          : String(event.durationMinutes)
        : '0';
    set(id, { status, minutes });
  };
  const markAllPresent = () => {
    setSaved(null);
    setRows((all) =>
      Object.fromEntries(
        Object.entries(all).map(([id, r]) => [
          id,
          {
            status: 'present' as const,
            minutes: r.status === 'present' && r.minutes ? r.minutes : String(event.durationMinutes),
          },
        ]),
      ),
    );
  };

  const save = useMutation({
    mutationFn: (records: { enrollmentId: string; status: AttendanceStatus; minutesAttended: number }[]) =>
      putAttendance(cohort.id, event.id, records),
    onSuccess: (updated, records) => {
      queryClient.setQueryData(['cohort-event', cohort.id, event.id], updated);
      for (const key of COHORT_QUERY_ROOTS)
        if (key !== 'cohort-event') void queryClient.invalidateQueries({ queryKey: [key] });
      const text = `Attendance saved for ${plural(records.length, 'trainee')}.`;
      setSaved(text);
      toast.success(text);
    },
  });

  const chosen = event.roster.filter((r) => rows[r.enrollmentId]?.status);
  const unset = event.roster.length - chosen.length;
  const errors = rowErrors(save.error, sent);
  useFocusFirstInvalid(local, save.error);

  const submit = () => {
    setSaved(null);
    if (chosen.length === 0) {
      setLocal('Choose present, absent or excused for at least one trainee.');
      return;
    }
    setLocal(null);
    const records = chosen.map((r) => {
      const row = rows[r.enrollmentId]!;
      const minutes = Number(row.minutes);
      return {
        enrollmentId: r.enrollmentId,
        status: row.status!,
        minutesAttended: Number.isFinite(minutes) ? Math.round(minutes) : 0,
      };
    });
    setSent(records.map((r) => r.enrollmentId));
    save.mutate(records);
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Card
        title="Attendance"
        subtitle={`Every trainee on the roster. Minutes default to the full ${event.durationMinutes} for someone present and 0 otherwise.`}
        actions={
          <Button onClick={markAllPresent} icon={<CheckIcon />}>
            Mark all present
          </Button>
        }
        flush
        footer={
          <div className="attendance-footer">
            <div aria-live="polite" className="attendance-status">
              {saved ? (
                <span className="text-success attendance-saved">
                  <CheckIcon size={18} /> {saved}
                </span>
              ) : unset > 0 ? (
                <span className="muted small">
                  {plural(unset, 'trainee')} without a status will be left as not recorded.
                </span>
              ) : null}
            </div>
            <Button type="submit" variant="primary" busy={save.isPending}>
              Save attendance
            </Button>
          </div>
        }
      >
        {(local || errors.message) && (
          <div className="card-body">
            <Alert tone="error" title="Attendance was not saved">
              {local ?? errors.message}
            </Alert>
          </div>
        )}
        <div className="table-wrap" role="region" aria-label="Attendance table" tabIndex={0}>
          <table className="table attendance-table">
            <caption className="visually-hidden">
              Attendance for {event.title} on {formatDateTime(event.startsAt)}
            </caption>
            <thead>
              <tr>
                <th scope="col">Trainee</th>
                <th scope="col">Attendance</th>
                <th scope="col">Minutes attended</th>
                <th scope="col">Recorded</th>
              </tr>
            </thead>
            <tbody>
              {event.roster.map((r) => (
                <AttendanceRow
                  key={r.enrollmentId}
                  entry={r}
                  row={rows[r.enrollmentId] ?? { status: null, minutes: '' }}
                  max={event.durationMinutes}
                  error={errors.rows[r.enrollmentId]}
                  onStatus={(s) => choose(r.enrollmentId, s)}
                  onMinutes={(m) => set(r.enrollmentId, { minutes: m })}
                />
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </form>
  );
}

function AttendanceRow({
  entry,
  row,
  max,
  error,
  onStatus,
  onMinutes,
}: {
  entry: TRosterEntry;
  row: Row;
  max: number;
  error: string | undefined;
  onStatus: (s: AttendanceStatus) => void;
  onMinutes: (m: string) => void;
}) {
  const name = entry.displayName;
  const groupId = `att-${entry.enrollmentId}`;
  const minutesId = `min-${entry.enrollmentId}`;
  return (
    <tr className={error ? 'row-invalid' : undefined}>
      <th scope="row" id={`${groupId}-name`}>
        <span className="cell-main">{name}</span>
        <span className="cell-sub">{entry.centerName}</span>
      </th>
      <td>
        <div className="attendance-choices" role="radiogroup" aria-labelledby={`${groupId}-name`}>
          {STATUSES.map((s) => (
            <label key={s} className={`attendance-choice attendance-${s}`}>
              <input
                type="radio"
                name={groupId}
                value={s}
                checked={row.status === s}
                onChange={() => onStatus(s)}
              />
              {ATTENDANCE_LABEL[s]}
            </label>
          ))}
        </div>
      </td>
      <td>
        <label htmlFor={minutesId} className="visually-hidden">
          Minutes attended by {name}
        </label>
        <input
          id={minutesId}
          className="input attendance-minutes"
          type="number"
          inputMode="numeric"
          min={0}
          max={max}
          step={1}
          value={row.minutes}
          disabled={row.status !== 'present'}
          onChange={(e) => onMinutes(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${minutesId}-error` : undefined}
        />
        {error && (
          <span id={`${minutesId}-error`} className="error attendance-error">
            <AlertIcon size={16} />
            {sentence(error)}
          </span>
        )}
      </td>
      <td className="nowrap">
        {entry.attendance ? (
          <>
            {ATTENDANCE_LABEL[entry.attendance.status]}
            <span className="cell-sub">
              <DateTime value={entry.attendance.recordedAt} />
            </span>
          </>
        ) : (
          <span className="muted">Not recorded</span>
        )}
      </td>
    </tr>
  );
}

function AttendanceReadOnly({ event }: { event: TCohortEventDetail }) {
  return (
    <Card title="Attendance" flush>
      {event.roster.length === 0 ? (
        <EmptyState icon={<PeopleIcon />} title="No one to show">
          Attendance of the trainees you follow appears here once it is recorded.
        </EmptyState>
      ) : (
        <div className="table-wrap" role="region" aria-label="Attendance table" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">Attendance for {event.title}</caption>
            <thead>
              <tr>
                <th scope="col">Trainee</th>
                <th scope="col">Attendance</th>
                <th scope="col" className="num">
                  Minutes
                </th>
              </tr>
            </thead>
            <tbody>
              {event.roster.map((r) => (
                <tr key={r.enrollmentId}>
                  <th scope="row">
                    <span className="cell-main">{r.displayName}</span>
                    <span className="cell-sub">{r.centerName}</span>
                  </th>
                  <td>
                    {r.attendance ? (
                      <Badge
                        tone={
                          r.attendance.status === 'present'
                            ? 'success'
                            : r.attendance.status === 'absent'
                              ? 'danger'
                              : 'neutral'
                        }
                      >
                        {ATTENDANCE_LABEL[r.attendance.status]}
                      </Badge>
                    ) : (
                      <span className="muted">Not recorded</span>
                    )}
                  </td>
                  <td className="num">{r.attendance ? r.attendance.minutesAttended : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function EventView({ cohort, event }: { cohort: TCohort; event: TCohortEventDetail }) {
  const session = useSession();
  const canManage = session.isAdmin || cohort.trainers.some((t) => t.id === session.me.user.id);
  const started = hasStarted(event);
  const a = event.attendance;
  return (
    <div className="page">
      <PageHeader
        breadcrumb={
          <>
            <Link to="/cohorts">Cohorts</Link> / <Link to={`/cohorts/${cohort.id}`}>{cohort.title}</Link>
          </>
        }
        title={event.title}
        documentTitle={`${event.title} · ${cohort.title}`}
        lead={
          <>
            {EVENT_KIND_LABEL[event.kind]} · <DateTime value={event.startsAt} /> · {event.durationMinutes}{' '}
            minutes · {a.present} present, {a.absent} absent, {a.excused} excused of {a.rosterSize}
          </>
        }
      />
      <div className="stack">
        {canManage && !started ? (
          <Card>
            <EmptyState headingLevel={2} icon={<ClipboardIcon />} title="This has not started yet">
              Attendance can be recorded from {formatDateTime(event.startsAt)}, when it starts.
            </EmptyState>
          </Card>
        ) : canManage && event.roster.length === 0 ? (
          <Card>
            <EmptyState headingLevel={2} icon={<PeopleIcon />} title="No one is on the roster">
              Attendance is recorded for the cohort’s enrolled trainees.
            </EmptyState>
          </Card>
        ) : canManage ? (
          <AttendanceForm cohort={cohort} event={event} />
        ) : (
          <AttendanceReadOnly event={event} />
        )}
      </div>
    </div>
  );
}

const UUID = /^[0-9a-f-]{36}$/i;

export function CohortEventPage() {
  const { cohortId = '', eventId = '' } = useParams();
  const valid = UUID.test(cohortId) && UUID.test(eventId);
  const cohort = useCohort(valid ? cohortId : null);
  const event = useCohortEvent(cohortId, valid ? eventId : null);
  const both = useMemo(
    () => ({
      data: cohort.data && event.data ? { cohort: cohort.data, event: event.data } : undefined,
      error: cohort.error ?? event.error,
      isPending: cohort.isPending || event.isPending,
      refetch: () => {
        void cohort.refetch();
        void event.refetch();
      },
    }),
    [cohort, event],
  );
  const notFound = (
    <NotFoundPage
      title="Session not found"
      backTo={valid ? `/cohorts/${cohortId}` : '/cohorts'}
      backLabel="Back to the cohort"
    >
      This session does not exist, or it is not visible to your account.
    </NotFoundPage>
  );
  if (!valid) return notFound;
  return (
    <PageQuery query={both} loadingLabel="Loading the session…" notFound={notFound}>
      {({ cohort: c, event: e }) => <EventView cohort={c} event={e} />}
    </PageQuery>
  );
}
