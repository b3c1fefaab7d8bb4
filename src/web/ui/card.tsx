/**
 * A titled panel. The heading level follows the page outline (h2 under the page's h1).
 */
import { useId, type ReactNode } from 'react';

export function Card({
  title,
  subtitle,
  actions,
  children,
  footer,
  flush = false,
  headingLevel = 2,
  className,
}: {
  title?: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  /** No padding around the body (for tables). */
  flush?: boolean;
  headingLevel?: 2 | 3;
  className?: string;
}) {
  const id = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={title ? id : undefined}>
      {(title || actions) && (
        <div className="card-header">
          <div>
            {title && <Heading id={id}>{title}</Heading>}
            {subtitle && <p className="sub">{subtitle}</p>}
          </div>
          {actions && <div className="row">{actions}</div>}
        </div>
      )}
      <div className={`card-body${flush ? ' flush' : ''}`}>{children}</div>
      {footer && <div className="card-footer">{footer}</div>}
    </section>
  );
}
