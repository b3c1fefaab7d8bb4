/**
 * The saved plans, newest first: each one's reach against the simple policies, to open or delete,
 * and a choice of two to four of them to compare side by side.
 */
import { useId, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { EmptyState } from '../../ui/empty-state';
import { formatDateTime } from '../../ui/format';
import { TrashIcon } from '../../ui/icons';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import { compareUrl, MIN_COMPARED, selectionProblem } from './compare-model';
import { useDeletePlan, usePlans, type PlanSummary } from './planner-api';

const whole = (n: number) => Math.round(n).toLocaleString('en-US');

export function SavedPlans({
  openId,
  onOpen,
  onDeleted,
}: {
  openId: string | null;
  onOpen: (id: string) => void;
  onDeleted: (id: string) => void;
}) {
  const plans = usePlans();
  const remove = useDeletePlan();
  const toast = useToast();
  const [deleting, setDeleting] = useState<PlanSummary | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set());
  const navigate = useNavigate();
  const reasonId = useId();

  // Only plans still in the list count: one deleted, here or by someone else, drops out.
  const selected = (plans.data ?? []).filter((p) => chosen.has(p.id));
  const problem = selectionProblem(selected.length);
  const canCompare = (plans.data?.length ?? 0) >= MIN_COMPARED;
  const toggle = (id: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  // Oldest first, so the columns read in the order the plans were made.
  const compare = () => {
    if (problem !== null) return;
    const ids = [...selected].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((p) => p.id);
    void navigate(compareUrl(ids));
  };

  const confirm = () => {
    if (!deleting || remove.isPending) return;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        toast.success(`The plan “${deleting.name}” was deleted.`);
        onDeleted(deleting.id);
        setDeleting(null);
      },
    });
  };

  return (
    <Card
      title="Saved plans"
      subtitle="Children reached in the expected scenario, beside the two simple policies."
      flush
      footer={
        canCompare && (
          <div className="row-between planner-compare-bar">
            <p id={reasonId} className="small muted" aria-live="polite">
              {problem ??
                `${selected.length} plans selected: ${selected.map((p) => `“${p.name}”`).join(', ')}.`}
            </p>
            <Button
              variant="primary"
              size="sm"
              onClick={compare}
              disabled={problem !== null}
              aria-describedby={reasonId}
            >
              Compare selected
            </Button>
          </div>
        )
      }
    >
      {plans.isPending ? (
        <Spinner label="Loading the saved plans…" />
      ) : plans.error ? (
        <div className="card-body">
          <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />
        </div>
      ) : plans.data.length === 0 ? (
        <EmptyState title="No saved plans yet">
          Run the planner: every run is saved here under its name.
        </EmptyState>
      ) : (
        <TableWrap label="Saved plans">
          <table className="table">
            <caption className="visually-hidden">Saved plans, newest first</caption>
            <thead>
              <tr>
                {canCompare && (
                  <th scope="col" className="planner-select-col">
                    <span className="visually-hidden">Compare</span>
                  </th>
                )}
                <th scope="col">Name</th>
                <th scope="col">Made</th>
                <th scope="col" className="num">
                  Seats
                </th>
                <th scope="col" className="num">
                  Reached
                </th>
                <th scope="col" className="num">
                  Proportional
                </th>
                <th scope="col" className="num">
                  First come
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {plans.data.map((p) => (
                <tr key={p.id} aria-current={p.id === openId ? 'true' : undefined}>
                  {canCompare && (
                    <td className="planner-select-col">
                      <input
                        type="checkbox"
                        className="planner-select"
                        checked={chosen.has(p.id)}
                        onChange={(e) => toggle(p.id, e.target.checked)}
                        aria-label={`Compare ${p.name}`}
                      />
                    </td>
                  )}
                  <th scope="row">
                    {p.name}
                    <span className="cell-sub">
                      {p.centers.toLocaleString('en-US')} centers, {p.cohorts} cohorts
                    </span>
                  </th>
                  <td>
                    {formatDateTime(p.createdAt)}
                    <span className="cell-sub">by {p.createdBy}</span>
                  </td>
                  <td className="num">{whole(p.seatBudget)}</td>
                  <td className="num">
                    <strong>{whole(p.reached)}</strong>
                    <span className="cell-sub">of {whole(p.targetReached)}</span>
                  </td>
                  <td className="num">{whole(p.reachedProportional)}</td>
                  <td className="num">{whole(p.reachedFirstCome)}</td>
                  <td>
                    <div className="row planner-plan-actions">
                      <Button
                        size="sm"
                        onClick={() => onOpen(p.id)}
                        aria-label={p.id === openId ? `Shown: ${p.name}` : `Open ${p.name}`}
                        disabled={p.id === openId}
                      >
                        {p.id === openId ? 'Shown' : 'Open'}
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        icon={<TrashIcon />}
                        aria-label={`Delete ${p.name}`}
                        onClick={() => {
                          remove.reset();
                          setDeleting(p);
                        }}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete the plan?"
          confirmLabel="Delete the plan"
          danger
          busy={remove.isPending}
          error={remove.error}
          onConfirm={confirm}
          onClose={() => setDeleting(null)}
        >
          “{deleting.name}” and its allocation will be deleted for everyone. This cannot be undone.
        </ConfirmDialog>
      )}
    </Card>
  );
}
