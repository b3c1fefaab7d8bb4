/**
 * Small SQL helpers shared by the modules' repositories.
 */

/** Escapes %, _ and \ so user input in a LIKE pattern matches literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
