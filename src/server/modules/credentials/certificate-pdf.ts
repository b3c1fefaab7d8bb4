/**
 * The printable certificate: one US Letter landscape page with the clinician's name, the pathway,
 * the dates, the certificate number and a QR code to the public verification page.
 *
 * The QR code is drawn as vector squares (runs of dark modules merged into one rectangle each, so
 * no hairline seams appear between modules when the page is rasterised), with the 4-module quiet
 * zone scanners need. The PDF proves nothing by itself; the verification page behind the QR code
 * does, which is why its address is also printed in full.
 */
import {
  PDFDocument,
  StandardFonts,
  degrees,
  rgb,
  setCharacterSpacing,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { fitFontSize, formatLongDate, toWinAnsi, truncateText, wrapText } from './pdf-text.js';

export { toWinAnsi } from './pdf-text.js';

export interface CertificatePdfInput {
  recipientName: string;
  pathwayName: string;
  modelName: string;
  number: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  /** YYYY-MM-DD, or null when the certificate does not expire */
  expiresOn: string | null;
  verifyUrl: string;
  issuerName: string;
  status?: 'valid' | 'revoked';
}

const WIDTH = 792;
const HEIGHT = 612;
const NAVY = rgb(0.1, 0.19, 0.33);
const GOLD = rgb(0.71, 0.57, 0.29);
const INK = rgb(0.2, 0.22, 0.26);
const MUTED = rgb(0.42, 0.44, 0.48);
const RED = rgb(0.75, 0.1, 0.12);
const QR_QUIET_MODULES = 4;

export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${input.pathwayName}: ${input.recipientName}`, { showInWindowTitleBar: true });
  doc.setAuthor(input.issuerName);
  doc.setSubject(`Certificate ${input.number}`);
  doc.setKeywords(['certificate', input.number, input.pathwayName, input.modelName]);
  doc.setCreator('Waymark');
  doc.setProducer('Waymark');
  doc.setLanguage('en-US');
  const now = new Date();
  doc.setCreationDate(now);
  doc.setModificationDate(now);

  const fonts = {
    serif: await doc.embedFont(StandardFonts.TimesRoman),
    serifBold: await doc.embedFont(StandardFonts.TimesRomanBold),
    serifItalic: await doc.embedFont(StandardFonts.TimesRomanItalic),
    sans: await doc.embedFont(StandardFonts.Helvetica),
    sansBold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  const page = doc.addPage([WIDTH, HEIGHT]);
  const cx = WIDTH / 2;

  // Frame: a heavy navy rule and a fine gold one inside it.
  page.drawRectangle({
    x: 24,
    y: 24,
    width: WIDTH - 48,
    height: HEIGHT - 48,
    borderColor: NAVY,
    borderWidth: 2.5,
  });
  page.drawRectangle({
    x: 33,
    y: 33,
    width: WIDTH - 66,
    height: HEIGHT - 66,
    borderColor: GOLD,
    borderWidth: 0.8,
  });

  const issuer = fitLine(toWinAnsi(input.issuerName).toUpperCase(), fonts.sansBold, 12, 8, 520);
  drawSpaced(page, issuer.text, fonts.sansBold, issuer.size, cx, 528, 2, NAVY);
  page.drawLine({ start: { x: cx - 36, y: 514 }, end: { x: cx + 36, y: 514 }, thickness: 1.2, color: GOLD });

  drawCentered(page, 'Certificate of Completion', fonts.serif, 40, cx, 456, NAVY);
  drawCentered(page, 'This certifies that', fonts.serifItalic, 15, cx, 410, MUTED);

  const name = fitLine(toWinAnsi(input.recipientName).trim(), fonts.serifBold, 38, 16, 600);
  drawCentered(page, name.text, fonts.serifBold, name.size, cx, 356, INK);
  const rule = Math.min(640, Math.max(360, fonts.serifBold.widthOfTextAtSize(name.text, name.size) + 60));
  page.drawLine({
    start: { x: cx - rule / 2, y: 342 },
    end: { x: cx + rule / 2, y: 342 },
    thickness: 0.8,
    color: GOLD,
  });

  drawCentered(page, 'has completed the training pathway', fonts.serifItalic, 15, cx, 310, MUTED);

  const pathway = toWinAnsi(input.pathwayName).trim();
  const pathwaySize = fitFontSize(pathway, fonts.sansBold, 20, 14, 600);
  const wrapped = wrapText(pathway, fonts.sansBold, pathwaySize, 600);
  const pathwayLines =
    wrapped.length > 2
      ? [wrapped[0]!, truncateText(wrapped.slice(1).join(' '), fonts.sansBold, pathwaySize, 600)]
      : wrapped;
  let y = 276;
  for (const line of pathwayLines) {
    drawCentered(page, line, fonts.sansBold, pathwaySize, cx, y, NAVY);
    y -= pathwaySize + 6;
  }
  const model = fitLine(toWinAnsi(`Treatment model: ${input.modelName}`), fonts.sans, 12, 9, 600);
  drawCentered(page, model.text, fonts.sans, model.size, cx, y - 4, INK);

  // Bottom left: dates and number. Bottom right: the QR code and the address it encodes.
  const left = 72;
  const validity = input.expiresOn ? `Valid until ${formatLongDate(input.expiresOn)}` : 'No expiry';
  page.drawText(toWinAnsi(`Issued ${formatLongDate(input.issuedOn)} · ${validity}`), {
    x: left,
    y: 132,
    size: 11,
    font: fonts.sans,
    color: INK,
  });
  page.drawText('Certificate number', { x: left, y: 108, size: 8, font: fonts.sans, color: MUTED });
  const number = truncateText(toWinAnsi(input.number), fonts.sansBold, 13, 300);
  page.drawText(number, { x: left, y: 92, size: 13, font: fonts.sansBold, color: NAVY });

  const qrSize = 96;
  const qrRight = WIDTH - 72;
  drawQrCode(page, input.verifyUrl, qrRight - qrSize, 104, qrSize);
  page.drawText('Scan to verify this certificate', {
    x: qrRight - fonts.sans.widthOfTextAtSize('Scan to verify this certificate', 7.5),
    y: 93,
    size: 7.5,
    font: fonts.sans,
    color: MUTED,
  });
  const url = toWinAnsi(input.verifyUrl);
  const urlSize = fitFontSize(url, fonts.sans, 7, 5.5, 300);
  wrapText(url, fonts.sans, urlSize, 300)
    .slice(0, 2)
    .forEach((line, i) => {
      const width = fonts.sans.widthOfTextAtSize(line, urlSize);
      page.drawText(line, {
        x: qrRight - width,
        y: 82 - i * (urlSize + 2),
        size: urlSize,
        font: fonts.sans,
        color: INK,
      });
    });

  if (input.status === 'revoked') drawRevoked(page, fonts.sansBold);
  return doc.save();
}

/** Shrinks the text down to `min` points to fit the width, then shortens it if it still does not. */
function fitLine(text: string, font: PDFFont, max: number, min: number, width: number) {
  const size = fitFontSize(text, font, max, min, width);
  return { text: truncateText(text, font, size, width), size };
}

function drawCentered(
  page: PDFPage,
  text: string,
  font: PDFFont,
  size: number,
  cx: number,
  y: number,
  color = INK,
) {
  page.drawText(text, { x: cx - font.widthOfTextAtSize(text, size) / 2, y, size, font, color });
}

/** Centered text with letter spacing (the PDF Tc operator adds `spacing` after every glyph). */
function drawSpaced(
  page: PDFPage,
  text: string,
  font: PDFFont,
  size: number,
  cx: number,
  y: number,
  spacing: number,
  color = INK,
) {
  const width = font.widthOfTextAtSize(text, size) + spacing * (text.length - 1);
  page.pushOperators(setCharacterSpacing(spacing));
  page.drawText(text, { x: cx - width / 2, y, size, font, color });
  page.pushOperators(setCharacterSpacing(0));
}

/** The QR code for `text` in a white square of `size` points (quiet zone included) at (x, y). */
function drawQrCode(page: PDFPage, text: string, x: number, y: number, size: number) {
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const count = modules.size;
  const cell = size / (count + 2 * QR_QUIET_MODULES);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  for (let row = 0; row < count; row++) {
    let col = 0;
    while (col < count) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && modules.get(row, col)) col++;
      page.drawRectangle({
        x: x + (QR_QUIET_MODULES + start) * cell,
        // Row 0 is the top of the symbol; PDF y grows upwards.
        y: y + size - (QR_QUIET_MODULES + row + 1) * cell,
        width: (col - start) * cell,
        height: cell,
        color: rgb(0, 0, 0),
      });
    }
  }
}

function drawRevoked(page: PDFPage, font: PDFFont) {
  const text = 'REVOKED';
  const size = 120;
  const width = font.widthOfTextAtSize(text, size);
  const angle = 28;
  const rad = (angle * Math.PI) / 180;
  // Rotate about the text's own centre so the word sits in the middle of the page.
  const x = WIDTH / 2 - (Math.cos(rad) * width) / 2 + Math.sin(rad) * size * 0.35;
  const y = HEIGHT / 2 - (Math.sin(rad) * width) / 2 - Math.cos(rad) * size * 0.35;
  page.drawText(text, { x, y, size, font, color: RED, opacity: 0.18, rotate: degrees(angle) });
  const notice = 'This certificate has been revoked and is no longer valid.';
  page.drawText(notice, {
    x: WIDTH / 2 - font.widthOfTextAtSize(notice, 11) / 2,
    y: 52,
    size: 11,
    font,
    color: RED,
  });
}
