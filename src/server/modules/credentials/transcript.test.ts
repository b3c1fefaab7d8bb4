import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  csvText,
  renderTranscriptPdf,
  totalHours,
  transcriptCsv,
  type TranscriptMeta,
  type TranscriptRow,
} from './transcript.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-transcript-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** pdftotext for one page (or all); a missing tool fails the test with what to install, never skips it. */
function pdfText(file: string, page?: number): string {
  const pages = page ? ['-f', String(page), '-l', String(page)] : [];
  const result = spawnSync('pdftotext', ['-layout', ...pages, file, '-'], { encoding: 'utf8' });
  if (result.error && 'code' in result.error && result.error.code === 'ENOENT') {
    throw new Error(
      'pdftotext is missing: install poppler-utils (apt-get install poppler-utils) to run the PDF tests',
    );
  }
  if (result.status !== 0) throw new Error(`pdftotext exited with ${result.status}: ${result.stderr}`);
  return result.stdout;
}

const META: TranscriptMeta = {
  clinicianName: 'Zoë Łukasz',
  centerName: 'Riverbend Children’s Advocacy Center',
  generatedOn: '2026-03-14',
  issuerName: 'Waymark Mental Health Institute',
};

function row(overrides: Partial<TranscriptRow> = {}): TranscriptRow {
  return {
    date: '2026-01-15',
    activity: 'Module 1: Psychoeducation',
    kind: 'Course',
    model: 'TF-CBT',
    hours: 1.5,
    source: 'Waymark',
    ...overrides,
  };
}

describe('transcript CSV', () => {
  it('has one header row, CRLF line endings and no total row', () => {
    const csv = transcriptCsv(META, [row(), row({ model: null, hours: 2 })]);
    expect(csv).toBe(
      'date,activity,kind,model,ce_hours,source\r\n' +
        '2026-01-15,Module 1: Psychoeducation,Course,TF-CBT,1.5,Waymark\r\n' +
        '2026-01-15,Module 1: Psychoeducation,Course,,2,Waymark\r\n',
    );
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(transcriptCsv(META, [])).toBe('date,activity,kind,model,ce_hours,source\r\n');
  });

  it('round-trips quotes, commas, line breaks and accents through an RFC 4180 parser', () => {
    const tricky = row({
      activity: 'Session "Safety, trust" and\r\nfollow-up\nnotes',
      kind: 'Case review, group',
      source: 'Ñandú Institute',
      hours: 0.25,
    });
    const csv = transcriptCsv(META, [tricky]);
    const records = parse(csv);
    expect(records).toEqual([
      ['date', 'activity', 'kind', 'model', 'ce_hours', 'source'],
      [
        '2026-01-15',
        'Session "Safety, trust" and\r\nfollow-up\nnotes',
        'Case review, group',
        'TF-CBT',
        '0.25',
        'Ñandú Institute',
      ],
    ]);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const attacks = [
      '=HYPERLINK("http://evil.example","click")',
      '+1+1',
      '-2+3',
      '@SUM(A1:A9)',
      '\tx',
      '\rx',
    ];
    const records = parse(
      transcriptCsv(
        META,
        attacks.map((activity) => row({ activity, source: activity })),
      ),
    );
    records.slice(1).forEach((record, i) => {
      expect(record[1]).toBe(`'${attacks[i]}`);
      expect(record[5]).toBe(`'${attacks[i]}`);
    });
    expect(csvText('Safe = fine')).toBe('Safe = fine');
    expect(csvText('')).toBe('');
  });

  it('sums hours without floating-point drift and refuses non-numbers', () => {
    expect(totalHours(Array.from({ length: 120 }, () => row({ hours: 0.1 })))).toBe(12);
    expect(() => transcriptCsv(META, [row({ hours: Number.NaN })])).toThrow(/finite/);
  });
});

describe('transcript PDF', () => {
  const kinds = ['Course', 'Consultation call', 'Webinar', 'Case review'];
  const rows: TranscriptRow[] = Array.from({ length: 120 }, (_, i) => ({
    date: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    activity:
      i % 10 === 0
        ? `Module ${i + 1}: gradual exposure, cognitive coping and in-vivo mastery of trauma reminders with caregivers`
        : `Module ${i + 1}: Psychoeducation`,
    kind: kinds[i % 4]!,
    model: i % 5 === 0 ? null : 'TF-CBT',
    hours: 0.25 * ((i % 8) + 1),
    source: i % 3 === 0 ? 'Waymark' : 'External: NCTSN Learning Center',
  }));

  it('paginates 120 activities with the header on every page, page numbers and the total', async () => {
    const bytes = await renderTranscriptPdf(META, rows);
    const file = path.join(dir, 'transcript.pdf');
    fs.writeFileSync(file, bytes);
    const pages = (await PDFDocument.load(bytes)).getPageCount();
    expect(pages).toBeGreaterThanOrEqual(3);

    const first = pdfText(file, 1);
    expect(first).toContain('Continuing Education Transcript');
    expect(first).toMatch(/Clinician:\s+Zoë Lukasz/);
    expect(first).toMatch(/Center:\s+Riverbend Children’s Advocacy Center/);
    expect(first).toMatch(/Generated:\s+March 14, 2026/);
    expect(first).toContain(`Page 1 of ${pages}`);
    for (let p = 1; p <= pages; p++) {
      const page = pdfText(file, p);
      expect(page, `page ${p}`).toMatch(/Date\s+Activity\s+Kind\s+Model\s+CE hours\s+Source/);
      expect(page, `page ${p}`).toContain(`Page ${p} of ${pages}`);
    }

    const all = pdfText(file);
    const expected = rows.reduce((sum, r) => sum + r.hours, 0).toFixed(2);
    expect(expected).toBe('135.00');
    expect(pdfText(file, pages)).toMatch(new RegExp(`Total CE hours \\(120 activities\\)\\s+${expected}`));
    rows.forEach((_, i) => expect(all).toContain(`Module ${i + 1}:`));
  });

  it('renders an empty transcript with a zero total', async () => {
    const file = path.join(dir, 'empty.pdf');
    fs.writeFileSync(file, await renderTranscriptPdf({ ...META, centerName: null }, []));
    const shown = pdfText(file);
    expect(shown).toContain('No continuing-education activities are recorded.');
    expect(shown).toMatch(/Total CE hours \(0 activities\)\s+0\.00/);
    expect(shown).not.toContain('Center:');
    expect(shown).toContain('Page 1 of 1');
  });

  it('refuses rows whose date is not YYYY-MM-DD', async () => {
    await expect(renderTranscriptPdf(META, [row({ date: '01/15/2026' })])).rejects.toThrow(/YYYY-MM-DD/);
  });
});
