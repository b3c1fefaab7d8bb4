/**
 * Add a center, or change one (administrators). Deactivating is part of the edit: an inactive
 * center leaves the directory's default view and cannot take new staff.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { MemberType } from '../../../shared/roles';
import { api, formErrors } from '../../api/client';
import { useChapters } from '../../api/queries';
import type { TCenterDetail } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { CheckboxField, SelectField, TextField, useFocusFirstInvalid } from '../../ui/field';
import { MEMBER_TYPE_OPTIONS, STATE_OPTIONS } from '../../ui/labels';
import { useToast } from '../../ui/toasts';

interface FormValues {
  name: string;
  state: string;
  county: string;
  zip3: string;
  memberType: MemberType;
  accreditedOn: string;
  accreditationExpiresOn: string;
  chapterId: string;
  active: boolean;
}

const FIELDS = [
  'name',
  'state',
  'county',
  'zip3',
  'memberType',
  'accreditedOn',
  'accreditationExpiresOn',
  'chapterId',
  'active',
];

function initial(center?: TCenterDetail): FormValues {
  return {
    name: center?.name ?? '',
    state: center?.state ?? '',
    county: center?.county ?? '',
    zip3: center?.zip3 ?? '',
    memberType: center?.memberType ?? 'accredited',
    accreditedOn: center?.accreditedOn ?? '',
    accreditationExpiresOn: center?.accreditationExpiresOn ?? '',
    chapterId: center?.chapterId ?? '',
    active: center?.active ?? true,
  };
}

function changes(center: TCenterDetail, values: FormValues): Partial<ReturnType<typeof toBody>> {
  const before = toBody(initial(center));
  const after = toBody(values);
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k as keyof typeof before] !== v));
}

function toBody(v: FormValues) {
  return {
    name: v.name.trim(),
    state: v.state,
    county: v.county.trim(),
    zip3: v.zip3.trim(),
    memberType: v.memberType,
    accreditedOn: v.accreditedOn || null,
    accreditationExpiresOn: v.accreditationExpiresOn || null,
    chapterId: v.chapterId || null,
    active: v.active,
  };
}

export function CenterFormDialog({ center, onClose }: { center?: TCenterDetail; onClose: () => void }) {
  const editing = Boolean(center);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const chapters = useChapters();
  const [values, setValues] = useState<FormValues>(() => initial(center));
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const save = useMutation({
    mutationFn: () => {
      if (!center) return api.post<TCenterDetail>('/centers', toBody(values));
      return api.patch<TCenterDetail>(`/centers/${center.id}`, changes(center, values));
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['centers'] });
      void queryClient.invalidateQueries({ queryKey: ['network-summary'] });
      void queryClient.invalidateQueries({ queryKey: ['chapters'] });
      queryClient.setQueryData(['center', saved.id], saved);
      if (center) {
        toast.success(
          center.active && !saved.active ? `${saved.name} was deactivated.` : `${saved.name} was saved.`,
        );
        onClose();
      } else {
        toast.success(`${saved.name} was added to the directory.`);
        onClose();
        void navigate(`/centers/${saved.id}`);
      }
    },
  });

  useFocusFirstInvalid(local, save.error);

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!values.name.trim()) problems.name = 'is required';
    if (!values.state) problems.state = 'is required';
    if (!values.county.trim()) problems.county = 'is required';
    if (!/^\d{3}$/.test(values.zip3.trim())) problems.zip3 = 'must be the first 3 digits of the ZIP code';
    if (
      values.accreditedOn &&
      values.accreditationExpiresOn &&
      values.accreditationExpiresOn <= values.accreditedOn
    )
      problems.accreditationExpiresOn = 'must be after the accreditation date';
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    if (center && Object.keys(changes(center, values)).length === 0) {
      onClose();
      return;
    }
    save.mutate();
  };

  const errors = formErrors(save.error, FIELDS);
  const err = (k: string) => local[k] ?? errors.fields[k];
  const deactivating = Boolean(center?.active && !values.active);
  const chapterOptions = (chapters.data ?? [])
    .slice()
    .sort(
      (a, b) =>
        (a.state === values.state ? 0 : 1) - (b.state === values.state ? 0 : 1) ||
        a.name.localeCompare(b.name),
    )
    .map((c) => ({ value: c.id, label: c.name }));

  return (
    <Dialog
      title={editing ? 'Edit center' : 'Add center'}
      description={editing ? center?.name : 'Add a center to the network directory.'}
      onClose={onClose}
      onSubmit={submit}
      busy={save.isPending}
      wide
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant={deactivating ? 'danger' : 'primary'} busy={save.isPending}>
            {editing ? (deactivating ? 'Save and deactivate' : 'Save changes') : 'Add center'}
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <div className="form-grid">
          <TextField
            className="span-2"
            label="Name"
            value={values.name}
            onChange={(e) => set('name', e.target.value)}
            error={err('name')}
            required
          />
          <SelectField
            label="State"
            value={values.state}
            onChange={(e) => set('state', e.target.value)}
            options={STATE_OPTIONS}
            placeholder="Choose a state"
            error={err('state')}
            required
          />
          <TextField
            label="County"
            value={values.county}
            onChange={(e) => set('county', e.target.value)}
            error={err('county')}
            required
          />
          <TextField
            label="ZIP code prefix"
            hint="The first 3 digits only."
            inputMode="numeric"
            maxLength={3}
            value={values.zip3}
            onChange={(e) => set('zip3', e.target.value.replace(/\D/g, ''))}
            error={err('zip3')}
            required
          />
          <SelectField
            label="Member type"
            value={values.memberType}
            onChange={(e) => set('memberType', e.target.value as MemberType)}
            options={MEMBER_TYPE_OPTIONS}
            error={err('memberType')}
            required
          />
          <TextField
            label="Accredited on"
            type="date"
            value={values.accreditedOn}
            onChange={(e) => set('accreditedOn', e.target.value)}
            error={err('accreditedOn')}
          />
          <TextField
            label="Accreditation expires on"
            type="date"
            hint="Re-accreditation is due every five years."
            value={values.accreditationExpiresOn}
            onChange={(e) => set('accreditationExpiresOn', e.target.value)}
            error={err('accreditationExpiresOn')}
          />
          <SelectField
            className="span-2"
            label="Chapter"
            value={values.chapterId}
            onChange={(e) => set('chapterId', e.target.value)}
            options={chapterOptions}
            placeholder="No chapter"
            error={err('chapterId')}
          />
          {editing && (
            <div className="span-2">
              <CheckboxField
                label="Active"
                hint="Inactive centers are hidden from the directory by default and cannot receive new staff. Their history is kept."
                checked={values.active}
                onChange={(e) => set('active', e.target.checked)}
                error={err('active')}
              />
            </div>
          )}
        </div>
        {deactivating && (
          <Alert tone="warning" title="This will deactivate the center">
            Staff keep their accounts, but the center leaves the directory&rsquo;s default view and no one new
            can be added to it until it is reactivated.
          </Alert>
        )}
      </div>
    </Dialog>
  );
}
