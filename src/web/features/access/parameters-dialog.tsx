/**
 * "Edit parameters" of one center: any capacity parameter can be the center's own value or the
 * network's. Only what changed is sent; a parameter put back to the network's is sent as null.
 * The server's messages are shown beside the fields they name.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, formErrors } from '../../api/client';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { TextField, useFocusFirstInvalid } from '../../ui/field';
import { useToast } from '../../ui/toasts';
import {
  accessKeys,
  refreshAccess,
  type CenterCapacity,
  type ParameterName,
  type TOverridesInput,
} from './access-api';
import {
  formatParameter,
  overridesToSend,
  PARAMETER_ORDER,
  plainMessage,
  type ParameterField,
} from './access-model';

/** How a parameter's unit reads in its label. */
export function unitText(unit: string): string {
  return unit === 'share' ? 'share, 0.3 is 30%' : unit;
}

export function ParametersDialog({ capacity, onClose }: { capacity: CenterCapacity; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [fields, setFields] = useState<Record<ParameterName, ParameterField>>(
    () =>
      Object.fromEntries(
        PARAMETER_ORDER.map((k) => [
          k,
          { value: String(capacity.parameters[k]), own: capacity.overrides[k] !== undefined },
        ]),
      ) as Record<ParameterName, ParameterField>,
  );
  const [local, setLocal] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: (body: TOverridesInput) =>
      api.put<CenterCapacity>(`/centers/${capacity.centerId}/access-parameters`, body),
    onSuccess: (next) => {
      queryClient.setQueryData(accessKeys.capacity(capacity.centerId), next);
      refreshAccess(queryClient);
      toast.success(`The capacity parameters of ${capacity.centerName} were saved.`);
      onClose();
    },
  });
  useFocusFirstInvalid(local, save.error);
  const errors = formErrors(save.error, PARAMETER_ORDER);

  const submit = () => {
    const problems: Record<string, string> = {};
    for (const k of PARAMETER_ORDER)
      if (fields[k].own && (fields[k].value.trim() === '' || !Number.isFinite(Number(fields[k].value))))
        problems[k] = 'must be a number';
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    const body = overridesToSend(capacity, fields);
    if (Object.keys(body).length === 0) {
      toast.success('Nothing was changed.');
      onClose();
      return;
    }
    save.mutate(body);
  };

  const set = (k: ParameterName, next: ParameterField) => setFields((f) => ({ ...f, [k]: next }));

  return (
    <Dialog
      title={`Capacity parameters of ${capacity.centerName}`}
      description="A value you change becomes this center’s own; the others follow the network’s, and change when the network’s do."
      onClose={onClose}
      busy={save.isPending}
      wide
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save parameters
          </Button>
        </>
      }
    >
      <div className="stack">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <div className="form-grid access-parameter-grid">
          {PARAMETER_ORDER.map((k) => {
            const info = capacity.info[k];
            const network = capacity.networkParameters[k];
            const f = fields[k];
            const error = local[k] ?? errors.fields[k];
            return (
              <div key={k} className="access-parameter-field">
                <TextField
                  label={`${info?.label ?? k} (${unitText(info?.unit ?? '')})`}
                  type="number"
                  inputMode="decimal"
                  step="any"
                  value={f.value}
                  hint={
                    f.own
                      ? `This center’s own value. The network’s is ${formatParameter(network, info?.unit ?? '')}.`
                      : 'The network’s value.'
                  }
                  error={error ? plainMessage(error) : undefined}
                  onChange={(e) => set(k, { value: e.target.value, own: true })}
                />
                {f.own && (
                  <button
                    type="button"
                    className="link-button small"
                    onClick={() => set(k, { value: String(network), own: false })}
                  >
                    Use the network’s value<span className="visually-hidden"> for {info?.label ?? k}</span>
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </Dialog>
  );
}
