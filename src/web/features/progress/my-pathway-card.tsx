/**
 * The home page's card for clinicians: how far along their pathways are, and the next step.
 */
import { Link } from 'react-router-dom';
import { useClinicianProgress } from '../../api/queries';
import { ButtonLink } from '../../ui/button';
import { Card } from '../../ui/card';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { useSession } from '../shell/session';
import { Deadline, PathwayStateBadge, pathwayBarTone, ProgressBar } from './progress-ui';

export function MyPathwayHomeCard() {
  const { me } = useSession();
  const progress = useClinicianProgress(me.user.id);
  const pathways = (progress.data?.pathways ?? []).filter((p) => p.state !== 'withdrawn');

  return (
    <Card title="My pathway" headingLevel={3} actions={<Link to="/my-pathway">Open my pathway</Link>}>
      {progress.isPending ? (
        <Spinner inline label="Loading your progress…" />
      ) : progress.error ? (
        <ErrorState error={progress.error} onRetry={() => void progress.refetch()} />
      ) : pathways.length === 0 ? (
        <div className="stack" style={{ gap: 12 }}>
          <p className="muted">
            You are not on a certification pathway yet. Choose one to see what certification needs and follow
            your progress.
          </p>
          <div>
            <ButtonLink to="/my-pathway" variant="primary">
              Choose a pathway
            </ButtonLink>
          </div>
        </div>
      ) : (
        <ul className="home-pathways">
          {pathways.map((p) => (
            <li key={p.pathwayId}>
              <div className="row-between">
                <strong>{p.pathwayName}</strong>
                <PathwayStateBadge state={p.state} />
              </div>
              <div className="roster-bar home-bar">
                <ProgressBar
                  value={p.percent}
                  label={`${p.pathwayName}: progress`}
                  valueText={`${Math.round(p.percent)}% complete`}
                  tone={pathwayBarTone(p.state)}
                />
                <span className="roster-percent">{Math.round(p.percent)}%</span>
              </div>
              {p.nextStep && p.state !== 'complete' && (
                <p className="small">
                  <strong>Next step:</strong> {p.nextStep.text}
                  {p.nextStep.deadline && !p.nextStep.text.includes(p.nextStep.deadline) && (
                    <span className="muted">
                      {' '}
                      (due <Deadline date={p.nextStep.deadline} relative={false} />)
                    </span>
                  )}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
