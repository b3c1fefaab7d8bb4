/**
 * Text helpers shared by the certificate and transcript PDFs.
 *
 * The PDFs use only the 14 standard fonts (nothing to embed, small files), and those are drawn in
 * WinAnsiEncoding: pdf-lib throws on any character outside it. Names arrive in any script, so
 * every string is passed through `toWinAnsi` before drawing: characters WinAnsi has (é, ñ, ü, ß, Œ,
 * curly quotes) are kept, others lose their accents (ą → a) or are transliterated (Ł → L), and
 * what is left becomes '?'. Document metadata is UTF-16 and keeps the original text.
 */
import type { PDFFont } from 'pdf-lib';

/** Windows-1252 as the PDF WinAnsiEncoding defines it: ASCII, Latin-1 and 27 extras in 0x80–0x9F. */
const WIN_ANSI_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

export function isWinAnsi(codePoint: number): boolean {
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xff) ||
    WIN_ANSI_EXTRAS.includes(String.fromCodePoint(codePoint))
  );
}

/** Letters that do not decompose into a base letter plus accents. */
const TRANSLITERATIONS: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŀ: 'L',
  ŀ: 'l',
  Ŧ: 'T',
  ŧ: 't',
  ĸ: 'k',
  Ŋ: 'N',
  ŋ: 'n',
  ſ: 's',
  Ə: 'E',
  ə: 'e',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '—',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2044': '/',
};

export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) out += foldCharacter(ch);
  return out;
}

function foldCharacter(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (isWinAnsi(cp)) return ch;
  if (/\s/u.test(ch)) return ' ';
  if (/[\p{Cc}\p{Cf}\p{M}]/u.test(ch)) return ''; // controls, zero-width marks, stray accents
  const known = TRANSLITERATIONS[ch];
  if (known !== undefined) return known;
  const folded = ch.normalize('NFKD').replace(/\p{M}/gu, '');
  if (folded !== '' && [...folded].every((c) => isWinAnsi(c.codePointAt(0)!))) return folded;
  return '?';
}

/** The largest size from `max` down to `min` (in steps of 0.5) at which the text fits the width. */
export function fitFontSize(text: string, font: PDFFont, max: number, min: number, width: number): number {
  let size = max;
  while (size > min && font.widthOfTextAtSize(text, size) > width) size -= 0.5;
  return size;
}

/**
 * Greedy word wrap. A word wider than the line is broken by characters (URLs, long codes). Text
 * must already be WinAnsi.
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (!fits(rest)) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** Shortens a single line to the width, ending it with an ellipsis when something was cut. */
export function truncateText(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let end = text.length;
  while (end > 0 && font.widthOfTextAtSize(text.slice(0, end) + '…', size) > width) end--;
  return text.slice(0, end).trimEnd() + '…';
}

/** 2026-03-14 → "March 14, 2026" (the calendar date as given, with no time zone shift). */
export function formatLongDate(isoDate: string): string {
  const date = parseIsoDate(isoDate);
  return date.toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

export function parseIsoDate(isoDate: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== isoDate) {
    throw new Error(`Expected a calendar date as YYYY-MM-DD, got "${isoDate}"`);
  }
  return date;
}
