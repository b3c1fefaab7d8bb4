/**
 * Import care data (episodes, sessions or measure administrations) from a CSV file exported by a
 * case-tracking system: choose what the file holds, check it (a dry run that writes nothing), map
 * any column Waymark did not recognise, read the report, then import. A file with a rejected row
 * writes nothing; its problems (line, column, message, never a cell's content) can be downloaded
 * as CSV. A file with a column that looks like a child identifier is refused before a row is read.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { IDENTIFIER_REFUSAL } from '../../../shared/privacy';
import { ApiError, request } from '../../api/client';
import { useCenters } from '../../api/queries';
import {
  CARE_IMPORT_COLUMNS,
  CARE_IMPORT_KINDS,
  CARE_IMPORT_REQUIRED,
  type CareImportKind,
  type TCareImportReport,
} from '../../../server/modules/care/care-import.schemas';
import { Alert } from '../../ui/alert';
import { Badge, type BadgeTone } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { SelectField } from '../../ui/field';
import { CsvDropzone } from '../../ui/csv-dropzone';
import { formatNumber } from '../../ui/format';
import { DownloadIcon, UploadIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import { useSession } from '../shell/session';

const KIND_LABELS: Record<CareImportKind, { label: string; what: string }> = {
  episodes: {
    label: 'Episodes',
    what: 'one row per child’s course of treatment, keyed by center and case code',
  },
  sessions: { label: 'Sessions', what: 'one row per session, keyed by center, case code and date' },
  administrations: {
    label: 'Measures',
    what: 'one row per measure given (total score), keyed by center, case code, instrument, respondent and date',
  },
};

const STATUS: Record<TCareImportReport['status'], { label: string; tone: BadgeTone }> = {
  completed: { label: 'Completed', tone: 'success' },
  rejected: { label: 'Nothing saved', tone: 'warning' },
  failed: { label: 'Stopped', tone: 'danger' },
};

/** Rows of the problem table shown on the page; the downloadable report has them all. */
const SHOWN_PROBLEMS = 200;
const IGNORE = 'ignore';

/** The header row of a CSV file, read in the browser to offer the mapping step. */
export function parseHeaderLine(text: string): string[] {
  const content = text.replace(/^\uFEFF/, '');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (quoted) {
      if (c === '"' && content[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell.trim());
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (started || cell.trim() !== '' || cells.length > 0) break;
      continue;
    } else cell += c;
    started = true;
  }
  cells.push(cell.trim());
  return cells.filter((c, i) => c !== '' || i < cells.length - 1);
}

/** The query string of an upload; `map` repeats, one "Header=field" per mapped column. */
function uploadQuery(params: {
  kind: CareImportKind;
  dryRun: boolean;
  filename: string;
  centerId: string;
  mapping: Record<string, string>;
}): string {
  const q = new URLSearchParams({
    kind: params.kind,
    dryRun: String(params.dryRun),
    filename: params.filename,
  });
  if (params.centerId) q.set('centerId', params.centerId);
  for (const [header, field] of Object.entries(params.mapping))
    if (field) q.append('map', `${header}=${field}`);
  return q.toString();
}

