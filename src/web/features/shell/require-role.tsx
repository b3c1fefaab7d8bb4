/**
 * Pages for some roles only: others see a clear "not available" page (the API would refuse anyway).
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Role } from '../../api/types';
import { PageHeader } from '../../ui/page-header';
import { useSession } from './session';

export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const session = useSession();
  if (session.has(...roles)) return <>{children}</>;
  return (
    <div className="page">
      <div className="not-found">
        <PageHeader title="This page is not available to you" />
        <div className="stack">
          <p>
            Your role does not include this part of Waymark. If you need it, ask your network administrator.
          </p>
          <p>
            <Link to="/">Go to the start page</Link>
          </p>
        </div>
      </div>
    </div>
  );
}
