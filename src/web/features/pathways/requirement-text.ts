/**
 * Requirements in words, for the pathway list and the read-only view of a pathway.
 */
import type { TRequirement } from '../../../shared/pathways';

const DEGREE: Record<string, string> = {
  bachelor: 'Bachelor’s degree or higher',
  master: 'Master’s degree or higher',
  doctorate: 'Doctorate',
};
const LICENSE: Record<string, string> = {
  none: 'no license needed',
  any: 'a clinical license',
  permanent: 'a permanent (not provisional) license',
};

function n(value: number, one: string, many = `${one}s`): string {
  return `${value.toLocaleString('en-US')} ${value === 1 ? one : many}`;
}

export function describeRequirement(r: TRequirement): string {
  switch (r.kind) {
    case 'credential': {
      const parts = [r.minDegree ? DEGREE[r.minDegree] : 'No degree required', LICENSE[r.license]];
      return `${parts.join(', ')}${r.verified ? ', verified by a director' : ''}.`;
    }
    case 'course':
      return `Complete the course ${r.courseCode}.`;
    case 'test':
      return `Pass the knowledge test ${r.courseCode}.`;
    case 'live_training':
      return `Attend ${n(r.minDays, 'day')} of live training or learning sessions.`;
    case 'consultation':
      return `Attend ${r.minAttended} of ${n(r.scheduled, 'scheduled call')} within ${n(r.withinMonths, 'month')} of the first live training day.`;
    case 'cases':
      return `Complete ${n(r.minCases, 'case')}${
        r.minWithCaregiver > 0 ? `, ${r.minWithCaregiver} with a caregiver taking part` : ''
      }${r.measures === 'start_and_end' ? ', each with a standardized measure at the start and the end' : ''}.`;
    case 'ce_hours':
      return `Earn ${n(r.hours, 'continuing education hour')} within the last ${n(r.periodMonths, 'month')}.`;
  }
}

export function validityText(months: number | null): string {
  if (months === null) return 'Does not expire';
  if (months % 12 === 0) return n(months / 12, 'year');
  return n(months, 'month');
}
