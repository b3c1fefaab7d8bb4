/**
 * "My pathway": a clinician's own progress toward certification, one card per pathway. The same
 * view, read-only, is "Progress of <name>" at /clinicians/:clinicianId/progress for the directors,
 * trainers and administrators who follow them.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, isApiError } from '../../api/client';
import { useClinicianProgress, usePathways } from '../../api/queries';
import type { TClinicianProgress, TPathway, TPathwayEnrollment } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { formatDate } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorState, NotFoundPage, PageQuery } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toasts';
import { DownloadIcon, RouteIcon } from '../../ui/icons';
import { useSession } from '../shell/session';
import { PathwayCard } from './pathway-progress';
import { QualificationCard } from './qualification-card';
import { TestAttemptsCard } from './test-attempts-card';

function TranscriptLinks({ clinicianId }: { clinicianId: string }) {
  return (
    <div className="row" role="group" aria-label="Continuing-education transcript">
      <a className="btn btn-secondary" href={`/api/v1/clinicians/${clinicianId}/transcript.pdf`} download>
        <DownloadIcon />
        CE transcript (PDF)
      </a>
      <a className="btn btn-secondary" href={`/api/v1/clinicians/${clinicianId}/transcript.csv`} download>
        <DownloadIcon />
        CE transcript (CSV)
      </a>
    </div>
  );
}

/** Pathways open for enrolment, for a clinician who is on none yet. */
function JoinPathway({ userId }: { userId: string }) {
  const pathways = usePathways();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [joining, setJoining] = useState<string | null>(null);
  const join = useMutation({
    mutationFn: (p: TPathway) => api.post<TPathwayEnrollment>(`/pathways/${p.id}/enrollments`, { userId }),
    onMutate: (p) => setJoining(p.id),
    onSettled: () => setJoining(null),
    onSuccess: (_e, p) => {
      toast.success(`You are now on ${p.name}.`);
      void queryClient.invalidateQueries({ queryKey: ['clinician-progress'] });
    },
  });
  const open = (pathways.data ?? []).filter((p) => p.status === 'active');

  return (
    <Card
      title="Start a certification pathway"
      subtitle="Choose the certification you are working toward. Your training, consultation and cases already recorded in Waymark count from the start."
      flush
    >
      {pathways.isPending ? (
        <Spinner label="Loading pathways…" />
      ) : pathways.error ? (
        <div className="card-body">
          <ErrorState error={pathways.error} onRetry={() => void pathways.refetch()} />
        </div>
      ) : open.length === 0 ? (
        <EmptyState icon={<RouteIcon />} title="No pathway is open yet">
          Your network administrator publishes certification pathways here.
        </EmptyState>
      ) : (
        <ul className="pathway-choices">
          {open.map((p) => (
            <li key={p.id}>
              <div>
                <h3>{p.name}</h3>
                {p.description && <p className="muted small">{p.description}</p>}
                <p className="small muted">
                  {p.requirements.length} requirements
                  {p.validityMonths ? ` · valid ${p.validityMonths / 12} years once issued` : ''}
                </p>
              </div>
              <Button
                variant="primary"
                onClick={() => join.mutate(p)}
                busy={joining === p.id}
                disabled={joining !== null && joining !== p.id}
              >
                Start this pathway
                <span className="visually-hidden">: {p.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {join.error && (
        <div className="card-body">
          <Alert tone="error">{join.error.message}</Alert>
        </div>
      )}
    </Card>
  );
}

function ProgressView({ progress, self }: { progress: TClinicianProgress; self: boolean }) {
  const session = useSession();
  const { clinician } = progress;
  // Certificates are for the holder, administrators and directors of the holder's center.
  const canDownload = self || session.has('network_admin', 'center_director');
  const pathways = [...progress.pathways].sort(
    (a, b) => Number(a.state === 'withdrawn') - Number(b.state === 'withdrawn'),
  );
  const canFollowOthers = session.has('network_admin', 'center_director', 'trainer');

  return (
    <div className="page">
      <PageHeader
        breadcrumb={!self && canFollowOthers ? <Link to="/progress">Progress</Link> : undefined}
        title={self ? 'My pathway' : `Progress of ${clinician.displayName}`}
        lead={
          <>
            {self
              ? 'Where you are on the way to certification, and what to do next.'
              : `${clinician.centerNames.join(', ') || 'No current center'}.`}{' '}
            <span className="muted">Figures as of {formatDate(progress.asOf)}.</span>
          </>
        }
        actions={<TranscriptLinks clinicianId={clinician.id} />}
      />
      <div className="stack">
        {pathways.length === 0 ? (
          self && session.has('clinician') ? (
            <JoinPathway userId={clinician.id} />
          ) : (
            <Card>
              <EmptyState headingLevel={2} icon={<RouteIcon />} title="Not on a certification pathway">
                {self
                  ? 'You are not enrolled on a certification pathway. When you are, your progress appears here.'
                  : `${clinician.displayName} is not enrolled on a certification pathway yet.`}
              </EmptyState>
            </Card>
          )
        ) : (
          pathways.map((p) => <PathwayCard key={p.pathwayId} progress={p} canDownload={canDownload} />)
        )}
        <TestAttemptsCard
          userId={clinician.id}
          canRecord={!self && session.has('network_admin', 'trainer')}
        />
        {(self || session.has('network_admin', 'center_director')) && (
          <QualificationCard userId={clinician.id} self={self} />
        )}
      </div>
    </div>
  );
}

export function MyPathwayPage() {
  const { me } = useSession();
  const progress = useClinicianProgress(me.user.id);
  if (progress.error && isApiError(progress.error, 'FORBIDDEN')) {
    return (
      <div className="page">
        <PageHeader title="My pathway" />
        <Card>
          <EmptyState headingLevel={2} icon={<RouteIcon />} title="Certification pathways are for clinicians">
            Your role does not follow a certification pathway in Waymark.
          </EmptyState>
        </Card>
      </div>
    );
  }
  return (
    <PageQuery query={progress} loadingLabel="Loading your progress…">
      {(p) => <ProgressView progress={p} self />}
    </PageQuery>
  );
}

export function ClinicianProgressPage() {
  const { clinicianId } = useParams();
  const { me } = useSession();
  const valid = Boolean(clinicianId && /^[0-9a-f-]{36}$/i.test(clinicianId));
  const progress = useClinicianProgress(valid ? clinicianId : null);
  const notFound = (
    <NotFoundPage title="Clinician not found" backTo="/progress" backLabel="Back to progress">
      This person does not exist, or their progress is not visible to your account.
    </NotFoundPage>
  );
  if (!valid) return notFound;
  return (
    <PageQuery query={progress} loadingLabel="Loading progress…" notFound={notFound}>
      {(p) => <ProgressView progress={p} self={p.clinician.id === me.user.id} />}
    </PageQuery>
  );
}
