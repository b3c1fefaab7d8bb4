/**
 * The requirement list editor of a pathway: add a requirement of a chosen kind, fill in the
 * parameters of that kind, reorder (up and down buttons, focus kept on the moved item) and remove.
 * Changes are announced in a polite live region. Checking lives in requirement-drafts.ts.
 */
import { useId, useState } from 'react';
import { REQUIREMENT_KIND_LABEL, REQUIREMENT_KINDS, type RequirementKind } from '../../../shared/pathways';
import { sentence } from '../../api/client';
import { Button } from '../../ui/button';
import { CheckboxField, SelectField, TextField } from '../../ui/field';
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from '../../ui/icons';
import {
  newDraft,
  type CourseOption,
  type RequirementDraft,
  type RequirementListField,
} from './requirement-drafts';

// The editor ------------------------------------------------------------------------------------

const DEGREE_OPTIONS = [
  { value: '', label: 'No degree required' },
  { value: 'bachelor', label: 'Bachelor’s degree or higher' },
  { value: 'master', label: 'Master’s degree or higher' },
  { value: 'doctorate', label: 'Doctorate' },
];
const LICENSE_OPTIONS = [
  { value: 'none', label: 'No license needed' },
  { value: 'any', label: 'Any clinical license' },
  { value: 'permanent', label: 'Permanent license only' },
];
const MEASURE_OPTIONS = [
  { value: 'start_and_end', label: 'Measured at start and end' },
  { value: 'none', label: 'No measure required' },
];
const KIND_OPTIONS = REQUIREMENT_KINDS.map((k) => ({ value: k, label: REQUIREMENT_KIND_LABEL[k] }));

function RequirementFields({
  draft: d,
  index,
  path,
  errors,
  set,
  courses,
  datalistIds,
}: {
  draft: RequirementDraft;
  index: number;
  path: string;
  errors: Record<string, string>;
  set: (patch: Partial<RequirementDraft>) => void;
  courses: CourseOption[] | null;
  datalistIds: { course: string; test: string };
}) {
  const err = (k: keyof RequirementDraft) => errors[`${path}.${index}.${k}`];
  const itemError = errors[`${path}.${index}`] ?? errors[`${path}.${index}.kind`];
  const number = (k: keyof RequirementDraft, label: string, hint?: string, decimal = false) => (
    <TextField
      label={label}
      hint={hint}
      inputMode={decimal ? 'decimal' : 'numeric'}
      value={String(d[k])}
      onChange={(e) => set({ [k]: e.target.value })}
      error={err(k)}
      data-field={`${path}.${index}.${k}`}
    />
  );
  return (
    <div className="req-edit-grid">
      {itemError && <p className="field-error-block span-3">{sentence(itemError)}</p>}
      <TextField
        className="span-2"
        label="Label"
        value={d.label}
        onChange={(e) => set({ label: e.target.value })}
        error={err('label')}
        data-field={`${path}.${index}.label`}
      />
      <TextField
        label="Identifier"
        value={d.id}
        onChange={(e) => set({ id: e.target.value })}
        error={err('id')}
        spellCheck={false}
        autoComplete="off"
        className="mono-input"
      />
      {d.kind === 'credential' && (
        <>
          <SelectField
            label="Degree"
            value={d.minDegree}
            onChange={(e) => set({ minDegree: e.target.value })}
            options={DEGREE_OPTIONS}
            error={err('minDegree')}
          />
          <SelectField
            label="License"
            value={d.license}
            onChange={(e) => set({ license: e.target.value })}
            options={LICENSE_OPTIONS}
            error={err('license')}
          />
          <div className="req-edit-check">
            <CheckboxField
              label="A director must verify the qualification"
              hint="Otherwise the clinician’s own declaration counts."
              checked={d.verified}
              onChange={(e) => set({ verified: e.target.checked })}
            />
          </div>
        </>
      )}
      {(d.kind === 'course' || d.kind === 'test') && (
        <TextField
          label={d.kind === 'test' ? 'Knowledge test (course code)' : 'Course code'}
          hint={courses ? 'From the catalog, e.g. TFCBT-WEB.' : 'For example TFCBT-WEB.'}
          value={d.courseCode}
          onChange={(e) => set({ courseCode: e.target.value.toUpperCase() })}
          error={err('courseCode')}
          list={courses ? (d.kind === 'test' ? datalistIds.test : datalistIds.course) : undefined}
          spellCheck={false}
          autoComplete="off"
        />
      )}
      {d.kind === 'live_training' && number('minDays', 'Days of live training', 'Distinct days, 1 to 30.')}
      {d.kind === 'consultation' && (
        <>
          {number('minAttended', 'Calls to attend', 'For example 9 …')}
          {number('scheduled', 'Calls scheduled', '… of 12 scheduled.')}
          {number('withinMonths', 'Within (months)', 'From the first live training day.')}
        </>
      )}
      {d.kind === 'cases' && (
        <>
          {number('minCases', 'Completed cases', 'Treated with this model.')}
          {number('minWithCaregiver', 'Of which with a caregiver', 'Caregiver taking part.')}
          <SelectField
            label="Standardized measure"
            value={d.measures}
            onChange={(e) => set({ measures: e.target.value })}
            options={MEASURE_OPTIONS}
            error={err('measures')}
          />
        </>
      )}
      {d.kind === 'ce_hours' && (
        <>
          {number('hours', 'Hours', 'In steps of half an hour.', true)}
          {number('periodMonths', 'Over the last (months)', 'A rolling window.')}
        </>
      )}
    </div>
  );
}

