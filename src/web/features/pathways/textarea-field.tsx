/**
 * A multi-line text field with its label, hint and error tied together, like ui/field's TextField.
 */
import { useId, type TextareaHTMLAttributes } from 'react';
import { sentence } from '../../api/client';
import { AlertIcon } from '../../ui/icons';

export function TextAreaField({
  label,
  hint,
  error,
  className,
  ...rest
}: { label: string; hint?: string; error?: string | null; className?: string } & Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'className'
>) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      <textarea
        id={id}
        className="textarea"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...rest}
      />
      {error && (
        <span id={`${id}-error`} className="error">
          <AlertIcon size={16} />
          {sentence(error)}
        </span>
      )}
    </div>
  );
}
