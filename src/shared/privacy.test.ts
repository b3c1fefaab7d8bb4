/**
 * Which field and column names count as a child identifier: every kind Safe Harbor names that a
 * case-tracking export might carry is refused, and the fields a care record legitimately has pass.
 */
import { describe, expect, it } from 'vitest';
import { isIdentifierField } from './privacy.js';

describe('isIdentifierField', () => {
  it.each([
    'name',
    'childName',
    'First Name',
    'last_name',
    'dob',
    'DOB',
    'date_of_birth',
    'birthDate',
    'client_dob',
    'address',
    'Street',
    'city',
    'home_city',
    'zip',
    'Postal Code',
    'phone',
    'caregiver_mobile',
    'email',
    'contact',
    'notes',
    'Clinical Notes',
    'comment',
    'narrative',
    'ssn',
    'medicaid_id',
    'MRN',
    'medical_record_number',
    'photo',
  ])('refuses %s', (field) => {
    expect(isIdentifierField(field)).toBe(true);
  });

  it.each([
    'caseCode',
    'case_code',
    'clinician_email',
    'model_code',
    'ageYears',
    'age_years',
    'gender',
    'raceEthnicity',
    'race_ethnicity',
    'ethnicity',
    'caregiverInvolved',
    'referredOn',
    'first_session_on',
    'discharge_reason',
    'instrument',
    'phase',
    'respondent',
    'total',
    'minutes',
    'components',
  ])('accepts %s', (field) => {
    expect(isIdentifierField(field)).toBe(false);
  });
});
