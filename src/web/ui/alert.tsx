/**
 * Inline messages. Errors are announced (role="alert"); the others are plain status text.
 */
import type { ReactNode } from 'react';
import { AlertIcon, CheckIcon, InfoIcon } from './icons';

export type AlertTone = 'error' | 'warning' | 'success' | 'info';

export function Alert({
  tone = 'info',
  title,
  children,
  announce,
}: {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  /** Defaults to true for errors. */
  announce?: boolean;
}) {
  const icon = tone === 'success' ? <CheckIcon /> : tone === 'info' ? <InfoIcon /> : <AlertIcon />;
  const live = announce ?? tone === 'error';
  return (
    <div className={`alert alert-${tone}`} role={live ? 'alert' : undefined}>
      {icon}
      <div>
        {title && <div className="alert-title">{title}</div>}
        {children}
      </div>
    </div>
  );
}
