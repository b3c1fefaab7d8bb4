/**
 * Display labels and select options for the shared vocabularies (roles, member types, states).
 */
import { MEMBER_TYPE_LABEL, MEMBER_TYPES, ROLE_LABEL, ROLES, US_STATES, type Role } from '../../shared/roles';
import type { SelectOption } from './field';

export function roleLabel(role: string): string {
  return (ROLE_LABEL as Record<string, string>)[role] ?? role;
}

export function memberTypeLabel(type: string): string {
  return (MEMBER_TYPE_LABEL as Record<string, string>)[type] ?? type;
}

export function stateName(code: string): string {
  return US_STATES[code] ?? code;
}

export const ROLE_OPTIONS: SelectOption[] = ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }));

export function roleOptions(roles: readonly Role[]): SelectOption[] {
  return roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }));
}

export const MEMBER_TYPE_OPTIONS: SelectOption[] = MEMBER_TYPES.map((m) => ({
  value: m,
  label: MEMBER_TYPE_LABEL[m],
}));

export const STATE_OPTIONS: SelectOption[] = Object.entries(US_STATES)
  .map(([code, name]) => ({ value: code, label: `${name} (${code})` }))
  .sort((a, b) => a.label.localeCompare(b.label));

/** "Clinician, Riverside CAC" */
export function membershipText(m: {
  role: string;
  centerName: string | null;
  partnerName: string | null;
}): string {
  const where = m.centerName ?? m.partnerName;
  return where ? `${roleLabel(m.role)}, ${where}` : roleLabel(m.role);
}
