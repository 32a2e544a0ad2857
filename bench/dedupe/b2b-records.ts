// Renders CRM records of one person: a first record, and duplicates that vary the way real
// duplicates do (typos, nicknames, formats, webmail, missing fields) while staying decidable for a
// careful human: a duplicate always keeps at least two strong clues (work email, name + company,
// or name + phone).

import type { Person } from './b2b-entities.ts';
import { COUNTRY_NAMES, formatPhone, formatStreet } from './b2b-geo.ts';
import { NICKNAMES } from './b2b-pools.data.ts';
import {
  caseNoise,
  EMAIL_PATTERNS,
  emailLocal,
  emailVariant,
  renderCompany,
  renderTitle,
  typo,
} from './b2b-variants.ts';
import type { Rng } from './prng.ts';

export const B2B_HEADER = [
  'id',
  'first_name',
  'last_name',
  'full_name',
  'email',
  'company',
  'domain',
  'title',
  'phone',
  'street',
  'city',
  'state',
  'postcode',
  'country',
] as const;

/** The record's fields in B2B_HEADER order after `id`. */
export type RecordFields = string[];

const F = {
  first: 0,
  last: 1,
  full: 2,
  email: 3,
  company: 4,
  domain: 5,
  title: 6,
  phone: 7,
  street: 8,
  city: 9,
  state: 10,
  postcode: 11,
  country: 12,
} as const;

export function renderRecord(rng: Rng, p: Person, duplicate: boolean): RecordFields {
  const c = p.company;
  let first = p.first;
  let last = p.last;
  let nameOnlyFull = rng.chance(0.08);
  let lastFirstOrder = false;
  // People with a look-alike colleague always carry their work address: without it even a human
  // could not tell Jon Smyth's record from John Smith's.
  const workEmail = `${p.emailLocal}@${c.domain}`;
  let email: string | undefined =
    p.confusable || rng.chance(0.9) ? workEmail : rng.chance(0.6) ? p.webmail : undefined;
  let companyVariant = 0;
  let titleVariant = 0;
  let streetVariant = 0;
  const phone = p.direct ?? c.switchboard;
  let phoneText: string | undefined = formatPhone(
    phone,
    rng.int(0, 4),
    p.direct === undefined ? p.extension : undefined,
  );
  let drop = 0; // bit per field index
  if (rng.chance(0.3)) drop |= 1 << F.street;
  if (rng.chance(0.1)) drop |= 1 << F.city;
  if (rng.chance(0.25)) drop |= 1 << F.state;
  if (rng.chance(0.3)) drop |= 1 << F.postcode;
  if (rng.chance(0.15)) drop |= 1 << F.country;
  if (rng.chance(0.3)) drop |= 1 << F.domain;
  if (rng.chance(0.05)) drop |= 1 << F.title;
  if (rng.chance(0.1)) phoneText = undefined;

  if (duplicate) {
    let nameChanged = false;
    let emailStrong = email === workEmail;
    const changes = rng.int(2, 4);
    for (let i = 0; i < changes; i++) {
      switch (rng.int(0, 9)) {
        case 0:
          if (!p.confusable) {
            if (rng.chance(0.5)) first = typo(rng, first);
            else last = typo(rng, last);
            nameChanged = true;
          }
          break;
        case 1: {
          const nicks = p.confusable ? undefined : NICKNAMES[p.first];
          if (nicks !== undefined) {
            first = rng.pick(nicks);
            nameChanged = true;
          } else first = caseNoise(rng, first);
          break;
        }
        case 2:
          first = caseNoise(rng, first);
          last = rng.chance(0.5) ? caseNoise(rng, last) : last;
          break;
        case 3:
          nameOnlyFull = true;
          lastFirstOrder = rng.chance(0.4);
          break;
        case 4: {
          const other = () => emailLocal(rng.pick(EMAIL_PATTERNS), p.first, p.last);
          email = emailVariant(rng, p.emailLocal, c.domain, other);
          emailStrong = false;
          break;
        }
        case 5:
          if (!p.confusable) {
            email = p.webmail;
            emailStrong = false;
          }
          break;
        case 6:
          companyVariant = 1;
          titleVariant = rng.int(1, 7);
          break;
        case 7:
          titleVariant = rng.int(1, 7);
          streetVariant = rng.int(1, 3);
          break;
        case 8:
          phoneText = formatPhone(
            rng.chance(0.3) ? c.switchboard : phone,
            rng.int(0, 4),
            rng.chance(0.3) ? (p.extension ?? String(rng.int(10, 999))) : undefined,
          );
          break;
        default:
          for (const field of [F.company, F.title, F.street, F.city, F.postcode])
            if (rng.chance(0.35)) drop |= 1 << field;
          if (rng.chance(0.4)) phoneText = undefined;
          if (rng.chance(0.2) && !p.confusable) email = undefined;
      }
    }
    // Keep the duplicate decidable: without the exact work email, keep the company; with a changed
    // name as well, keep a phone too.
    if (!emailStrong) {
      drop &= ~(1 << F.company);
      if (nameChanged && phoneText === undefined) phoneText = formatPhone(phone, rng.int(0, 4));
    }
  } else if (email === undefined) {
    drop &= ~(1 << F.company);
  }

  const suffix = p.suffix === undefined ? '' : ` ${p.suffix}`;
  // The generational suffix always appears: in last_name when the name is split, else in full_name.
  const lastField = p.suffix !== undefined && rng.chance(0.5) ? `${last}${suffix}` : last;
  const full = lastFirstOrder ? `${last}${suffix}, ${first}` : `${first} ${last}${suffix}`;
  const showFull = nameOnlyFull || rng.chance(0.4) || (p.suffix !== undefined && lastField === last);
  const fields: RecordFields = [
    nameOnlyFull ? '' : first,
    nameOnlyFull ? '' : lastField,
    showFull ? full : '',
    email ?? '',
    renderCompany(c.name, companyVariant, rng),
    rng.chance(0.15)
      ? rng.pick([`www.${c.domain}`, `https://${c.domain}`, `https://www.${c.domain}/`])
      : c.domain,
    renderTitle(p.title, titleVariant),
    phoneText ?? '',
    formatStreet(c.street, streetVariant),
    c.city.city,
    c.city.stateCode === '' || rng.chance(0.3) ? c.city.stateName : c.city.stateCode,
    c.city.country === 'US' && rng.chance(0.05) ? `${c.postcode}-${String(rng.int(1000, 9999))}` : c.postcode,
    rng.pick(COUNTRY_NAMES[c.city.country]),
  ];
  for (let field = 0; field < fields.length; field++) if (drop & (1 << field)) fields[field] = '';
  return fields;
}
