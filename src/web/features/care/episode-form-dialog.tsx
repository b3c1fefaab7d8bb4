/**
 * "New episode" and "Edit episode": the de-identified facts of one child's treatment (a case code
 * the center assigns, age, gender, OMB race and ethnicity, caregiver involvement, treatment model,
 * referral and first session dates, the clinician). Never a name, birth date or note: the API
 * refuses such fields anyway. Its messages are shown beside the fields they concern.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, formErrors, sentence } from '../../api/client';
import { useClinicianProgress, useStaff } from '../../api/queries';
import type { TCreateEpisodeRequest, TEpisode, TUpdateEpisodeRequest } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { CheckboxField, SelectField, TextField, useFocusFirstInvalid } from '../../ui/field';
import { todayIso } from '../../ui/format';
import { ShieldIcon } from '../../ui/icons';
import { useToast } from '../../ui/toasts';
import { CenterPicker } from '../centers/center-picker';
import { useTrainingModels } from '../cohorts/learning-api';
import { useSession } from '../shell/session';
import {
  careKeys,
  DISCHARGE_LABEL,
  GENDER_LABEL,
  options,
  RACE_LABEL,
  refreshEpisode,
  type DischargeReason,
  type Gender,
  type RaceEthnicity,
} from './care-api';

const FIELDS = [
  'centerId',
  'clinicianId',
  'caseCode',
  'ageYears',
  'gender',
  'raceEthnicity',
  'caregiverInvolved',
  'modelId',
  'referredOn',
  'firstSessionOn',
  'pathwayEnrollmentId',
] as const;

interface Values {
  centerId: string;
  clinicianId: string;
  caseCode: string;
  ageYears: string;
  gender: Gender | '';
  raceEthnicity: RaceEthnicity[];
  caregiverInvolved: boolean;
  modelId: string;
  referredOn: string;
  firstSessionOn: string;
  /** The clinician's pathway enrolment this episode counts toward as a training case ('' for none). */
  pathwayEnrollmentId: string;
}

function initialValues(episode: TEpisode | undefined, centerId: string, clinicianId: string): Values {
  if (!episode)
    return {
      centerId,
      clinicianId,
      caseCode: '',
      ageYears: '',
      gender: '',
      raceEthnicity: [],
      caregiverInvolved: true,
      modelId: '',
      referredOn: todayIso(),
      firstSessionOn: '',
      pathwayEnrollmentId: '',
    };
  return {
    centerId: episode.centerId,
    clinicianId: episode.clinicianId,
    caseCode: episode.caseCode,
    ageYears: String(episode.ageYears),
    gender: episode.gender ?? '',
    raceEthnicity: episode.raceEthnicity,
    caregiverInvolved: episode.caregiverInvolved,
    modelId: episode.modelId,
    referredOn: episode.referredOn ?? '',
    firstSessionOn: episode.firstSessionOn ?? '',
    pathwayEnrollmentId: episode.pathwayEnrollmentId ?? '',
  };
}

