/**
 * Degree and license: what a clinician declares (with an attestation) before enrolling, and what
 * their director or an administrator verifies. Both pathways and course prerequisites read it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { DegreeLevelValue, LicenseStatusValue } from '../../../shared/pathways';
import { api, formErrors } from '../../api/client';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { CheckboxField, SelectField, useFocusFirstInvalid } from '../../ui/field';
import { formatDate } from '../../ui/format';
import { STATE_OPTIONS } from '../../ui/labels';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toasts';
import { useSession } from '../shell/session';

interface Qualification {
  userId: string;
  recorded: boolean;
  degreeLevel: DegreeLevelValue | null;
  licenseStatus: LicenseStatusValue | null;
  licenseState: string | null;
  attestedAt: string | null;
  verified: boolean;
  verifiedAt: string | null;
  verifiedBy: { id: string; displayName: string } | null;
}

const DEGREE_OPTIONS: { value: DegreeLevelValue; label: string }[] = [
  { value: 'none', label: 'No degree' },
  { value: 'bachelor', label: "Bachelor's degree" },
  { value: 'master', label: "Master's degree" },
  { value: 'doctorate', label: 'Doctorate' },
];
const LICENSE_OPTIONS: { value: LicenseStatusValue; label: string }[] = [
  { value: 'none', label: 'No clinical license' },
  { value: 'provisional', label: 'Provisional license (under supervision)' },
  { value: 'permanent', label: 'Permanent (independent) license' },
];
const label = <T extends string>(options: { value: T; label: string }[], v: T | null) =>
  options.find((o) => o.value === v)?.label ?? '—';

const FIELDS = ['degreeLevel', 'licenseStatus', 'licenseState', 'attestation'];

function QualificationForm({ current, onDone }: { current: Qualification; onDone: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [degree, setDegree] = useState<string>(current.degreeLevel ?? '');
  const [license, setLicense] = useState<string>(current.licenseStatus ?? '');
  const [state, setState] = useState<string>(current.licenseState ?? '');
  const [attest, setAttest] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api.put<Qualification>(`/clinicians/${current.userId}/qualification`, {
        degreeLevel: degree,
        licenseStatus: license,
        ...(license && license !== 'none' ? { licenseState: state || null } : {}),
        attestation: attest,
      }),
    onSuccess: () => {
      toast.success('Your degree and license are recorded.');
      void queryClient.invalidateQueries({ queryKey: ['qualification', current.userId] });
      void queryClient.invalidateQueries({ queryKey: ['clinician-progress'] });
      onDone();
    },
  });
  const errors = formErrors(save.error, FIELDS);
  useFocusFirstInvalid(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      {errors.message && <Alert tone="error">{errors.message}</Alert>}
      <div className="form-grid">
        <SelectField
          label="Highest degree"
          value={degree}
          onChange={(e) => setDegree(e.target.value)}
          options={DEGREE_OPTIONS}
          placeholder="Choose your degree"
          error={errors.fields.degreeLevel}
          required
        />
        <SelectField
          label="Clinical license"
          value={license}
          onChange={(e) => setLicense(e.target.value)}
          options={LICENSE_OPTIONS}
          placeholder="Choose your license"
          error={errors.fields.licenseStatus}
          required
        />
        {license !== '' && license !== 'none' && (
          <SelectField
            label="License state"
            value={state}
            onChange={(e) => setState(e.target.value)}
            options={STATE_OPTIONS}
            placeholder="Choose a state"
            error={errors.fields.licenseState}
          />
        )}
      </div>
      <CheckboxField
        label="I attest this is accurate"
        hint="Your director may verify it. Changing it later clears a verification."
        checked={attest}
        onChange={(e) => setAttest(e.target.checked)}
        error={errors.fields.attestation}
      />
      <div className="row">
        <Button type="submit" variant="primary" busy={save.isPending}>
          Save degree and license
        </Button>
        {current.recorded && (
          <Button type="button" variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

export function QualificationCard({ userId, self }: { userId: string; self: boolean }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const query = useQuery({
    queryKey: ['qualification', userId],
    queryFn: () => api.get<Qualification>(`/clinicians/${userId}/qualification`),
  });
  const verify = useMutation({
    mutationFn: () => api.post<Qualification>(`/clinicians/${userId}/qualification/verify`),
    onSuccess: () => {
      toast.success('Degree and license verified.');
      void queryClient.invalidateQueries({ queryKey: ['qualification', userId] });
      void queryClient.invalidateQueries({ queryKey: ['clinician-progress'] });
    },
  });
  const canVerify = !self && session.has('network_admin', 'center_director');
  const q = query.data;

  return (
    <Card
      title="Degree and license"
      subtitle={
        self
          ? 'Pathways and courses check these before you enrol. You declare them; your director may verify them.'
          : undefined
      }
      actions={
        q?.recorded && self && !editing ? (
          <Button variant="secondary" onClick={() => setEditing(true)}>
            Change
          </Button>
        ) : q?.recorded && canVerify && !q.verified ? (
          <Button variant="secondary" busy={verify.isPending} onClick={() => verify.mutate()}>
            Verify
          </Button>
        ) : undefined
      }
    >
      {query.isPending ? (
        <Spinner label="Loading degree and license…" />
      ) : query.error ? (
        <Alert tone="error">{query.error.message}</Alert>
      ) : q && (editing || (self && !q.recorded)) ? (
        <QualificationForm current={q} onDone={() => setEditing(false)} />
      ) : q && q.recorded ? (
        <dl className="credential-dates">
          <div>
            <dt>Highest degree</dt>
            <dd>{label(DEGREE_OPTIONS, q.degreeLevel)}</dd>
          </div>
          <div>
            <dt>Clinical license</dt>
            <dd>
              {label(LICENSE_OPTIONS, q.licenseStatus)}
              {q.licenseState ? ` (${q.licenseState})` : ''}
            </dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              {q.verified ? (
                <Badge tone="success" dot>
                  Verified
                  {q.verifiedBy ? ` by ${q.verifiedBy.displayName}` : ''}
                  {q.verifiedAt ? ` on ${formatDate(q.verifiedAt)}` : ''}
                </Badge>
              ) : (
                <Badge tone="neutral" dot>
                  Self-declared{q.attestedAt ? ` on ${formatDate(q.attestedAt)}` : ''}
                </Badge>
              )}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="muted">Not recorded yet.</p>
      )}
      {verify.error && <Alert tone="error">{verify.error.message}</Alert>}
    </Card>
  );
}
