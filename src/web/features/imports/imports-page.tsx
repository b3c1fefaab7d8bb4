/**
 * Import centers from a CSV file: check it first (dry run), choose all-or-nothing if wanted, read
 * the report, and see earlier imports. Rows are matched by state and name, so re-importing a file
 * updates centers rather than adding copies.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { useImports } from '../../api/queries';
import type { TImportReport } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Badge, type BadgeTone } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { DateTime } from '../../ui/date-time';
import { downloadText } from '../../ui/download';
import { EmptyState } from '../../ui/empty-state';
import { CheckboxField } from '../../ui/field';
import { CsvDropzone } from '../../ui/csv-dropzone';
import { formatNumber } from '../../ui/format';
import { FileIcon, UploadIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';

const TEMPLATE = [
  'name,state,county,zip3,member_type,accredited_on,accreditation_expires_on,chapter,active',
  "Riverbend Children's Advocacy Center,TX,Travis,787,accredited,2024-03-01,2029-03-01,Children's Advocacy Centers of Texas,true",
  '',
].join('\n');

const STATUS: Record<TImportReport['status'], { label: string; tone: BadgeTone }> = {
  completed: { label: 'Completed', tone: 'success' },
  rejected: { label: 'Nothing saved', tone: 'warning' },
  failed: { label: 'Failed', tone: 'danger' },
};

function Totals({
  report,
}: {
  report: Pick<TImportReport, 'totalRows' | 'inserted' | 'updated' | 'unchanged' | 'rejected'>;
}) {
  const cells: [string, number][] = [
    ['Total rows', report.totalRows],
    ['Inserted', report.inserted],
    ['Updated', report.updated],
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

function Report({
  report,
  onImportNow,
  importing,
}: {
  report: TImportReport;
  onImportNow?: () => void;
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
        {report.dryRun ? (
          <Alert tone="info" title="Nothing was saved: this was a dry run">
            <p>The figures show what an import of this file would do.</p>
            {onImportNow && report.status !== 'failed' && (
              <Button variant="primary" onClick={onImportNow} busy={importing}>
                Import this file now
              </Button>
            )}
          </Alert>
        ) : report.status === 'completed' ? (
          <Alert tone="success">
            The import is saved.
            {report.rejected > 0 && ' Rejected rows were skipped; fix them and import the file again.'}
          </Alert>
        ) : report.status === 'rejected' ? (
          <Alert tone="warning">
            Some rows were rejected and “All or nothing” was chosen, so nothing was saved. Fix the rows below
            and try again.
          </Alert>
        ) : (
          <Alert tone="error">The file could not be imported. See the problems below.</Alert>
        )}
        <Totals report={report} />
        {report.rejections.length > 0 && (
          <div>
            <h3 className="section-title">Rejected rows</h3>
            <TableWrap label="Rejected rows">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Line
                    </th>
                    <th scope="col">Field</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rejections.map((r, i) => (
                    <tr key={`${r.line}-${r.field ?? ''}-${i}`}>
                      <th scope="row" className="num">
                        {r.line}
                      </th>
                      <td>{r.field ? <code>{r.field}</code> : <span className="muted">Whole row</span>}</td>
                      <td>{r.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </div>
        )}
        {report.warnings.length > 0 && (
          <div>
            <h3 className="section-title">Warnings</h3>
            <ul>
              {report.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        )}
        {report.chaptersCreated.length > 0 && (
          <div>
            <h3 className="section-title">
              {report.dryRun ? 'Chapters that would be created' : 'Chapters created'}
            </h3>
            <ul>
              {report.chaptersCreated.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </Card>
  );
}

function History() {
  const imports = useImports();
  if (imports.isPending) return <Spinner label="Loading earlier imports…" />;
  if (imports.error)
    return (
      <div className="card-body">
        <ErrorState error={imports.error} onRetry={() => void imports.refetch()} />
      </div>
    );
  if (imports.data.length === 0)
    return (
      <EmptyState icon={<FileIcon />} title="No imports yet">
        Imports made here or with the command line appear in this list.
      </EmptyState>
    );
  return (
    <TableWrap label="Earlier imports">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">File</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Rows
            </th>
            <th scope="col" className="num">
              Inserted
            </th>
            <th scope="col" className="num">
              Updated
            </th>
            <th scope="col" className="num">
              Unchanged
            </th>
            <th scope="col" className="num">
              Rejected
            </th>
          </tr>
        </thead>
        <tbody>
          {imports.data.map((b, i) => (
            <tr key={b.id ?? i}>
              <td className="nowrap">
                <DateTime value={b.startedAt} />
              </td>
              <th scope="row">
                {b.filename ?? <span className="muted">Unnamed file</span>}
                <span className="cell-sub">
                  {b.source === 'cli' ? 'Command line' : 'Upload'}
                  {b.actorName && ` by ${b.actorName}`}
                </span>
              </th>
              <td>
                <Badge tone={STATUS[b.status].tone}>{STATUS[b.status].label}</Badge>
                {b.dryRun && (
                  <>
                    {' '}
                    <Badge tone="info">Dry run</Badge>
                  </>
                )}
              </td>
              <td className="num">{formatNumber(b.totalRows)}</td>
              <td className="num">{formatNumber(b.inserted)}</td>
              <td className="num">{formatNumber(b.updated)}</td>
              <td className="num">{formatNumber(b.unchanged)}</td>
              <td className="num">{formatNumber(b.rejected)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function ImportsPage() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [strict, setStrict] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);

  const upload = useMutation({
    mutationFn: (opts: { dryRun: boolean }) =>
      api.upload<TImportReport>('/imports/centers', file!, 'text/csv', {
        dryRun: opts.dryRun ? 'true' : 'false',
        strict: strict ? 'true' : 'false',
        filename: file!.name,
      }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
      if (!r.dryRun) {
        void queryClient.invalidateQueries({ queryKey: ['centers'] });
        void queryClient.invalidateQueries({ queryKey: ['chapters'] });
        void queryClient.invalidateQueries({ queryKey: ['network-summary'] });
        if (r.status === 'completed')
          toast.success(
            `Import saved: ${r.inserted} inserted, ${r.updated} updated, ${r.rejected} rejected.`,
          );
      }
      window.setTimeout(
        () => document.getElementById('import-report')?.scrollIntoView({ block: 'start' }),
        50,
      );
    },
  });

  const choose = (f: File | null) => {
    upload.reset();
    setFileError(null);
    setFile(f);
  };
  const refuse = (message: string) => {
    upload.reset();
    setFileError(message);
    setFile(null);
  };

  const submit = () => {
    if (!file) {
      setFileError('Choose a CSV file first.');
      return;
    }
    upload.mutate({ dryRun });
  };

  return (
    <div className="page">
      <PageHeader
        title="Imports"
        lead="Add or update many centers at once from a CSV file. Rows are matched to existing centers by state and name, so importing the same file twice changes nothing."
        actions={
          <Button
            onClick={() => downloadText('waymark-centers-template.csv', TEMPLATE, 'text/csv;charset=utf-8')}
          >
            Download template CSV
          </Button>
        }
      />
      <div className="stack">
        <Card title="Upload a file">
          <div className="stack">
            <CsvDropzone
              id="import-file"
              describedBy="import-columns"
              file={file}
              error={fileError}
              onChoose={choose}
              onRefused={refuse}
            />
            <p id="import-columns" className="small muted">
              Columns: <code>name</code>, <code>state</code>, <code>county</code>, <code>zip3</code>,{' '}
              <code>member_type</code> (required), <code>accredited_on</code>,{' '}
              <code>accreditation_expires_on</code> (YYYY-MM-DD), <code>chapter</code>, <code>active</code>{' '}
              (true or false). The first line names the columns.
            </p>
            <div className="grid-2">
              <CheckboxField
                label="Dry run"
                hint="Check the file and show what would change, without saving anything."
                checked={dryRun}
                onChange={(e) => setDryRun(e.target.checked)}
              />
              <CheckboxField
                label="All or nothing"
                hint="If any row is rejected, save nothing."
                checked={strict}
                onChange={(e) => setStrict(e.target.checked)}
              />
            </div>
            {upload.error && <Alert tone="error">{upload.error.message}</Alert>}
            <div>
              <Button variant="primary" onClick={submit} busy={upload.isPending} icon={<UploadIcon />}>
                {dryRun ? 'Check file' : 'Import centers'}
              </Button>
            </div>
          </div>
        </Card>
        {upload.data && (
          <div id="import-report">
            <Report
              report={upload.data}
              importing={upload.isPending}
              onImportNow={file ? () => upload.mutate({ dryRun: false }) : undefined}
            />
          </div>
        )}
        <Card title="Earlier imports" flush>
          <History />
        </Card>
      </div>
    </div>
  );
}
