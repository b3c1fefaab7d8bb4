/**
 * The certification pathways of the network: what each requires, for which treatment model, how
 * long its credential lasts and how many clinicians are on it. Administrators add and change them.
 */
import { Link } from 'react-router-dom';
import { REQUIREMENT_KIND_LABEL } from '../../../shared/pathways';
import { usePathways } from '../../api/queries';
import { ButtonLink } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { formatNumber, plural } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useSession } from '../shell/session';
import { LayersIcon, PlusIcon } from '../../ui/icons';
import { PathwayStatusBadge } from './pathway-status';
import { validityText } from './requirement-text';

export function PathwaysPage() {
  const session = useSession();
  const pathways = usePathways();
  const items = [...(pathways.data ?? [])].sort(
    (a, b) => Number(a.status !== 'active') - Number(b.status !== 'active') || a.name.localeCompare(b.name),
  );
  const add = session.isAdmin && (
    <ButtonLink to="/pathways/new" variant="primary" icon={<PlusIcon />}>
      New pathway
    </ButtonLink>
  );

  return (
    <div className="page">
      <PageHeader
        title="Pathways"
        lead="Certification pathways: the training, consultation, cases and tests a clinician completes to be certified in a treatment model."
        actions={add}
      />
      <Card flush>
        {pathways.isPending ? (
          <Spinner label="Loading pathways…" />
        ) : pathways.error ? (
          <div className="card-body">
            <ErrorState error={pathways.error} onRetry={() => void pathways.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState headingLevel={2} icon={<LayersIcon />} title="No pathways yet" action={add}>
            {session.isAdmin
              ? 'Create the first certification pathway: its requirements, validity and renewal.'
              : 'Certification pathways appear here once the network administrator publishes them.'}
          </EmptyState>
        ) : (
          <TableWrap label="Pathways">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Pathway</th>
                  <th scope="col">Model</th>
                  <th scope="col">Validity</th>
                  <th scope="col">Requirements</th>
                  <th scope="col" className="num">
                    Clinicians on it
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => {
                  const kinds = [...new Set(p.requirements.map((r) => REQUIREMENT_KIND_LABEL[r.kind]))];
                  return (
                    <tr key={p.id}>
                      <th scope="row" className="col-name">
                        <Link to={`/pathways/${p.id}`} className="cell-main">
                          {p.name}
                        </Link>
                        <span className="cell-sub mono">{p.code}</span>
                      </th>
                      <td>{p.modelCode}</td>
                      <td className="nowrap">
                        {validityText(p.validityMonths)}
                        {p.graceDays > 0 && <span className="cell-sub">+ {p.graceDays} days’ grace</span>}
                      </td>
                      <td>
                        {plural(p.requirements.length, 'requirement')}
                        <span className="cell-sub">{kinds.join(', ')}</span>
                        {p.renewalRequirements.length > 0 && (
                          <span className="cell-sub">
                            Renewal: {plural(p.renewalRequirements.length, 'requirement')}
                          </span>
                        )}
                      </td>
                      <td className="num">{formatNumber(p.activeEnrollments)}</td>
                      <td>
                        <PathwayStatusBadge status={p.status} />
                        {p.autoIssue && <span className="cell-sub">Issues automatically</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Card>
    </div>
  );
}
