/**
 * A clinician's continuing-education transcript, as CSV (for spreadsheets and licensing boards'
 * upload forms) and as a paginated PDF (for people).
 *
 * The CSV is meant for machines: RFC 4180, one header row, no title or total rows. Because people
 * open it in spreadsheets, text cells that start with = + - @ tab or CR get a leading apostrophe
 * so they are shown as text and never run as formulas (CSV injection).
 *
 * Hours are summed in hundredths so that 120 × 0.1 h is 12 h, not 11.999999999999998.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatLongDate, parseIsoDate, toWinAnsi, truncateText, wrapText } from './pdf-text.js';

export interface TranscriptRow {
  /** YYYY-MM-DD */
  date: string;
  activity: string;
  kind: string;
  model: string | null;
  hours: number;
  source: string;
}

export interface TranscriptMeta {
  clinicianName: string;
  centerName: string | null;
  /** YYYY-MM-DD */
  generatedOn: string;
  issuerName: string;
}

export const TRANSCRIPT_CSV_COLUMNS = ['date', 'activity', 'kind', 'model', 'ce_hours', 'source'] as const;

/** Total hours, rounded to hundredths. */
export function totalHours(rows: TranscriptRow[]): number {
  return rows.reduce((sum, row) => sum + hundredths(row.hours), 0) / 100;
}

/**
 * The transcript as CSV text with CRLF line endings. `meta` is accepted for symmetry with the PDF
 * but not written: a preamble would break the one-header-row shape importers expect.
 */
