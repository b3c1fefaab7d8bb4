/**
 * Small SQL helpers shared by the modules' repositories.
 */

/** Escapes %, _ and \ so user input in a LIKE pattern matches literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A uuid[] literal ('{a,b}') for `= any(${uuidArray(ids)}::uuid[])`: one parameter however many
 * identifiers, the same on both engines. Refuses anything that is not a UUID.
 */
export function uuidArray(ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`Not a UUID: ${id}`);
  return `{${ids.join(',')}}`;
}
