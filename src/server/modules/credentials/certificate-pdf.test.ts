import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCertificatePdf, toWinAnsi, type CertificatePdfInput } from './certificate-pdf.js';
import { isWinAnsi } from './pdf-text.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-certificate-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs a poppler tool; a missing tool fails the test with what to install, never skips it. */
function poppler(tool: 'pdftoppm' | 'pdftotext', args: string[]): Buffer {
  const result = spawnSync(tool, args, { maxBuffer: 64 * 1024 * 1024 });
  if (result.error && 'code' in result.error && result.error.code === 'ENOENT') {
    throw new Error(
      `${tool} is missing: install poppler-utils (apt-get install poppler-utils) to run the PDF tests`,
    );
  }
  if (result.status !== 0)
    throw new Error(`${tool} exited with ${result.status}: ${result.stderr.toString()}`);
  return result.stdout;
}

async function write(name: string, bytes: Promise<Uint8Array>): Promise<string> {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, await bytes);
  return file;
}

function text(file: string): string {
  return poppler('pdftotext', ['-layout', file, '-']).toString('utf8');
}

/** Rasterises page 1 to a greyscale image (binary PGM) and returns its pixels. */
function raster(file: string, dpi: number): { width: number; height: number; pixels: Buffer } {
  const base = path.join(dir, `${path.basename(file, '.pdf')}-${dpi}`);
  poppler('pdftoppm', ['-gray', '-r', String(dpi), '-singlefile', file, base]);
  const data = fs.readFileSync(`${base}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 50).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, pixels: data.subarray(header[0].length) };
}

const VERIFY_URL = 'https://waymark.example.org/verify/3f9c2a7e-5b1d-4c8e-9a6f-0d2e4b7c1a93';

function certificate(overrides: Partial<CertificatePdfInput> = {}): CertificatePdfInput {
  return {
    recipientName: 'José Ñúñez',
    pathwayName: 'TF-CBT Clinical Certification',
    modelName: 'Trauma-Focused Cognitive Behavioral Therapy',
    number: 'WM-2026-000123',
    issuedOn: '2026-03-14',
    expiresOn: '2028-03-14',
    verifyUrl: VERIFY_URL,
    issuerName: 'Waymark Mental Health Institute',
    ...overrides,
  };
}

describe('certificate PDF', () => {
  it('renders in poppler as a non-blank landscape page with the name, number, pathway and dates', async () => {
    const file = await write('basic', renderCertificatePdf(certificate()));

    const png = path.join(dir, 'basic');
    poppler('pdftoppm', ['-png', '-r', '50', '-singlefile', file, png]);
    expect(fs.statSync(`${png}.png`).size).toBeGreaterThan(5_000);

    const { width, height, pixels } = raster(file, 50);
    expect([width, height]).toEqual([550, 425]); // 11 × 8.5 in at 50 dpi
    const dark = pixels.filter((p) => p < 128).length;
    expect(dark / pixels.length).toBeGreaterThan(0.02);

    const shown = text(file);
    expect(shown).toContain('José Ñúñez');
    expect(shown).toContain('WM-2026-000123');
    expect(shown).toContain('TF-CBT Clinical Certification');
    expect(shown).toContain('Trauma-Focused Cognitive Behavioral Therapy');
    expect(shown).toContain('Waymark Mental Health Institute'.toUpperCase());
    expect(shown).toMatch(/Issued March 14, 2026 · Valid until March 14, 2028/);
    expect(shown).toContain(VERIFY_URL);
    expect(shown).not.toMatch(/revoked/i);
  });

  it('draws a QR code that encodes the verification address, module for module', async () => {
    const file = await write('qr', renderCertificatePdf(certificate()));
    const dpi = 216; // 3 pixels per point
    const { width, pixels } = raster(file, dpi);
    const scale = dpi / 72;
    // The QR code sits alone in the bottom-right corner; the dark pixels there are its modules.
    const x0 = Math.round(600 * scale);
    const x1 = Math.round(740 * scale);
    const y0 = Math.round((612 - 215) * scale);
    const y1 = Math.round((612 - 100) * scale);
    let [left, top, right, bottom] = [Infinity, Infinity, -1, -1];
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        if (pixels[y * width + x]! < 128) {
          [left, top, right, bottom] = [
            Math.min(left, x),
            Math.min(top, y),
            Math.max(right, x),
            Math.max(bottom, y),
          ];
        }
      }
    }
    const modules = QRCode.create(VERIFY_URL, { errorCorrectionLevel: 'M' }).modules;
    const cell = (right - left + 1) / modules.size;
    expect(cell).toBeGreaterThan(4);
    expect(Math.abs(bottom - top - (right - left))).toBeLessThanOrEqual(2); // square

    let mismatches = 0;
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        const px =
          pixels[Math.round(top + (row + 0.5) * cell) * width + Math.round(left + (col + 0.5) * cell)]!;
        if (px < 128 !== Boolean(modules.get(row, col))) mismatches++;
      }
    }
    expect(mismatches).toBe(0);

    // Quiet zone: four light modules on every side of the symbol.
    const margin = Math.floor(cell * 4) - 1;
    for (let y = top - margin; y <= bottom + margin; y++) {
      for (const x of [left - margin, right + margin]) expect(pixels[y * width + x]).toBeGreaterThan(200);
    }
  });

  it('says "No expiry" when the certificate does not expire', async () => {
    const shown = text(await write('no-expiry', renderCertificatePdf(certificate({ expiresOn: null }))));
    expect(shown).toMatch(/Issued March 14, 2026 · No expiry/);
    expect(shown).not.toContain('Valid until');
  });

  it('renders names WinAnsi lacks, replacing only what it cannot show', async () => {
    const file = await write(
      'polish',
      renderCertificatePdf(certificate({ recipientName: 'Zoë Łukasz Nguyễn 李 🌟' })),
    );
    expect(text(file)).toContain('Zoë Lukasz Nguyen ? ?');
    expect(fs.statSync(file).size).toBeGreaterThan(1_000);
  });

  it('keeps very long names and pathway names inside the page', async () => {
    const file = await write(
      'long',
      renderCertificatePdf(
        certificate({
          recipientName:
            'Maximiliana Bartholomew-Featherstonehaugh de la Cruz y Montgomery-Ellington III '.repeat(2),
          pathwayName: 'Child-Parent Psychotherapy for young children exposed to domestic violence, '.repeat(
            3,
          ),
        }),
      ),
    );
    const lines = text(file).split('\n');
    expect(lines.some((l) => l.includes('Maximiliana'))).toBe(true);
    expect(lines.some((l) => l.includes('…'))).toBe(true);
    // Nothing is drawn outside the frame: the outer 20 points of the page stay white.
    const { width, height, pixels } = raster(file, 72);
    let inked = 0;
    pixels.forEach((p, i) => {
      const [x, y] = [i % width, Math.floor(i / width)];
      if ((x < 20 || x >= width - 20 || y < 20 || y >= height - 20) && p !== 255) inked++;
    });
    expect(inked).toBe(0);
  });

  it('marks a revoked certificate across the page and in words', async () => {
    const valid = await write('valid', renderCertificatePdf(certificate({ status: 'valid' })));
    const revoked = await write('revoked', renderCertificatePdf(certificate({ status: 'revoked' })));
    expect(text(valid)).not.toContain('revoked');
    expect(text(revoked)).toContain('This certificate has been revoked and is no longer valid.');
    // The diagonal watermark tints a large part of the page.
    const tinted = (file: string) => raster(file, 50).pixels.filter((p) => p < 250).length;
    expect(tinted(revoked) - tinted(valid)).toBeGreaterThan(10_000);
  });

  it('sets the document title, author, subject and creation date', async () => {
    const before = Date.now() - 1000;
    const doc = await PDFDocument.load(
      await renderCertificatePdf(certificate({ recipientName: 'Zoë Łukasz' })),
    );
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getPage(0).getSize()).toEqual({ width: 792, height: 612 });
    expect(doc.getTitle()).toBe('TF-CBT Clinical Certification: Zoë Łukasz');
    expect(doc.getAuthor()).toBe('Waymark Mental Health Institute');
    expect(doc.getSubject()).toBe('Certificate WM-2026-000123');
    expect(doc.getCreationDate()!.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('refuses dates that are not YYYY-MM-DD calendar dates', async () => {
    await expect(renderCertificatePdf(certificate({ issuedOn: '2026-02-30' }))).rejects.toThrow(/YYYY-MM-DD/);
    await expect(renderCertificatePdf(certificate({ expiresOn: '14/03/2028' }))).rejects.toThrow(
      /YYYY-MM-DD/,
    );
  });
});

describe('toWinAnsi', () => {
  it('keeps exactly the characters the standard fonts can encode', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const disagreements: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      let encodable = true;
      try {
        font.encodeText(ch);
      } catch {
        encodable = false;
      }
      if (encodable !== isWinAnsi(cp)) disagreements.push(cp.toString(16));
      if (encodable && toWinAnsi(ch) !== ch) disagreements.push(`changed ${cp.toString(16)}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('always produces text the standard fonts accept', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.TimesRomanBold);
    let everything = '';
    for (let cp = 0; cp <= 0x2fff; cp++) if (cp < 0xd800) everything += String.fromCodePoint(cp);
    everything += '😀👩🏽‍⚕️𝔘';
    expect(() => font.encodeText(toWinAnsi(everything))).not.toThrow();
  });

  it('keeps WinAnsi letters, folds accents it lacks and transliterates the rest', () => {
    expect(toWinAnsi('José Ñúñez, Zoë Ångström, Œuvre “quoted” – ß')).toBe(
      'José Ñúñez, Zoë Ångström, Œuvre “quoted” – ß',
    );
    expect(toWinAnsi('Zoë Łukasz')).toBe('Zoë Lukasz');
    expect(toWinAnsi('Dvořák Nguyễn Łódź Đorđe ﬁnal')).toBe('Dvorák Nguyen Lódz Dorde final');
    expect(toWinAnsi('Jose\u0301')).toBe('José'); // decomposed input is recomposed, not stripped
    expect(toWinAnsi('a\tb\nc\u200bd')).toBe('a b cd');
    expect(toWinAnsi('李小龍 🌟')).toBe('??? ?');
  });
});
