/**
 * State chapters (administrators): the state-level bodies centers belong to. Administrators add
 * chapters and rename them; a chapter moves to another state only while no center belongs to it.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, formErrors } from '../../api/client';
import { queryKeys, useChapters } from '../../api/queries';
import type { TChapter } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { SelectField, TextField, useFocusFirstInvalid } from '../../ui/field';
import { formatNumber } from '../../ui/format';
import { MapIcon } from '../../ui/icons';
import { STATE_OPTIONS, stateName } from '../../ui/labels';
import { PageHeader } from '../../ui/page-header';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { SortHeader, TableWrap, type SortOrder } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import { useSearchState } from '../../ui/use-search-state';

type SortKey = 'state' | 'name' | 'centers';

function compare(a: TChapter, b: TChapter, key: SortKey): number {
  const byName = a.name.localeCompare(b.name);
  const byState = stateName(a.state).localeCompare(stateName(b.state));
  if (key === 'name') return byName || byState;
  if (key === 'centers') return a.centerCount - b.centerCount || byState || byName;
  return byState || byName;
}

function centersLabel(n: number): string {
  return `${formatNumber(n)} ${n === 1 ? 'center' : 'centers'}`;
}

/** Add a chapter, or rename one (and, while no center belongs to it, move it to another state). */
function ChapterDialog({ chapter, onClose }: { chapter?: TChapter; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(chapter?.name ?? '');
  const [state, setState] = useState(chapter?.state ?? '');
  const [local, setLocal] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: (body: { name?: string; state?: string }) =>
      chapter ? api.patch<TChapter>(`/chapters/${chapter.id}`, body) : api.post<TChapter>('/chapters', body),
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.chapters });
      void queryClient.invalidateQueries({ queryKey: queryKeys.summary });
      if (chapter) {
        // Centers show their chapter's name.
        void queryClient.invalidateQueries({ queryKey: ['centers'] });
        void queryClient.invalidateQueries({ queryKey: ['center'] });
        toast.success(
          c.name === chapter.name
            ? `${c.name} is now a chapter in ${stateName(c.state)}.`
            : `${chapter.name} is now called ${c.name}.`,
        );
      } else {
        toast.success(`${c.name} was added as a chapter in ${stateName(c.state)}.`);
      }
      onClose();
    },
  });

  useFocusFirstInvalid(local, save.error);

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = 'enter the name of the chapter';
    if (!state) problems.state = 'choose a state';
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    if (!chapter) {
      save.mutate({ name: name.trim(), state });
      return;
    }
    const body: { name?: string; state?: string } = {};
    if (name.trim() !== chapter.name) body.name = name.trim();
    if (state !== chapter.state) body.state = state;
    if (Object.keys(body).length === 0) onClose();
    else save.mutate(body);
  };
  const errors = formErrors(save.error, ['name', 'state']);

  return (
    <Dialog
      title={chapter ? `Rename ${chapter.name}` : 'Add chapter'}
      description={
        chapter
          ? 'Centers in this chapter show the new name at once.'
          : 'A chapter groups the centers of one state. Assign centers to it from each center’s page.'
      }
      onClose={onClose}
      onSubmit={submit}
      busy={save.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            {chapter ? 'Save' : 'Add chapter'}
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <TextField
          label="Chapter name"
          autoComplete="off"
          maxLength={200}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (local.name) setLocal(({ name: _, ...rest }) => rest);
          }}
          error={local.name ?? errors.fields.name}
          required
        />
        <SelectField
          label="State"
          value={state}
          onChange={(e) => {
            setState(e.target.value);
            if (local.state) setLocal(({ state: _, ...rest }) => rest);
          }}
          options={STATE_OPTIONS}
          placeholder="Choose a state"
          hint={
            chapter && chapter.centerCount > 0
              ? `${centersLabel(chapter.centerCount)} belong${chapter.centerCount === 1 ? 's' : ''} to this chapter: move ${chapter.centerCount === 1 ? 'it' : 'them'} to another chapter before changing its state.`
              : undefined
          }
          error={local.state ?? errors.fields.state}
          required
        />
      </div>
    </Dialog>
  );
}

export function ChaptersPage() {
  const chapters = useChapters();
  const [view, setView] = useSearchState({ sort: 'state', order: 'asc' });
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState<TChapter | null>(null);

  const sort = (['state', 'name', 'centers'].includes(view.sort) ? view.sort : 'state') as SortKey;
  const order: SortOrder = view.order === 'desc' ? 'desc' : 'asc';
  const sortBy = (key: SortKey) =>
    setView({ sort: key, order: sort === key && order === 'asc' ? 'desc' : 'asc' });

  const items = [...(chapters.data ?? [])].sort((a, b) => compare(a, b, sort) * (order === 'asc' ? 1 : -1));
  const states = new Set(items.map((c) => c.state)).size;

  return (
    <div className="page">
      <PageHeader
        title="Chapters"
        lead="The state chapters of the network and how many active centers belong to each."
        actions={
          <Button variant="primary" onClick={() => setAdding(true)}>
            Add chapter
          </Button>
        }
      />
      <Card
        title="State chapters"
        subtitle={
          items.length > 0
            ? `${formatNumber(items.length)} chapter${items.length === 1 ? '' : 's'} in ${formatNumber(states)} state${states === 1 ? '' : 's'}`
            : undefined
        }
        flush
      >
        {chapters.isPending ? (
          <Spinner label="Loading chapters…" />
        ) : chapters.error ? (
          <div className="card-body">
            <ErrorState error={chapters.error} onRetry={() => void chapters.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            icon={<MapIcon />}
            title="No chapters yet"
            action={
              <Button variant="primary" onClick={() => setAdding(true)}>
                Add chapter
              </Button>
            }
          >
            Chapters are added here, or created when a center import names one.
          </EmptyState>
        ) : (
          <TableWrap label="State chapters">
            <table className="table">
              <thead>
                <tr>
                  <SortHeader
                    label="Chapter"
                    active={sort === 'name'}
                    order={order}
                    onSort={() => sortBy('name')}
                  />
                  <SortHeader
                    label="State"
                    active={sort === 'state'}
                    order={order}
                    onSort={() => sortBy('state')}
                  />
                  <SortHeader
                    label="Active centers"
                    className="num"
                    active={sort === 'centers'}
                    order={order}
                    onSort={() => sortBy('centers')}
                  />
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.name}</th>
                    <td>{stateName(c.state)}</td>
                    <td className="num">
                      <Link to={`/centers?chapterId=${c.id}`}>
                        {formatNumber(c.centerCount)}
                        <span className="visually-hidden">
                          {' '}
                          active {c.centerCount === 1 ? 'center' : 'centers'} in {c.name}
                        </span>
                      </Link>
                    </td>
                    <td className="actions-cell">
                      <Button size="sm" onClick={() => setRenaming(c)}>
                        Rename<span className="visually-hidden"> {c.name}</span>
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Card>
      {adding && <ChapterDialog onClose={() => setAdding(false)} />}
      {renaming && <ChapterDialog chapter={renaming} onClose={() => setRenaming(null)} />}
    </div>
  );
}
