/**
 * One treatment episode, by case code: its de-identified details (edit, discharge, reopen), its
 * alerts, sessions, measures, the scores over time with the outcome, fidelity to the model and
 * the one-time family form links.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { TEpisode, TUpdateEpisodeRequest } from '../../api/types';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { formatDate } from '../../ui/format';
import { NotFoundPage, PageQuery } from '../../ui/query-state';
import { PageHeader } from '../../ui/page-header';
import { useToast } from '../../ui/toasts';
import { EpisodeAlertsSection } from './alerts';
import { DueText, EpisodeStatusBadge, NotOnTrackBadge } from './care-badges';
import { careKeys, DISCHARGE_LABEL, GENDER_LABEL, RACE_LABEL, refreshEpisode, useEpisode } from './care-api';
import { DischargeDialog, EpisodeFormDialog } from './episode-form-dialog';
import { FormLinksSection } from './form-links-section';
import { MeasuresSection } from './measures-section';
import { FidelityCard, OutcomesCard } from './outcome-section';
import { SessionsSection } from './sessions-section';
import './care.css';

function Details({ episode: e }: { episode: TEpisode }) {
  return (
    <dl className="details">
      <dt>Clinician</dt>
      <dd>
        {e.clinicianName}
        <span className="cell-sub">{e.centerName}</span>
      </dd>
      <dt>Age</dt>
      <dd>{e.ageYears} years</dd>
      <dt>Gender</dt>
      <dd>{e.gender ? GENDER_LABEL[e.gender] : <span className="muted">Not asked</span>}</dd>
      <dt>Race and ethnicity</dt>
      <dd>
        {e.raceEthnicity.length > 0 ? (
          e.raceEthnicity.map((r) => RACE_LABEL[r]).join(', ')
        ) : (
          <span className="muted">Not recorded</span>
        )}
      </dd>
      <dt>Caregiver</dt>
      <dd>{e.caregiverInvolved ? 'Takes part in treatment' : 'Does not take part'}</dd>
      <dt>Model</dt>
      <dd>{e.modelCode}</dd>
      <dt>Training case</dt>
      <dd>
        {e.pathwayEnrollmentId ? (
          'Counts toward the clinician’s certification pathway'
        ) : (
          <span className="muted">Not a training case</span>
        )}
      </dd>
      <dt>Referred on</dt>
      <dd>{formatDate(e.referredOn)}</dd>
      <dt>First session</dt>
      <dd>{e.firstSessionOn ? formatDate(e.firstSessionOn) : <span className="muted">Waiting</span>}</dd>
      {e.dischargedOn && (
        <>
          <dt>Discharged on</dt>
          <dd>
            {formatDate(e.dischargedOn)}
            {e.dischargeReason && <span className="cell-sub">{DISCHARGE_LABEL[e.dischargeReason]}</span>}
          </dd>
        </>
      )}
      {e.status !== 'closed' && (
        <>
          <dt>Due next</dt>
          <dd>
            <DueText due={e.due} />
          </dd>
        </>
      )}
    </dl>
  );
}

function EpisodeView({ episode }: { episode: TEpisode }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [dialog, setDialog] = useState<'edit' | 'discharge' | 'reopen' | null>(null);
  const reopen = useMutation({
    mutationFn: () =>
      api.patch<TEpisode>(`/episodes/${episode.id}`, {
        dischargedOn: null,
        dischargeReason: null,
      } satisfies TUpdateEpisodeRequest),
    onSuccess: (saved) => {
      queryClient.setQueryData(careKeys.episode(saved.id), saved);
      refreshEpisode(queryClient, saved.id);
      toast.success(`Episode ${saved.caseCode} was reopened.`);
      setDialog(null);
    },
  });
  const closed = episode.status === 'closed';

  return (
    <div className="page">
      <PageHeader
        breadcrumb={<Link to="/caseload">Caseload</Link>}
        title={
          <span className="care-title">
            Episode <span className="mono">{episode.caseCode}</span>
          </span>
        }
        documentTitle={`Episode ${episode.caseCode}`}
        lead={
          <span className="care-title-badges">
            <EpisodeStatusBadge status={episode.status} />
            {episode.notOnTrack && <NotOnTrackBadge />}
            <span>
              {episode.modelCode}, age {episode.ageYears}, {episode.sessionCount} session
              {episode.sessionCount === 1 ? '' : 's'}
            </span>
          </span>
        }
        actions={
          <>
            <Button onClick={() => setDialog('edit')}>Edit details</Button>
            {closed ? (
              <Button onClick={() => setDialog('reopen')}>Reopen</Button>
            ) : (
              <Button onClick={() => setDialog('discharge')}>Discharge</Button>
            )}
          </>
        }
      />
      <div className="stack" style={{ gap: 24 }}>
        <EpisodeAlertsSection episode={episode} />
        <div className="grid-2" style={{ alignItems: 'start' }}>
          <Card title="Details">
            <Details episode={episode} />
          </Card>
          <FidelityCard episode={episode} />
        </div>
        <SessionsSection episode={episode} />
        <MeasuresSection episode={episode} />
        <OutcomesCard episode={episode} />
        <FormLinksSection episode={episode} />
      </div>
      {dialog === 'edit' && <EpisodeFormDialog episode={episode} onClose={() => setDialog(null)} />}
      {dialog === 'discharge' && <DischargeDialog episode={episode} onClose={() => setDialog(null)} />}
      {dialog === 'reopen' && (
        <ConfirmDialog
          title={`Reopen episode ${episode.caseCode}?`}
          confirmLabel="Reopen"
          busy={reopen.isPending}
          error={reopen.error}
          onConfirm={() => reopen.mutate()}
          onClose={() => {
            setDialog(null);
            reopen.reset();
          }}
        >
          The discharge date and reason are cleared, and the episode counts as in treatment again.
        </ConfirmDialog>
      )}
    </div>
  );
}

export function EpisodePage() {
  const { episodeId } = useParams();
  const episode = useEpisode(episodeId);
  return (
    <PageQuery
      query={episode}
      loadingLabel="Loading the episode…"
      notFound={
        <NotFoundPage title="Episode not found" backTo="/caseload" backLabel="Back to the caseload">
          This episode does not exist, or it is not in your caseload.
        </NotFoundPage>
      }
    >
      {(e) => <EpisodeView episode={e} />}
    </PageQuery>
  );
}
