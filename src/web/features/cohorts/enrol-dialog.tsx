/**
 * Enrolling in a cohort: a clinician enrols themself; a director picks one of their center's
 * clinicians; an administrator anyone. The API checks, in order, that the cohort is open, that the
 * person is an active clinician, the course's prerequisites and seats; its refusal (naming what is
 * missing) is shown as it is. A full cohort offers its waitlist instead.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, isApiError } from '../../api/client';
import { useUsers } from '../../api/queries';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { SelectField, TextField } from '../../ui/field';
import { useToast } from '../../ui/toasts';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { RefusalDetails } from '../credentials/credential-dialogs';
import { COHORT_QUERY_ROOTS, isFull, type TCohort, type TEnrollment } from './learning-api';

export function useRefreshCohort() {
  const queryClient = useQueryClient();
  return () => {
    for (const key of COHORT_QUERY_ROOTS) void queryClient.invalidateQueries({ queryKey: [key] });
  };
}

export function EnrolDialog({
  cohort,
  self,
  onRoster,
  onClose,
}: {
  cohort: TCohort;
  /** Enrol the signed-in clinician; otherwise pick a clinician. */
  self: { id: string; displayName: string } | null;
  /** People already enrolled or waitlisted (not offered again). */
  onRoster: ReadonlySet<string>;
  onClose: () => void;
}) {
  const toast = useToast();
  const refresh = useRefreshCohort();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const [userId, setUserId] = useState('');
  const [pickError, setPickError] = useState<string | null>(null);
  const people = useUsers({ role: 'clinician', status: 'active', q: q || undefined, pageSize: 100 }, !self);
  const candidates = (people.data?.items ?? []).filter((p) => !onRoster.has(p.id));
  const person = self ?? candidates.find((p) => p.id === userId) ?? null;
  const full = isFull(cohort);
  // Once the API says "full", offer the waitlist even if the figures we had said otherwise.
  const [offerWaitlist, setOfferWaitlist] = useState(full);

  const enrol = useMutation({
    mutationFn: (waitlist: boolean) =>
      api.post<TEnrollment>(`/cohorts/${cohort.id}/enrollments`, { userId: person!.id, waitlist }),
    onSuccess: (e) => {
      refresh();
      const who = self ? 'You are' : `${e.displayName} is`;
      toast.success(
        e.status === 'waitlisted'
          ? `${who} on the waitlist of ${cohort.title}, position ${e.waitlistPosition ?? '?'}.`
          : `${who} enrolled in ${cohort.title}.`,
      );
      onClose();
    },
    onError: (e) => {
      if (isApiError(e, 'COHORT_FULL')) setOfferWaitlist(true);
    },
  });

  const submit = () => {
    if (!person) {
      setPickError('Choose a clinician to enrol.');
      return;
    }
    setPickError(null);
    enrol.mutate(offerWaitlist);
  };
  const refused = enrol.error && !isApiError(enrol.error, 'COHORT_FULL') ? enrol.error : null;
  const label = offerWaitlist ? 'Join the waitlist' : self ? 'Enrol me' : 'Enrol';

  return (
    <Dialog
      title={self ? (offerWaitlist ? 'Join the waitlist' : 'Enrol in this cohort') : 'Enrol a clinician'}
      description={cohort.title}
      onClose={onClose}
      onSubmit={submit}
      busy={enrol.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={enrol.isPending}>
            {refused ? 'Close' : 'Cancel'}
          </Button>
          <Button type="submit" variant="primary" busy={enrol.isPending}>
            {label}
          </Button>
        </>
      }
    >
      <div className="stack">
        {!self && (
          <div className="form">
            <TextField
              label="Search clinicians"
              type="search"
              placeholder="Name or e-mail"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
            <SelectField
              label="Clinician"
              hint="Active clinicians you may enrol who are not on this cohort yet."
              value={userId}
              onChange={(e) => {
                setUserId(e.target.value);
                enrol.reset();
              }}
              options={candidates.map((p) => ({
                value: p.id,
                label: `${p.displayName}${centerOf(p.roles) ? ` (${centerOf(p.roles)})` : ''}`,
              }))}
              placeholder={
                people.isPending
                  ? 'Loading clinicians…'
                  : candidates.length === 0
                    ? 'No clinician found'
                    : 'Choose a clinician'
              }
              error={pickError}
              required
            />
          </div>
        )}
        {self && !offerWaitlist && (
          <p>
            You take one of the {cohort.seats - cohort.seatsTaken} free seats. Waymark checks the course’s
            prerequisites (degree, license and earlier courses) first.
          </p>
        )}
        {offerWaitlist && (
          <Alert tone="warning" title="This cohort is full" announce>
            All {cohort.seats} seats are taken. {self ? 'You' : 'The clinician'} can join the waitlist at
            position {cohort.waitlistCount + 1}, and will be moved into a seat, with an e-mail, as soon as one
            frees up.
          </Alert>
        )}
        <RefusalDetails
          error={refused}
          title={isApiError(refused, 'PREREQUISITE_MISSING') ? 'Not yet eligible' : 'Not enrolled'}
        />
      </div>
    </Dialog>
  );
}

function centerOf(roles: { role: string; centerName: string | null }[]): string | null {
  return roles.find((r) => r.role === 'clinician')?.centerName ?? null;
}