export function EpisodeFormDialog({ episode, onClose }: { episode?: TEpisode; onClose: () => void }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const isNew = !episode;
  const isClinician = session.has('clinician');
  // Where the person may record episodes: their centers as clinician or director; any for admins.
  const places = session.centersFor('clinician', 'center_director');
  const [values, setValues] = useState<Values>(() =>
    initialValues(episode, places[0]?.id ?? '', isClinician ? session.me.user.id : ''),
  );
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const [local, setLocal] = useState<Record<string, string>>({});

  // Directors and administrators choose the clinician among the center's active clinicians.
  const canAssign = session.isAdmin || session.canManageCenter(values.centerId);
  const staff = useStaff(values.centerId, false, canAssign && Boolean(values.centerId));
  const clinicians = (staff.data ?? []).filter((s) => s.role === 'clinician' && !s.endedAt);
  useEffect(() => {
    if (!canAssign || !staff.data || !values.clinicianId) return;
    if (!clinicians.some((c) => c.userId === values.clinicianId)) set('clinicianId', '');
  }, [staff.data, values.centerId]);
  const models = useTrainingModels();
  // The treating clinician's open pathway enrolments: an episode may count as a training case.
  const progress = useClinicianProgress(values.clinicianId || null);
  const enrolments = (progress.data?.pathways ?? []).filter(
    (p) =>
      p.enrollmentId !== null && (p.withdrawnAt === null || p.enrollmentId === values.pathwayEnrollmentId),
  );

  const save = useMutation({
    mutationFn: () => {
      const age = Number(values.ageYears);
      const common = {
        caseCode: values.caseCode.trim(),
        ageYears: age,
        gender: values.gender || null,
        raceEthnicity: values.raceEthnicity,
        caregiverInvolved: values.caregiverInvolved,
        modelId: values.modelId,
        referredOn: values.referredOn,
        firstSessionOn: values.firstSessionOn || null,
      };
      if (!episode) {
        const body: TCreateEpisodeRequest = {
          ...common,
          ...(session.isAdmin || places.length > 1 ? { centerId: values.centerId } : {}),
          ...(values.clinicianId && values.clinicianId !== session.me.user.id
            ? { clinicianId: values.clinicianId }
            : {}),
          ...(values.pathwayEnrollmentId ? { pathwayEnrollmentId: values.pathwayEnrollmentId } : {}),
        };
        return api.post<TEpisode>('/episodes', body);
      }
      // Only what changed, so a clinician never sends a field they may not change.
      const before = initialValues(episode, episode.centerId, episode.clinicianId);
      const patch: TUpdateEpisodeRequest = {};
      if (common.caseCode !== before.caseCode) patch.caseCode = common.caseCode;
      if (values.ageYears !== before.ageYears) patch.ageYears = age;
      if (values.gender !== before.gender) patch.gender = common.gender;
      if ([...values.raceEthnicity].sort().join() !== [...before.raceEthnicity].sort().join())
        patch.raceEthnicity = values.raceEthnicity;
      if (values.caregiverInvolved !== before.caregiverInvolved)
        patch.caregiverInvolved = values.caregiverInvolved;
      if (values.modelId !== before.modelId) patch.modelId = values.modelId;
      if (values.referredOn !== before.referredOn) patch.referredOn = values.referredOn;
      if (values.firstSessionOn !== before.firstSessionOn) patch.firstSessionOn = common.firstSessionOn;
      if (values.clinicianId !== before.clinicianId) patch.clinicianId = values.clinicianId;
      if (values.pathwayEnrollmentId !== before.pathwayEnrollmentId)
        patch.pathwayEnrollmentId = values.pathwayEnrollmentId || null;
      return api.patch<TEpisode>(`/episodes/${episode.id}`, patch);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(careKeys.episode(saved.id), saved);
      refreshEpisode(queryClient, saved.id);
      toast.success(
        isNew ? `Episode ${saved.caseCode} was created.` : `Episode ${saved.caseCode} was saved.`,
      );
      onClose();
      if (isNew) void navigate(`/episodes/${saved.id}`);
    },
  });
  useFocusFirstInvalid(local, save.error);

  const errors = formErrors(save.error, FIELDS);
  const err = (k: string) => local[k] ?? errors.fields[k];

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!values.caseCode.trim()) problems.caseCode = 'is required';
    if (!/^\d{1,2}$/.test(values.ageYears.trim())) problems.ageYears = 'must be a whole number from 0 to 17';
    if (!values.modelId) problems.modelId = 'is required: choose the treatment model';
    if (!values.referredOn) problems.referredOn = 'is required';
    if (isNew && canAssign && !values.clinicianId) problems.clinicianId = 'is required: choose the clinician';
    if ((session.isAdmin || places.length > 1) && !values.centerId) problems.centerId = 'is required';
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };

  const age = Number(values.ageYears);
  const modelOptions = (models.data ?? [])
    .slice()
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((m) => ({
      value: m.id,
      label:
        m.minAge != null || m.maxAge != null
          ? `${m.code}: ${m.name} (ages ${m.minAge ?? 0}–${m.maxAge ?? 17})`
          : `${m.code}: ${m.name}`,
    }));
  const chosenModel = models.data?.find((m) => m.id === values.modelId);
  const outsideModelAges =
    chosenModel &&
    values.ageYears !== '' &&
    ((chosenModel.minAge != null && age < chosenModel.minAge) ||
      (chosenModel.maxAge != null && age > chosenModel.maxAge));

  return (
    <Dialog
      title={isNew ? 'New episode' : `Edit episode ${episode.caseCode}`}
      description={
        <span className="care-privacy-line">
          <ShieldIcon size={16} />
          Waymark stores no name, birth date or notes about a child: a case code only.
        </span>
      }
      onClose={onClose}
      onSubmit={submit}
      busy={save.isPending}
      wide
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            {isNew ? 'Create episode' : 'Save changes'}
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <div className="form-grid">
          {isNew && (session.isAdmin || places.length > 1) && (
            <div className="span-2">
              <CenterPicker
                value={values.centerId}
                onChange={(id) => set('centerId', id)}
                choices={session.isAdmin ? undefined : places}
                error={err('centerId')}
              />
            </div>
          )}
          <TextField
            label="Case code"
            hint="Letters, digits and dashes your center assigns (e.g. RV-2031). Never a name or record number."
            value={values.caseCode}
            onChange={(e) => set('caseCode', e.target.value)}
            error={err('caseCode')}
            maxLength={32}
            autoComplete="off"
            spellCheck={false}
            required
          />
          <TextField
            label="Age in years"
            hint="The child’s age at referral, 0 to 17."
            inputMode="numeric"
            value={values.ageYears}
            onChange={(e) => set('ageYears', e.target.value)}
            error={err('ageYears')}
            maxLength={2}
            autoComplete="off"
            required
          />
          <SelectField
            label="Gender"
            hint="Optional."
            value={values.gender}
            onChange={(e) => set('gender', e.target.value as Gender | '')}
            options={options(GENDER_LABEL)}
            placeholder="Not asked"
            error={err('gender')}
          />
          <SelectField
            label="Treatment model"
            value={values.modelId}
            onChange={(e) => set('modelId', e.target.value)}
            options={modelOptions}
            placeholder={models.isPending ? 'Loading models…' : 'Choose a model'}
            error={
              err('modelId') ??
              (outsideModelAges ? 'This model is not meant for a child of this age.' : undefined)
            }
            required
          />
          <TextField
            label="Referred on"
            type="date"
            value={values.referredOn}
            onChange={(e) => set('referredOn', e.target.value)}
            error={err('referredOn')}
            max={todayIso()}
            required
          />
          <TextField
            label="First session on"
            hint="Leave empty while the child is waiting."
            type="date"
            value={values.firstSessionOn}
            onChange={(e) => set('firstSessionOn', e.target.value)}
            error={err('firstSessionOn')}
            min={values.referredOn || undefined}
          />
          {canAssign && (
            <SelectField
              className="span-2"
              label="Clinician"
              value={values.clinicianId}
              onChange={(e) => set('clinicianId', e.target.value)}
              options={clinicians.map((c) => ({ value: c.userId, label: c.displayName }))}
              placeholder={
                !values.centerId
                  ? 'Choose the center first'
                  : staff.isPending
                    ? 'Loading clinicians…'
                    : clinicians.length === 0
                      ? 'No clinicians at this center'
                      : 'Choose a clinician'
              }
              error={err('clinicianId')}
              required
            />
          )}
          <fieldset
            className="span-2 care-fieldset"
            aria-describedby={`race-hint${err('raceEthnicity') ? ' race-error' : ''}`}
          >
            <legend>Race and ethnicity</legend>
            <span id="race-hint" className="hint">
              Optional. The OMB categories; choose all that apply.
            </span>
            <div className="care-choice-grid">
              {options(RACE_LABEL).map((o) => (
                <label key={o.value} className="check">
                  <input
                    type="checkbox"
                    checked={values.raceEthnicity.includes(o.value)}
                    onChange={(e) =>
                      set(
                        'raceEthnicity',
                        e.target.checked
                          ? [...values.raceEthnicity, o.value]
                          : values.raceEthnicity.filter((r) => r !== o.value),
                      )
                    }
                  />
                  <span>{o.label}</span>
                </label>
              ))}
            </div>
            {err('raceEthnicity') && (
              <p id="race-error" className="field-error-block">
                {sentence(err('raceEthnicity') ?? '')}
              </p>
            )}
          </fieldset>
          {(enrolments.length > 0 || values.pathwayEnrollmentId) && (
            <SelectField
              className="span-2"
              label="Training case for"
              hint="A case the clinician treats toward a certification pathway they are enrolled in."
              value={values.pathwayEnrollmentId}
              onChange={(e) => set('pathwayEnrollmentId', e.target.value)}
              options={enrolments.map((p) => ({ value: p.enrollmentId!, label: p.pathwayName }))}
              placeholder="Not a training case"
              error={err('pathwayEnrollmentId')}
            />
          )}
          <div className="span-2">
            <CheckboxField
              label="A caregiver takes part in treatment"
              checked={values.caregiverInvolved}
              onChange={(e) => set('caregiverInvolved', e.target.checked)}
              error={err('caregiverInvolved')}
            />
          </div>
        </div>
      </div>
    </Dialog>
  );
}

