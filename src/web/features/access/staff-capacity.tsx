/**
 * The center's treating staff and what each adds to its capacity: the models they are trained or
 * certified in, their treatment FTE (recorded, or the network's default), typical caseload, dates,
 * and children a year. "Edit" records FTE, caseload and dates; "Clear" forgets them (the default
 * FTE counts again).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, formErrors } from '../../api/client';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Dialog } from '../../ui/dialog';
import { TextField, useFocusFirstInvalid } from '../../ui/field';
import { formatDate, todayIso } from '../../ui/format';
import { PeopleIcon } from '../../ui/icons';
import { EmptyState } from '../../ui/empty-state';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import {
  accessKeys,
  refreshAccess,
  type CapacityInput,
  type CenterCapacity,
  type TCapacityPerson,
} from './access-api';
import { formatCount, formatDecimal, plainMessage } from './access-model';

const FIELDS = ['treatmentFte', 'typicalCaseload', 'startedOn', 'leftOn'] as const;

function Models({ person }: { person: TCapacityPerson }) {
  const certified = new Set(person.certifiedModels);
  const trainedOnly = person.trainedModels.filter((m) => !certified.has(m));
  if (certified.size === 0 && trainedOnly.length === 0) return <Badge>Not trained</Badge>;
  return (
    <span className="access-badges">
      {[...certified].map((m) => (
        <Badge key={`c-${m}`} tone="success">
          {m} certified
        </Badge>
      ))}
      {trainedOnly.map((m) => (
        <Badge key={`t-${m}`} tone="info">
          {m} trained
        </Badge>
      ))}
    </span>
  );
}

function Dates({ person }: { person: TCapacityPerson }) {
  if (!person.startedOn && !person.leftOn) return <span className="muted">—</span>;
  const leaves = person.leftOn && person.leftOn >= todayIso() ? 'Leaves' : 'Left';
  return (
    <>
      {person.startedOn && <span className="nowrap">From {formatDate(person.startedOn)}</span>}
      {person.leftOn && (
        <span className={person.startedOn ? 'cell-sub nowrap' : 'nowrap'}>
          {leaves} {formatDate(person.leftOn)}
        </span>
      )}
    </>
  );
}

export function CapacityDialog({
  capacity,
  person,
  onClose,
}: {
  capacity: CenterCapacity;
  person: TCapacityPerson;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [values, setValues] = useState({
    treatmentFte: String(person.treatmentFte ?? person.fteCounted),
    typicalCaseload: person.typicalCaseload === null ? '' : String(person.typicalCaseload),
    startedOn: person.startedOn ?? '',
    leftOn: person.leftOn ?? '',
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: CapacityInput) =>
      api.put<CenterCapacity>(`/centers/${capacity.centerId}/capacity/${person.userId}`, body),
    onSuccess: (next) => {
      queryClient.setQueryData(accessKeys.capacity(capacity.centerId), next);
      refreshAccess(queryClient);
      toast.success(`The capacity of ${person.displayName} was saved.`);
      onClose();
    },
  });
  useFocusFirstInvalid(local, save.error);
  const errors = formErrors(save.error, FIELDS);
  const err = (k: (typeof FIELDS)[number]) => {
    const e = local[k] ?? errors.fields[k];
    return e ? plainMessage(e) : undefined;
  };

  const submit = () => {
    const problems: Record<string, string> = {};
    const fte = Number(values.treatmentFte);
    if (values.treatmentFte.trim() === '') problems.treatmentFte = 'is required';
    else if (!Number.isFinite(fte) || fte <= 0 || fte > 1)
      problems.treatmentFte = 'must be a number more than 0 and at most 1';
    if (values.typicalCaseload.trim() !== '' && !/^\d+$/.test(values.typicalCaseload.trim()))
      problems.typicalCaseload = 'must be a whole number';
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    save.mutate({
      treatmentFte: fte,
      typicalCaseload: values.typicalCaseload.trim() === '' ? null : Number(values.typicalCaseload),
      startedOn: values.startedOn || null,
      leftOn: values.leftOn || null,
    });
  };
  const set = (k: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));

  return (
    <Dialog
      title={`Capacity of ${person.displayName}`}
      description={`Each full-time clinician trained in an evidence-based model can treat about ${formatDecimal(capacity.breakdown.childrenPerFte)} children a year at this center.`}
      onClose={onClose}
      busy={save.isPending}
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save
          </Button>
        </>
      }
    >
      <div className="stack">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <TextField
          label="Treatment FTE"
          type="number"
          inputMode="decimal"
          min={0.05}
          max={1}
          step={0.05}
          required
          value={values.treatmentFte}
          onChange={set('treatmentFte')}
          hint="The share of a full-time week spent treating children: 1 is full time, 0.5 half."
          error={err('treatmentFte')}
        />
        <TextField
          label="Typical caseload"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={values.typicalCaseload}
          onChange={set('typicalCaseload')}
          hint="Children they usually treat at one time (optional)."
          error={err('typicalCaseload')}
        />
        <div className="grid-2">
          <TextField
            label="Started on"
            type="date"
            value={values.startedOn}
            onChange={set('startedOn')}
            hint="If they joined during the periods shown."
            error={err('startedOn')}
          />
          <TextField
            label="Left on"
            type="date"
            value={values.leftOn}
            onChange={set('leftOn')}
            min={values.startedOn || undefined}
            hint="Their last day, if they left or are leaving."
            error={err('leftOn')}
          />
        </div>
      </div>
    </Dialog>
  );
}

function ClearDialog({
  capacity,
  person,
  onClose,
}: {
  capacity: CenterCapacity;
  person: TCapacityPerson;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const clear = useMutation({
    mutationFn: () => api.delete<void>(`/centers/${capacity.centerId}/capacity/${person.userId}`),
    onSuccess: () => {
      refreshAccess(queryClient);
      toast.success(`The recorded capacity of ${person.displayName} was cleared.`);
      onClose();
    },
  });
  return (
    <ConfirmDialog
      title={`Clear the capacity recorded for ${person.displayName}?`}
      confirmLabel="Clear"
      danger
      busy={clear.isPending}
      error={clear.error}
      onConfirm={() => clear.mutate()}
      onClose={onClose}
    >
      Their treatment FTE, caseload and dates are forgotten, and the network’s default of{' '}
      {formatDecimal(capacity.parameters.defaultTreatmentFte)} FTE counts for them again.
    </ConfirmDialog>
  );
}

export function StaffCapacity({ capacity }: { capacity: CenterCapacity }) {
  const [editing, setEditing] = useState<TCapacityPerson | null>(null);
  const [clearing, setClearing] = useState<TCapacityPerson | null>(null);
  const people = [...capacity.people].sort((a, b) => a.displayName.localeCompare(b.displayName));
  if (people.length === 0)
    return (
      <EmptyState icon={<PeopleIcon />} title="No treating staff">
        Clinicians who treat children at this center appear here once they are members of it.
      </EmptyState>
    );
  return (
    <>
      <TableWrap label="Treating staff">
        <table className="table access-staff-table">
          <caption className="visually-hidden">
            Treating staff of {capacity.centerName} and the children a year each can treat
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Trained in</th>
              <th scope="col" className="num">
                Treatment FTE
              </th>
              <th scope="col" className="num">
                Typical caseload
              </th>
              <th scope="col">Dates</th>
              <th scope="col" className="num">
                Children a year
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((p, i) => (
              <tr key={`${p.userId}-${i}`}>
                <th scope="row">{p.displayName}</th>
                <td>
                  <Models person={p} />
                </td>
                <td className="num nowrap">
                  {p.treatmentFte !== null ? (
                    formatDecimal(p.treatmentFte)
                  ) : (
                    <>
                      {formatDecimal(p.fteCounted)} <span className="muted">(default)</span>
                    </>
                  )}
                </td>
                <td className="num">
                  {p.typicalCaseload === null ? (
                    <span className="muted">—</span>
                  ) : (
                    formatCount(p.typicalCaseload)
                  )}
                </td>
                <td>
                  <Dates person={p} />
                </td>
                <td className="num access-children-cell">
                  {formatCount(p.childrenPerYear)}
                  {!p.trained && <span className="cell-sub">not trained</span>}
                </td>
                <td className="actions-cell nowrap">
                  <Button
                    size="sm"
                    onClick={() => setEditing(p)}
                    aria-label={`Edit the capacity of ${p.displayName}`}
                  >
                    Edit
                  </Button>
                  {p.treatmentFte !== null && (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setClearing(p)}
                      aria-label={`Clear the capacity recorded for ${p.displayName}`}
                    >
                      Clear
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={5}>
                The center’s trained capacity
              </th>
              <td className="num">
                <strong>{formatCount(capacity.capacityPerYear)}</strong>
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </TableWrap>
      {editing && <CapacityDialog capacity={capacity} person={editing} onClose={() => setEditing(null)} />}
      {clearing && <ClearDialog capacity={capacity} person={clearing} onClose={() => setClearing(null)} />}
    </>
  );
}
