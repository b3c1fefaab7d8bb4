/**
 * Waymark stores no direct identifier of a child (HIPAA Safe Harbor, see DOMAIN.md): no name,
 * birth date, address, contact, photo or free-text note. Request schemas are strict, so such a
 * field is refused anyway; this list lets the refusal say why, and lets importers refuse a file
 * with such a column before reading a row.
 */

/** Header or field names that carry an identifier or free text, after normalising. */
const IDENTIFIER_PATTERNS: readonly RegExp[] = [
  /name$/, // name, firstname, lastname, childname, fullname, ...
  /^(dob|birth|dateofbirth|birthdate|birthday)/,
  /(^|child|client|patient)(dob|birthdate|dateofbirth)$/,
  /address|street|(^|[^i])city|zip|postal|county/, // city, but not ethnicity
  /phone|mobile|telephone|email|mail$|fax|contact/,
  /ssn|socialsecurity|medicaid|medicalrecord|^mrn$|insurance|memberid|recordnumber/,
  /photo|image|picture/,
  /note|comment|narrative|description|remark|freetext|details$/,
  /^ip(address)?$/,
];

const normalise = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** True when a field or column name looks like a child identifier or a free-text note. */
export function isIdentifierField(key: string): boolean {
  const k = normalise(key);
  if (k === 'casecode' || k === 'clinicianemail' || k === 'modelcode') return false;
  return IDENTIFIER_PATTERNS.some((re) => re.test(k));
}

export const IDENTIFIER_REFUSAL =
  'is not accepted: Waymark never stores a child’s name, birth date, address, contact details, photo or free-text notes';
