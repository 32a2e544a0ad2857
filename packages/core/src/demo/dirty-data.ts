/**
 * What people really type into forms: the mess the hygiene engine has to clean. `dirtyFields`
 * changes one to three values of a clean form fill and never touches the email's identity (only
 * its casing and surrounding whitespace), so the person is still recognisable.
 */
import type { Prng } from './prng.ts';

/** Country spellings people type instead of the ISO code. */
export const COUNTRY_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  US: ['U.S.', 'USA', 'United States of America', 'us', 'U.S.A'],
  GB: ['England', 'UK', 'United Kingdom', 'Great Britain'],
  NL: ['Holland', 'The Netherlands', 'netherlands'],
  VN: ['Viet Nam', 'Vietnam'],
  DE: ['Germany', 'Deutschland'],
  CA: ['Canada'],
  AU: ['Australia'],
  JP: ['Japan'],
  FR: ['France'],
};

export const STATE_NAMES: Readonly<Record<string, string>> = {
  CA: 'California',
  NY: 'New York',
  TX: 'Texas',
  MA: 'Massachusetts',
  IL: 'Illinois',
  WA: 'Washington',
  GA: 'Georgia',
  CO: 'Colorado',
  FL: 'Florida',
  NC: 'North Carolina',
  ON: 'Ontario',
  BC: 'British Columbia',
  QC: 'Quebec',
  AB: 'Alberta',
};

/** Abbreviated titles as people write them. */
export const TITLE_VARIANTS: Readonly<Record<string, string>> = {
  'VP Marketing': 'VP, Mktg',
  'Director of Demand Generation': 'Sr. Dir. Demand Gen',
  'Marketing Operations Manager': 'mktg ops mgr',
  'Head of Revenue Operations': 'Head of RevOps',
  'Chief Marketing Officer': 'C.M.O.',
  'Sales Operations Manager': 'Sales Ops Mgr.',
  'Director of Sales Development': 'Dir. SDR',
  'VP Sales': 'V.P. Sales',
};

type Mutation = (fields: Record<string, string>, rng: Prng) => boolean;

const MUTATIONS: readonly Mutation[] = [
  (f, rng) => {
    const variants = f.country ? COUNTRY_VARIANTS[f.country] : undefined;
    if (!variants) return false;
    f.country = rng.pick(variants);
    return true;
  },
  (f) => {
    const name = f.state ? STATE_NAMES[f.state] : undefined;
    if (!name) return false;
    f.state = name;
    return true;
  },
  (f) => {
    const variant = f.title ? TITLE_VARIANTS[f.title] : undefined;
    if (!variant) return false;
    f.title = variant;
    return true;
  },
  (f, rng) => {
    if (!f.first_name) return false;
    f.first_name = rng.chance(0.5) ? f.first_name.toUpperCase() : f.first_name.toLowerCase();
    if (f.last_name) f.last_name = rng.chance(0.5) ? f.last_name.toUpperCase() : f.last_name.toLowerCase();
    return true;
  },
  (f) => {
    if (!f.email) return false;
    f.email = ` ${f.email[0]!.toUpperCase()}${f.email.slice(1)} `;
    return true;
  },
  (f) => {
    if (!f.company) return false;
    f.company = `  ${f.company.toLowerCase()} `;
    return true;
  },
];

/**
 * A dirty copy of `fields`: at least one mutation that applies to them. Returns the clean copy when
 * no mutation applies (a form with only an email still gets odd whitespace in it).
 */
export function dirtyFields(fields: Readonly<Record<string, string>>, rng: Prng): Record<string, string> {
  const out = { ...fields };
  const wanted = rng.int(1, 3);
  let applied = 0;
  const start = rng.int(0, MUTATIONS.length - 1);
  for (let i = 0; i < MUTATIONS.length && applied < wanted; i++) {
    const mutation = MUTATIONS[(start + i) % MUTATIONS.length]!;
    if (rng.chance(0.6) && mutation(out, rng)) applied++;
  }
  if (applied === 0) MUTATIONS[4]!(out, rng);
  return out;
}