export function transcriptCsv(_meta: TranscriptMeta, rows: TranscriptRow[]): string {
  const lines = [TRANSCRIPT_CSV_COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      [
        csvText(row.date),
        csvText(row.activity),
        csvText(row.kind),
        csvText(row.model ?? ''),
        String(hundredths(row.hours) / 100),
        csvText(row.source),
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** One text cell: defused if a spreadsheet would read it as a formula, then quoted if needed. */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function hundredths(hours: number): number {
  if (!Number.isFinite(hours)) throw new Error(`CE hours must be a finite number, got ${hours}`);
  return Math.round(hours * 100);
}

// PDF layout: US Letter portrait, 0.75 in margins.
const PAGE_W = 612;
const PAGE_H = 792;
const MARGIN = 54;
const BOTTOM = MARGIN + 28; // room for the footer
const TEXT_SIZE = 8.5;
const LINE = 10.5;
const PAD = 4;
const NAVY = rgb(0.1, 0.19, 0.33);
const INK = rgb(0.16, 0.18, 0.22);
const MUTED = rgb(0.42, 0.44, 0.48);
const STRIPE = rgb(0.95, 0.96, 0.97);
const RULE = rgb(0.75, 0.77, 0.8);

interface Column {
  title: string;
  width: number;
  maxLines: number;
  align?: 'right';
  cell: (row: TranscriptRow) => string;
}

const COLUMNS: Column[] = [
  { title: 'Date', width: 60, maxLines: 1, cell: (r) => r.date },
  { title: 'Activity', width: 180, maxLines: 3, cell: (r) => r.activity },
  { title: 'Kind', width: 64, maxLines: 2, cell: (r) => r.kind },
  { title: 'Model', width: 70, maxLines: 2, cell: (r) => r.model ?? '' },
  {
    title: 'CE hours',
    width: 46,
    maxLines: 1,
    align: 'right',
    cell: (r) => (hundredths(r.hours) / 100).toFixed(2),
  },
  { title: 'Source', width: 84, maxLines: 2, cell: (r) => r.source },
];
const GUTTER = 6; // space between the text of neighbouring columns, taken from each column's width

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  title: PDFFont;
}

export async function renderTranscriptPdf(meta: TranscriptMeta, rows: TranscriptRow[]): Promise<Uint8Array> {
  for (const row of rows) parseIsoDate(row.date);
  const doc = await PDFDocument.create();
  doc.setTitle(`Continuing education transcript: ${meta.clinicianName}`, { showInWindowTitleBar: true });
  doc.setAuthor(meta.issuerName);
  doc.setSubject(`Continuing education hours of ${meta.clinicianName}, generated ${meta.generatedOn}`);
  doc.setCreator('Waymark');
  doc.setProducer('Waymark');
  doc.setLanguage('en-US');
  doc.setCreationDate(new Date());

  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    title: await doc.embedFont(StandardFonts.TimesRoman),
  };
  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;
  const startPage = () => {
    page = doc.addPage([PAGE_W, PAGE_H]);
    pages.push(page);
    y = drawPageHeader(page, fonts, meta, pages.length === 1);
    y = drawTableHeader(page, fonts, y);
  };
  startPage();

  if (rows.length === 0) {
    page.drawText('No continuing-education activities are recorded.', {
      x: MARGIN + PAD,
      y: y - PAD - TEXT_SIZE,
      size: TEXT_SIZE,
      font: fonts.regular,
      color: MUTED,
    });
    y -= LINE + 2 * PAD;
  }

  rows.forEach((row, index) => {
    const cells = COLUMNS.map((column) => cellLines(column, row, fonts.regular));
    const height = Math.max(...cells.map((lines) => lines.length)) * LINE + 2 * PAD;
    if (y - height < BOTTOM) startPage();
    if (index % 2 === 1) {
      page.drawRectangle({ x: MARGIN, y: y - height, width: PAGE_W - 2 * MARGIN, height, color: STRIPE });
    }
    let x = MARGIN;
    COLUMNS.forEach((column, i) => {
      cells[i]!.forEach((line, n) => {
        const textX =
          column.align === 'right'
            ? x + column.width - GUTTER / 2 - fonts.regular.widthOfTextAtSize(line, TEXT_SIZE)
            : x + GUTTER / 2;
        page.drawText(line, {
          x: textX,
          y: y - PAD - TEXT_SIZE - n * LINE + 1,
          size: TEXT_SIZE,
          font: fonts.regular,
          color: INK,
        });
      });
      x += column.width;
    });
    y -= height;
  });

  // The total, kept on a page with at least the table header above it.
  if (y - 34 < BOTTOM) startPage();
  page.drawLine({ start: { x: MARGIN, y }, end: { x: PAGE_W - MARGIN, y }, thickness: 1, color: NAVY });
  const total = totalHours(rows).toFixed(2);
  const baseline = y - 16;
  const count = `${rows.length} ${rows.length === 1 ? 'activity' : 'activities'}`;
  page.drawText(`Total CE hours (${count})`, {
    x: MARGIN + GUTTER / 2,
    y: baseline,
    size: 10,
    font: fonts.bold,
    color: NAVY,
  });
  const hoursRight = MARGIN + COLUMNS.slice(0, 5).reduce((sum, c) => sum + c.width, 0) - GUTTER / 2;
  page.drawText(total, {
    x: hoursRight - fonts.bold.widthOfTextAtSize(total, 10),
    y: baseline,
    size: 10,
    font: fonts.bold,
    color: NAVY,
  });

  const footerLeft = truncateText(
    toWinAnsi(`${meta.issuerName} · Continuing education transcript of ${meta.clinicianName}`),
    fonts.regular,
    7.5,
    380,
  );
  pages.forEach((p, i) => {
    const label = `Page ${i + 1} of ${pages.length}`;
    p.drawLine({
      start: { x: MARGIN, y: MARGIN + 14 },
      end: { x: PAGE_W - MARGIN, y: MARGIN + 14 },
      thickness: 0.5,
      color: RULE,
    });
    p.drawText(footerLeft, { x: MARGIN, y: MARGIN, size: 7.5, font: fonts.regular, color: MUTED });
    p.drawText(label, {
      x: PAGE_W - MARGIN - fonts.regular.widthOfTextAtSize(label, 7.5),
      y: MARGIN,
      size: 7.5,
      font: fonts.regular,
      color: MUTED,
    });
  });
  return doc.save();
}

/** Draws the title block (in full on the first page, one line on the others); returns the next y. */
function drawPageHeader(page: PDFPage, fonts: Fonts, meta: TranscriptMeta, first: boolean): number {
  const width = PAGE_W - 2 * MARGIN;
  let y = PAGE_H - MARGIN;
  if (!first) {
    const line = truncateText(
      toWinAnsi(`Continuing education transcript · ${meta.clinicianName}`),
      fonts.regular,
      9,
      width,
    );
    page.drawText(line, { x: MARGIN, y: y - 9, size: 9, font: fonts.regular, color: MUTED });
    return y - 24;
  }
  const issuer = truncateText(toWinAnsi(meta.issuerName).toUpperCase(), fonts.bold, 9, width);
  page.drawText(issuer, { x: MARGIN, y: y - 9, size: 9, font: fonts.bold, color: NAVY });
  y -= 36;
  page.drawText('Continuing Education Transcript', {
    x: MARGIN,
    y,
    size: 22,
    font: fonts.title,
    color: NAVY,
  });
  y -= 24;
  const details: [string, string][] = [
    ['Clinician', meta.clinicianName],
    ...(meta.centerName ? [['Center', meta.centerName] as [string, string]] : []),
    ['Generated', formatLongDate(meta.generatedOn)],
  ];
  for (const [label, value] of details) {
    page.drawText(`${label}:`, { x: MARGIN, y, size: 10, font: fonts.bold, color: INK });
    const text = truncateText(toWinAnsi(value), fonts.regular, 10, width - 70);
    page.drawText(text, { x: MARGIN + 70, y, size: 10, font: fonts.regular, color: INK });
    y -= 15;
  }
  return y - 12;
}

function drawTableHeader(page: PDFPage, fonts: Fonts, top: number): number {
  const height = 18;
  page.drawRectangle({ x: MARGIN, y: top - height, width: PAGE_W - 2 * MARGIN, height, color: NAVY });
  let x = MARGIN;
  for (const column of COLUMNS) {
    const textX =
      column.align === 'right'
        ? x + column.width - GUTTER / 2 - fonts.bold.widthOfTextAtSize(column.title, 8)
        : x + GUTTER / 2;
    page.drawText(column.title, { x: textX, y: top - 12, size: 8, font: fonts.bold, color: rgb(1, 1, 1) });
    x += column.width;
  }
  return top - height;
}

function cellLines(column: Column, row: TranscriptRow, font: PDFFont): string[] {
  const width = column.width - GUTTER;
  const text = toWinAnsi(column.cell(row)).trim();
  const lines = wrapText(text, font, TEXT_SIZE, width);
  if (lines.length <= column.maxLines) return lines;
  const kept = lines.slice(0, column.maxLines - 1);
  return [...kept, truncateText(lines.slice(column.maxLines - 1).join(' '), font, TEXT_SIZE, width)];
}
