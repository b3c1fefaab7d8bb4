/**
 * Last-resort pages: an unexpected error while rendering, and the server not answering.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { Button } from '../../ui/button';
import { WaymarkLogo } from '../../ui/icons';

function Frame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="public">
      <header className="public-header">
        <a className="wordmark" href="/">
          <WaymarkLogo />
          Waymark
        </a>
      </header>
      <main id="main-content" className="public-main" tabIndex={-1}>
        <div className="public-card wide">
          <h1 id="page-title" tabIndex={-1}>
            {title}
          </h1>
          <div className="stack" style={{ marginTop: 12 }}>
            {children}
          </div>
        </div>
      </main>
    </div>
  );
}

function ErrorView({ detail }: { detail: string | null }) {
  return (
    <Frame title="Something went wrong">
      <p>
        Waymark hit an unexpected problem showing this page. Your data is safe; nothing was changed by this
        error.
      </p>
      {detail && (
        <p className="muted small">
          Technical detail: <code>{detail}</code>
        </p>
      )}
      <div className="row">
        <Button variant="primary" onClick={() => window.location.reload()}>
          Reload the page
        </Button>
        <a className="btn btn-secondary" href="/">
          Go to the start page
        </a>
      </div>
    </Frame>
  );
}

/** The router's error element. */
export function RouteErrorPage() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : null;
  return <ErrorView detail={detail} />;
}

/** Catches errors outside the router (providers). */
export class AppErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Waymark could not render', error, info.componentStack);
  }

  render() {
    return this.state.error ? <ErrorView detail={this.state.error.message} /> : this.props.children;
  }
}

export function ServiceUnavailable({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <Frame title="Waymark is not available right now">
      <p>{error instanceof Error ? error.message : 'The server did not answer.'}</p>
      <p className="muted">
        Please try again in a moment. If the problem continues, contact your network administrator.
      </p>
      <div className="row">
        <Button variant="primary" onClick={onRetry}>
          Try again
        </Button>
      </div>
    </Frame>
  );
}
