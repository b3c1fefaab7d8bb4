/**
 * Form fields with their label, hint and error tied together (aria-describedby, aria-invalid).
 */
import { useEffect, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { sentence } from '../api/client';
import { AlertIcon } from './icons';

interface FieldChrome {
  label: ReactNode;
  hint?: ReactNode;
  /** A message from validation: shown under the field and announced with it. */
  error?: string | null | undefined;
  className?: string;
}

function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const s = ids.filter(Boolean).join(' ');
  return s || undefined;
}

function FieldError({ id, error }: { id: string; error: string }) {
  return (
    <span id={id} className="error">
      <AlertIcon size={16} />
      {sentence(error)}
    </span>
  );
}

export type TextFieldProps = FieldChrome & Omit<InputHTMLAttributes<HTMLInputElement>, 'className'>;

export function TextField({
  label,
  hint,
  error,
  className,
  id,
  'aria-describedby': extra,
  ...input
}: TextFieldProps) {
  const auto = useId();
  const inputId = id ?? auto;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={inputId}>{label}</label>
      {hint && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
      <input
        id={inputId}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(extra, hint ? hintId : null, error ? errorId : null)}
        {...input}
      />
      {error && <FieldError id={errorId} error={error} />}
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export type SelectFieldProps = FieldChrome &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'className'> & {
    options: readonly SelectOption[];
    /** A first option with an empty value, e.g. "All states". */
    placeholder?: string;
  };

export function SelectField({
  label,
  hint,
  error,
  className,
  id,
  options,
  placeholder,
  'aria-describedby': extra,
  ...select
}: SelectFieldProps) {
  const auto = useId();
  const selectId = id ?? auto;
  const hintId = `${selectId}-hint`;
  const errorId = `${selectId}-error`;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={selectId}>{label}</label>
      {hint && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
      <select
        id={selectId}
        className="select"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(extra, hint ? hintId : null, error ? errorId : null)}
        {...select}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && <FieldError id={errorId} error={error} />}
    </div>
  );
}

export type CheckboxFieldProps = Omit<FieldChrome, 'className'> &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'className'>;

export function CheckboxField({
  label,
  hint,
  error,
  id,
  'aria-describedby': extra,
  ...input
}: CheckboxFieldProps) {
  const auto = useId();
  const inputId = id ?? auto;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  return (
    <div className="field">
      <div className="check">
        <input
          id={inputId}
          type="checkbox"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(extra, hint ? hintId : null, error ? errorId : null)}
          {...input}
        />
        <label htmlFor={inputId}>
          {label}
          {hint && (
            <span id={hintId} className="hint">
              {hint}
            </span>
          )}
        </label>
      </div>
      {error && <FieldError id={errorId} error={error} />}
    </div>
  );
}

/**
 * After a failed submit, moves focus to the first field marked invalid (inside an open dialog
 * first), so its error, tied by aria-describedby, is read out. Pass what changes on each failure.
 */
export function useFocusFirstInvalid(...triggers: unknown[]): void {
  const active = triggers.some((t) =>
    t && typeof t === 'object' ? Object.keys(t).length > 0 || t instanceof Error : Boolean(t),
  );
  useEffect(() => {
    if (!active) return;
    const frame = requestAnimationFrame(() => {
      const scope =
        document.querySelector('dialog[open]') ?? document.getElementById('main-content') ?? document;
      scope.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, triggers);
}
