/**
 * Roles and the scope each applies to. Shared by server and web; imports nothing.
 */
export const ROLES = [
  'network_admin',
  'trainer',
  'center_director',
  'clinician',
  'funder_viewer',
  'partner_admin',
  'partner_learner',
] as const;
export type Role = (typeof ROLES)[number];

export type RoleScope = 'network' | 'center' | 'partner';

export const ROLE_SCOPE: Record<Role, RoleScope> = {
  network_admin: 'network',
  funder_viewer: 'network',
  trainer: 'center',
  center_director: 'center',
  clinician: 'center',
  partner_admin: 'partner',
  partner_learner: 'partner',
};

export const CENTER_ROLES = ['trainer', 'center_director', 'clinician'] as const satisfies readonly Role[];
export type CenterRole = (typeof CENTER_ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  network_admin: 'Network administrator',
  trainer: 'Trainer',
  center_director: 'Center director',
  clinician: 'Clinician',
  funder_viewer: 'Funder (aggregates only)',
  partner_admin: 'Partner administrator',
  partner_learner: 'Partner learner',
};

/** Roles that can see child-level data: the network may require MFA for them. */
export const MFA_SENSITIVE_ROLES: readonly Role[] = [
  'network_admin',
  'center_director',
  'clinician',
  'trainer',
];

/** Who may invite whom: a network admin invites anyone; a center director invites center staff of their center. */
export const DIRECTOR_INVITABLE_ROLES: readonly Role[] = ['clinician', 'trainer', 'center_director'];

export const MEMBER_TYPES = ['accredited', 'associate', 'affiliate', 'satellite'] as const;
export type MemberType = (typeof MEMBER_TYPES)[number];

export const MEMBER_TYPE_LABEL: Record<MemberType, string> = {
  accredited: 'Accredited',
  associate: 'Associate / developing',
  affiliate: 'Affiliate',
  satellite: 'Satellite',
};

export const US_STATES: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  PR: 'Puerto Rico',
  GU: 'Guam',
  VI: 'U.S. Virgin Islands',
  AS: 'American Samoa',
  MP: 'Northern Mariana Islands',
};
