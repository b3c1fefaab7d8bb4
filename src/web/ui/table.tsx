/**
 * Table helpers: a keyboard-reachable scroll container and sortable column headers.
 */
import type { ReactNode } from 'react';

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // The wrapper scrolls sideways on narrow screens; focusable so keyboard users can scroll it.
    <div className="table-wrap" role="region" aria-label={`${label} table`} tabIndex={0}>
      {children}
    </div>
  );
}

export type SortOrder = 'asc' | 'desc';

export function SortHeader({
  label,
  active,
  order,
  onSort,
  className,
}: {
  label: string;
  active: boolean;
  order: SortOrder;
  onSort: () => void;
  className?: string;
}) {
  return (
    <th
      scope="col"
      className={className}
      aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <button type="button" className="sort-button" onClick={onSort}>
        {label}
        <span className="sort-indicator" aria-hidden="true">
          {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
        <span className="visually-hidden">
          {active
            ? `, sorted ${order === 'asc' ? 'ascending' : 'descending'}; press to reverse`
            : ', press to sort'}
        </span>
      </button>
    </th>
  );
}