export function RequirementListEditor({
  field,
  drafts,
  onChange,
  errors,
  courses,
  emptyText,
  noun = 'requirement',
}: {
  field: RequirementListField;
  drafts: RequirementDraft[];
  /** `structural` when items were added, moved or removed (errors by position no longer apply). */
  onChange: (drafts: RequirementDraft[], structural: boolean) => void;
  errors: Record<string, string>;
  courses: CourseOption[] | null;
  emptyText: string;
  noun?: string;
}) {
  const [kind, setKind] = useState<RequirementKind>('course');
  const [announcement, setAnnouncement] = useState('');
  const uid = useId();
  const datalistIds = { course: `${uid}-courses`, test: `${uid}-tests` };
  const listError = errors[field];

  const focusLater = (find: () => HTMLElement | null) => requestAnimationFrame(() => find()?.focus());
  const bySelector = (selector: string) => () => document.querySelector<HTMLElement>(selector);

  const update = (i: number, patch: Partial<RequirementDraft>) =>
    onChange(
      drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)),
      false,
    );

  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= drafts.length) return;
    const next = [...drafts];
    const [item] = next.splice(i, 1);
    next.splice(j, 0, item!);
    onChange(next, true);
    setAnnouncement(
      `“${item!.label || REQUIREMENT_KIND_LABEL[item!.kind]}” moved to position ${j + 1} of ${next.length}.`,
    );
    // Keep focus on the moved item's button; at either end, on the other direction's.
    const atEdge = (by === -1 && j === 0) || (by === 1 && j === next.length - 1);
    const dir = atEdge ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down';
    focusLater(bySelector(`[data-move="${item!.key}-${dir}"]`));
  };

  const remove = (i: number) => {
    const item = drafts[i]!;
    const next = drafts.filter((_, j) => j !== i);
    onChange(next, true);
    setAnnouncement(`“${item.label || REQUIREMENT_KIND_LABEL[item.kind]}” removed.`);
    const neighbour = next[i] ?? next[i - 1];
    focusLater(
      neighbour
        ? bySelector(`[data-legend="${neighbour.key}"]`)
        : () => document.getElementById(`${uid}-kind`),
    );
  };

  const add = () => {
    const draft = newDraft(kind, drafts);
    onChange([...drafts, draft], true);
    setAnnouncement(`${REQUIREMENT_KIND_LABEL[kind]} added as ${noun} ${drafts.length + 1}.`);
    focusLater(bySelector(`[data-field="${field}.${drafts.length}.label"]`));
  };

  return (
    <div className="req-editor">
      {courses && (
        <>
          <datalist id={datalistIds.course}>
            {courses
              .filter((c) => c.kind !== 'knowledge_test')
              .map((c) => (
                <option key={c.code} value={c.code}>
                  {c.title}
                </option>
              ))}
          </datalist>
          <datalist id={datalistIds.test}>
            {courses
              .filter((c) => c.kind === 'knowledge_test')
              .map((c) => (
                <option key={c.code} value={c.code}>
                  {c.title}
                </option>
              ))}
          </datalist>
        </>
      )}
      {drafts.length > 0 && (
        <p className="muted small">
          The label is what clinicians read; the identifier is a short lowercase name kept in their records,
          so leave it unchanged once people are on the pathway.
        </p>
      )}
      {listError && <p className="field-error-block">{sentence(listError)}</p>}
      {drafts.length === 0 ? (
        <p className="muted req-editor-empty">{emptyText}</p>
      ) : (
        <ol className="req-edit-list">
          {drafts.map((d, i) => {
            const name = d.label || REQUIREMENT_KIND_LABEL[d.kind];
            return (
              <li key={d.key}>
                <fieldset className="req-edit">
                  <legend tabIndex={-1} data-legend={d.key}>
                    <span className="req-edit-number">{i + 1}</span>
                    {REQUIREMENT_KIND_LABEL[d.kind]}
                  </legend>
                  <div className="req-edit-tools">
                    <Button
                      size="sm"
                      variant="ghost"
                      icon={<ArrowUpIcon size={16} />}
                      onClick={() => move(i, -1)}
                      disabled={i === 0}
                      data-move={`${d.key}-up`}
                      aria-label={`Move “${name}” up`}
                    />
                    <Button
                      size="sm"
                      variant="ghost"
                      icon={<ArrowDownIcon size={16} />}
                      onClick={() => move(i, 1)}
                      disabled={i === drafts.length - 1}
                      data-move={`${d.key}-down`}
                      aria-label={`Move “${name}” down`}
                    />
                    <Button
                      size="sm"
                      variant="ghost"
                      className="btn-ghost-danger"
                      icon={<TrashIcon size={16} />}
                      onClick={() => remove(i)}
                      aria-label={`Remove “${name}”`}
                    >
                      Remove
                    </Button>
                  </div>
                  <RequirementFields
                    draft={d}
                    index={i}
                    path={field}
                    errors={errors}
                    set={(patch) => update(i, patch)}
                    courses={courses}
                    datalistIds={datalistIds}
                  />
                </fieldset>
              </li>
            );
          })}
        </ol>
      )}
      <div className="req-add">
        <SelectField
          id={`${uid}-kind`}
          label={`Kind of ${noun} to add`}
          value={kind}
          onChange={(e) => setKind(e.target.value as RequirementKind)}
          options={KIND_OPTIONS}
        />
        <Button icon={<PlusIcon />} onClick={add}>
          Add {noun}
        </Button>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
