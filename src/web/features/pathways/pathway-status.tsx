/**
 * A pathway's own status (open for enrolment, not yet, or closed), with its badge.
 */
import type { TPathway } from '../../api/types';
import { Badge } from '../../ui/badge';
import type { SelectOption } from '../../ui/field';

const STATUS: Record<
  TPathway['status'],
  { label: string; hint: string; tone: 'success' | 'neutral' | 'warning' }
> = {
  active: { label: 'Active', hint: 'open for enrolment', tone: 'success' },
  draft: { label: 'Draft', hint: 'not open yet', tone: 'warning' },
  retired: { label: 'Retired', hint: 'closed to new enrolment', tone: 'neutral' },
};

export const STATUS_OPTIONS: SelectOption[] = (['active', 'draft', 'retired'] as const).map((s) => ({
  value: s,
  label: `${STATUS[s].label}: ${STATUS[s].hint}`,
}));

export function PathwayStatusBadge({ status }: { status: TPathway['status'] }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}
