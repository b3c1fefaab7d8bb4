/**
 * What a page or section shows while its data loads, when loading fails, and when the record does
 * not exist (404) or is not the user's to see.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../api/client';
import { Alert } from './alert';
import { Button } from './button';
import { PageHeader } from './page-header';
import { Spinner } from './spinner';

export function ErrorState({
  error,
  onRetry,
  title = 'This could not be loaded',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <Alert tone="error" title={title}>
      <p>{message}</p>
      {onRetry && (
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}

/** A whole page for a record that does not exist (or that the user may not see). */
export function NotFoundPage({
  title = 'Not found',
  children,
  backTo,
  backLabel,
}: {
  title?: string;
  children?: ReactNode;
  backTo?: string;
  backLabel?: string;
}) {
  return (
    <div className="page">
      <div className="not-found">
        <p className="code">Error 404</p>
        <PageHeader title={title} />
        <div className="stack">
          <p>{children ?? 'This page does not exist, or it is not available to your account.'}</p>
          <p>
            <Link to={backTo ?? '/'}>{backLabel ?? 'Go to the start page'}</Link>
          </p>
        </div>
      </div>
    </div>
  );
}

/** Loading and error handling for a page's main query; renders children with the data. */
export function PageQuery<T>({
  query,
  loadingLabel,
  notFound,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  loadingLabel?: string;
  notFound?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Spinner label={loadingLabel} />;
  if (query.error) {
    if (isApiError(query.error) && query.error.status === 404 && notFound) return <>{notFound}</>;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (query.data === undefined) return <Spinner label={loadingLabel} />;
  return <>{children(query.data)}</>;
}
