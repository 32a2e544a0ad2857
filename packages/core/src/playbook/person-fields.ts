import { CLICK_ID_NAMES } from '../tracking/channels.ts';
/**
 * The fields a person has. Forms may only collect `input` fields (plus custom fields declared in the
 * playbook); conditions may read any of them. Derived fields are computed by washing.
 */
export interface PersonFieldSpec {
  kind: 'input' | 'derived' | 'system';
  type: 'string' | 'number' | 'boolean';
  maxLength?: number;
  description: string;
}

export const PERSON_FIELDS = {
  email: { kind: 'input', type: 'string', maxLength: 254, description: 'Email address (the identity key)' },
  first_name: { kind: 'input', type: 'string', maxLength: 100, description: 'First name' },
  last_name: { kind: 'input', type: 'string', maxLength: 100, description: 'Last name' },
  company: { kind: 'input', type: 'string', maxLength: 200, description: 'Company name as typed' },
  title: { kind: 'input', type: 'string', maxLength: 150, description: 'Job title as typed' },
  country: {
    kind: 'input',
    type: 'string',
    maxLength: 100,
    description: 'Country, washed to ISO 3166-1 alpha-2',
  },
  state: {
    kind: 'input',
    type: 'string',
    maxLength: 100,
    description: 'State or province, washed to its code (US/CA)',
  },
  phone: { kind: 'input', type: 'string', maxLength: 40, description: 'Phone number' },
  city: { kind: 'input', type: 'string', maxLength: 100, description: 'City' },
  website: { kind: 'input', type: 'string', maxLength: 255, description: 'Company website' },
  email_domain: { kind: 'derived', type: 'string', description: 'Domain of the email address' },
  is_free_mail: { kind: 'derived', type: 'boolean', description: 'Email is at a free-mail provider' },
  function: { kind: 'derived', type: 'string', description: 'Job function derived from the title' },
  seniority: { kind: 'derived', type: 'string', description: 'Seniority derived from the title' },
  region: {
    kind: 'derived',
    type: 'string',
    description: 'Sales region of the country (NA, LATAM, EMEA, APAC)',
  },
  stage: { kind: 'system', type: 'string', description: 'Current lifecycle stage' },
  owner: { kind: 'system', type: 'string', description: 'Id of the owning rep' },
} as const satisfies Record<string, PersonFieldSpec>;

export type PersonFieldName = keyof typeof PERSON_FIELDS;

export const INPUT_FIELDS = Object.entries(PERSON_FIELDS)
  .filter(([, spec]) => spec.kind === 'input')
  .map(([name]) => name) as PersonFieldName[];

/** Account attributes that conditions may read with `{ account: <attribute>, … }`. */
export const ACCOUNT_ATTRIBUTES = {
  domain: 'string',
  name: 'string',
  employees: 'number',
  industry: 'string',
  country: 'string',
  owner: 'string',
  named: 'boolean',
} as const;

export type AccountAttribute = keyof typeof ACCOUNT_ATTRIBUTES;

/**
 * Hidden tracking fields every form accepts without declaring them: they are kept on the
 * submission event (for attribution) and never written to the person.
 */
export const TRACKING_FIELDS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  // Click ids, as the tracking script fills them into forms.
  ...CLICK_ID_NAMES,
  'page_url',
  'referrer',
  // The browser's visitor id: the tracking script fills `mops_visitor_id`; `visitor_id` for hand-built forms.
  'mops_visitor_id',
  'visitor_id',
];

export const TRACKING_FIELD_MAX_LENGTH = 2000;
