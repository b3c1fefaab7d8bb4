/**
 * The outcomes dashboard (directors and administrators): by clinician, center, state or the whole
 * network, as far as the role reaches, over a period. Charts of reliable improvement, completion
 * and waiting time (each with a caption and a data table), and a sortable table of every figure.
 */
import { useState } from 'react';
import type { TOutcomeSummaryRow } from '../../api/types';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { SelectField, TextField } from '../../ui/field';
import { formatNumber, todayIso } from '../../ui/format';
import { ChartIcon } from '../../ui/icons';
import { STATE_OPTIONS } from '../../ui/labels';
import { PageHeader } from '../../ui/page-header';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { SortHeader, TableWrap, type SortOrder } from '../../ui/table';
import { useSearchState } from '../../ui/use-search-state';
import { CenterPicker } from '../centers/center-picker';
import { useSession } from '../shell/session';
import { percent, signed, useOutcomeSummary, type OutcomeLevel, type OutcomeParams } from './care-api';
import { HorizontalBarChart } from './outcome-charts';
import './care.css';

const LEVEL_LABEL: Record<OutcomeLevel, string> = {
  clinician: 'By clinician',
  center: 'By center',
  state: 'By state',
  network: 'The whole network',
};
const LEVEL_NOUN: Record<OutcomeLevel, string> = {
  clinician: 'Clinician',
  center: 'Center',
  state: 'State',
  network: 'Network',
};

function yearAgo(): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

type SortKey =
  | 'label'
  | 'episodesStarted'
  | 'episodesCompleted'
  | 'completionRate'
  | 'medianSessions'
  | 'medianWaitDays'
  | 'withPrePost'
  | 'meanChange'
  | 'reliableImprovementShare'
  | 'reliableDeteriorationShare';

type Instr = TOutcomeSummaryRow['instruments'][number];

function value(row: TOutcomeSummaryRow, key: SortKey, instrument: string): string | number | null {
  if (key === 'label') return row.label;
  if (
    key === 'withPrePost' ||
    key === 'meanChange' ||
    key === 'reliableImprovementShare' ||
    key === 'reliableDeteriorationShare'
  ) {
    const i: Instr | undefined = row.instruments.find((x) => x.instrument === instrument);
    return i ? i[key] : null;
  }
  return row[key];
}

function sortRows(rows: TOutcomeSummaryRow[], key: SortKey, order: SortOrder, instrument: string) {
  const dir = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a, key, instrument);
    const y = value(b, key, instrument);
    // Rows without a figure go last whichever the order.
    if (x == null && y == null) return a.label.localeCompare(b.label);
    if (x == null) return 1;
    if (y == null) return -1;
    if (typeof x === 'string' || typeof y === 'string') return String(x).localeCompare(String(y)) * dir;
    return (x - y) * dir || a.label.localeCompare(b.label);
  });
}

function best(rows: { label: string; value: number | null }[]): { label: string; value: number } | null {
  let top: { label: string; value: number } | null = null;
  for (const r of rows)
    if (r.value != null && (!top || r.value > top.value)) top = { label: r.label, value: r.value };
  return top;
}

