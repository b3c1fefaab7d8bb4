/**
 * A cohort's roster as far as the reader may see it (everyone for its trainers and administrators,
 * their center's people for a director, themself for a clinician): enrolled, the waitlist in
 * order, and withdrawals kept as history. Enrol and withdraw from here.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { DateTime } from '../../ui/date-time';
import { EmptyState } from '../../ui/empty-state';
import { PeopleIcon } from '../../ui/icons';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import { TextAreaField } from '../pathways/textarea-field';
import { useSession } from '../shell/session';
import { EnrollmentBadge } from './cohort-badges';
import { EnrolDialog, useRefreshCohort } from './enrol-dialog';
import { isFull, useEnrollments, type TCohort, type TEnrollment } from './learning-api';

function WithdrawDialog({
  cohort,
  enrollment,
  self,
  onClose,
}: {
  cohort: TCohort;
  enrollment: TEnrollment;
  self: boolean;
  onClose: () => void;
}) {
  const toast = useToast();
  const refresh = useRefreshCohort();
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () =>
      api.post<TEnrollment>(
        `/cohorts/${cohort.id}/enrollments/${enrollment.id}/withdraw`,
        reason.trim() ? { reason: reason.trim() } : {},
      ),
    onSuccess: () => {
      refresh();
      toast.success(
        self ? `You were withdrawn from ${cohort.title}.` : `${enrollment.displayName} was withdrawn.`,
      );
      onClose();
    },
  });
  return (
    <ConfirmDialog
      title={self ? 'Withdraw from this cohort?' : `Withdraw ${enrollment.displayName}?`}
      confirmLabel="Withdraw"
      danger
      busy={withdraw.isPending}
      error={withdraw.error}
      onConfirm={() => withdraw.mutate()}
      onClose={onClose}
    >
      <div className="stack">
        <p>
          {enrollment.status === 'enrolled'
            ? 'The seat goes to the first person on the waitlist. '
            : 'The place on the waitlist is given up. '}
          The enrolment stays in the roster’s history, with today’s date and the reason.
        </p>
        <TextAreaField
          label="Reason (optional)"
          rows={2}
          maxLength={300}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
    </ConfirmDialog>
  );
}

function RosterTable({
  caption,
  rows,
  kind,
  canWithdraw,
  onWithdraw,
}: {
  caption: string;
  rows: TEnrollment[];
  kind: 'enrolled' | 'waitlisted' | 'withdrawn';
  canWithdraw: (e: TEnrollment) => boolean;
  onWithdraw: (e: TEnrollment) => void;
}) {
  const actions = kind !== 'withdrawn' && rows.some(canWithdraw);
  return (
    <TableWrap label={caption}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {kind === 'waitlisted' && (
              <th scope="col" className="num">
                Position
              </th>
            )}
            <th scope="col">Trainee</th>
            <th scope="col">Status</th>
            <th scope="col">
              {kind === 'withdrawn' ? 'Withdrawn' : kind === 'waitlisted' ? 'Since' : 'Enrolled'}
            </th>
            {kind === 'withdrawn' && <th scope="col">Reason</th>}
            {actions && (
              <th scope="col" className="actions-cell">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              {kind === 'waitlisted' && <td className="num">{e.waitlistPosition ?? '—'}</td>}
              <th scope="row">
                <span className="cell-main">{e.displayName}</span>
                <span className="cell-sub">{e.centerName}</span>
              </th>
              <td>
                <EnrollmentBadge status={e.status} />
              </td>
              <td className="nowrap">
                <DateTime
                  value={
                    kind === 'withdrawn'
                      ? e.withdrawnAt
                      : kind === 'waitlisted'
                        ? e.waitlistedAt
                        : (e.completedAt ?? e.enrolledAt)
                  }
                  dateOnly
                />
              </td>
              {kind === 'withdrawn' && (
                <td>{e.withdrawReason ?? <span className="muted">None given</span>}</td>
              )}
              {actions && (
                <td className="actions-cell">
                  {canWithdraw(e) && (
                    <Button
                      size="sm"
                      variant="ghost"
                      className="btn-ghost-danger"
                      onClick={() => onWithdraw(e)}
                    >
                      Withdraw<span className="visually-hidden"> {e.displayName}</span>
                    </Button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function RosterSection({ cohort, canManage }: { cohort: TCohort; canManage: boolean }) {
  const session = useSession();
  const me = session.me.user;
  const list = useEnrollments(cohort.id);
  const [enrolling, setEnrolling] = useState<'self' | 'pick' | null>(null);
  const [withdrawing, setWithdrawing] = useState<TEnrollment | null>(null);
  const items = list.data ?? [];
  const enrolled = items
    .filter((e) => e.status === 'enrolled' || e.status === 'completed')
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const waitlist = items
    .filter((e) => e.status === 'waitlisted')
    .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
  const withdrawn = items
    .filter((e) => e.status === 'withdrawn')
    .sort((a, b) => (b.withdrawnAt ?? '').localeCompare(a.withdrawnAt ?? ''));
  const current = new Set(items.filter((e) => e.status !== 'withdrawn').map((e) => e.userId));
  const directed = new Set(session.centersFor('center_director').map((c) => c.id));

  const canWithdraw = (e: TEnrollment) =>
    (e.status === 'enrolled' || e.status === 'waitlisted') &&
    (canManage || e.userId === me.id || directed.has(e.centerId));

  const open = cohort.status === 'open';
  const full = isFull(cohort);
  const canEnrolSelf = open && session.has('clinician') && !current.has(me.id) && list.isSuccess;
  const canEnrolOthers = open && session.has('network_admin', 'center_director');
  const whose = session.isAdmin || canManage ? '' : directed.size > 0 ? ' (your center’s people)' : ' (you)';

  return (
    <Card
      title="Roster"
      subtitle={
        open
          ? `Enrolled trainees, the waitlist in order, and withdrawals kept as history${whose}.`
          : `This cohort is ${cohort.status} and does not take enrolments now${whose ? `. Shown${whose}` : ''}.`
      }
      actions={
        <>
          {canEnrolSelf && (
            <Button variant="primary" onClick={() => setEnrolling('self')}>
              {full ? 'Join the waitlist' : 'Enrol me'}
            </Button>
          )}
          {canEnrolOthers && (
            <Button variant={canEnrolSelf ? 'secondary' : 'primary'} onClick={() => setEnrolling('pick')}>
              Enrol a clinician
            </Button>
          )}
        </>
      }
      flush
    >
      {list.isPending ? (
        <Spinner label="Loading the roster…" />
      ) : list.error ? (
        <div className="card-body">
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState
          icon={<PeopleIcon />}
          title={session.isAdmin || canManage ? 'No one enrolled yet' : 'No one you follow is on this cohort'}
        >
          {open ? 'Enrolments appear here as soon as they are made.' : 'No enrolments to show.'}
        </EmptyState>
      ) : (
        <div className="roster-groups">
          <section aria-labelledby="roster-enrolled">
            <h3 id="roster-enrolled" className="roster-group-title">
              Enrolled <span className="muted">({enrolled.length})</span>
            </h3>
            {enrolled.length === 0 ? (
              <p className="muted small roster-group-empty">No one holds a seat.</p>
            ) : (
              <RosterTable
                caption="Enrolled trainees"
                rows={enrolled}
                kind="enrolled"
                canWithdraw={canWithdraw}
                onWithdraw={setWithdrawing}
              />
            )}
          </section>
          <section aria-labelledby="roster-waitlist">
            <h3 id="roster-waitlist" className="roster-group-title">
              Waitlist <span className="muted">({waitlist.length})</span>
            </h3>
            {waitlist.length === 0 ? (
              <p className="muted small roster-group-empty">No one is waiting for a seat.</p>
            ) : (
              <RosterTable
                caption="Waitlist, in order"
                rows={waitlist}
                kind="waitlisted"
                canWithdraw={canWithdraw}
                onWithdraw={setWithdrawing}
              />
            )}
          </section>
          {withdrawn.length > 0 && (
            <section aria-labelledby="roster-withdrawn">
              <h3 id="roster-withdrawn" className="roster-group-title">
                Withdrawn <span className="muted">({withdrawn.length})</span>
              </h3>
              <RosterTable
                caption="Withdrawn (history)"
                rows={withdrawn}
                kind="withdrawn"
                canWithdraw={() => false}
                onWithdraw={() => undefined}
              />
            </section>
          )}
        </div>
      )}
      {enrolling && (
        <EnrolDialog
          cohort={cohort}
          self={enrolling === 'self' ? { id: me.id, displayName: me.displayName } : null}
          onRoster={current}
          onClose={() => setEnrolling(null)}
        />
      )}
      {withdrawing && (
        <WithdrawDialog
          cohort={cohort}
          enrollment={withdrawing}
          self={withdrawing.userId === me.id}
          onClose={() => setWithdrawing(null)}
        />
      )}
    </Card>
  );
}
