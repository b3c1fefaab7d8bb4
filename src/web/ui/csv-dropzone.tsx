/**
 * The drop zone and file input of a CSV upload, shared by the import pages: drag a file in or
 * choose one; a file that is not CSV is refused here with a message, before any upload.
 */
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { formatNumber } from './format';
import { UploadIcon } from './icons';

export function CsvDropzone({
  id,
  describedBy,
  file,
  error,
  detail,
  onChoose,
  onRefused,
}: {
  id: string;
  /** The element that lists the expected columns. */
  describedBy: string;
  file: File | null;
  error: string | null;
  /** More about the chosen file, after its name and size (e.g. its number of columns). */
  detail?: ReactNode;
  /** A CSV file was chosen (or the choice was cleared). */
  onChoose: (file: File | null) => void;
  /** A file that is not CSV was chosen. */
  onRefused: (message: string) => void;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const take = (f: File | null) => {
    if (f && !/\.(csv|txt)$/i.test(f.name) && f.type !== 'text/csv') onRefused('Choose a CSV file (.csv).');
    else onChoose(f);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f) {
      take(f);
      if (inputRef.current) inputRef.current.value = '';
    }
  };
  return (
    <div
      className={`dropzone${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <UploadIcon size={28} />
      <p>Drag a CSV file here, or choose one.</p>
      <div className="field" style={{ alignItems: 'center' }}>
        <label htmlFor={id}>CSV file</label>
        <input
          ref={inputRef}
          id={id}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          onChange={(e) => take(e.target.files?.[0] ?? null)}
        />
      </div>
      {file && (
        <p className="file-name">
          {file.name} · {formatNumber(Math.max(1, Math.round(file.size / 1024)))} KB
          {detail}
        </p>
      )}
      {error && (
        <p className="text-danger" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
