import { foldText } from '../hygiene/fold-text.ts';
import { type DedupeField, isDedupeField } from './fields.ts';

// Automatic mapping of CSV headers to dedupe fields by general synonyms. Headers are folded
// ("First Name", "first-name", "FIRSTNAME" → "first name" / "firstname") and compared without
// spaces. Order inside each list is priority: when two headers claim one single-valued field, the
// earlier synonym wins and the other column stays unmapped. Ground-truth-looking columns
// (cluster, rec_id, match ids) are never mapped to anything — they are ordinary data here.

const SYNONYMS: Readonly<Record<DedupeField, readonly string[]>> = {
  first_name: ['firstname', 'givenname', 'forename', 'fname', 'first', 'given', 'christianname'],
  last_name: ['lastname', 'surname', 'familyname', 'lname', 'last', 'family'],
  full_name: ['fullname', 'name', 'firstandsurname', 'contactname', 'personname', 'displayname', 'contact'],
  email: ['email', 'emailaddress', 'mail', 'workemail', 'businessemail', 'e mail', 'emailaddr'],
  company: [
    'company',
    'companyname',
    'organization',
    'organisation',
    'employer',
    'account',
    'accountname',
    'org',
  ],
  domain: ['domain', 'website', 'companydomain', 'web', 'url', 'companywebsite', 'homepage'],
  title: ['title', 'jobtitle', 'position', 'role', 'occupation', 'job', 'designation'],
  phone: [
    'phone',
    'phonenumber',
    'telephone',
    'tel',
    'mobile',
    'mobilephone',
    'workphone',
    'cell',
    'businessphone',
  ],
  street: [
    'street',
    'streetaddress',
    'address',
    'address1',
    'addressline1',
    'streetnumber',
    'housenumber',
    'street1',
    'addr',
  ],
  city: ['city', 'town', 'suburb', 'locality', 'birthplace', 'placeofbirth', 'municipality'],
  state: ['state', 'province', 'region', 'county', 'stateprovince', 'statecode'],
  postcode: ['postcode', 'postalcode', 'zip', 'zipcode', 'postcodefake', 'postal', 'plz'],
  country: ['country', 'countrycode', 'nation'],
  birth_date: ['birthdate', 'dateofbirth', 'dob', 'birthday', 'born', 'bdate'],
  external_id: [
    'externalid',
    'socsecid',
    'ssn',
    'socialsecuritynumber',
    'nationalid',
    'customerid',
    'crmid',
    'passportnumber',
    'taxid',
  ],
};

// Fields that concatenate every column mapped to them (in header order) instead of keeping one.
const MULTI_COLUMN: ReadonlySet<DedupeField> = new Set(['street']);

const BY_SYNONYM = new Map<string, { field: DedupeField; rank: number }>();
for (const [field, list] of Object.entries(SYNONYMS) as [DedupeField, readonly string[]][])
  list.forEach((syn, rank) => {
    BY_SYNONYM.set(syn.replace(/ /g, ''), { field, rank });
  });

export function headerKey(header: string): string {
  return foldText(header).replace(/ /g, '');
}

/** Column indexes per field. */
export type ColumnMapping = Partial<Record<DedupeField, number[]>>;

export type MapHeadersResult =
  | { ok: true; mapping: ColumnMapping; unmapped: string[] }
  | { ok: false; error: { code: 'UNKNOWN_FIELD' | 'UNKNOWN_COLUMN'; message: string } };

/**
 * Maps headers to fields. `overrides` is `csvColumn → field` (or '' / 'none' to leave a column
 * out); overridden columns are taken away from the automatic mapping. `skip` lists columns that
 * must never be mapped (the id column).
 */
export function mapHeaders(
  headers: readonly string[],
  overrides: Readonly<Record<string, string>> = {},
  skip: readonly string[] = [],
): MapHeadersResult {
  const mapping: ColumnMapping = {};
  const chosen = new Map<DedupeField, { index: number; rank: number }>();
  const used = new Set<number>();
  for (const [column, field] of Object.entries(overrides)) {
    const index = headers.indexOf(column);
    if (index < 0)
      return {
        ok: false,
        error: {
          code: 'UNKNOWN_COLUMN',
          message: `--map: no column "${column}" in the header (${headers.join(', ')})`,
        },
      };
    used.add(index);
    if (field === '' || field === 'none') continue;
    if (!isDedupeField(field))
      return {
        ok: false,
        error: {
          code: 'UNKNOWN_FIELD',
          message: `--map ${column}=${field}: unknown field "${field}"; valid fields: none, ${Object.keys(SYNONYMS).join(', ')}`,
        },
      };
    mapping[field] = [...(mapping[field] ?? []), index];
  }
  const overridden = new Set(Object.keys(mapping));
  headers.forEach((header, index) => {
    if (used.has(index) || skip.includes(header)) return;
    const hit = BY_SYNONYM.get(headerKey(header));
    if (hit === undefined || overridden.has(hit.field)) return;
    if (MULTI_COLUMN.has(hit.field)) {
      mapping[hit.field] = [...(mapping[hit.field] ?? []), index];
      used.add(index);
      return;
    }
    const prev = chosen.get(hit.field);
    if (prev === undefined || hit.rank < prev.rank) {
      if (prev !== undefined) used.delete(prev.index);
      chosen.set(hit.field, { index, rank: hit.rank });
      used.add(index);
    }
  });
  for (const [field, { index }] of chosen) mapping[field] = [index];
  const unmapped = headers.filter((_, index) => !used.has(index));
  return { ok: true, mapping, unmapped };
}
