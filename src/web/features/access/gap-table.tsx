/**
 * The gap table: one row per center, chapter, state (or, for a director, their center and the
 * areas around it), with demand, trained capacity and the gap in children a year, waiting, median
 * wait, trained clinicians and where the demand figures come from. Sortable by any column header
 * (aria-sort says how); a center's name links to its capacity page.
 */
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { stateName } from '../../ui/labels';
import { SortHeader, TableWrap, type SortOrder } from '../../ui/table';
import type { GapRow, Level } from './access-api';
import { formatCount, sortGapRows, type GapSortKey } from './access-model';
import { Count, Gap, Missing, SourceBadge, Wait } from './figures';

export const LEVEL_NOUN: Record<Level, string> = {
  center: 'Center',
  chapter: 'Chapter',
  state: 'State',
  nation: 'Nation',
};

/** A row's name as people read it: states by name, the nation as "The nation". */
export function rowName(row: GapRow): string {
  if (row.level === 'state') return stateName(row.label);
  if (row.level === 'nation') return 'The nation';
  return row.label;
}

function Trained({ row }: { row: GapRow }) {
  const { trained, clinicians, certified } = row.staff;
  if (trained === null) return <Missing row={row} field="trained" />;
  return (
    <>
      {formatCount(trained)}
      {clinicians !== null && <span className="muted"> of {formatCount(clinicians)}</span>}
      {certified !== null && certified > 0 && (
        <span className="cell-sub">{formatCount(certified)} certified</span>
      )}
    </>
  );
}

function NameCell({ row, linkCenters, prefix }: { row: GapRow; linkCenters: boolean; prefix?: ReactNode }) {
  const name = rowName(row);
  const sub =
    row.level === 'center'
      ? row.state
        ? stateName(row.state)
        : ''
      : `${formatCount(row.centers)} ${row.centers === 1 ? 'center' : 'centers'}, ${formatCount(row.centersWithData)} with data`;
  return (
    <th scope="row">
      {prefix}
      {row.level === 'center' && linkCenters ? (
        <Link to={`/access/centers/${row.key}`}>{name}</Link>
      ) : (
        <span className="cell-main">{name}</span>
      )}
      {sub && <span className="cell-sub">{sub}</span>}
    </th>
  );
}

const COLUMNS: { key: GapSortKey; label: string; numeric: boolean }[] = [
  { key: 'demandPerYear', label: 'Demand a year', numeric: true },
  { key: 'capacityPerYear', label: 'Trained capacity a year', numeric: true },
  { key: 'gapPerYear', label: 'Gap a year', numeric: true },
  { key: 'waitingEnd', label: 'Waiting at period end', numeric: true },
  { key: 'medianWaitDays', label: 'Median wait', numeric: true },
  { key: 'trained', label: 'Trained clinicians', numeric: true },
  { key: 'source', label: 'Demand from', numeric: false },
];

function Cells({ row }: { row: GapRow }) {
  return (
    <>
      <td className="num">
        <Count row={row} field="demandPerYear" />
      </td>
      <td className="num">
        <Count row={row} field="capacityPerYear" />
      </td>
      <td className="num access-gap-cell">
        <Gap row={row} />
      </td>
      <td className="num">
        <Count row={row} field="waitingEnd" />
      </td>
      <td className="num nowrap">
        <Wait row={row} />
      </td>
      <td className="num nowrap">
        <Trained row={row} />
      </td>
      <td>
        <SourceBadge source={row.figures.source} />
      </td>
    </>
  );
}

/** The sortable table of centers, chapters or states (network administrators). */
export function GapTable({
  rows,
  level,
  caption,
}: {
  rows: readonly GapRow[];
  level: Level;
  caption: string;
}) {
  const [sort, setSort] = useState<{ key: GapSortKey; order: SortOrder }>({
    key: 'gapPerYear',
    order: 'desc',
  });
  const sorted = sortGapRows(rows, sort.key, sort.order);
  const header = (key: GapSortKey, label: string, numeric: boolean) => (
    <SortHeader
      key={key}
      label={label}
      active={sort.key === key}
      order={sort.order}
      className={numeric ? 'num' : undefined}
      onSort={() =>
        setSort((s) => ({
          key,
          order: s.key === key ? (s.order === 'asc' ? 'desc' : 'asc') : numeric ? 'desc' : 'asc',
        }))
      }
    />
  );
  return (
    <TableWrap label={caption}>
      <table className="table access-gap-table">
        <caption className="visually-hidden">
          {caption}. Children a year; a positive gap is children beyond trained capacity, a negative gap spare
          capacity.
        </caption>
        <thead>
          <tr>
            {header('label', LEVEL_NOUN[level], false)}
            {COLUMNS.map((c) => header(c.key, c.label, c.numeric))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={row.key}>
              <NameCell row={row} linkCenters />
              <Cells row={row} />
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** A director's center against its chapter, state and the nation: one row each, in that order. */
export function ComparisonTable({ rows, caption }: { rows: readonly GapRow[]; caption: string }) {
  return (
    <TableWrap label={caption}>
      <table className="table access-gap-table">
        <caption className="visually-hidden">
          {caption}. Children a year; a positive gap is children beyond trained capacity, a negative gap spare
          capacity. Some area figures are hidden to protect other centers’ small numbers.
        </caption>
        <thead>
          <tr>
            <th scope="col">Area</th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={`${row.level}-${row.key}`}
              className={row.level === 'center' ? 'access-own-row' : undefined}
            >
              <NameCell
                row={row}
                linkCenters={false}
                prefix={<span className="access-level">{LEVEL_NOUN[row.level]}</span>}
              />
              <Cells row={row} />
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