function Charts({
  rows,
  instrument,
  level,
}: {
  rows: TOutcomeSummaryRow[];
  instrument: string;
  level: OutcomeLevel;
}) {
  const noun = LEVEL_NOUN[level];
  const improvement = rows.map((r) => ({
    label: r.label,
    value: r.instruments.find((i) => i.instrument === instrument)?.reliableImprovementShare ?? null,
  }));
  const completion = rows.map((r) => ({ label: r.label, value: r.completionRate }));
  const wait = rows.map((r) => ({ label: r.label, value: r.medianWaitDays }));
  const topImprovement = best(improvement);
  const topCompletion = best(completion);
  const waits = wait.filter((w) => w.value != null).map((w) => w.value as number);
  return (
    <div className="care-dashboard-charts">
      <Card title={`Reliable improvement on ${instrument || 'a measure'}`} headingLevel={3}>
        <HorizontalBarChart
          title={`Share of episodes with reliable improvement on ${instrument}, by ${noun.toLowerCase()}`}
          summary={
            topImprovement
              ? `Share of episodes with a baseline and a later ${instrument} score that improved reliably. Highest: ${topImprovement.label} (${percent(topImprovement.value)}).`
              : `No episode has a baseline and a later ${instrument} score in this period yet.`
          }
          rows={improvement}
          categoryLabel={noun}
          valueLabel="Reliable improvement"
          format={(v) => percent(v)}
          max={1}
        />
      </Card>
      <Card title="Completion rate" headingLevel={3}>
        <HorizontalBarChart
          title={`Completion rate by ${noun.toLowerCase()}`}
          summary={
            topCompletion
              ? `Share of closed episodes that completed treatment. Highest: ${topCompletion.label} (${percent(topCompletion.value)}).`
              : 'No episode was closed in this period.'
          }
          rows={completion}
          categoryLabel={noun}
          valueLabel="Completion rate"
          format={(v) => percent(v)}
          max={1}
          colour="#2f7f86"
        />
      </Card>
      <Card title="Median wait" headingLevel={3}>
        <HorizontalBarChart
          title={`Median days from referral to first session, by ${noun.toLowerCase()}`}
          summary={
            waits.length > 0
              ? `Median days from referral to the first session: from ${Math.min(...waits)} to ${Math.max(...waits)} days.`
              : 'No episode started treatment in this period.'
          }
          rows={wait}
          categoryLabel={noun}
          valueLabel="Median wait (days)"
          format={(v) => `${formatNumber(Math.round(v))} d`}
          colour="#5b6fa8"
        />
      </Card>
    </div>
  );
}

