/**
 * "Plan the next trainings" (network administrators): where the program's training seats reach the
 * most children. The form starts from the suggested request (today's gap and the default calendar
 * of quarterly cohorts); "Run the planner" solves and saves it, and the results of the plan just
 * run, or of one opened from the saved plans, are shown below.
 *
 * Solving a national request takes seconds: the button stays busy until the answer arrives and a
 * second submit is ignored, so one click is one plan.
 */
import { useEffect, useRef, useState } from 'react';
import { isApiError } from '../../api/client';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { PageHeader } from '../../ui/page-header';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { useCreatePlan, usePlan, useSuggestedPlan, type TPlannerInputRaw } from './planner-api';
import { PlannerForm } from './planner-form';
import {
  draftFromInput,
  inputFromDraft,
  splitApiErrors,
  type FieldErrors,
  type PlannerDraft,
} from './planner-model';
import { PlanResults } from './plan-results';
import { SavedPlans } from './saved-plans';
import './planner.css';

/** "Plan of Mar 3, 2026": a default name, so a first run needs no typing. */
function defaultName(): string {
  return `Plan of ${new Date().toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' })}`;
}

export function PlannerPage() {
  const suggested = useSuggestedPlan();
  const create = useCreatePlan();
  const [draft, setDraft] = useState<PlannerDraft | null>(null);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const [openId, setOpenId] = useState<string | null>(null);
  const plan = usePlan(openId);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const [focusResults, setFocusResults] = useState(false);

  // The form is filled once, from the suggested request.
  useEffect(() => {
    if (suggested.data && draft === null) setDraft(draftFromInput(suggested.data.input, defaultName()));
  }, [suggested.data, draft]);

  // After a run or "Open", the results' heading takes focus, so the new figures are read next.
  useEffect(() => {
    if (!focusResults || !plan.data) return;
    setFocusResults(false);
    resultsHeading.current?.focus();
    resultsHeading.current?.scrollIntoView({ block: 'start' });
  }, [focusResults, plan.data]);

  const apiErrors =
    isApiError(create.error) && create.error.details.length > 0
      ? splitApiErrors(create.error.details)
      : { fields: {}, rest: [] };
  const errors: FieldErrors = { ...apiErrors.fields, ...localErrors };
  const message = create.error
    ? apiErrors.rest.length > 0
      ? apiErrors.rest.join(' ')
      : Object.keys(apiErrors.fields).length > 0
        ? 'Some fields need attention: see the messages beside them.'
        : create.error.message
    : Object.keys(localErrors).length > 0
      ? 'Some fields need attention: see the messages beside them.'
      : null;

  const run = () => {
    if (!draft || create.isPending) return;
    const built = inputFromDraft(draft);
    if (!built.ok) {
      create.reset();
      setLocalErrors(built.errors);
      focusFirstInvalid();
      return;
    }
    setLocalErrors({});
    create.mutate(
      { name: built.name, input: built.input },
      {
        onSuccess: (p) => {
          setOpenId(p.summary.id);
          setFocusResults(true);
        },
        onError: () => focusFirstInvalid(),
      },
    );
  };

  const open = (id: string) => {
    setOpenId(id);
    setFocusResults(true);
  };

  const copyParameters = (input: TPlannerInputRaw, name: string) => {
    setDraft(draftFromInput(input, `${name} (copy)`));
    create.reset();
    setLocalErrors({});
    document.getElementById('planner-parameters')?.scrollIntoView({ block: 'start' });
  };

  return (
    <div className="page">
      <PageHeader
        title="Plan the next trainings"
        lead="Choose how many training seats each center gets in each cohort so that the clinicians trained reach the most children over the horizon, within the seat budget and each cohort’s cap. The result is compared with two simple ways of sharing the seats."
      />
      <div className="stack planner-page">
        <Card title="Parameters" className="planner-parameters-card">
          <div id="planner-parameters" />
          {suggested.isPending ? (
            <Spinner label="Building the suggested request from today’s figures…" />
          ) : suggested.error ? (
            <ErrorState error={suggested.error} onRetry={() => void suggested.refetch()} />
          ) : draft ? (
            <PlannerForm
              draft={draft}
              onChange={setDraft}
              errors={errors}
              message={message}
              running={create.isPending}
              centersIncluded={draft.centers.length}
              excluded={suggested.data.excluded}
              onSubmit={run}
            />
          ) : (
            <Spinner />
          )}
        </Card>

        <section className="stack" aria-labelledby="planner-results-title">
          <div className="row-between">
            <h2 id="planner-results-title" ref={resultsHeading} tabIndex={-1} className="section-title">
              {plan.data ? `Results: ${plan.data.summary.name}` : 'Results'}
            </h2>
            {plan.data && (
              <Button size="sm" onClick={() => copyParameters(plan.data.input, plan.data.summary.name)}>
                Use these parameters
              </Button>
            )}
          </div>
          {openId === null ? (
            <p className="muted">Run the planner, or open a saved plan, to see where the seats go.</p>
          ) : plan.isPending ? (
            <Spinner label="Loading the plan…" />
          ) : plan.error ? (
            <ErrorState error={plan.error} onRetry={() => void plan.refetch()} />
          ) : (
            <PlanResults plan={plan.data} />
          )}
        </section>

        <SavedPlans openId={openId} onOpen={open} onDeleted={(id) => id === openId && setOpenId(null)} />
      </div>
    </div>
  );
}

/** Moves focus to the first field marked invalid, once the errors are on the page. */
function focusFirstInvalid(): void {
  requestAnimationFrame(() =>
    document.querySelector<HTMLElement>('.planner-form [aria-invalid="true"]')?.focus(),
  );
}
