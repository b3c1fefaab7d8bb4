/**
 * Loading indicators, announced politely to screen readers.
 */
export function Spinner({ label = 'Loading…', inline = false }: { label?: string; inline?: boolean }) {
  return (
    <div className={`loading${inline ? ' inline' : ''}`} role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function FullPageSpinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="full-page-loading">
      <Spinner label={label} />
    </div>
  );
}
