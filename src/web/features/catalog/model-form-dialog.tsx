/**
 * Add or change a treatment model (network administrators): code, name, description, the ages it
 * serves and its components (e.g. the PRACTICE components of TF-CBT). The API's messages are shown
 * beside the fields they concern, a component's beside its own row.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, sentence } from '../../api/client';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { TextField, useFocusFirstInvalid } from '../../ui/field';
import { AlertIcon, PlusIcon, TrashIcon } from '../../ui/icons';
import { useToast } from '../../ui/toasts';
import { listFormErrors } from '../cohorts/form-errors';
import type { TTrainingModel } from '../cohorts/learning-api';
import { TextAreaField } from '../pathways/textarea-field';

const FIELDS = ['code', 'name', 'description', 'components', 'minAge', 'maxAge'] as const;

interface Component {
  key: number;
  code: string;
  name: string;
}

let nextKey = 1;

function ageValue(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/** Errors on one component ("components.2.name"), by row and field. */
function componentErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const d of error.details) {
    const m = /^components\.(\d+)\.(code|name)$/.exec(d.path);
    if (m) out[`${m[1]}.${m[2]}`] ??= d.message;
  }
  return out;
}

export function ModelFormDialog({ model, onClose }: { model?: TTrainingModel; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [values, setValues] = useState({
    code: model?.code ?? '',
    name: model?.name ?? '',
    description: model?.description ?? '',
    minAge: model?.minAge != null ? String(model.minAge) : '',
    maxAge: model?.maxAge != null ? String(model.maxAge) : '',
  });
  const [components, setComponents] = useState<Component[]>(
    () => model?.components.map((c) => ({ key: nextKey++, ...c })) ?? [],
  );
  const set = (key: keyof typeof values, value: string) => setValues((v) => ({ ...v, [key]: value }));

  const save = useMutation({
    mutationFn: () => {
      const body = {
        code: values.code,
        name: values.name,
        description: values.description,
        minAge: ageValue(values.minAge),
        maxAge: ageValue(values.maxAge),
        components: components.map(({ code, name }) => ({ code, name })),
      };
      return model
        ? api.patch<TTrainingModel>(`/training-models/${model.id}`, body)
        : api.post<TTrainingModel>('/training-models', body);
    },
    onSuccess: (m) => {
      void queryClient.invalidateQueries({ queryKey: ['training-models'] });
      void queryClient.invalidateQueries({ queryKey: ['courses'] });
      toast.success(model ? `${m.name} was saved.` : `${m.name} was added to the catalog.`);
      onClose();
    },
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  useFocusFirstInvalid(local, save.error);
  const errors = listFormErrors(save.error, FIELDS);
  const rows = componentErrors(save.error);
  const err = (k: string) =>
    local[k] ?? (k === 'components' && Object.keys(rows).length > 0 ? undefined : errors.fields[k]);

  const submit = () => {
    const problems: Record<string, string> = {};
    for (const k of ['minAge', 'maxAge'] as const)
      if (values[k].trim() && !/^\d+$/.test(values[k].trim()))
        problems[k] = 'must be a whole number of years';
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };

  return (
    <Dialog
      title={model ? `Edit ${model.name}` : 'Add a treatment model'}
      description="An evidence-based treatment that courses and certification pathways train clinicians in."
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
            {model ? 'Save changes' : 'Add model'}
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <div className="form-grid">
          <TextField
            label="Code"
            hint="Capital letters, digits and dashes, e.g. TF-CBT."
            value={values.code}
            onChange={(e) => set('code', e.target.value)}
            error={err('code')}
            maxLength={20}
            required
          />
          <TextField
            label="Name"
            value={values.name}
            onChange={(e) => set('name', e.target.value)}
            error={err('name')}
            maxLength={200}
            required
          />
          <TextField
            label="Youngest age served"
            hint="In years; leave empty for no limit."
            inputMode="numeric"
            value={values.minAge}
            onChange={(e) => set('minAge', e.target.value)}
            error={err('minAge')}
          />
          <TextField
            label="Oldest age served"
            hint="In years; leave empty for no limit."
            inputMode="numeric"
            value={values.maxAge}
            onChange={(e) => set('maxAge', e.target.value)}
            error={err('maxAge')}
          />
          <TextAreaField
            className="span-2"
            label="Description"
            rows={3}
            maxLength={4000}
            value={values.description}
            onChange={(e) => set('description', e.target.value)}
            error={err('description')}
          />
          <fieldset className="span-2 component-list">
            <legend>Components</legend>
            <p className="hint">
              The parts of the treatment, each with a short code, e.g. “P2 · Parenting skills”.
            </p>
            {components.length === 0 && <p className="muted small">No components yet.</p>}
            <ol>
              {components.map((c, i) => (
                <li key={c.key} className="component-row">
                  <TextField
                    label={`Code of component ${i + 1}`}
                    value={c.code}
                    onChange={(e) =>
                      setComponents((all) =>
                        all.map((x) => (x.key === c.key ? { ...x, code: e.target.value } : x)),
                      )
                    }
                    error={rows[`${i}.code`]}
                    maxLength={20}
                  />
                  <TextField
                    label={`Name of component ${i + 1}`}
                    value={c.name}
                    onChange={(e) =>
                      setComponents((all) =>
                        all.map((x) => (x.key === c.key ? { ...x, name: e.target.value } : x)),
                      )
                    }
                    error={rows[`${i}.name`]}
                    maxLength={200}
                  />
                  <Button
                    variant="ghost"
                    size="sm"
                    className="btn-icon component-remove"
                    onClick={() => setComponents((all) => all.filter((x) => x.key !== c.key))}
                  >
                    <TrashIcon size={16} />
                    <span className="visually-hidden">Remove component {i + 1}</span>
                  </Button>
                </li>
              ))}
            </ol>
            {err('components') && (
              <p className="field-error-block">
                <AlertIcon size={16} /> {sentence(err('components') ?? '')}
              </p>
            )}
            <div>
              <Button
                size="sm"
                icon={<PlusIcon size={16} />}
                onClick={() => setComponents((all) => [...all, { key: nextKey++, code: '', name: '' }])}
              >
                Add component
              </Button>
            </div>
          </fieldset>
        </div>
      </div>
    </Dialog>
  );
}