const DISCHARGE_FIELDS = ['dischargedOn', 'dischargeReason'] as const;

/** Discharge: the date and the reason; reopening clears both. */
export function DischargeDialog({ episode, onClose }: { episode: TEpisode; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [dischargedOn, setDischargedOn] = useState(todayIso());
  const [reason, setReason] = useState<DischargeReason | ''>('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () =>
      api.patch<TEpisode>(`/episodes/${episode.id}`, {
        dischargedOn,
        dischargeReason: reason || null,
      } satisfies TUpdateEpisodeRequest),
    onSuccess: (saved) => {
      queryClient.setQueryData(careKeys.episode(saved.id), saved);
      refreshEpisode(queryClient, saved.id);
      toast.success(`Episode ${saved.caseCode} was closed.`);
      onClose();
    },
  });
  useFocusFirstInvalid(local, save.error);
  const errors = formErrors(save.error, DISCHARGE_FIELDS);
  const err = (k: string) => local[k] ?? errors.fields[k];
  const submit = () => {
    const problems: Record<string, string> = {};
    if (!dischargedOn) problems.dischargedOn = 'is required';
    if (!reason) problems.dischargeReason = 'is required: choose why treatment ended';
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };
  return (
    <Dialog
      title={`Discharge ${episode.caseCode}`}
      description="Closes the episode. An end-of-treatment measure makes the outcome count."
      onClose={onClose}
      onSubmit={submit}
      busy={save.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Discharge
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <TextField
          label="Discharged on"
          type="date"
          value={dischargedOn}
          onChange={(e) => setDischargedOn(e.target.value)}
          error={err('dischargedOn')}
          max={todayIso()}
          required
        />
        <SelectField
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.target.value as DischargeReason | '')}
          options={options(DISCHARGE_LABEL)}
          placeholder="Choose a reason"
          error={err('dischargeReason')}
          required
        />
      </div>
    </Dialog>
  );
}
