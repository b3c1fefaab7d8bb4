/**
 * Modal dialogs on the native <dialog> element: showModal() makes the rest of the page inert (focus
 * stays inside), Escape closes, the title labels it. Mount it to open it; unmount it (onClose) to
 * close it. Focus returns to whatever opened it (or to the page's h1 when that is gone).
 */
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { CloseIcon } from './icons';

export interface DialogProps {
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  /** Renders the body and footer inside a form; Enter submits. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  /** Whether Escape and the close button are disabled (while saving). */
  busy?: boolean;
}

export function Dialog({ title, description, onClose, children, footer, wide, onSubmit, busy }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const busyRef = useRef(busy);
  busyRef.current = busy;

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener && document.contains(opener)) opener.focus();
      // What opened it is gone (say, the row of a role just ended): start again from the page's title.
      else document.getElementById('page-title')?.focus();
    };
  }, []);

  const body = (
    <>
      <div className="dialog-body">{children}</div>
      {footer && <div className="dialog-footer">{footer}</div>}
    </>
  );

  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' wide' : ''}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      onCancel={(e) => {
        e.preventDefault();
        if (!busyRef.current) closeRef.current();
      }}
    >
      <div className="dialog-header">
        <div>
          <h2 id={titleId}>{title}</h2>
          {description && (
            <p id={descId} className="sub">
              {description}
            </p>
          )}
        </div>
        <button type="button" className="dialog-close" onClick={onClose} disabled={busy} aria-label="Close">
          <CloseIcon size={20} />
        </button>
      </div>
      {onSubmit ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit(e);
          }}
        >
          {body}
        </form>
      ) : (
        body
      )}
    </dialog>
  );
}
