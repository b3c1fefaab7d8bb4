/**
 * Field errors from the API for the learning forms: like api/client's formErrors, but an error on
 * one item of a list ("states.1", "trainerIds.0") names the item, so "must be a two-letter US
 * state code" says which of the typed states is wrong.
 */
import { ApiError, formErrors } from '../../api/client';

export function listFormErrors(
  error: unknown,
  fields: readonly string[],
  itemName: Record<string, (index: number) => string | undefined> = {},
): { fields: Record<string, string>; message: string | null } {
  const base = formErrors(error, fields);
  if (!(error instanceof ApiError)) return base;
  for (const d of error.details) {
    const [key, index] = d.path.split('.');
    if (!key || index === undefined || !/^\d+$/.test(index)) continue;
    const name = itemName[key]?.(Number(index));
    if (name && base.fields[key] === d.message) base.fields[key] = `${name}: ${d.message}`;
  }
  return base;
}
