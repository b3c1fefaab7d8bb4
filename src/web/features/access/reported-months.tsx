/**
 * Monthly demand a center reports itself (when it does not record its episodes in Waymark): the
 * months reported, a dialog to report or correct one, withdrawing one (its episodes count again),
 * and a CSV import that is all or nothing, with every problem listed by line and column.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, formErrors } from '../../api/client';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { CsvDropzone } from '../../ui/csv-dropzone';
import { Dialog } from '../../ui/dialog';
import { downloadText } from '../../ui/download';
import { EmptyState } from '../../ui/empty-state';
import { TextField, useFocusFirstInvalid } from '../../ui/field';
import { formatDay, formatNumber } from '../../ui/format';
import { CalendarIcon, DownloadIcon, UploadIcon } from '../../ui/icons';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import {
  accessKeys,
  MONTH_CSV_COLUMNS,
  refreshAccess,
  useAccessMonths,
  type AccessMonth,
  type AccessMonthInput,
  type TMonthImportResult,
} from './access-api';
import {
  currentMonth,
  formatDays,
  importProblems,
  monthLabel,
  plainMessage,
  readMonthForm,
  type MonthFormValues,
} from './access-model';

const FIELDS = [
  'month',
  'referred',
  'started',
  'waitingEnd',
  'referredOut',
  'neverServed',
  'medianWaitDays',
] as const;
type Field = (typeof FIELDS)[number];
type Values = MonthFormValues;

const COUNT_FIELDS: {
  key: Exclude<Field, 'month' | 'medianWaitDays'>;
  label: string;
  hint: string;
  required: boolean;
}[] = [
  {
    key: 'referred',
    label: 'Referred',
    hint: 'Children referred for trauma-focused therapy in the month.',
    required: true,
  },
  {
    key: 'started',
    label: 'Started treatment',
    hint: 'Children who had their first session in the month.',
    required: true,
  },
  {
    key: 'waitingEnd',
    label: 'Waiting at month end',
    hint: 'Children referred and not yet in a first session on the month’s last day.',
    required: true,
  },
  {
    key: 'referredOut',
    label: 'Referred out',
    hint: 'Sent to another provider (optional).',
    required: false,
  },
  {
    key: 'neverServed',
    label: 'Never served',
    hint: 'Closed without treatment (optional).',
    required: false,
  },
];

function blank(month: AccessMonth | null): Values {
  const s = (v: number | null | undefined) => (v == null ? '' : String(v));
  return {
    month: month?.month ?? '',
    referred: s(month?.referred),
    started: s(month?.started),
    waitingEnd: s(month?.waitingEnd),
    referredOut: s(month?.referredOut),
    neverServed: s(month?.neverServed),
    medianWaitDays: s(month?.medianWaitDays),
  };
}

function MonthDialog({
  centerId,
  month,
  reported,
  onClose,
}: {
  centerId: string;
  /** The month to correct; null to report a new one. */
  month: AccessMonth | null;
  reported: readonly AccessMonth[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [values, setValues] = useState<Values>(() => blank(month));
  const [local, setLocal] = useState<Record<string, string>>({});
  const latest = currentMonth();
  const save = useMutation({
    mutationFn: (r: { month: string; body: AccessMonthInput }) =>
      api.put<AccessMonth>(`/centers/${centerId}/access-months/${r.month}`, r.body),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: accessKeys.months(centerId) });
      refreshAccess(queryClient);
      toast.success(`The figures for ${monthLabel(saved.month)} were saved.`);
      onClose();
    },
  });
  useFocusFirstInvalid(local, save.error);
  const errors = formErrors(save.error, FIELDS);
  const err = (k: Field) => {
    const e = local[k] ?? errors.fields[k];
    return e ? plainMessage(e) : undefined;
  };
  const replaces = !month && reported.some((m) => m.month === values.month);

  const submit = () => {
    const read = readMonthForm(values, latest);
    if ('problems' in read) {
      setLocal(read.problems);
      return;
    }
    setLocal({});
    save.mutate(read);
  };
  const set = (k: Field) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));

  return (
    <Dialog
      title={month ? `Correct ${monthLabel(month.month)}` : 'Report a month'}
      description="A reported month replaces what the center’s episodes in Waymark say for that month."
      onClose={onClose}
      busy={save.isPending}
      wide
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save month
          </Button>
        </>
      }
    >
      <div className="stack">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <TextField
          label="Month"
          type="month"
          value={values.month}
          max={latest}
          readOnly={month !== null}
          onChange={set('month')}
          hint={month ? undefined : 'The month the figures are for (YYYY-MM).'}
          error={err('month')}
        />
        {replaces && (
          <Alert tone="warning">
            {monthLabel(values.month)} is already reported: saving replaces its figures.
          </Alert>
        )}
        <div className="form-grid">
          {COUNT_FIELDS.map((f) => (
            <TextField
              key={f.key}
              label={f.required ? f.label : `${f.label} (optional)`}
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              required={f.required}
              value={values[f.key]}
              onChange={set(f.key)}
              hint={f.hint}
              error={err(f.key)}
            />
          ))}
          <TextField
            label="Median wait in days (optional)"
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            value={values.medianWaitDays}
            onChange={set('medianWaitDays')}
            hint="From referral to the first session, for children who started in the month."
            error={err('medianWaitDays')}
          />
        </div>
      </div>
    </Dialog>
  );
}

