/**
 * What a list or section shows when it has nothing yet: what it is, and what to do.
 */
import type { ReactNode } from 'react';

export function EmptyState({
  icon,
  title,
  children,
  action,
  headingLevel = 3,
}: {
  icon?: ReactNode;
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="empty-state">
      {icon && <div className="empty-icon">{icon}</div>}
      <Heading>{title}</Heading>
      {children && <div>{children}</div>}
      {action && <div className="actions">{action}</div>}
    </div>
  );
}
