/**
 * One pathway: network administrators create and change it here (details, treatment model,
 * validity, and the requirement lists); other network roles read it. Requirements are checked in
 * the browser with the shared schema before saving, and the server's messages (details such as
 * "requirements.2.courseCode") are shown next to the field they name.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { REQUIREMENT_KIND_LABEL, type TRequirement } from '../../../shared/pathways';
import { api, ApiError } from '../../api/client';
import { usePathway } from '../../api/queries';
import type { TCreatePathwayRequest, TPathway, TUpdatePathwayRequest } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button, ButtonLink } from '../../ui/button';
import { Card } from '../../ui/card';
import { CheckboxField, SelectField, TextField, useFocusFirstInvalid } from '../../ui/field';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { NotFoundPage, PageQuery } from '../../ui/query-state';
import { useToast } from '../../ui/toasts';
import { useSession } from '../shell/session';
import { PathwayStatusBadge, STATUS_OPTIONS } from './pathway-status';
import {
  toDraft,
  validateRequirements,
  type CourseOption,
  type RequirementDraft,
} from './requirement-drafts';
import { RequirementListEditor } from './requirement-editor';
import { describeRequirement, validityText } from './requirement-text';
import { TextAreaField } from './textarea-field';

interface ModelOption {
  id: string;
  code: string;
  name: string;
}

/**
 * Treatment models to choose from. The catalog endpoint may not exist on every server yet: a 404
 * means "cannot list", and the editor shows the current model read-only instead.
 */
