/**
 * Requirement drafts: a pathway's requirements as typed in the editor (numbers kept as strings),
 * turned back into requirements and checked with the shared ZRequirementList, the schema the
 * server applies. Problems are keyed by the path the server would use ("requirements.2.minAttended"),
 * so local and server messages land next to the same field.
 */
import {
  REQUIREMENT_KIND_LABEL,
  ZRequirementList,
  type RequirementKind,
  type TRequirement,
} from '../../../shared/pathways';

export type RequirementListField = 'requirements' | 'renewalRequirements';

export interface RequirementDraft {
  /** Stable key for React and focus, not sent. */
  key: string;
  kind: RequirementKind;
  id: string;
  label: string;
  minDegree: string;
  license: string;
  verified: boolean;
  courseCode: string;
  minDays: string;
  minAttended: string;
  scheduled: string;
  withinMonths: string;
  minCases: string;
  minWithCaregiver: string;
  measures: string;
  hours: string;
  periodMonths: string;
}

export interface CourseOption {
  code: string;
  title: string;
  kind: string;
}

let nextKey = 1;
const newKey = () => `req-${nextKey++}`;

const BLANK: Omit<RequirementDraft, 'key' | 'kind' | 'id' | 'label'> = {
  minDegree: 'master',
  license: 'any',
  verified: false,
  courseCode: '',
  minDays: '2',
  minAttended: '9',
  scheduled: '12',
  withinMonths: '24',
  minCases: '3',
  minWithCaregiver: '2',
  measures: 'start_and_end',
  hours: '10',
  periodMonths: '24',
};

export function toDraft(r: TRequirement): RequirementDraft {
  const d: RequirementDraft = { ...BLANK, key: newKey(), kind: r.kind, id: r.id, label: r.label };
  switch (r.kind) {
    case 'credential':
      return { ...d, minDegree: r.minDegree ?? '', license: r.license, verified: r.verified };
    case 'course':
    case 'test':
      return { ...d, courseCode: r.courseCode };
    case 'live_training':
      return { ...d, minDays: String(r.minDays) };
    case 'consultation':
      return {
        ...d,
        minAttended: String(r.minAttended),
        scheduled: String(r.scheduled),
        withinMonths: String(r.withinMonths),
      };
    case 'cases':
      return {
        ...d,
        minCases: String(r.minCases),
        minWithCaregiver: String(r.minWithCaregiver),
        measures: r.measures,
      };
    case 'ce_hours':
      return { ...d, hours: String(r.hours), periodMonths: String(r.periodMonths) };
  }
}

export function newDraft(kind: RequirementKind, taken: readonly RequirementDraft[]): RequirementDraft {
  const base = kind.replace(/_/g, '-');
  const ids = new Set(taken.map((t) => t.id));
  let id = base;
  for (let i = 2; ids.has(id); i++) id = `${base}-${i}`;
  return {
    ...BLANK,
    key: newKey(),
    kind,
    id,
    label:
      kind === 'credential'
        ? 'Master’s degree or higher and a clinical license'
        : REQUIREMENT_KIND_LABEL[kind],
  };
}

function build(d: RequirementDraft, num: (k: keyof RequirementDraft) => number): Record<string, unknown> {
  const head = { kind: d.kind, id: d.id.trim(), label: d.label.trim() };
  switch (d.kind) {
    case 'credential':
      return {
        ...head,
        minDegree: d.minDegree === '' ? null : d.minDegree,
        license: d.license,
        verified: d.verified,
      };
    case 'course':
    case 'test':
      return { ...head, courseCode: d.courseCode.trim().toUpperCase() };
    case 'live_training':
      return { ...head, minDays: num('minDays') };
    case 'consultation':
      return {
        ...head,
        minAttended: num('minAttended'),
        scheduled: num('scheduled'),
        withinMonths: num('withinMonths'),
      };
    case 'cases':
      return {
        ...head,
        minCases: num('minCases'),
        minWithCaregiver: num('minWithCaregiver'),
        measures: d.measures,
      };
    case 'ce_hours':
      return { ...head, hours: num('hours'), periodMonths: num('periodMonths') };
  }
}

/**
 * Checks a list as the server will. Returns the requirements to send, or the problems keyed by
 * the path the server would use ("requirements.2.minAttended").
 */
export function validateRequirements(
  drafts: readonly RequirementDraft[],
  field: RequirementListField,
): { value: TRequirement[] | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const list = drafts.map((d, i) =>
    build(d, (k) => {
      const raw = String(d[k]).trim();
      const path = `${field}.${i}.${k}`;
      if (raw === '') errors[path] = 'is required';
      else if (!Number.isFinite(Number(raw))) errors[path] = 'must be a number';
      return raw === '' ? Number.NaN : Number(raw);
    }),
  );
  const parsed = ZRequirementList.safeParse(list);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = [field, ...issue.path.map(String)].join('.');
      if (!errors[path]) errors[path] = issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { value: null, errors };
  return { value: parsed.data, errors };
}
