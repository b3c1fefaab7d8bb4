/**
 * Choosing a partner organisation in a form. Administrators choose from every organisation of the
 * network (GET /partner-organizations); others from a fixed list (their own organisations).
 */
import { Link } from 'react-router-dom';
import { usePartnerOrganizations } from '../../api/queries';
import { SelectField } from '../../ui/field';
import type { Place } from '../shell/session';

export function PartnerPicker({
  value,
  onChange,
  error,
  choices,
  required,
}: {
  value: string;
  onChange: (partnerId: string) => void;
  error?: string | null;
  /** A fixed list; when absent, the network's partner organisations are loaded. */
  choices?: Place[];
  required?: boolean;
}) {
  const list = usePartnerOrganizations(!choices);
  const options = (choices ?? list.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  const loading = !choices && list.isPending;
  const failed = !choices && list.isError;
  const none = !loading && !failed && options.length === 0;

  return (
    <SelectField
      label="Partner organisation"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      options={options}
      placeholder={
        loading
          ? 'Loading organisations…'
          : failed
            ? 'Organisations could not be loaded'
            : none
              ? 'No partner organisation yet'
              : 'Choose an organisation'
      }
      hint={
        failed ? (
          <>
            {list.error.message}{' '}
            <button type="button" className="link-button" onClick={() => void list.refetch()}>
              Try again
            </button>
          </>
        ) : none && !choices ? (
          <>
            Add the organisation on the <Link to="/partners">Partners</Link> page first.
          </>
        ) : undefined
      }
      error={error}
      required={required}
    />
  );
}
