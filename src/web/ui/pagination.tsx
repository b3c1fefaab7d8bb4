/**
 * "Showing 1–50 of 312" with previous and next page buttons.
 */
import { Button } from './button';

export function Pagination({
  page,
  pageSize,
  total,
  onPage,
  noun = 'results',
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  noun?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pagination" aria-label="Pagination">
      <span>
        {total === 0
          ? `No ${noun}`
          : `Showing ${from.toLocaleString()}–${to.toLocaleString()} of ${total.toLocaleString()} ${noun}`}
      </span>
      {pages > 1 && (
        <div className="pager">
          <Button size="sm" onClick={() => onPage(page - 1)} disabled={page <= 1}>
            Previous page
          </Button>
          <span>
            Page {page} of {pages}
          </span>
          <Button size="sm" onClick={() => onPage(page + 1)} disabled={page >= pages}>
            Next page
          </Button>
        </div>
      )}
    </nav>
  );
}
