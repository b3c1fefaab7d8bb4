/**
 * Partner organisations (administrators): the companies whose staff take child-protection courses,
 * with how many people hold an active role in each. Administrators add organisations here before
 * inviting their people.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, formErrors } from '../../api/client';
import { queryKeys, usePartnerOrganizations } from '../../api/queries';
import type { TPartnerOrganization } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { TextField, useFocusFirstInvalid } from '../../ui/field';
import { formatDay, formatNumber } from '../../ui/format';
import { BriefcaseIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';

function AddPartnerDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const add = useMutation({
    mutationFn: () => api.post<TPartnerOrganization>('/partner-organizations', { name: name.trim() }),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.partners });
      toast.success(`${p.name} was added as a partner organisation.`);
      onClose();
    },
  });

  useFocusFirstInvalid(local, add.error);

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = 'enter the name of the organisation';
    setLocal(problems);
    if (Object.keys(problems).length === 0) add.mutate();
  };
  const errors = formErrors(add.error, ['name']);

  return (
    <Dialog
      title="Add partner organisation"
      description="Once added, you can invite its people as partner administrators or learners."
      onClose={onClose}
      onSubmit={submit}
      busy={add.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={add.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={add.isPending}>
            Add organisation
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <TextField
          label="Organisation name"
          autoComplete="organization"
          maxLength={200}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (local.name) setLocal({});
          }}
          error={local.name ?? errors.fields.name}
          required
        />
      </div>
    </Dialog>
  );
}

export function PartnersPage() {
  const list = usePartnerOrganizations();
  const [adding, setAdding] = useState(false);
  const items = list.data ?? [];
  const members = items.reduce((n, p) => n + p.activeMembers, 0);

  return (
    <div className="page">
      <PageHeader
        title="Partners"
        lead="Organisations whose staff take part in the network’s child-protection courses."
        actions={
          <Button variant="primary" onClick={() => setAdding(true)}>
            Add partner organisation
          </Button>
        }
      />
      <Card
        title="Partner organisations"
        subtitle={
          list.data && items.length > 0
            ? `${formatNumber(items.length)} organisation${items.length === 1 ? '' : 's'} · ${formatNumber(members)} active member${members === 1 ? '' : 's'}`
            : undefined
        }
        flush
      >
        {list.isPending ? (
          <Spinner label="Loading partner organisations…" />
        ) : list.error ? (
          <div className="card-body">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            icon={<BriefcaseIcon />}
            title="No partner organisations yet"
            action={
              <Button variant="primary" onClick={() => setAdding(true)}>
                Add partner organisation
              </Button>
            }
          >
            Add an organisation before inviting its people to a partner role.
          </EmptyState>
        ) : (
          <TableWrap label="Partner organisations">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col" className="num">
                    Active members
                  </th>
                  <th scope="col">Added on</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.name}</th>
                    <td className="num">{formatNumber(p.activeMembers)}</td>
                    <td className="nowrap">{formatDay(p.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Card>
      {adding && <AddPartnerDialog onClose={() => setAdding(false)} />}
    </div>
  );
}
