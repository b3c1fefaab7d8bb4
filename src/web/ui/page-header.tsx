/**
 * The page's one h1 (focus lands on it after navigation), its lead text and page-level actions.
 * Also sets the document title.
 */
import { useEffect, type ReactNode } from 'react';

export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} · Waymark`;
  }, [title]);
}

export function PageHeader({
  title,
  lead,
  actions,
  breadcrumb,
  documentTitle,
}: {
  title: ReactNode;
  lead?: ReactNode;
  actions?: ReactNode;
  breadcrumb?: ReactNode;
  /** When the title is not plain text. */
  documentTitle?: string;
}) {
  useDocumentTitle(documentTitle ?? (typeof title === 'string' ? title : null));
  return (
    <div className="page-header">
      <div>
        {breadcrumb && <div className="breadcrumb">{breadcrumb}</div>}
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {lead && <p className="lead">{lead}</p>}
      </div>
      {actions && <div className="actions">{actions}</div>}
    </div>
  );
}
