/**
 * An episode's measures: every administration (date, instrument, respondent, time point, total,
 * severity band and flags), newest first, with "Record a measure" and removal of a mistaken entry.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { TAdministration, TEpisode } from '../../api/types';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { EmptyState } from '../../ui/empty-state';
import { formatDate, plural } from '../../ui/format';
import { AlertIcon, ClipboardIcon, PlusIcon, TrashIcon } from '../../ui/icons';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import { BandBadge } from './care-badges';
import {
  LANGUAGE_LABEL,
  PHASE_LABEL,
  refreshEpisode,
  RESPONDENT_LABEL,
  useAdministrations,
} from './care-api';
import { RecordMeasureDialog } from './record-measure-dialog';

const SOURCE_LABEL: Record<TAdministration['source'], string> = {
  clinician: 'Entered by staff',
  form: 'Family form',
  import: 'Imported',
};

export function MeasuresSection({ episode }: { episode: TEpisode }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const list = useAdministrations(episode.id);
  const [recording, setRecording] = useState(false);
  const [removing, setRemoving] = useState<TAdministration | null>(null);
  const remove = useMutation({
    mutationFn: (a: TAdministration) => api.delete<void>(`/episodes/${episode.id}/administrations/${a.id}`),
    onSuccess: (_v, a) => {
      refreshEpisode(queryClient, episode.id);
      toast.success(`${a.instrument} of ${formatDate(a.administeredOn)} was removed.`);
      setRemoving(null);
    },
  });
  const items = list.data ?? [];

  return (
    <Card
      title="Measures"
      subtitle={list.data ? plural(items.length, 'administration') : undefined}
      actions={
        <Button variant="primary" icon={<PlusIcon />} onClick={() => setRecording(true)}>
          Record a measure
        </Button>
      }
      flush
    >
      {list.isPending ? (
        <Spinner label="Loading measures…" />
      ) : list.error ? (
        <div className="card-body">
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<ClipboardIcon />} title="No measures yet">
          Record a baseline measure before or at the first session, then at mid-treatment and at the end.
        </EmptyState>
      ) : (
        <TableWrap label="Measures">
          <table className="table">
            <caption className="visually-hidden">
              Measures of episode {episode.caseCode}, newest first, with their total and severity band
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Instrument</th>
                <th scope="col">Respondent</th>
                <th scope="col">Time point</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col">Band</th>
                <th scope="col">Flags</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <th scope="row" className="nowrap">
                    {formatDate(a.administeredOn)}
                  </th>
                  <td>
                    <span className="cell-main">{a.instrument}</span>
                    <span className="cell-sub">
                      {SOURCE_LABEL[a.source]}
                      {a.language && a.source === 'form' ? `, ${LANGUAGE_LABEL[a.language]}` : ''}
                    </span>
                  </td>
                  <td>{RESPONDENT_LABEL[a.respondent]}</td>
                  <td>{PHASE_LABEL[a.phase]}</td>
                  <td className="num">
                    {a.total}
                    {a.prorated && <span className="cell-sub">prorated</span>}
                  </td>
                  <td>
                    <BandBadge label={a.bandLabel} severity={a.severity} />
                    {a.clinical && <span className="cell-sub">Clinical range</span>}
                  </td>
                  <td>
                    {a.flags.length === 0 ? (
                      <span className="muted">None</span>
                    ) : (
                      a.flags.map((f) => (
                        <Badge key={`${f.code}-${f.item}`} tone="danger">
                          <AlertIcon size={13} />
                          Self-harm item {f.item.replace(/^q/, '')}: {f.value}
                        </Badge>
                      ))
                    )}
                  </td>
                  <td className="actions-cell">
                    <Button
                      size="sm"
                      variant="ghost"
                      className="btn-ghost-danger"
                      icon={<TrashIcon size={16} />}
                      onClick={() => setRemoving(a)}
                    >
                      Remove
                      <span className="visually-hidden">
                        {' '}
                        {a.instrument} of {formatDate(a.administeredOn)}
                      </span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {recording && <RecordMeasureDialog episode={episode} onClose={() => setRecording(false)} />}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.instrument} of ${formatDate(removing.administeredOn)}?`}
          confirmLabel="Remove measure"
          danger
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(removing)}
          onClose={() => {
            setRemoving(null);
            remove.reset();
          }}
        >
          Only for an entry made by mistake: the score leaves the chart and the outcome.
        </ConfirmDialog>
      )}
    </Card>
  );
}
