/**
 * "Capacity and demand at <center>" (network administrators, and the center's directors): the
 * WISN arithmetic that turns the capacity parameters into children a year per full-time clinician,
 * each parameter with its source and whether it is the center's own, the treating staff and what
 * each adds, and the months the center reports itself (form and CSV import). Another center is
 * "not found", as the API answers.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { SettingsIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { NotFoundPage, PageQuery } from '../../ui/query-state';
import { TableWrap } from '../../ui/table';
import { useCenterCapacity, type CenterCapacity } from './access-api';
import { formatCount, formatDecimal, formatParameter, PARAMETER_ORDER } from './access-model';
import { ParametersDialog } from './parameters-dialog';
import { MonthsImport, ReportedMonths } from './reported-months';
import { StaffCapacity } from './staff-capacity';
import './access.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const hours = (n: number) => `${formatCount(n)} hours`;

/** The method step by step, with this center's numbers. */
function Breakdown({ capacity }: { capacity: CenterCapacity }) {
  const p = capacity.parameters;
  const b = capacity.breakdown;
  const daysOff = p.leaveDaysPerYear + p.holidaysPerYear + p.sickDaysPerYear + p.trainingDaysPerYear;
  const days = Math.max(0, p.workingDaysPerYear - daysOff);
  const trainedFte = capacity.people.filter((x) => x.trained).reduce((s, x) => s + x.fteCounted, 0);
  return (
    <ol className="access-steps">
      <li>
        <span className="access-step-label">Working time a year</span>
        <span className="access-step-math">
          ({formatDecimal(p.workingDaysPerYear)} working days − {formatDecimal(p.leaveDaysPerYear)} leave −{' '}
          {formatDecimal(p.holidaysPerYear)} holidays − {formatDecimal(p.sickDaysPerYear)} sick −{' '}
          {formatDecimal(p.trainingDaysPerYear)} training) = {formatDecimal(days)} days ×{' '}
          {formatDecimal(p.hoursPerDay)} hours
        </span>
        <strong className="access-step-result">{hours(b.availableHours)}</strong>
      </li>
      <li>
        <span className="access-step-label">Time for treatment</span>
        <span className="access-step-math">
          {hours(b.availableHours)} × (100% − {formatParameter(p.otherDutiesShare, 'share')} for other duties)
        </span>
        <strong className="access-step-result">{hours(b.treatmentHours)}</strong>
      </li>
      <li>
        <span className="access-step-label">Time one child’s treatment takes</span>
        <span className="access-step-math">
          {formatDecimal(p.sessionsPerChild)} sessions × {formatParameter(p.hoursPerSession, 'hours')} hours +{' '}
          {formatDecimal(p.otherHoursPerChild)} other hours
        </span>
        <strong className="access-step-result">{formatDecimal(b.hoursPerChild)} hours</strong>
      </li>
      <li>
        <span className="access-step-label">Children a year per full-time clinician</span>
        <span className="access-step-math">
          {hours(b.treatmentHours)} ÷ {formatDecimal(b.hoursPerChild)} hours
        </span>
        <strong className="access-step-result">{formatDecimal(b.childrenPerFte)} children</strong>
      </li>
      <li>
        <span className="access-step-label">This center</span>
        <span className="access-step-math">
          {formatDecimal(trainedFte)} treatment FTE of trained clinicians × {formatDecimal(b.childrenPerFte)}
        </span>
        <strong className="access-step-result">
          {formatCount(capacity.capacityPerYear)} children a year
        </strong>
      </li>
    </ol>
  );
}

function ParameterTable({ capacity }: { capacity: CenterCapacity }) {
  return (
    <TableWrap label="Capacity parameters">
      <table className="table access-parameter-table">
        <caption className="visually-hidden">
          The capacity parameters used for this center, and their sources
        </caption>
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col">Set by</th>
            <th scope="col">Source of the default</th>
          </tr>
        </thead>
        <tbody>
          {PARAMETER_ORDER.map((k) => {
            const info = capacity.info[k];
            const unit = info?.unit ?? '';
            const own = capacity.overrides[k] !== undefined;
            return (
              <tr key={k}>
                <th scope="row">{info?.label ?? k}</th>
                <td className="num nowrap">
                  {formatParameter(capacity.parameters[k], unit)}
                  {unit !== 'share' && <span className="muted"> {unit}</span>}
                </td>
                <td>
                  {own ? (
                    <>
                      <Badge tone="info">This center</Badge>
                      <span className="cell-sub">
                        Network: {formatParameter(capacity.networkParameters[k], unit)}
                      </span>
                    </>
                  ) : (
                    <span className="muted">Network</span>
                  )}
                </td>
                <td className="small">{info?.source}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

function CapacityView({ capacity }: { capacity: CenterCapacity }) {
  const [editing, setEditing] = useState(false);
  const trained = capacity.people.filter((p) => p.trained).length;
  const ownCount = Object.keys(capacity.overrides).length;
  return (
    <div className="page">
      <PageHeader
        breadcrumb={<Link to="/access">Where children wait</Link>}
        title={`Capacity and demand at ${capacity.centerName}`}
        lead="How many children the center’s trained clinicians can treat in a year, worked out by the WHO WISN method from the parameters below, and the monthly demand the center reports itself."
      />
      <div className="stack" style={{ gap: 24 }}>
        <dl className="access-figures access-figures-wide">
          <div>
            <dt>Trained capacity a year</dt>
            <dd>{formatCount(capacity.capacityPerYear)}</dd>
          </div>
          <div>
            <dt>Trained clinicians</dt>
            <dd>
              {formatCount(trained)}
              <span className="access-figure-of"> of {formatCount(capacity.people.length)}</span>
            </dd>
          </div>
          <div>
            <dt>Children a year per full-time clinician</dt>
            <dd>{formatDecimal(capacity.breakdown.childrenPerFte)}</dd>
          </div>
        </dl>

        <Card
          title="How the capacity is worked out"
          subtitle={
            ownCount === 0
              ? 'Every parameter follows the network’s.'
              : `${ownCount} of ${PARAMETER_ORDER.length} parameters are this center’s own; the rest follow the network’s.`
          }
          actions={
            <Button icon={<SettingsIcon />} onClick={() => setEditing(true)}>
              Edit parameters
            </Button>
          }
        >
          <div className="stack">
            <Breakdown capacity={capacity} />
            <ParameterTable capacity={capacity} />
          </div>
        </Card>

        <Card
          title="Treating staff"
          subtitle="Only clinicians trained or certified in an evidence-based model add capacity. An FTE not recorded counts as the network’s default."
          flush
        >
          <StaffCapacity capacity={capacity} />
        </Card>

        <Card title="Reported months">
          <ReportedMonths centerId={capacity.centerId} />
        </Card>

        <Card title="Import months from a CSV file">
          <MonthsImport centerId={capacity.centerId} />
        </Card>
      </div>
      {editing && <ParametersDialog capacity={capacity} onClose={() => setEditing(false)} />}
    </div>
  );
}

export function CapacityPage() {
  const { centerId = '' } = useParams();
  const valid = UUID.test(centerId);
  const capacity = useCenterCapacity(valid ? centerId : null);
  const notFound = (
    <NotFoundPage title="Center not found" backTo="/access" backLabel="Back to where children wait">
      This center does not exist, or its capacity is not available to your account.
    </NotFoundPage>
  );
  if (!valid) return notFound;
  return (
    <PageQuery query={capacity} loadingLabel="Loading the center’s capacity…" notFound={notFound}>
      {(c) => <CapacityView capacity={c} />}
    </PageQuery>
  );
}
