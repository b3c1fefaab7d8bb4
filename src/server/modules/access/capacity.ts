/**
 * Treatment capacity of a center in children a year, by the WHO Workload Indicators of Staffing
 * Need (WISN) method: the working time a clinician has in a year, less an allowance for the work
 * that is not treatment, divided by the time one child's course of treatment takes.
 *
 *   available hours = (working days - leave - holidays - sick days - training days) x hours a day
 *   treatment hours = available hours x (1 - allowance for other duties)
 *   hours per child = sessions per child x hours per session + other hours per child
 *   children a year per full-time clinician = treatment hours / hours per child
 *   center capacity = sum over its clinicians of (their treatment FTE x the line above), each
 *                     counted for the share of the period they work there
 *
 * Every parameter is data: the network sets defaults (setting `access.capacity`) and a center may
 * override any of them (table center_access_parameters). The shipped defaults and their sources are
 * in PARAMETER_INFO, shown in the UI next to each field.
 */
import { z } from 'zod';

export const ZCapacityParameters = z.strictObject({
  workingDaysPerYear: z.number().min(100).max(366),
  leaveDaysPerYear: z.number().min(0).max(100),
  holidaysPerYear: z.number().min(0).max(40),
  sickDaysPerYear: z.number().min(0).max(60),
  trainingDaysPerYear: z.number().min(0).max(60),
  hoursPerDay: z.number().min(1).max(12),
  otherDutiesShare: z.number().min(0).max(0.9),
  sessionsPerChild: z.number().min(1).max(60),
  hoursPerSession: z.number().min(0.25).max(4),
  otherHoursPerChild: z.number().min(0).max(100),
  defaultTreatmentFte: z.number().gt(0).max(1),
});
export type CapacityParameters = z.infer<typeof ZCapacityParameters>;
export type CapacityParameterName = keyof CapacityParameters;

/** A center's overrides: any subset of the parameters. */
export const ZCapacityOverrides = ZCapacityParameters.partial();
export type CapacityOverrides = z.infer<typeof ZCapacityOverrides>;

export const DEFAULT_CAPACITY_PARAMETERS: CapacityParameters = {
  workingDaysPerYear: 260,
  leaveDaysPerYear: 15,
  holidaysPerYear: 11,
  sickDaysPerYear: 6,
  trainingDaysPerYear: 5,
  hoursPerDay: 8,
  otherDutiesShare: 0.3,
  sessionsPerChild: 14,
  hoursPerSession: 1.25,
  otherHoursPerChild: 6,
  defaultTreatmentFte: 0.8,
};

export interface ParameterInfo {
  label: string;
  unit: string;
  source: string;
}

/** What each parameter means and where its default comes from: shown beside each field. */
export const PARAMETER_INFO: Record<CapacityParameterName, ParameterInfo> = {
  workingDaysPerYear: {
    label: 'Working days in a year',
    unit: 'days',
    source:
      '52 weeks of 5 days (WHO WISN user manual, 2010: available working time starts from the contracted days).',
  },
  leaveDaysPerYear: {
    label: 'Annual leave',
    unit: 'days',
    source: 'A common US nonprofit allowance of three weeks; set your own from your personnel policy.',
  },
  holidaysPerYear: {
    label: 'Public holidays',
    unit: 'days',
    source: 'The 11 US federal holidays.',
  },
  sickDaysPerYear: {
    label: 'Sick leave taken',
    unit: 'days',
    source: 'About 6 days: a typical figure for US service workers; use your own records.',
  },
  trainingDaysPerYear: {
    label: 'Training and continuing education',
    unit: 'days',
    source: 'Continuing-education hours most state licences require each year, rounded up to days.',
  },
  hoursPerDay: { label: 'Working hours a day', unit: 'hours', source: 'A full-time day.' },
  otherDutiesShare: {
    label: 'Share of time for other duties',
    unit: 'share',
    source:
      'WISN category allowance: supervision, multidisciplinary team meetings, court, documentation and travel; 30% is a cautious default for advocacy-center clinicians.',
  },
  sessionsPerChild: {
    label: 'Sessions per child',
    unit: 'sessions',
    source:
      'TF-CBT runs 8 to 16 sessions (Cohen, Mannarino and Deblinger, 2017), 12 to 16 for complex trauma; 14 with assessment sessions.',
  },
  hoursPerSession: {
    label: 'Hours per session',
    unit: 'hours',
    source: 'A 60-minute session with its notes and scheduling.',
  },
  otherHoursPerChild: {
    label: 'Other hours per child',
    unit: 'hours',
    source:
      'Intake, standardized measures, case consultation and coordination with the multidisciplinary team.',
  },
  defaultTreatmentFte: {
    label: 'Treatment FTE when not recorded',
    unit: 'FTE',
    source: 'Used for a clinician whose treatment share the center has not entered; shown as an estimate.',
  },
};

/** Network defaults, then the center's overrides. */
export function resolveParameters(
  network: Partial<CapacityParameters> | null | undefined,
  center: CapacityOverrides | null | undefined,
): CapacityParameters {
  return { ...DEFAULT_CAPACITY_PARAMETERS, ...(network ?? {}), ...(center ?? {}) };
}

export interface CapacityBreakdown {
  availableHours: number;
  treatmentHours: number;
  hoursPerChild: number;
  /** Children a year one full-time clinician can treat. */
  childrenPerFte: number;
}

/** The WISN arithmetic for one full-time clinician, every step returned so the UI can show it. */
export function capacityPerFte(p: CapacityParameters): CapacityBreakdown {
  const days = Math.max(
    0,
    p.workingDaysPerYear - p.leaveDaysPerYear - p.holidaysPerYear - p.sickDaysPerYear - p.trainingDaysPerYear,
  );
  const availableHours = days * p.hoursPerDay;
  const treatmentHours = availableHours * (1 - p.otherDutiesShare);
  const hoursPerChild = p.sessionsPerChild * p.hoursPerSession + p.otherHoursPerChild;
  return { availableHours, treatmentHours, hoursPerChild, childrenPerFte: treatmentHours / hoursPerChild };
}
