/**
 * The catalog: treatment models (with their components and the ages they serve) and the courses
 * that train clinicians in them. Network administrators add models and add or change courses;
 * other network roles read it.
 */
import { useState } from 'react';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { SelectField, TextField } from '../../ui/field';
import { formatAmount } from '../progress/progress-ui';
import { PageHeader } from '../../ui/page-header';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { useSearchState } from '../../ui/use-search-state';
import { Badge } from '../../ui/badge';
import { CatalogIcon, PlusIcon } from '../../ui/icons';
import { useSession } from '../shell/session';
import {
  COURSE_KIND_LABEL,
  useCourses,
  useTrainingModels,
  type CourseListParams,
  type TCourse,
  type TTrainingModel,
} from '../cohorts/learning-api';
import { CourseFormDialog } from './course-form-dialog';
import { ModelFormDialog } from './model-form-dialog';
import '../cohorts/cohorts.css';

function ageRange(m: TTrainingModel): string {
  if (m.minAge == null && m.maxAge == null) return 'Any age';
  if (m.minAge == null) return `Up to ${m.maxAge}`;
  if (m.maxAge == null) return `${m.minAge} and older`;
  return `${m.minAge} to ${m.maxAge}`;
}

function ModelsCard({ isAdmin }: { isAdmin: boolean }) {
  const models = useTrainingModels();
  const [editing, setEditing] = useState<TTrainingModel | 'new' | null>(null);
  const items = [...(models.data ?? [])].sort((a, b) => a.code.localeCompare(b.code));
  const add = isAdmin && (
    <Button icon={<PlusIcon />} onClick={() => setEditing('new')}>
      Add model
    </Button>
  );
  return (
    <Card
      title="Treatment models"
      subtitle="The evidence-based treatments the network trains clinicians in."
      actions={add}
      flush
    >
      {models.isPending ? (
        <Spinner label="Loading treatment models…" />
      ) : models.error ? (
        <div className="card-body">
          <ErrorState error={models.error} onRetry={() => void models.refetch()} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<CatalogIcon />} title="No treatment models yet" action={add}>
          Add the treatments your network trains in, such as TF-CBT or CFTSI.
        </EmptyState>
      ) : (
        <TableWrap label="Treatment models">
          <table className="table">
            <caption className="visually-hidden">
              Treatment models, with their components and ages served
            </caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Components</th>
                <th scope="col">Ages</th>
                <th scope="col" className="num">
                  Courses
                </th>
                {isAdmin && (
                  <th scope="col" className="actions-cell">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id}>
                  <th scope="row" className="col-name">
                    <span className="cell-main">{m.name}</span>
                    <span className="cell-sub mono">{m.code}</span>
                    {m.description && <span className="cell-sub catalog-description">{m.description}</span>}
                  </th>
                  <td>
                    {m.components.length === 0 ? (
                      <span className="muted">None listed</span>
                    ) : (
                      <ul className="component-chips" aria-label={`Components of ${m.name}`}>
                        {m.components.map((c) => (
                          <li key={c.code}>
                            <span className="mono">{c.code}</span> {c.name}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="nowrap">{ageRange(m)}</td>
                  <td className="num">{m.courseCount}</td>
                  {isAdmin && (
                    <td className="actions-cell">
                      <Button size="sm" onClick={() => setEditing(m)}>
                        Edit<span className="visually-hidden"> {m.name}</span>
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {editing && (
        <ModelFormDialog model={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      )}
    </Card>
  );
}

const DEFAULTS = { q: '', kind: '', model: '', active: 'true' };

function CoursesCard({ isAdmin }: { isAdmin: boolean }) {
  const [state, setState] = useSearchState(DEFAULTS);
  const [search, setSearch] = useState(state.q);
  const q = useDebouncedValue(search.trim(), 300);
  const params: CourseListParams = {
    q: q || undefined,
    kind: (state.kind || undefined) as CourseListParams['kind'],
    modelId: state.model || undefined,
    active: state.active === 'all' ? undefined : (state.active as 'true' | 'false'),
  };
  const courses = useCourses(params);
  const all = useCourses({}, isAdmin);
  const models = useTrainingModels();
  const [editing, setEditing] = useState<TCourse | 'new' | null>(null);
  const items = [...(courses.data ?? [])].sort((a, b) => a.code.localeCompare(b.code));
  const modelName = new Map((models.data ?? []).map((m) => [m.id, m.name]));
  const add = isAdmin && (
    <Button variant="primary" icon={<PlusIcon />} onClick={() => setEditing('new')}>
      Add course
    </Button>
  );

  return (
    <Card
      title="Courses"
      subtitle="Online courses, live trainings, consultation series, knowledge tests and CE modules."
      actions={add}
      flush
    >
      <form
        className="filters"
        role="search"
        aria-label="Filter courses"
        onSubmit={(e) => e.preventDefault()}
      >
        <TextField
          className="search"
          label="Search courses"
          type="search"
          placeholder="Code or title"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <SelectField
          label="Kind"
          value={state.kind}
          onChange={(e) => setState({ kind: e.target.value })}
          options={Object.entries(COURSE_KIND_LABEL).map(([value, label]) => ({ value, label }))}
          placeholder="All kinds"
        />
        <SelectField
          label="Treatment model"
          value={state.model}
          onChange={(e) => setState({ model: e.target.value })}
          options={(models.data ?? []).map((m) => ({ value: m.id, label: m.code }))}
          placeholder="All models"
        />
        <SelectField
          label="Offered"
          value={state.active}
          onChange={(e) => setState({ active: e.target.value })}
          options={[
            { value: 'true', label: 'Offered now' },
            { value: 'false', label: 'No longer offered' },
            { value: 'all', label: 'All' },
          ]}
        />
      </form>
      {courses.isPending ? (
        <Spinner label="Loading courses…" />
      ) : courses.error ? (
        <div className="card-body">
          <ErrorState error={courses.error} onRetry={() => void courses.refetch()} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<CatalogIcon />} title="No courses match">
          Try another kind or model, or a shorter search.
        </EmptyState>
      ) : (
        <TableWrap label="Courses">
          <table className="table catalog-courses" aria-busy={courses.isFetching || undefined}>
            <caption className="visually-hidden">
              Courses, with their kind, CE hours, treatment model, prerequisites and description
            </caption>
            <thead>
              <tr>
                <th scope="col">Course</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  CE hours
                </th>
                <th scope="col">Model</th>
                <th scope="col">Prerequisites</th>
                <th scope="col">Description</th>
                {isAdmin && (
                  <th scope="col" className="actions-cell">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className="col-name">
                    <span className="cell-main mono">{c.code}</span>
                    <span className="cell-sub">{c.title}</span>
                    {!c.active && (
                      <span className="cell-sub">
                        <Badge>No longer offered</Badge>
                      </span>
                    )}
                  </th>
                  <td>
                    {COURSE_KIND_LABEL[c.kind]}
                    {c.passMark != null && <span className="cell-sub">Pass mark {c.passMark}%</span>}
                    {c.liveDays != null && (
                      <span className="cell-sub">
                        {c.liveDays} {c.liveDays === 1 ? 'day' : 'days'}
                      </span>
                    )}
                  </td>
                  <td className="num">{formatAmount(c.ceHours)}</td>
                  <td>
                    {c.modelId ? (
                      <abbr title={modelName.get(c.modelId) ?? undefined}>{c.modelCode}</abbr>
                    ) : (
                      <span className="muted">General</span>
                    )}
                  </td>
                  <td>
                    {c.prerequisites.length === 0 && !c.minDegree && !c.licenseRequired ? (
                      <span className="muted">None</span>
                    ) : (
                      <ul className="list-plain prerequisite-list">
                        {c.prerequisites.map((p) => (
                          <li key={p.id}>
                            <abbr title={p.title} className="mono">
                              {p.code}
                            </abbr>
                          </li>
                        ))}
                        {c.minDegree && <li className="small">{DEGREE_TEXT[c.minDegree]}</li>}
                        {c.licenseRequired && <li className="small">{LICENSE_TEXT[c.licenseRequired]}</li>}
                      </ul>
                    )}
                  </td>
                  <td className="catalog-description">{c.description || <span className="muted">—</span>}</td>
                  {isAdmin && (
                    <td className="actions-cell">
                      <Button size="sm" onClick={() => setEditing(c)}>
                        Edit<span className="visually-hidden"> {c.code}</span>
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {editing && (
        <CourseFormDialog
          course={editing === 'new' ? undefined : editing}
          courses={all.data ?? []}
          models={models.data ?? []}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}

const DEGREE_TEXT: Record<NonNullable<TCourse['minDegree']>, string> = {
  bachelor: 'Bachelor’s degree+',
  master: 'Master’s degree+',
  doctorate: 'Doctorate',
};
const LICENSE_TEXT: Record<NonNullable<TCourse['licenseRequired']>, string> = {
  any: 'Clinical license',
  permanent: 'Permanent license',
};

export function CatalogPage() {
  const session = useSession();
  const isAdmin = session.isAdmin;
  return (
    <div className="page">
      <PageHeader
        title="Catalog"
        lead={
          isAdmin
            ? 'Treatment models and the courses that train clinicians in them: what each course requires and the CE hours it earns.'
            : 'Treatment models and the courses that train clinicians in them (read-only).'
        }
      />
      <div className="stack">
        <ModelsCard isAdmin={isAdmin} />
        <CoursesCard isAdmin={isAdmin} />
      </div>
    </div>
  );
}
