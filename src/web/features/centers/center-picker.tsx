/**
 * Choosing a center in a form: a fixed list (a director's own centers) or, for administrators, the
 * whole directory with a filter box.
 */
import { useEffect, useState } from 'react';
import { useCenters } from '../../api/queries';
import { SelectField, TextField } from '../../ui/field';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import type { Place } from '../shell/session';

export function CenterPicker({
  value,
  onChange,
  error,
  choices,
  label = 'Center',
}: {
  value: string;
  onChange: (centerId: string) => void;
  error?: string | null;
  /** A fixed list; when absent, the directory of active centers is searched. */
  choices?: Place[];
  label?: string;
}) {
  const [filter, setFilter] = useState('');
  const q = useDebouncedValue(filter.trim(), 250);
  const search = useCenters(
    { status: 'active', sort: 'name', order: 'asc', pageSize: 200, q: q || undefined },
    !choices,
  );

  const options = choices
    ? choices.map((c) => ({ value: c.id, label: c.name }))
    : (search.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.state})` }));

  const known = options.some((o) => o.value === value);
  useEffect(() => {
    if (!choices && value && search.data && !known) onChange('');
  }, [choices, value, search.data, known, onChange]);

  if (choices) {
    return (
      <SelectField
        label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        options={options}
        placeholder={options.length === 1 ? undefined : 'Choose a center'}
        error={error}
        required
      />
    );
  }

  const total = search.data?.total ?? 0;
  return (
    <div className="stack" style={{ gap: 8 }}>
      <TextField
        label="Find a center"
        type="search"
        hint="Type part of a name or county, or a 3-digit ZIP prefix."
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <SelectField
        label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        options={options}
        placeholder={
          search.isPending
            ? 'Loading centers…'
            : options.length === 0
              ? 'No center matches'
              : 'Choose a center'
        }
        hint={total > options.length ? `Showing the first ${options.length} of ${total} matches.` : undefined}
        error={error}
        required
      />
    </div>
  );
}