function WithdrawDialog({
  centerId,
  month,
  onClose,
}: {
  centerId: string;
  month: AccessMonth;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation({
    mutationFn: () => api.delete<void>(`/centers/${centerId}/access-months/${month.month}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: accessKeys.months(centerId) });
      refreshAccess(queryClient);
      toast.success(`The figures for ${monthLabel(month.month)} were withdrawn.`);
      onClose();
    },
  });
  return (
    <ConfirmDialog
      title={`Withdraw the figures for ${monthLabel(month.month)}?`}
      confirmLabel="Withdraw"
      danger
      busy={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      The month’s demand then comes from the center’s episodes in Waymark, if it records any; otherwise the
      month has no data.
    </ConfirmDialog>
  );
}

const optional = (v: number | null) => (v === null ? <span className="muted">—</span> : formatNumber(v));

export function ReportedMonths({ centerId }: { centerId: string }) {
  const months = useAccessMonths(centerId);
  const [editing, setEditing] = useState<AccessMonth | 'new' | null>(null);
  const [withdrawing, setWithdrawing] = useState<AccessMonth | null>(null);
  const list = months.data ?? [];
  return (
    <div className="stack">
      <div className="row-between">
        <p className="muted" style={{ margin: 0, maxWidth: '70ch' }}>
          The last 24 months this center reported. A reported month replaces what its episodes in Waymark say
          for that month.
        </p>
        <Button variant="primary" icon={<CalendarIcon />} onClick={() => setEditing('new')}>
          Report a month
        </Button>
      </div>
      {months.isPending ? (
        <Spinner label="Loading the reported months…" />
      ) : months.error ? (
        <ErrorState error={months.error} onRetry={() => void months.refetch()} />
      ) : list.length === 0 ? (
        <EmptyState icon={<CalendarIcon />} title="No months reported">
          This center’s demand comes from its episodes in Waymark. Report a month, or import several from a
          CSV file, if the center counts its referrals in another system.
        </EmptyState>
      ) : (
        <TableWrap label="Reported months">
          <table className="table access-months-table">
            <caption className="visually-hidden">Months reported by the center, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col" className="num">
                  Referred
                </th>
                <th scope="col" className="num">
                  Started
                </th>
                <th scope="col" className="num">
                  Waiting at month end
                </th>
                <th scope="col" className="num">
                  Referred out
                </th>
                <th scope="col" className="num">
                  Never served
                </th>
                <th scope="col" className="num">
                  Median wait
                </th>
                <th scope="col">Entered</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.month}>
                  <th scope="row" className="nowrap">
                    {monthLabel(m.month)}
                  </th>
                  <td className="num">{formatNumber(m.referred)}</td>
                  <td className="num">{formatNumber(m.started)}</td>
                  <td className="num">{formatNumber(m.waitingEnd)}</td>
                  <td className="num">{optional(m.referredOut)}</td>
                  <td className="num">{optional(m.neverServed)}</td>
                  <td className="num nowrap">
                    {m.medianWaitDays === null ? (
                      <span className="muted">—</span>
                    ) : (
                      formatDays(m.medianWaitDays)
                    )}
                  </td>
                  <td className="nowrap">
                    <Badge>{m.source === 'import' ? 'Imported' : 'Form'}</Badge>
                    <span className="cell-sub">{formatDay(m.updatedAt)}</span>
                  </td>
                  <td className="actions-cell nowrap">
                    <Button
                      size="sm"
                      onClick={() => setEditing(m)}
                      aria-label={`Correct ${monthLabel(m.month)}`}
                    >
                      Correct
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setWithdrawing(m)}
                      aria-label={`Withdraw ${monthLabel(m.month)}`}
                    >
                      Withdraw
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {editing && (
        <MonthDialog
          centerId={centerId}
          month={editing === 'new' ? null : editing}
          reported={list}
          onClose={() => setEditing(null)}
        />
      )}
      {withdrawing && (
        <WithdrawDialog centerId={centerId} month={withdrawing} onClose={() => setWithdrawing(null)} />
      )}
    </div>
  );
}

/** The template: the header line of the file the importer reads. */
export const MONTH_CSV_TEMPLATE = `${MONTH_CSV_COLUMNS.join(',')}\n`;

export function MonthsImport({ centerId }: { centerId: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (f: File) =>
      api.upload<TMonthImportResult>(`/centers/${centerId}/access-months/import`, f, 'text/csv'),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: accessKeys.months(centerId) });
      refreshAccess(queryClient);
      toast.success(`Imported ${r.accepted} ${r.accepted === 1 ? 'month' : 'months'}.`);
    },
  });
  const error = upload.error instanceof ApiError ? upload.error : null;
  const problems = error ? importProblems(error.details) : [];

  return (
    <div className="stack">
      <p className="small muted" id="access-months-columns" style={{ margin: 0 }}>
        Columns: <code>month</code> (YYYY-MM), <code>referred</code>, <code>started</code> and{' '}
        <code>waiting_end</code> (required); <code>referred_out</code>, <code>never_served</code> and{' '}
        <code>median_wait_days</code> (optional). A month already reported is replaced, so importing the same
        file twice changes nothing. One bad row rejects the whole file, and nothing is saved.
      </p>
      <div>
        <Button
          size="sm"
          icon={<DownloadIcon />}
          onClick={() => downloadText('monthly-demand.csv', MONTH_CSV_TEMPLATE, 'text/csv;charset=utf-8')}
        >
          Download the template (CSV)
        </Button>
      </div>
      <CsvDropzone
        id="access-months-file"
        describedBy="access-months-columns"
        file={file}
        error={fileError}
        onChoose={(f) => {
          upload.reset();
          setFileError(null);
          setFile(f);
        }}
        onRefused={(message) => {
          upload.reset();
          setFile(null);
          setFileError(message);
        }}
      />
      {upload.data && (
        <Alert tone="success" title="The file was imported">
          {formatNumber(upload.data.accepted)} {upload.data.accepted === 1 ? 'month' : 'months'}:{' '}
          {formatNumber(upload.data.created)} new, {formatNumber(upload.data.updated)} replaced.
        </Alert>
      )}
      {upload.error && problems.length === 0 && <Alert tone="error">{upload.error.message}</Alert>}
      {problems.length > 0 && (
        <div className="stack" style={{ gap: 10 }}>
          <Alert tone="error" title="Nothing was imported">
            The file has {problems.length === 1 ? 'a problem' : `${formatNumber(problems.length)} problems`}.
            Fix {problems.length === 1 ? 'it' : 'them'} in your file and import it again.
          </Alert>
          <TableWrap label="Problems in the file">
            <table className="table">
              <caption className="visually-hidden">Problems in the file, by line and column</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Line
                  </th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p, i) => (
                  <tr key={`${p.line ?? 0}-${p.column ?? ''}-${i}`}>
                    <th scope="row" className="num">
                      {p.line ?? <span className="muted">—</span>}
                    </th>
                    <td>{p.column ? <code>{p.column}</code> : <span className="muted">Whole file</span>}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </div>
      )}
      <div>
        <Button
          variant="primary"
          icon={<UploadIcon />}
          busy={upload.isPending}
          onClick={() => {
            if (!file) setFileError('Choose a CSV file first.');
            else upload.mutate(file);
          }}
        >
          Import file
        </Button>
      </div>
    </div>
  );
}
