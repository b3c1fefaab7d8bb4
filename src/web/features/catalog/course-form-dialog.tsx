/**
 * Add or change a course (network administrators): code, title, kind, treatment model, CE hours,
 * the rules a kind needs (live days, pass mark and retake wait for a knowledge test), entry
 * requirements (degree, license, earlier courses) and whether it is still offered. The API's
 * messages are shown beside the fields they concern.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, sentence } from '../../api/client';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { CheckboxField, SelectField, TextField, useFocusFirstInvalid } from '../../ui/field';
import { useToast } from '../../ui/toasts';
import { listFormErrors } from '../cohorts/form-errors';
import { COURSE_KIND_LABEL, type TCourse, type TTrainingModel } from '../cohorts/learning-api';
import { TextAreaField } from '../pathways/textarea-field';

const FIELDS = [
  'code',
  'title',
  'kind',
  'modelId',
  'description',
  'ceHours',
  'liveDays',
  'passMark',
  'retakeWaitDays',
  'minDegree',
  'licenseRequired',
  'prerequisiteCourseIds',
  'active',
] as const;

const DEGREE_OPTIONS = [
  { value: 'bachelor', label: 'Bachelor’s degree or higher' },
  { value: 'master', label: 'Master’s degree or higher' },
  { value: 'doctorate', label: 'Doctorate' },
];
const LICENSE_OPTIONS = [
  { value: 'any', label: 'A clinical license (provisional or permanent)' },
  { value: 'permanent', label: 'A permanent license' },
];

const num = (text: string): number | null => (text.trim() === '' ? null : Number(text));

export function CourseFormDialog({
  course,
  courses,
  models,
  onClose,
}: {
  course?: TCourse;
  /** Every course, for prerequisites. */
  courses: TCourse[];
  models: TTrainingModel[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [values, setValues] = useState({
    code: course?.code ?? '',
    title: course?.title ?? '',
    kind: course?.kind ?? 'online_course',
    modelId: course?.modelId ?? '',
    description: course?.description ?? '',
    ceHours: course ? String(course.ceHours) : '0',
    liveDays: course?.liveDays != null ? String(course.liveDays) : '',
    passMark: course?.passMark != null ? String(course.passMark) : '',
    retakeWaitDays: course?.retakeWaitDays != null ? String(course.retakeWaitDays) : '',
    minDegree: course?.minDegree ?? '',
    licenseRequired: course?.licenseRequired ?? '',
    prerequisiteCourseIds: course?.prerequisiteCourseIds ?? [],
    active: course?.active ?? true,
  });
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const [local, setLocal] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: () => {
      const body = {
        code: values.code,
        title: values.title,
        kind: values.kind,
        modelId: values.modelId || null,
        description: values.description,
        ceHours: Number(values.ceHours),
        liveDays: num(values.liveDays),
        passMark: num(values.passMark),
        retakeWaitDays: num(values.retakeWaitDays),
        minDegree: values.minDegree || null,
        licenseRequired: values.licenseRequired || null,
        prerequisiteCourseIds: values.prerequisiteCourseIds,
        ...(course && { active: values.active }),
      };
      return course ? api.patch<TCourse>(`/courses/${course.id}`, body) : api.post<TCourse>('/courses', body);
    },
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: ['courses'] });
      void queryClient.invalidateQueries({ queryKey: ['training-models'] });
      toast.success(course ? `${c.code} was saved.` : `${c.code} was added to the catalog.`);
      onClose();
    },
  });
  useFocusFirstInvalid(local, save.error);
  const others = courses.filter((c) => c.id !== course?.id).sort((a, b) => a.code.localeCompare(b.code));
  const errors = listFormErrors(save.error, FIELDS, {
    prerequisiteCourseIds: (i) => others.find((c) => c.id === values.prerequisiteCourseIds[i])?.code,
  });
  const err = (k: string) => local[k] ?? errors.fields[k];

  const submit = () => {
    const problems: Record<string, string> = {};
    if (values.ceHours.trim() === '' || Number.isNaN(Number(values.ceHours)))
      problems.ceHours = 'must be a number of hours, e.g. 6.5';
    for (const k of ['liveDays', 'passMark', 'retakeWaitDays'] as const)
      if (values[k].trim() && !/^\d+$/.test(values[k].trim())) problems[k] = 'must be a whole number';
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };
  const isTest = values.kind === 'knowledge_test';
  const isLive = values.kind === 'live_training' || values.kind === 'learning_session';

  return (
    <Dialog
      title={course ? `Edit ${course.code}` : 'Add a course'}
      description={course ? course.title : 'A course, training, consultation series or test in the catalog.'}
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
            {course ? 'Save changes' : 'Add course'}
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <div className="form-grid">
          <TextField
            label="Code"
            hint="Capital letters, digits and dashes, e.g. TFCBT-WEB."
            value={values.code}
            onChange={(e) => set('code', e.target.value)}
            error={err('code')}
            maxLength={40}
            required
          />
          <SelectField
            label="Kind"
            value={values.kind}
            onChange={(e) => set('kind', e.target.value as TCourse['kind'])}
            options={Object.entries(COURSE_KIND_LABEL).map(([value, label]) => ({ value, label }))}
            error={err('kind')}
            required
          />
          <TextField
            className="span-2"
            label="Title"
            value={values.title}
            onChange={(e) => set('title', e.target.value)}
            error={err('title')}
            maxLength={200}
            required
          />
          <SelectField
            label="Treatment model"
            value={values.modelId}
            onChange={(e) => set('modelId', e.target.value)}
            options={models.map((m) => ({ value: m.id, label: `${m.code}: ${m.name}` }))}
            placeholder="None (general)"
            error={err('modelId')}
          />
          <TextField
            label="CE hours"
            hint="Continuing-education hours it earns, e.g. 6.5."
            inputMode="decimal"
            value={values.ceHours}
            onChange={(e) => set('ceHours', e.target.value)}
            error={err('ceHours')}
            required
          />
          {(isLive || values.liveDays) && (
            <TextField
              label="Live days"
              inputMode="numeric"
              value={values.liveDays}
              onChange={(e) => set('liveDays', e.target.value)}
              error={err('liveDays')}
            />
          )}
          {(isTest || values.passMark || values.retakeWaitDays) && (
            <>
              <TextField
                label="Pass mark (%)"
                hint={isTest ? 'Required for a knowledge test.' : undefined}
                inputMode="numeric"
                value={values.passMark}
                onChange={(e) => set('passMark', e.target.value)}
                error={err('passMark')}
                required={isTest}
              />
              <TextField
                label="Days to wait before a retake"
                inputMode="numeric"
                value={values.retakeWaitDays}
                onChange={(e) => set('retakeWaitDays', e.target.value)}
                error={err('retakeWaitDays')}
              />
            </>
          )}
          <SelectField
            label="Degree needed"
            value={values.minDegree}
            onChange={(e) => set('minDegree', e.target.value)}
            options={DEGREE_OPTIONS}
            placeholder="No degree requirement"
            error={err('minDegree')}
          />
          <SelectField
            label="License needed"
            value={values.licenseRequired}
            onChange={(e) => set('licenseRequired', e.target.value)}
            options={LICENSE_OPTIONS}
            placeholder="No license requirement"
            error={err('licenseRequired')}
          />
          <fieldset
            className="span-2 choice-list"
            aria-describedby={err('prerequisiteCourseIds') ? 'course-prereq-error' : undefined}
          >
            <legend>Prerequisite courses</legend>
            <p className="hint">Courses a clinician must have completed before enrolling in this one.</p>
            {others.length === 0 ? (
              <p className="muted small">No other course yet.</p>
            ) : (
              <div className="choice-grid">
                {others.map((c) => (
                  <label key={c.id} className="check">
                    <input
                      type="checkbox"
                      checked={values.prerequisiteCourseIds.includes(c.id)}
                      onChange={(e) =>
                        set(
                          'prerequisiteCourseIds',
                          e.target.checked
                            ? [...values.prerequisiteCourseIds, c.id]
                            : values.prerequisiteCourseIds.filter((id) => id !== c.id),
                        )
                      }
                    />
                    <span>
                      <span className="mono">{c.code}</span>
                      <span className="hint">{c.title}</span>
                    </span>
                  </label>
                ))}
              </div>
            )}
            {err('prerequisiteCourseIds') && (
              <p id="course-prereq-error" className="field-error-block">
                {sentence(err('prerequisiteCourseIds') ?? '')}
              </p>
            )}
          </fieldset>
          <TextAreaField
            className="span-2"
            label="Description"
            rows={3}
            maxLength={4000}
            value={values.description}
            onChange={(e) => set('description', e.target.value)}
            error={err('description')}
          />
          {course && (
            <div className="span-2">
              <CheckboxField
                label="Offered"
                hint="A course no longer offered keeps its history but cannot start new cohorts."
                checked={values.active}
                onChange={(e) => set('active', e.target.checked)}
                error={err('active')}
              />
            </div>
          )}
        </div>
      </div>
    </Dialog>
  );
}