function useModelOptions() {
  return useQuery({
    queryKey: ['pathway-model-options'],
    queryFn: ({ signal }) => api.get<{ items: ModelOption[] }>('/training-models', undefined, signal),
    select: (d) => d.items.map((m) => ({ id: m.id, code: m.code, name: m.name })),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Course codes for the course and test requirement fields (suggestions only). */
function useCourseOptions() {
  return useQuery({
    queryKey: ['pathway-course-options'],
    queryFn: ({ signal }) =>
      api.get<{ items: { code: string; title: string; kind: string }[] }>('/courses', undefined, signal),
    select: (d): CourseOption[] => d.items.map((c) => ({ code: c.code, title: c.title, kind: c.kind })),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

interface Values {
  code: string;
  name: string;
  description: string;
  modelId: string;
  validityMonths: string;
  graceDays: string;
  autoIssue: boolean;
  status: TPathway['status'];
}

const TOP_FIELDS = [
  'code',
  'name',
  'description',
  'modelId',
  'validityMonths',
  'graceDays',
  'autoIssue',
  'status',
];
const LIST_PATH = /^(requirements|renewalRequirements)(\.\d+(\.[A-Za-z]+)?)?$/;

function initialValues(p?: TPathway): Values {
  return {
    code: p?.code ?? '',
    name: p?.name ?? '',
    description: p?.description ?? '',
    modelId: p?.modelId ?? '',
    validityMonths: p ? (p.validityMonths === null ? '' : String(p.validityMonths)) : '60',
    graceDays: p ? String(p.graceDays) : '90',
    autoIssue: p?.autoIssue ?? false,
    status: p?.status ?? 'draft',
  };
}

function wholeNumber(raw: string, min: number, max: number): { value: number } | { error: string } {
  const s = raw.trim();
  if (!/^-?\d+$/.test(s)) return { error: 'must be a whole number' };
  const n = Number(s);
  if (n < min) return { error: min === 0 ? 'must not be negative' : `must be at least ${min}` };
  if (n > max) return { error: `must be at most ${max}` };
  return { value: n };
}

/** Server details as field messages; whatever names no field is returned as one message. */
function serverErrors(error: unknown): { fields: Record<string, string>; message: string | null } {
  if (!(error instanceof ApiError))
    return { fields: {}, message: error ? String((error as Error).message) : null };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const d of error.details) {
    if ((TOP_FIELDS.includes(d.path) || LIST_PATH.test(d.path)) && !fields[d.path])
      fields[d.path] = d.message;
    else rest.push(d.path ? `${d.path}: ${d.message}` : d.message);
  }
  const count = Object.keys(fields).length;
  if (count === 0) return { fields, message: error.message };
  return {
    fields,
    message: rest.length > 0 ? `${rest.join(' ')}` : null,
  };
}

function PathwayEditor({ pathway }: { pathway?: TPathway }) {
  const creating = !pathway;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const toast = useToast();
  const models = useModelOptions();
  const courses = useCourseOptions();
  const [values, setValues] = useState<Values>(() => initialValues(pathway));
  const [requirements, setRequirements] = useState<RequirementDraft[]>(() =>
    (pathway?.requirements ?? []).map(toDraft),
  );
  const [renewal, setRenewal] = useState<RequirementDraft[]>(() =>
    (pathway?.renewalRequirements ?? []).map(toDraft),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const save = useMutation({
    mutationFn: (body: TCreatePathwayRequest | TUpdatePathwayRequest) =>
      pathway ? api.patch<TPathway>(`/pathways/${pathway.id}`, body) : api.post<TPathway>('/pathways', body),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['pathways'] });
      void queryClient.invalidateQueries({ queryKey: ['progress-roster'] });
      void queryClient.invalidateQueries({ queryKey: ['clinician-progress'] });
      queryClient.setQueryData(['pathway', saved.id], saved);
      setErrors({});
      setSummary(null);
      if (creating) {
        toast.success(`${saved.name} was created.`);
        void navigate(`/pathways/${saved.id}`, { replace: true });
      } else {
        toast.success(`${saved.name} was saved.`);
        setValues(initialValues(saved));
        setRequirements(saved.requirements.map(toDraft));
        setRenewal(saved.renewalRequirements.map(toDraft));
      }
    },
    onError: (error) => {
      const { fields, message } = serverErrors(error);
      setErrors(fields);
      setSummary(
        message ??
          `Check the ${Object.keys(fields).length === 1 ? 'field' : `${Object.keys(fields).length} fields`} marked below.`,
      );
    },
  });
  useFocusFirstInvalid(errors);

  const formId = useId();
  const modelsUnavailable = Boolean(models.error);
  const currentModel = models.data?.find((m) => m.id === values.modelId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const code = values.code.trim().toUpperCase();
    if (creating && !/^[A-Z0-9][A-Z0-9-]{1,39}$/.test(code))
      problems.code = 'must be 2-40 capital letters, digits and dashes, e.g. TFCBT-NATIONAL';
    if (!values.name.trim()) problems.name = 'is required';
    if (!values.modelId.trim()) problems.modelId = 'is required';
    let validityMonths: number | null = null;
    if (values.validityMonths.trim()) {
      const v = wholeNumber(values.validityMonths, 1, 240);
      if ('error' in v) problems.validityMonths = v.error;
      else validityMonths = v.value;
    }
    const grace = wholeNumber(values.graceDays || '0', 0, 730);
    if ('error' in grace) problems.graceDays = grace.error;
    const reqs = validateRequirements(requirements, 'requirements');
    const ren = validateRequirements(renewal, 'renewalRequirements');
    Object.assign(problems, reqs.errors, ren.errors);
    if (requirements.length === 0) problems.requirements = 'must have at least one requirement';
    setErrors(problems);
    const count = Object.keys(problems).length;
    if (count > 0 || !reqs.value || !ren.value) {
      setSummary(`Check the ${count === 1 ? 'field' : `${count} fields`} marked below.`);
      return;
    }
    setSummary(null);
    const common = {
      name: values.name.trim(),
      description: values.description.trim(),
      validityMonths,
      graceDays: 'value' in grace ? grace.value : 0,
      requirements: reqs.value,
      renewalRequirements: ren.value,
      autoIssue: values.autoIssue,
      status: values.status,
    };
    if (creating) {
      save.mutate({ code, modelId: values.modelId.trim(), ...common });
    } else {
      const patch: TUpdatePathwayRequest = { ...common };
      if (values.modelId !== pathway.modelId) patch.modelId = values.modelId.trim();
      save.mutate(patch);
    }
  };

  const onListChange =
    (field: 'requirements' | 'renewalRequirements', setter: (d: RequirementDraft[]) => void) =>
    (drafts: RequirementDraft[], structural: boolean) => {
      setter(drafts);
      // Messages by position no longer apply once items move.
      if (structural)
        setErrors((e) =>
          Object.fromEntries(Object.entries(e).filter(([k]) => k !== field && !k.startsWith(`${field}.`))),
        );
    };

  return (
    <div className="page">
      <PageHeader
        breadcrumb={<Link to="/pathways">Pathways</Link>}
        title={creating ? 'New pathway' : pathway.name}
        lead={
          creating ? (
            'A certification pathway: what clinicians must complete, in the order they see it.'
          ) : (
            <>
              <span className="mono">{pathway.code}</span> · last changed {formatDateTime(pathway.updatedAt)}{' '}
              <PathwayStatusBadge status={pathway.status} />
            </>
          )
        }
        actions={
          <Button type="submit" form={formId} variant="primary" busy={save.isPending}>
            {creating ? 'Create pathway' : 'Save changes'}
          </Button>
        }
      />
      <form
        id={formId}
        className="stack"
        onSubmit={submit}
        noValidate
        aria-label={creating ? 'New pathway' : `Edit ${pathway.name}`}
      >
        {summary && (
          <Alert tone="error" title="The pathway was not saved">
            {summary}
          </Alert>
        )}
        {!creating && pathway.activeEnrollments > 0 && (
          <Alert tone="info">
            {pathway.activeEnrollments} {pathway.activeEnrollments === 1 ? 'clinician is' : 'clinicians are'}{' '}
            on this pathway. Changed requirements apply to their progress as soon as you save.
          </Alert>
        )}
        <Card title="Details">
          <div className="form-grid">
            {creating ? (
              <TextField
                label="Code"
                hint="Capital letters, digits and dashes; it cannot change later. For example TFCBT-NATIONAL."
                value={values.code}
                onChange={(e) => set('code', e.target.value.toUpperCase())}
                error={errors.code}
                spellCheck={false}
                autoComplete="off"
              />
            ) : (
              <TextField label="Code" hint="The code cannot change." value={pathway.code} readOnly />
            )}
            <TextField
              label="Name"
              value={values.name}
              onChange={(e) => set('name', e.target.value)}
              error={errors.name}
            />
            <TextAreaField
              className="span-2"
              label="Description"
              hint="Shown to clinicians choosing a pathway and on the credential."
              rows={3}
              value={values.description}
              onChange={(e) => set('description', e.target.value)}
              error={errors.description}
            />
            {models.isPending ? (
              <TextField label="Treatment model" value="Loading models…" readOnly />
            ) : modelsUnavailable ? (
              creating ? (
                <TextField
                  label="Treatment model (identifier)"
                  hint="The treatment models cannot be listed on this server; paste the model’s identifier."
                  value={values.modelId}
                  onChange={(e) => set('modelId', e.target.value)}
                  error={errors.modelId}
                  spellCheck={false}
                />
              ) : (
                <TextField
                  label="Treatment model"
                  hint="The treatment models cannot be listed on this server, so the model stays as it is."
                  value={pathway.modelCode}
                  readOnly
                  error={errors.modelId}
                />
              )
            ) : (
              <SelectField
                label="Treatment model"
                value={values.modelId}
                onChange={(e) => set('modelId', e.target.value)}
                options={(models.data ?? []).map((m) => ({ value: m.id, label: `${m.code}: ${m.name}` }))}
                placeholder={currentModel || !creating ? undefined : 'Choose a treatment model'}
                error={errors.modelId}
              />
            )}
            <SelectField
              label="Status"
              value={values.status}
              onChange={(e) => set('status', e.target.value as Values['status'])}
              options={STATUS_OPTIONS}
              error={errors.status}
            />
            <TextField
              label="Validity (months)"
              hint="How long a credential stays valid. Leave empty if it does not expire."
              inputMode="numeric"
              value={values.validityMonths}
              onChange={(e) => set('validityMonths', e.target.value)}
              error={errors.validityMonths}
            />
            <TextField
              label="Grace period (days)"
              hint="After expiry, time to renew before the credential counts as expired."
              inputMode="numeric"
              value={values.graceDays}
              onChange={(e) => set('graceDays', e.target.value)}
              error={errors.graceDays}
            />
            <div className="span-2">
              <CheckboxField
                label="Issue credentials automatically"
                hint="When a clinician meets every requirement, the credential is issued overnight without waiting for an administrator."
                checked={values.autoIssue}
                onChange={(e) => set('autoIssue', e.target.checked)}
                error={errors.autoIssue}
              />
            </div>
          </div>
        </Card>
        <Card
          title="Requirements"
          subtitle="Everything a clinician must complete, in the order shown on their pathway."
        >
          <RequirementListEditor
            field="requirements"
            drafts={requirements}
            onChange={onListChange('requirements', setRequirements)}
            errors={errors}
            courses={courses.data ?? null}
            emptyText="No requirements yet. A pathway needs at least one: choose a kind below and add it."
          />
        </Card>
        <Card
          title="Renewal requirements"
          subtitle="What keeps the credential current. Leave empty if renewal needs nothing beyond the original requirements."
        >
          <RequirementListEditor
            field="renewalRequirements"
            drafts={renewal}
            onChange={onListChange('renewalRequirements', setRenewal)}
            errors={errors}
            courses={courses.data ?? null}
            noun="renewal requirement"
            emptyText="No renewal requirements."
          />
        </Card>
        <div className="form-footer">
          <Button type="submit" variant="primary" busy={save.isPending}>
            {creating ? 'Create pathway' : 'Save changes'}
          </Button>
          <ButtonLink to="/pathways">Cancel</ButtonLink>
        </div>
      </form>
    </div>
  );
}

function RequirementSummaryList({ requirements }: { requirements: TRequirement[] }) {
  return (
    <ol className="req-summary-list">
      {requirements.map((r) => (
        <li key={r.id}>
          <div className="req-summary-head">
            <strong>{r.label}</strong>
            <Badge>{REQUIREMENT_KIND_LABEL[r.kind]}</Badge>
          </div>
          <p className="muted small">{describeRequirement(r)}</p>
        </li>
      ))}
    </ol>
  );
}

/** What every network role sees of a pathway. */
function PathwayView({ pathway: p }: { pathway: TPathway }) {
  return (
    <div className="page">
      <PageHeader
        breadcrumb={<Link to="/pathways">Pathways</Link>}
        title={p.name}
        lead={p.description || undefined}
      />
      <div className="grid-1-2">
        <Card title="About this pathway">
          <dl className="details">
            <dt>Code</dt>
            <dd className="mono">{p.code}</dd>
            <dt>Treatment model</dt>
            <dd>{p.modelCode}</dd>
            <dt>Status</dt>
            <dd>
              <PathwayStatusBadge status={p.status} />
            </dd>
            <dt>Validity</dt>
            <dd>{validityText(p.validityMonths)}</dd>
            <dt>Grace period</dt>
            <dd>{p.graceDays === 0 ? 'None' : `${p.graceDays} days`}</dd>
            <dt>Issued</dt>
            <dd>{p.autoIssue ? 'Automatically when complete' : 'By a network administrator'}</dd>
            <dt>Clinicians on it</dt>
            <dd>{p.activeEnrollments}</dd>
          </dl>
        </Card>
        <div className="stack">
          <Card title="Requirements">
            <RequirementSummaryList requirements={p.requirements} />
          </Card>
          <Card title="Renewal requirements">
            {p.renewalRequirements.length === 0 ? (
              <p className="muted">Renewal needs nothing beyond the original requirements.</p>
            ) : (
              <RequirementSummaryList requirements={p.renewalRequirements} />
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}

export function NewPathwayPage() {
  return <PathwayEditor />;
}

export function PathwayPage() {
  const { pathwayId } = useParams();
  const session = useSession();
  const valid = Boolean(pathwayId && /^[0-9a-f-]{36}$/i.test(pathwayId));
  const pathway = usePathway(valid ? pathwayId : null);
  const notFound = (
    <NotFoundPage title="Pathway not found" backTo="/pathways" backLabel="Back to pathways">
      There is no pathway at this address.
    </NotFoundPage>
  );
  if (!valid) return notFound;
  return (
    <PageQuery query={pathway} loadingLabel="Loading pathway…" notFound={notFound}>
      {(p) => (session.isAdmin ? <PathwayEditor key={p.id} pathway={p} /> : <PathwayView pathway={p} />)}
    </PageQuery>
  );
}
