/**
 * The plan request as a form: the seat budget and the cohort calendar (an editable table), the
 * training and practice figures with their low, expected and high values, the optional rules and
 * the solver's time limit. Each field says what it means and where its default comes from; errors
 * from the planner appear beside the field they name.
 */
import { useId, type FormEvent, type ReactNode } from 'react';
import { sentence } from '../../api/client';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/field';
import { AlertIcon, PlusIcon, TrashIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import {
  derivedScenario,
  newCohort,
  PARAMETER_HELP,
  parseStates,
  UNCERTAIN_PARAMETERS,
  type CohortDraft,
  type FieldErrors,
  type PlannerDraft,
  type UncertainParameter,
} from './planner-model';

const UNCERTAIN_LABEL: Record<UncertainParameter, { title: string; unit: string }> = {
  completionRate: { title: 'Training completion rate', unit: 'share, 0.9 = 90%' },
  turnoverPerYear: { title: 'Yearly turnover', unit: 'share a year, 0.3 = 30%' },
  childrenPerClinicianPerYear: {
    title: 'Children treated per trained clinician per year',
    unit: 'children a year',
  },
};

/** The fieldset's legend names the parameter; each input is named by its scenario. */
const SCENARIO_WORD = { low: 'Low', expected: 'Expected', high: 'High' } as const;

export function PlannerForm({
  draft,
  onChange,
  errors,
  message,
  running,
  centersIncluded,
  excluded,
  onSubmit,
}: {
  draft: PlannerDraft;
  onChange: (draft: PlannerDraft) => void;
  errors: FieldErrors;
  /** An error that belongs to no one field (a timeout, a center's figure, the network). */
  message: ReactNode;
  running: boolean;
  centersIncluded: number;
  excluded: number;
  onSubmit: () => void;
}) {
  const set = (patch: Partial<PlannerDraft>) => onChange({ ...draft, ...patch });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!running) onSubmit();
  };
  const capsTotal = draft.cohorts.reduce((s, c) => s + (Number(c.seatCap) || 0), 0);
  const budget = Number(draft.seatBudget);

  return (
    <form className="planner-form" onSubmit={submit} noValidate aria-label="Plan parameters">
      <Alert tone="info">
        Starts from today’s figures: {centersIncluded.toLocaleString('en-US')}{' '}
        {centersIncluded === 1 ? 'center' : 'centers'} with demand data
        {excluded > 0 && <> ({excluded.toLocaleString('en-US')} left out for lack of demand data)</>}, each
        with its unmet demand, trained clinicians and median wait.
      </Alert>

      <TextField
        label="Plan name"
        hint="To find the plan again in the saved plans."
        value={draft.name}
        onChange={(e) => set({ name: e.target.value })}
        error={errors['name']}
        maxLength={200}
        className="planner-name"
      />

      <fieldset className="planner-fieldset">
        <legend>Seats and cohorts</legend>
        <TextField
          label="Seat budget"
          hint={PARAMETER_HELP.seatBudget}
          inputMode="numeric"
          value={draft.seatBudget}
          onChange={(e) => set({ seatBudget: e.target.value })}
          error={errors['seatBudget']}
          className="planner-narrow"
        />
        <CohortTable
          cohorts={draft.cohorts}
          horizon={draft.horizonQuarters}
          errors={errors}
          onChange={(cohorts) => set({ cohorts })}
        />
        <p className="small muted" aria-live="polite">
          The cohorts’ seat caps add up to {capsTotal.toLocaleString('en-US')} seats
          {Number.isFinite(budget) && draft.seatBudget.trim() !== ''
            ? capsTotal < budget
              ? `, fewer than the budget of ${budget.toLocaleString('en-US')}: the caps limit the plan.`
              : `; the budget of ${budget.toLocaleString('en-US')} limits the plan.`
            : '.'}
        </p>
      </fieldset>

      <fieldset className="planner-fieldset">
        <legend>Training and practice</legend>
        <p className="hint">{PARAMETER_HELP.scenarios}</p>
        <div className="planner-scenarios">
          {UNCERTAIN_PARAMETERS.map((k) => (
            <ScenarioFields
              key={k}
              parameter={k}
              draft={draft}
              errors={errors}
              onChange={(values) => set({ scenarios: { ...draft.scenarios, [k]: values } })}
            />
          ))}
        </div>
        <TextField
          label="Ramp-up (quarters)"
          hint={PARAMETER_HELP.rampUpQuarters}
          inputMode="numeric"
          value={draft.rampUpQuarters}
          onChange={(e) => set({ rampUpQuarters: e.target.value })}
          error={errors['parameters.rampUpQuarters']}
          className="planner-narrow"
        />
      </fieldset>

      <fieldset className="planner-fieldset">
        <legend>Optional rules</legend>
        <div className="planner-rules">
          <TextField
            label="Minimum trained clinicians per center"
            hint={PARAMETER_HELP.minTrainedPerCenter}
            inputMode="numeric"
            placeholder="Off"
            value={draft.minTrainedPerCenter}
            onChange={(e) => set({ minTrainedPerCenter: e.target.value })}
            error={errors['rules.minTrainedPerCenter']}
          />
          <TextField
            label="Maximum seats per center"
            hint={PARAMETER_HELP.maxSeatsPerCenter}
            inputMode="numeric"
            placeholder="Off"
            value={draft.maxSeatsPerCenter}
            onChange={(e) => set({ maxSeatsPerCenter: e.target.value })}
            error={errors['rules.maxSeatsPerCenter']}
          />
          <TextField
            label="Wait priority weight"
            hint={PARAMETER_HELP.waitPriority}
            inputMode="decimal"
            value={draft.waitPriority}
            onChange={(e) => set({ waitPriority: e.target.value })}
            error={errors['rules.waitPriority']}
          />
        </div>
      </fieldset>

      <fieldset className="planner-fieldset">
        <legend>Solver</legend>
        <TextField
          label="Time limit (seconds)"
          hint={PARAMETER_HELP.timeLimit}
          inputMode="decimal"
          value={draft.timeLimitSeconds}
          onChange={(e) => set({ timeLimitSeconds: e.target.value })}
          error={errors['solver.timeLimitMs']}
          className="planner-narrow"
        />
      </fieldset>

      {message && (
        <Alert tone="error" title="The plan could not be made">
          {message}
        </Alert>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={running}>
          Run the planner
        </Button>
        {running && (
          <Spinner
            inline
            label={`Solving for ${centersIncluded.toLocaleString('en-US')} centers and ${draft.cohorts.length} cohorts… this can take a few seconds.`}
          />
        )}
      </div>
    </form>
  );
}

/** The three values of one uncertain parameter; empty low and high follow the expected value. */
function ScenarioFields({
  parameter,
  draft,
  errors,
  onChange,
}: {
  parameter: UncertainParameter;
  draft: PlannerDraft;
  errors: FieldErrors;
  onChange: (values: PlannerDraft['scenarios'][UncertainParameter]) => void;
}) {
  const values = draft.scenarios[parameter];
  const expected = Number(values.expected);
  const derived =
    values.expected.trim() !== '' && Number.isFinite(expected) ? derivedScenario(parameter, expected) : null;
  const label = UNCERTAIN_LABEL[parameter];
  const hintId = useId();
  const pathOf = (s: 'low' | 'expected' | 'high') =>
    s === 'expected' ? `parameters.${parameter}` : `scenarios.${s}.${parameter}`;
  return (
    <fieldset className="planner-scenario" aria-describedby={hintId}>
      <legend>
        {label.title} <span className="muted">({label.unit})</span>
      </legend>
      <p className="hint" id={hintId}>
        {PARAMETER_HELP[parameter]}
      </p>
      <div className="planner-scenario-inputs">
        {(['low', 'expected', 'high'] as const).map((s) => (
          <TextField
            key={s}
            label={SCENARIO_WORD[s]}
            inputMode="decimal"
            placeholder={s === 'expected' || !derived ? undefined : String(derived[s])}
            value={values[s]}
            onChange={(e) => onChange({ ...values, [s]: e.target.value })}
            error={errors[pathOf(s)]}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** The cohort calendar: one row per cohort, each cell labelled with its cohort for screen readers. */
function CohortTable({
  cohorts,
  horizon,
  errors,
  onChange,
}: {
  cohorts: CohortDraft[];
  horizon: number;
  errors: FieldErrors;
  onChange: (cohorts: CohortDraft[]) => void;
}) {
  const captionId = useId();
  const update = (i: number, patch: Partial<CohortDraft>) =>
    onChange(cohorts.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const remove = (i: number) => onChange(cohorts.filter((_, j) => j !== i));
  const add = () => onChange([...cohorts, newCohort(cohorts[cohorts.length - 1])]);

  return (
    <div className="planner-cohorts">
      <div className="row-between">
        <h3 id={captionId} className="planner-subheading">
          Cohort calendar
        </h3>
        <Button size="sm" icon={<PlusIcon />} onClick={add}>
          Add a cohort
        </Button>
      </div>
      <p className="hint">
        Each cohort trains in one quarter of the plan (0 is the first, {horizon - 1} the last) and takes
        clinicians only from its region’s states; its seat cap is the most seats it can fill.
      </p>
      <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="table planner-cohort-table">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Quarter</th>
              <th scope="col">Region’s states</th>
              <th scope="col" className="num">
                Seat cap
              </th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cohorts.map((c, i) => {
              const name = c.label.trim() || `cohort ${i + 1}`;
              const stateCount = parseStates(c.states).length;
              return (
                <tr key={c.key}>
                  <td>
                    <CellInput
                      label={`Label of cohort ${i + 1}`}
                      value={c.label}
                      error={errors[`cohorts.${i}.label`]}
                      onChange={(v) => update(i, { label: v })}
                      className="planner-cell-label"
                    />
                  </td>
                  <td>
                    <CellInput
                      label={`Quarter of ${name}`}
                      value={c.quarter}
                      inputMode="numeric"
                      error={errors[`cohorts.${i}.quarter`]}
                      onChange={(v) => update(i, { quarter: v })}
                      className="planner-cell-number"
                    />
                  </td>
                  <td>
                    <CellInput
                      label={`States of ${name} (${stateCount} ${stateCount === 1 ? 'state' : 'states'})`}
                      value={c.states}
                      error={errors[`cohorts.${i}.states`]}
                      onChange={(v) => update(i, { states: v })}
                      className="planner-cell-states"
                    />
                  </td>
                  <td className="num">
                    <CellInput
                      label={`Seat cap of ${name}`}
                      value={c.seatCap}
                      inputMode="numeric"
                      error={errors[`cohorts.${i}.seatCap`]}
                      onChange={(v) => update(i, { seatCap: v })}
                      className="planner-cell-number"
                    />
                  </td>
                  <td>
                    <Button
                      size="sm"
                      variant="ghost"
                      icon={<TrashIcon />}
                      aria-label={`Remove ${name}`}
                      onClick={() => remove(i)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {cohorts.length === 0 && <p className="muted">No cohorts: add one to give the plan seats to fill.</p>}
    </div>
  );
}

/** An input in a table cell: named by aria-label, its error under it and tied to it. */
function CellInput({
  label,
  value,
  error,
  onChange,
  inputMode,
  className,
}: {
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  inputMode?: 'numeric' | 'decimal';
  className?: string;
}) {
  const errorId = useId();
  return (
    <div className={className}>
      <input
        className="input"
        aria-label={label}
        value={value}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span id={errorId} className="error">
          <AlertIcon size={16} />
          {sentence(error)}
        </span>
      )}
    </div>
  );
}
