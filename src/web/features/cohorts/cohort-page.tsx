/**
 * One cohort: its facts, the roster (enrol, withdraw), sessions and calls with their attendance,
 * and for those who follow trainees (administrators, the cohort's trainers, directors) the
 * trainees at risk, from the progress of everyone on the cohort.
 */
import { Link, useParams } from 'react-router-dom';
import { useProgressRoster } from '../../api/queries';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { plural } from '../../ui/format';
import { CheckIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { ErrorState, NotFoundPage, PageQuery } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { useSession } from '../shell/session';
import { CohortStatusBadge, Dates, Region } from './cohort-badges';
import { EventsSection } from './events-section';
import { COURSE_KIND_LABEL, MODALITY_LABEL, useCohort, type TCohort } from './learning-api';
import { RosterSection } from './roster-section';
import './cohorts.css';

function AtRiskPanel({ cohort }: { cohort: TCohort }) {
  const roster = useProgressRoster({ cohortId: cohort.id });
  const names = new Map((roster.data?.pathways ?? []).map((p) => [p.id, p.name]));
  const atRisk = (roster.data?.items ?? [])
    .map((row) => ({ row, cells: row.pathways.filter((c) => c.risks.length > 0) }))
    .filter((x) => x.cells.length > 0)
    .sort((a, b) => a.row.clinician.displayName.localeCompare(b.row.clinician.displayName));

  return (
    <Card
      title="Trainees at risk"
      subtitle={
        roster.data && atRisk.length > 0
          ? `${plural(atRisk.length, 'trainee')} of this cohort missed two calls in a row, have no case within four months, or have a consultation window closing.`
          : 'Missed two calls in a row, no case within four months, or a consultation window closing.'
      }
      flush
    >
      {roster.isPending ? (
        <Spinner label="Checking trainees’ progress…" />
      ) : roster.error ? (
        <div className="card-body">
          <ErrorState error={roster.error} onRetry={() => void roster.refetch()} />
        </div>
      ) : atRisk.length === 0 ? (
        <EmptyState icon={<CheckIcon />} title="No one on this cohort is at risk">
          Risks appear here as soon as attendance or cases fall behind.
        </EmptyState>
      ) : (
        <ul className="risk-people cohort-risks" aria-label="Trainees at risk">
          {atRisk.map(({ row, cells }) => (
            <li key={row.clinician.id}>
              <div className="row-between">
                <Link to={`/clinicians/${row.clinician.id}/progress`} className="cell-main">
                  {row.clinician.displayName}
                </Link>
                <span className="muted small">{row.clinician.centerName}</span>
              </div>
              {cells.map((c) => (
                <div key={c.pathwayId} className="risk-detail">
                  <span className="small muted">{names.get(c.pathwayId) ?? c.pathwayCode}</span>
                  <ul>
                    {c.risks.map((r) => (
                      <li key={r.code}>{r.message}</li>
                    ))}
                  </ul>
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function CohortView({ cohort }: { cohort: TCohort }) {
  const session = useSession();
  const isTrainer = cohort.trainers.some((t) => t.id === session.me.user.id);
  const canManage = session.isAdmin || isTrainer;
  const followsTrainees = session.has('network_admin', 'center_director') || isTrainer;
  const free = Math.max(0, cohort.seats - cohort.seatsTaken);

  return (
    <div className="page">
      <PageHeader
        breadcrumb={<Link to="/cohorts">Cohorts</Link>}
        title={cohort.title}
        lead={
          <>
            {cohort.course ? (
              <>
                <span className="mono">{cohort.course.code}</span> · {cohort.course.title}
              </>
            ) : (
              'Learning collaborative'
            )}{' '}
            <CohortStatusBadge status={cohort.status} />
          </>
        }
      />
      <div className="stack">
        <Card title="About this cohort">
          <dl className="cohort-facts">
            <div>
              <dt>Dates</dt>
              <dd>
                <Dates cohort={cohort} />
              </dd>
            </div>
            <div>
              <dt>Modality</dt>
              <dd>{MODALITY_LABEL[cohort.modality]}</dd>
            </div>
            <div>
              <dt>Region</dt>
              <dd>
                <Region states={cohort.states} />
              </dd>
            </div>
            <div>
              <dt>Seats used</dt>
              <dd>
                {cohort.seatsTaken} of {cohort.seats}
                <span className="cell-sub">{free === 0 ? 'Full' : `${plural(free, 'seat')} free`}</span>
              </dd>
            </div>
            <div>
              <dt>Waitlist</dt>
              <dd>
                {cohort.waitlistCount === 0 ? 'No one' : plural(cohort.waitlistCount, 'person', 'people')}
              </dd>
            </div>
            <div>
              <dt>Course</dt>
              <dd>
                {cohort.course ? COURSE_KIND_LABEL[cohort.course.kind] : 'Several courses'}
                {cohort.modelCode && <span className="cell-sub">{cohort.modelCode}</span>}
              </dd>
            </div>
            <div className="cohort-facts-wide">
              <dt>Trainers</dt>
              <dd>
                {cohort.trainers.length === 0
                  ? 'None named yet'
                  : cohort.trainers.map((t) => t.displayName).join(', ')}
              </dd>
            </div>
          </dl>
        </Card>
        {followsTrainees && <AtRiskPanel cohort={cohort} />}
        <RosterSection cohort={cohort} canManage={canManage} />
        <EventsSection cohort={cohort} canManage={canManage} />
      </div>
    </div>
  );
}

const UUID = /^[0-9a-f-]{36}$/i;

export function CohortPage() {
  const { cohortId } = useParams();
  const valid = Boolean(cohortId && UUID.test(cohortId));
  const cohort = useCohort(valid ? cohortId : null);
  const notFound = (
    <NotFoundPage title="Cohort not found" backTo="/cohorts" backLabel="Back to cohorts">
      This cohort does not exist, or it is not visible to your account.
    </NotFoundPage>
  );
  if (!valid) return notFound;
  return (
    <PageQuery query={cohort} loadingLabel="Loading cohort…" notFound={notFound}>
      {(c) => <CohortView cohort={c} />}
    </PageQuery>
  );
}
