/**
 * The network's capacity parameters (network administrators): every parameter of the WHO WISN
 * method with what it means and where its default comes from, and a live preview of children a
 * year per full-time clinician worked out in the browser as the server does. Centers may set their
 * own values on their capacity page; the others follow these.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, formErrors } from '../../api/client';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { TextField, useFocusFirstInvalid } from '../../ui/field';
import { PageHeader } from '../../ui/page-header';
import { PageQuery } from '../../ui/query-state';
import { useToast } from '../../ui/toasts';
import {
  accessKeys,
  refreshAccess,
  useNetworkParameters,
  type ParameterName,
  type TCapacityParameters,
  type TNetworkParameters,
} from './access-api';
import {
  formatCount,
  formatDecimal,
  formatParameter,
  PARAMETER_ORDER,
  plainMessage,
  previewCapacity,
  readDraft,
} from './access-model';
import { unitText } from './parameters-dialog';
import './access.css';

type Draft = Record<ParameterName, string>;

const toDraft = (p: TCapacityParameters): Draft =>
  Object.fromEntries(PARAMETER_ORDER.map((k) => [k, String(p[k])])) as Draft;

function Preview({ draft, saved }: { draft: Draft; saved: TCapacityParameters }) {
  const parsed = readDraft(draft);
  const now = previewCapacity(saved);
  if (!parsed)
    return (
      <p className="muted" aria-live="polite">
        Enter a number in every field to see the result.
      </p>
    );
  const b = previewCapacity(parsed);
  const change =
    now.childrenPerFte > 0 ? ((b.childrenPerFte - now.childrenPerFte) / now.childrenPerFte) * 100 : 0;
  const changed = Math.abs(b.childrenPerFte - now.childrenPerFte) > 1e-9;
  return (
    <div className="stack" style={{ gap: 12 }}>
      <dl className="access-preview">
        <div>
          <dt>Working time a year</dt>
          <dd>{formatCount(b.availableHours)} hours</dd>
        </div>
        <div>
          <dt>Time for treatment</dt>
          <dd>{formatCount(b.treatmentHours)} hours</dd>
        </div>
        <div>
          <dt>Time one child’s treatment takes</dt>
          <dd>{formatDecimal(b.hoursPerChild)} hours</dd>
        </div>
        <div className="access-preview-result">
          <dt>Children a year per full-time clinician</dt>
          <dd aria-live="polite">{formatDecimal(b.childrenPerFte)}</dd>
        </div>
      </dl>
      <p className="small muted" style={{ margin: 0 }}>
        {changed
          ? `Saved: ${formatDecimal(now.childrenPerFte)}. Saving changes the capacity of every center that follows the network’s values by ${change >= 0 ? '+' : '\u2212'}${formatDecimal(Math.abs(change))}%.`
          : 'As saved.'}
      </p>
    </div>
  );
}

function ParametersForm({ data }: { data: TNetworkParameters }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(() => toDraft(data.parameters));
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: TCapacityParameters) => api.put<TNetworkParameters>('/access/parameters', body),
    onSuccess: (next) => {
      queryClient.setQueryData(accessKeys.parameters, next);
      refreshAccess(queryClient);
      setDraft(toDraft(next.parameters));
      toast.success('The network’s capacity parameters were saved.');
    },
  });
  useFocusFirstInvalid(local, save.error);
  const errors = formErrors(save.error, PARAMETER_ORDER);

  const submit = () => {
    const problems: Record<string, string> = {};
    for (const k of PARAMETER_ORDER)
      if (draft[k].trim() === '' || !Number.isFinite(Number(draft[k]))) problems[k] = 'must be a number';
    setLocal(problems);
    const parsed = readDraft(draft);
    if (parsed && Object.keys(problems).length === 0) save.mutate(parsed);
  };

  return (
    <div className="access-parameters-layout">
      <Card title="Parameters">
        <form
          className="stack"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          {errors.message && <Alert tone="error">{errors.message}</Alert>}
          {PARAMETER_ORDER.map((k) => {
            const info = data.info[k];
            const unit = info?.unit ?? '';
            const error = local[k] ?? errors.fields[k];
            return (
              <TextField
                key={k}
                label={`${info?.label ?? k} (${unitText(unit)})`}
                type="number"
                inputMode="decimal"
                step="any"
                value={draft[k]}
                onChange={(e) => {
                  const value = e.target.value;
                  setDraft((d) => ({ ...d, [k]: value }));
                }}
                hint={
                  <>
                    {info?.source} Default: {formatParameter(data.defaults[k], unit)}
                    {unit === 'share' ? '' : ` ${unit}`}.
                  </>
                }
                error={error ? plainMessage(error) : undefined}
              />
            );
          })}
          <div className="row">
            <Button type="submit" variant="primary" busy={save.isPending}>
              Save parameters
            </Button>
            <Button onClick={() => setDraft(toDraft(data.defaults))} disabled={save.isPending}>
              Fill in the defaults
            </Button>
            <Button
              variant="ghost"
              onClick={() => setDraft(toDraft(data.parameters))}
              disabled={save.isPending}
            >
              Undo changes
            </Button>
          </div>
        </form>
      </Card>
      <div className="access-preview-column">
        <Card title="Preview" subtitle="Worked out as you type, by the same arithmetic as the server.">
          <Preview draft={draft} saved={data.parameters} />
        </Card>
      </div>
    </div>
  );
}

export function ParametersPage() {
  const parameters = useNetworkParameters();
  return (
    <div className="page">
      <PageHeader
        breadcrumb={<Link to="/access">Where children wait</Link>}
        title="Capacity parameters"
        lead="How Waymark works out how many children a trained clinician can treat in a year, by the World Health Organization’s Workload Indicators of Staffing Need (WISN): working time, less leave and other duties, divided by the time one child’s treatment takes. A center can set its own values on its capacity page; the others follow these."
      />
      <PageQuery query={parameters} loadingLabel="Loading the parameters…">
        {(data) => <ParametersForm data={data} />}
      </PageQuery>
    </div>
  );
}