function SummaryTable({
  rows,
  instrument,
  level,
}: {
  rows: TOutcomeSummaryRow[];
  instrument: string;
  level: OutcomeLevel;
}) {
  const [sort, setSort] = useState<{ key: SortKey; order: SortOrder }>({ key: 'label', order: 'asc' });
  const sorted = sortRows(rows, sort.key, sort.order, instrument);
  const header = (key: SortKey, label: string, className?: string) => (
    <SortHeader
      label={label}
      active={sort.key === key}
      order={sort.order}
      className={className}
      onSort={() =>
        setSort((s) => ({
          key,
          order: s.key === key ? (s.order === 'asc' ? 'desc' : 'asc') : key === 'label' ? 'asc' : 'desc',
        }))
      }
    />
  );
  return (
    <TableWrap label="Outcomes">
      <table className="table care-outcomes-table">
        <caption className="visually-hidden">
          Outcomes {LEVEL_LABEL[level].toLowerCase()}; the last four columns are for {instrument}
        </caption>
        <thead>
          <tr>
            {header('label', LEVEL_NOUN[level])}
            {header('episodesStarted', 'Started', 'num')}
            {header('episodesCompleted', 'Completed', 'num')}
            {header('completionRate', 'Completion', 'num')}
            {header('medianSessions', 'Median sessions', 'num')}
            {header('medianWaitDays', 'Median wait (days)', 'num')}
            {header('withPrePost', `${instrument} pre and post`, 'num')}
            {header('meanChange', 'Mean change', 'num')}
            {header('reliableImprovementShare', 'Reliable improvement', 'num')}
            {header('reliableDeteriorationShare', 'Reliable deterioration', 'num')}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => {
            const i = r.instruments.find((x) => x.instrument === instrument);
            return (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="num">{formatNumber(r.episodesStarted)}</td>
                <td className="num">
                  {formatNumber(r.episodesCompleted)}
                  <span className="cell-sub">of {formatNumber(r.episodesClosed)} closed</span>
                </td>
                <td className="num">{percent(r.completionRate)}</td>
                <td className="num">{r.medianSessions ?? '—'}</td>
                <td className="num">{r.medianWaitDays ?? '—'}</td>
                <td className="num">{i ? formatNumber(i.withPrePost) : '—'}</td>
                <td className="num">{signed(i?.meanChange, 1)}</td>
                <td className="num">{percent(i?.reliableImprovementShare)}</td>
                <td className="num">{percent(i?.reliableDeteriorationShare)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function OutcomesPage() {
  const session = useSession();
  const isAdmin = session.isAdmin;
  const directed = session.centersFor('center_director');
  const levels: OutcomeLevel[] = isAdmin
    ? ['clinician', 'center', 'state', 'network']
    : ['clinician', 'center'];
  const [state, setState] = useSearchState({
    level: isAdmin ? 'center' : 'clinician',
    center: '',
    region: '',
    from: yearAgo(),
    to: todayIso(),
    instrument: '',
  });
  const level = (levels.includes(state.level as OutcomeLevel) ? state.level : levels[0]) as OutcomeLevel;
  const centerId = isAdmin ? state.center : state.center || directed[0]?.id || '';
  const params: OutcomeParams = {
    level,
    centerId: (level === 'clinician' || level === 'center') && centerId ? centerId : undefined,
    state: isAdmin && level !== 'network' && state.region ? state.region : undefined,
    from: state.from || undefined,
    to: state.to || undefined,
  };
  const summary = useOutcomeSummary(params);
  const rows = summary.data ?? [];
  // The instrument the charts and the last columns follow: the one with the most pre-post pairs.
  const counts = new Map<string, number>();
  for (const r of rows)
    for (const i of r.instruments) counts.set(i.instrument, (counts.get(i.instrument) ?? 0) + i.withPrePost);
  const instrumentCodes = [...counts.keys()].sort();
  const instrument =
    (instrumentCodes.includes(state.instrument) ? state.instrument : null) ??
    [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ??
    '';
  const badPeriod = Boolean(state.from && state.to && state.from > state.to);

  return (
    <div className="page">
      <PageHeader
        title="Outcomes"
        lead="How children fare in treatment: reliable improvement on standardized measures, completion and waiting time. Only de-identified episodes are counted."
      />
      <div className="stack" style={{ gap: 24 }}>
        <Card flush>
          <form className="filters" aria-label="Choose what to compare" onSubmit={(e) => e.preventDefault()}>
            <SelectField
              label="Compare"
              value={level}
              onChange={(e) => setState({ level: e.target.value })}
              options={levels.map((l) => ({ value: l, label: LEVEL_LABEL[l] }))}
            />
            {(level === 'clinician' || level === 'center') && (isAdmin || directed.length > 1) && (
              <CenterPicker
                value={state.center}
                onChange={(id) => setState({ center: id })}
                choices={isAdmin ? undefined : directed}
                label="Center"
              />
            )}
            {isAdmin && level !== 'network' && (
              <SelectField
                label="State"
                value={state.region}
                onChange={(e) => setState({ region: e.target.value })}
                options={STATE_OPTIONS}
                placeholder="All states"
              />
            )}
            <TextField
              label="From"
              type="date"
              value={state.from}
              onChange={(e) => setState({ from: e.target.value })}
              max={state.to || undefined}
            />
            <TextField
              label="To"
              type="date"
              value={state.to}
              onChange={(e) => setState({ to: e.target.value })}
              min={state.from || undefined}
              error={badPeriod ? 'must not be before the start of the period' : undefined}
            />
            {instrumentCodes.length > 1 && (
              <SelectField
                label="Measure"
                value={instrument}
                onChange={(e) => setState({ instrument: e.target.value })}
                options={instrumentCodes.map((c) => ({ value: c, label: c }))}
              />
            )}
          </form>
          {summary.isPending ? (
            <Spinner label="Loading outcomes…" />
          ) : summary.error ? (
            <div className="card-body">
              <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
            </div>
          ) : rows.length === 0 ? (
            <EmptyState headingLevel={2} icon={<ChartIcon />} title="No episodes in this period">
              Choose a longer period, or another center or state.
            </EmptyState>
          ) : (
            <>
              <h2 className="visually-hidden">Outcomes table</h2>
              <SummaryTable rows={rows} instrument={instrument} level={level} />
            </>
          )}
        </Card>
        {rows.length > 0 && (
          <section className="stack" aria-labelledby="outcome-charts">
            <h2 id="outcome-charts">Charts</h2>
            <Charts rows={rows} instrument={instrument} level={level} />
          </section>
        )}
      </div>
    </div>
  );
}