function Totals({ report }: { report: TCareImportReport }) {
  const cells: [string, number][] = [
    ['Rows', report.totalRows],
    [report.dryRun ? 'Would insert' : 'Inserted', report.inserted],
    [report.dryRun ? 'Would update' : 'Updated', report.updated],
    ['Unchanged', report.unchanged],
    ['Rejected', report.rejected],
  ];
  return (
    <dl className="totals">
      {cells.map(([label, n]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{formatNumber(n)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Problems({ report }: { report: TCareImportReport }) {
  if (report.rejections.length === 0) return null;
  const shown = report.rejections.slice(0, SHOWN_PROBLEMS);
  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <h3 className="section-title">Problems</h3>
        {report.id && (
          <a
            className="btn btn-secondary btn-sm"
            href={`/api/v1/care-imports/${report.id}/errors.csv`}
            download
          >
            <DownloadIcon />
            Download the error report (CSV)
          </a>
        )}
      </div>
      {(report.rejections.length > SHOWN_PROBLEMS || report.problemsTruncated) && (
        <p className="small muted">
          The first {formatNumber(shown.length)} problems are listed here; the error report has{' '}
          {report.problemsTruncated ? 'the first 10,000' : 'all of them'}.
        </p>
      )}
      <TableWrap label="Problems">
        <table className="table">
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p, i) => (
              <tr key={`${p.line}-${p.field ?? ''}-${i}`}>
                <th scope="row" className="num">
                  {p.line}
                </th>
                <td>{p.field ? <code>{p.field}</code> : <span className="muted">Whole row</span>}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}

function Report({
  report,
  onImport,
  importing,
}: {
  report: TCareImportReport;
  onImport: () => void;
  importing: boolean;
}) {
  const s = STATUS[report.status];
  return (
    <Card
      title={report.dryRun ? 'Check result' : 'Import result'}
      subtitle={report.filename ?? undefined}
      actions={
        <>
          {report.dryRun && <Badge tone="info">Dry run</Badge>}
          <Badge tone={s.tone} dot>
            {s.label}
          </Badge>
        </>
      }
    >
      <div className="stack">
        {report.status === 'rejected' ? (
          <Alert tone="warning" title="Nothing was saved">
            {formatNumber(report.rejected)} {report.rejected === 1 ? 'row was' : 'rows were'} rejected. A file
            is imported whole or not at all: fix the rows below in your file and check it again.
          </Alert>
        ) : report.status === 'failed' ? (
          <Alert tone="error">The import stopped part-way. Import the same file again to complete it.</Alert>
        ) : report.dryRun ? (
          <Alert tone="info" title="Every row passed the checks; nothing was saved yet">
            <p>The figures show what importing this file would do.</p>
            <Button variant="primary" icon={<UploadIcon />} onClick={onImport} busy={importing}>
              Import this file now
            </Button>
          </Alert>
        ) : (
          <Alert tone="success">The import is saved. Importing the same file again changes nothing.</Alert>
        )}
        <Totals report={report} />
        {report.warnings.length > 0 && (
          <ul className="small">
            {report.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        <Problems report={report} />
      </div>
    </Card>
  );
}

/** The mapping step: which field each column of the file feeds, with the ones to fix first. */
function Mapping({
  kind,
  headers,
  report,
  missing,
  mapping,
  onChange,
}: {
  kind: CareImportKind;
  headers: string[];
  report: TCareImportReport | null;
  missing: string[];
  mapping: Record<string, string>;
  onChange: (header: string, field: string) => void;
}) {
  const fields = CARE_IMPORT_COLUMNS[kind] as readonly string[];
  const options = [
    { value: IGNORE, label: 'Ignore this column' },
    ...fields.map((f) => ({ value: f, label: f })),
  ];
  const matched = new Map(report?.columns.map((c) => [c.source, c]) ?? []);
  return (
    <div className="stack">
      {missing.length > 0 && (
        <Alert tone="warning" title="Some required columns were not recognised">
          Choose the column of your file that holds {missing.map((m) => `“${m}”`).join(', ')} below, then
          check the file again.
        </Alert>
      )}
      <TableWrap label="Column mapping">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Column in your file</th>
              <th scope="col">Recognised as</th>
              <th scope="col">Read it as</th>
            </tr>
          </thead>
          <tbody>
            {headers.map((h) => {
              const m = matched.get(h);
              const recognised = m?.field && m.how !== 'mapping' ? m.field : null;
              return (
                <tr key={h}>
                  <th scope="row">{h}</th>
                  <td>
                    {recognised ? <code>{recognised}</code> : <span className="muted">Not recognised</span>}
                  </td>
                  <td>
                    <SelectField
                      label={<span className="visually-hidden">Read “{h}” as</span>}
                      value={mapping[h] ?? ''}
                      placeholder={recognised ? `As recognised (${recognised})` : 'Ignore (not recognised)'}
                      options={options}
                      onChange={(e) => onChange(h, e.target.value)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}

export function CareImportPage() {
  const session = useSession();
  const toast = useToast();
  const queryClient = useQueryClient();
  const directed = session.centersFor('center_director');
  const centers = useCenters({ status: 'active', sort: 'name', pageSize: 500 }, session.isAdmin);
  const [kind, setKind] = useState<CareImportKind>('episodes');
  const [centerId, setCenterId] = useState<string>(
    !session.isAdmin && directed.length === 1 ? directed[0]!.id : '',
  );
  const [file, setFile] = useState<File | null>(null);
  const [headers, setHeaders] = useState<string[]>([]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [fileError, setFileError] = useState<string | null>(null);
  // Required fields the last check found no column for: kept while the user maps columns.
  const [missing, setMissing] = useState<string[]>([]);

  const upload = useMutation({
    mutationFn: (dryRun: boolean) =>
      request<TCareImportReport>(
        'POST',
        `/care-imports?${uploadQuery({ kind, dryRun, filename: file!.name, centerId, mapping })}`,
        { raw: { data: file!, contentType: 'text/csv' } },
      ),
    onError: (e) => {
      setMissing(
        e instanceof ApiError
          ? e.details
              .filter((d) => d.path.startsWith('columns.') && /is required/.test(d.message))
              .map((d) => d.path.slice('columns.'.length))
          : [],
      );
    },
    onSuccess: (r) => {
      setMissing([]);
      if (!r.dryRun && r.status === 'completed') {
        for (const key of ['episodes', 'episode', 'outcomes'])
          void queryClient.invalidateQueries({ queryKey: [key] });
        toast.success(
          `Import saved: ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged.`,
        );
      }
      window.setTimeout(
        () => document.getElementById('care-import-report')?.scrollIntoView({ block: 'start' }),
        50,
      );
    },
  });

  const error = upload.error instanceof ApiError ? upload.error : null;
  const identifierColumns = useMemo(
    () =>
      error?.details.filter((d) => d.path.startsWith('columns.') && d.message === IDENTIFIER_REFUSAL) ?? [],
    [error],
  );
  const report = upload.data ?? null;
  const showMapping =
    headers.length > 0 &&
    identifierColumns.length === 0 &&
    (missing.length > 0 || (report?.unmapped.length ?? 0) > 0 || Object.keys(mapping).length > 0);

  const reset = () => {
    upload.reset();
    setMapping({});
    setMissing([]);
    setHeaders([]);
  };
  const choose = async (f: File | null) => {
    reset();
    setFileError(null);
    setFile(f);
    if (f) setHeaders(parseHeaderLine(await f.slice(0, 64 * 1024).text()));
  };
  const refuse = (message: string) => {
    reset();
    setFileError(message);
    setFile(null);
  };

  const check = () => {
    if (!file) {
      setFileError('Choose a CSV file first.');
      return;
    }
    upload.mutate(true);
  };

  const centerOptions = session.isAdmin
    ? (centers.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.state})` }))
    : directed.map((c) => ({ value: c.id, label: c.name }));

  return (
    <div className="page">
      <PageHeader
        title="Import care data"
        lead="Bring in episodes, sessions and measures exported from your case-tracking system. Every row is checked first; a file with any rejected row saves nothing, and importing the same file twice changes nothing."
      />
      <div className="stack">
        <Alert tone="info" title="No child identifiers">
          Waymark never stores a child’s name, birth date, address, contact details or notes. A file with a
          column that looks like one is refused before any row is read: remove such columns before you upload.
        </Alert>
        <Card title="1. What the file holds">
          <div className="stack">
            <div className="grid-2">
              <SelectField
                label="Kind of data"
                value={kind}
                hint={KIND_LABELS[kind].what}
                options={CARE_IMPORT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k].label }))}
                onChange={(e) => {
                  setKind(e.target.value as CareImportKind);
                  setMapping({});
                  setMissing([]);
                  upload.reset();
                }}
              />
              <SelectField
                label="Center"
                value={centerId}
                hint="For a file without a center column, or rows with an empty center."
                placeholder="Named in the file’s center column"
                options={centerOptions}
                onChange={(e) => {
                  setCenterId(e.target.value);
                  upload.reset();
                }}
              />
            </div>
            <p className="small muted" id="care-import-columns">
              Columns:{' '}
              {CARE_IMPORT_COLUMNS[kind].map((c, i) => (
                <span key={c}>
                  {i > 0 && ', '}
                  <code>{c}</code>
                  {(CARE_IMPORT_REQUIRED[kind] as readonly string[]).includes(c) &&
                    !(c === 'center' && centerId) &&
                    ' (required)'}
                </span>
              ))}
              . Common names used by case-tracking systems (for example “Client ID”, “Session Date”, “Total
              Score”) are recognised; others can be mapped after a check.
            </p>
            <div>
              <a
                className="btn btn-secondary btn-sm"
                href={`/api/v1/care-imports/templates/${kind}`}
                download
              >
                <DownloadIcon />
                Download the {KIND_LABELS[kind].label.toLowerCase()} template (CSV)
              </a>
            </div>
          </div>
        </Card>

        <Card title="2. The file">
          <div className="stack">
            <CsvDropzone
              id="care-import-file"
              describedBy="care-import-columns"
              file={file}
              error={fileError}
              detail={headers.length > 0 && ` · ${headers.length} columns`}
              onChoose={(f) => void choose(f)}
              onRefused={refuse}
            />
            {identifierColumns.length > 0 ? (
              <Alert tone="error" title="This file was refused before any row was read">
                <p>
                  The column{identifierColumns.length > 1 ? 's' : ''}{' '}
                  {identifierColumns.map((d) => `“${d.path.slice('columns.'.length)}”`).join(', ')}{' '}
                  {identifierColumns.length > 1 ? 'look' : 'looks'} like a child identifier. Remove{' '}
                  {identifierColumns.length > 1 ? 'them' : 'it'} from the file and upload it again.
                </p>
              </Alert>
            ) : (
              error &&
              missing.length === 0 && (
                <Alert tone="error">
                  {error.message}
                  {error.details.length > 1 && (
                    <ul>
                      {error.details.map((d) => (
                        <li key={`${d.path}-${d.message}`}>
                          {d.path}: {d.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </Alert>
              )
            )}
            {upload.error && !error && <Alert tone="error">{upload.error.message}</Alert>}
            {showMapping && (
              <Mapping
                kind={kind}
                headers={headers}
                report={report}
                missing={missing}
                mapping={mapping}
                onChange={(h, f) => {
                  setMapping((m) => {
                    const next = { ...m };
                    if (f) next[h] = f;
                    else delete next[h];
                    return next;
                  });
                  upload.reset();
                }}
              />
            )}
            <div className="row">
              <Button variant="primary" onClick={check} busy={upload.isPending} icon={<UploadIcon />}>
                Check file
              </Button>
            </div>
          </div>
        </Card>

        {report && (
          <div id="care-import-report">
            <Report report={report} onImport={() => upload.mutate(false)} importing={upload.isPending} />
          </div>
        )}
      </div>
    </div>
  );
}
