/**
 * "New cohort" (network administrators): a course (or none, for a learning collaborative), title,
 * dates, seats, modality, the states it serves and its trainers. The API checks every field; its
 * messages are shown beside the fields they concern.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, sentence } from '../../api/client';
import { useUsers } from '../../api/queries';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { SelectField, TextField, useFocusFirstInvalid } from '../../ui/field';
import { useToast } from '../../ui/toasts';
import { listFormErrors } from './form-errors';
import { COURSE_KIND_LABEL, MODALITY_LABEL, useCourses, type TCohort } from './learning-api';

const FIELDS = [
  'courseId',
  'title',
  'startsOn',
  'endsOn',
  'seats',
  'modality',
  'states',
  'trainerIds',
  'status',
] as const;

interface Values {
  courseId: string;
  title: string;
  startsOn: string;
  endsOn: string;
  seats: string;
  modality: TCohort['modality'];
  states: string;
  trainerIds: string[];
}

function parseStates(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}

export function CohortFormDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const courses = useCourses({ active: 'true' });
  const trainers = useUsers({ role: 'trainer', status: 'active', pageSize: 200 });
  const [values, setValues] = useState<Values>({
    courseId: '',
    title: '',
    startsOn: '',
    endsOn: '',
    seats: '30',
    modality: 'virtual',
    states: '',
    trainerIds: [],
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const states = parseStates(values.states);

  const save = useMutation({
    mutationFn: () =>
      api.post<TCohort>('/cohorts', {
        title: values.title,
        kind: values.courseId ? 'course' : 'collaborative',
        courseId: values.courseId || null,
        modality: values.modality,
        states,
        seats: Number(values.seats),
        startsOn: values.startsOn,
        endsOn: values.endsOn,
        trainerIds: values.trainerIds,
      }),
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: ['cohorts'] });
      toast.success(`${c.title} was created and is open for enrolment.`);
      onClose();
      void navigate(`/cohorts/${c.id}`);
    },
  });
  useFocusFirstInvalid(local, save.error);

  const trainerList = trainers.data?.items ?? [];
  const errors = listFormErrors(save.error, FIELDS, {
    states: (i) => states[i],
    trainerIds: (i) => trainerList.find((t) => t.id === values.trainerIds[i])?.displayName,
  });
  const err = (k: string) => local[k] ?? errors.fields[k];

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!/^\d+$/.test(values.seats.trim())) problems.seats = 'must be a whole number, e.g. 30';
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };

  const courseOptions = (courses.data ?? [])
    .slice()
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((c) => ({ value: c.id, label: `${c.code}: ${c.title} (${COURSE_KIND_LABEL[c.kind]})` }));

  return (
    <Dialog
      title="New cohort"
      description="A group of clinicians taking a course together, with its seats, sessions and trainers."
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
            Create cohort
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <div className="form-grid">
          <SelectField
            className="span-2"
            label="Course"
            hint="Leave empty for a learning collaborative that spans several courses."
            value={values.courseId}
            onChange={(e) => {
              const course = courses.data?.find((c) => c.id === e.target.value);
              setValues((v) => ({
                ...v,
                courseId: e.target.value,
                title: v.title || !course ? v.title : course.title,
              }));
            }}
            options={courseOptions}
            placeholder={courses.isPending ? 'Loading courses…' : 'No course: a learning collaborative'}
            error={err('courseId')}
          />
          <TextField
            className="span-2"
            label="Title"
            hint="How trainees will recognise it, e.g. “TF-CBT live training (Dallas, spring)”."
            value={values.title}
            onChange={(e) => set('title', e.target.value)}
            error={err('title')}
            maxLength={200}
            required
          />
          <TextField
            label="Starts on"
            type="date"
            value={values.startsOn}
            onChange={(e) => set('startsOn', e.target.value)}
            error={err('startsOn')}
            required
          />
          <TextField
            label="Ends on"
            type="date"
            value={values.endsOn}
            onChange={(e) => set('endsOn', e.target.value)}
            error={err('endsOn')}
            required
          />
          <TextField
            label="Seats"
            hint="Once they are taken, new enrolments join the waitlist."
            inputMode="numeric"
            value={values.seats}
            onChange={(e) => set('seats', e.target.value)}
            error={err('seats')}
            required
          />
          <SelectField
            label="Modality"
            value={values.modality}
            onChange={(e) => set('modality', e.target.value as TCohort['modality'])}
            options={Object.entries(MODALITY_LABEL).map(([value, label]) => ({ value, label }))}
            error={err('modality')}
            required
          />
          <TextField
            className="span-2"
            label="States"
            hint="The region it serves: two-letter codes separated by commas, e.g. TX, OK. Leave empty for any state."
            value={values.states}
            onChange={(e) => set('states', e.target.value)}
            error={err('states')}
            autoComplete="off"
          />
          <fieldset
            className="span-2 choice-list"
            aria-describedby={err('trainerIds') ? 'cohort-trainers-error' : undefined}
          >
            <legend>Trainers</legend>
            {trainers.isPending ? (
              <p className="muted small">Loading trainers…</p>
            ) : trainerList.length === 0 ? (
              <p className="muted small">No one holds an active trainer role yet.</p>
            ) : (
              <div className="choice-grid">
                {trainerList.map((t) => (
                  <label key={t.id} className="check">
                    <input
                      type="checkbox"
                      checked={values.trainerIds.includes(t.id)}
                      onChange={(e) =>
                        set(
                          'trainerIds',
                          e.target.checked
                            ? [...values.trainerIds, t.id]
                            : values.trainerIds.filter((id) => id !== t.id),
                        )
                      }
                    />
                    <span>
                      {t.displayName}
                      <span className="hint">
                        {t.roles.find((r) => r.role === 'trainer')?.centerName ?? 'Network trainer'}
                      </span>
                    </span>
                  </label>
                ))}
              </div>
            )}
            {err('trainerIds') && (
              <p id="cohort-trainers-error" className="field-error-block">
                {sentence(err('trainerIds') ?? '')}
              </p>
            )}
          </fieldset>
        </div>
      </div>
    </Dialog>
  );
}
