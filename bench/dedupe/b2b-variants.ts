// How one real person or company gets written differently across CRM records: typos, nicknames,
// company legal-suffix variants, job-title variants, email variants. Pure functions of an Rng.
import type { Country } from './b2b-geo.ts';
import type { Rng } from './prng.ts';

// ---------- typos and casing ----------

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 'sqz',
  b: 'vn',
  c: 'xv',
  d: 'sf',
  e: 'wr',
  f: 'dg',
  g: 'fh',
  h: 'gj',
  i: 'uo',
  j: 'hk',
  k: 'jl',
  l: 'k',
  m: 'n',
  n: 'bm',
  o: 'ip',
  p: 'o',
  q: 'w',
  r: 'et',
  s: 'ad',
  t: 'ry',
  u: 'yi',
  v: 'cb',
  w: 'qe',
  x: 'zc',
  y: 'tu',
  z: 'x',
};

/** One typing error: transposition, dropped letter, doubled letter or a neighbouring key. */
export function typo(rng: Rng, text: string): string {
  if (text.length < 3) return text;
  const i = rng.int(1, text.length - 2);
  const kind = rng.int(0, 3);
  if (kind === 0) return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
  if (kind === 1) return text.slice(0, i) + text.slice(i + 1);
  if (kind === 2) return text.slice(0, i) + text[i] + text.slice(i);
  const ch = (text[i] as string).toLowerCase();
  const near = KEYBOARD_NEIGHBOURS[ch];
  if (near === undefined) return text.slice(0, i) + text.slice(i + 1);
  return text.slice(0, i) + rng.pick([...near]) + text.slice(i + 1);
}

/** Case and whitespace noise of the kind list imports and hand entry produce. */
export function caseNoise(rng: Rng, text: string): string {
  const kind = rng.int(0, 4);
  if (kind === 0) return text.toUpperCase();
  if (kind === 1) return text.toLowerCase();
  if (kind === 2) return ` ${text}`;
  if (kind === 3) return `${text}  `;
  return text.replace(' ', '  ');
}

// ---------- companies ----------

/** Legal suffixes per country, each with the spellings people use for it. */
const SUFFIXES: Record<Country, readonly (readonly string[])[]> = {
  US: [
    ['Inc.', 'Inc', ', Inc.', 'Incorporated'],
    ['LLC', 'L.L.C.', ', LLC'],
    ['Corp.', 'Corporation', 'Corp'],
    ['Co.', 'Company', '& Co.'],
  ],
  CA: [
    ['Inc.', 'Inc', 'Incorporated'],
    ['Ltd.', 'Limited', 'Ltd'],
    ['Corp.', 'Corporation'],
  ],
  GB: [
    ['Ltd', 'Limited', 'Ltd.'],
    ['PLC', 'plc', 'Public Limited Company'],
    ['LLP', 'L.L.P.'],
  ],
  DE: [
    ['GmbH', 'Gesellschaft mit beschränkter Haftung', 'G.m.b.H.'],
    ['AG', 'Aktiengesellschaft'],
    ['GmbH & Co. KG', 'GmbH & Co KG'],
  ],
  FR: [
    ['SA', 'S.A.', 'Société Anonyme'],
    ['SAS', 'S.A.S.'],
    ['SARL', 'S.A.R.L.'],
  ],
  AU: [
    ['Pty Ltd', 'Pty. Ltd.', 'Proprietary Limited', 'PTY LTD'],
    ['Ltd', 'Limited'],
  ],
};

export interface CompanyName {
  base: string;
  /** Index into the country's suffix list, or -1 for none. */
  suffix: number;
  country: Country;
}

export function pickSuffix(rng: Rng, country: Country): number {
  return rng.chance(0.15) ? -1 : rng.int(0, SUFFIXES[country].length - 1);
}

/** Variant 0 is the canonical form; others change the suffix spelling, drop it, or recase. */
export function renderCompany(name: CompanyName, variant: number, rng?: Rng): string {
  const spellings = name.suffix >= 0 ? SUFFIXES[name.country][name.suffix] : undefined;
  let base = name.base;
  let suffix = spellings?.[0];
  if (variant > 0 && rng !== undefined) {
    const kind = rng.int(0, 4);
    if (kind <= 1 && spellings !== undefined) suffix = rng.pick(spellings);
    else if (kind === 2) suffix = undefined;
    else if (kind === 3) base = base.toUpperCase();
    else base = base.includes(' & ') ? base.replace(' & ', ' and ') : base.replace(/ Group$/, '');
    if (rng.chance(0.1) && spellings !== undefined) suffix = rng.pick(spellings).toUpperCase();
  }
  if (suffix === undefined) return base;
  return suffix.startsWith(',') ? `${base}${suffix}` : `${base} ${suffix}`;
}

// ---------- job titles ----------

export const FUNCTIONS = [
  'Marketing',
  'Sales',
  'Engineering',
  'Finance',
  'Operations',
  'Human Resources',
  'Information Technology',
  'Product',
  'Customer Success',
  'Legal',
  'Procurement',
  'Data',
] as const;
const FUNCTION_SHORT: Record<string, string> = {
  'Human Resources': 'HR',
  'Information Technology': 'IT',
  Marketing: 'Mktg',
  Engineering: 'Eng',
  Operations: 'Ops',
  'Customer Success': 'CS',
};
const CHIEF: Record<string, [string, string]> = {
  Marketing: ['Chief Marketing Officer', 'CMO'],
  Sales: ['Chief Revenue Officer', 'CRO'],
  Engineering: ['Chief Technology Officer', 'CTO'],
  Finance: ['Chief Financial Officer', 'CFO'],
  Operations: ['Chief Operating Officer', 'COO'],
  'Human Resources': ['Chief People Officer', 'CPO'],
  'Information Technology': ['Chief Information Officer', 'CIO'],
  Product: ['Chief Product Officer', 'CPO'],
  'Customer Success': ['Chief Customer Officer', 'CCO'],
  Legal: ['General Counsel', 'GC'],
  Procurement: ['Chief Procurement Officer', 'CPO'],
  Data: ['Chief Data Officer', 'CDO'],
};
const ROLE: Record<string, string> = {
  Marketing: 'Marketing Specialist',
  Sales: 'Account Executive',
  Engineering: 'Software Engineer',
  Finance: 'Financial Analyst',
  Operations: 'Operations Analyst',
  'Human Resources': 'HR Business Partner',
  'Information Technology': 'Systems Administrator',
  Product: 'Product Manager',
  'Customer Success': 'Customer Success Manager',
  Legal: 'Corporate Counsel',
  Procurement: 'Buyer',
  Data: 'Data Scientist',
};

/** 0 C-level, 1 VP, 2 Director, 3 Head, 4 Manager, 5 Senior IC, 6 IC. */
export interface Title {
  level: number;
  fn: string;
}

// More managers and individual contributors than executives.
const LEVEL_WEIGHTS = [0, 1, 1, 2, 2, 2, 3, 4, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6];

export function pickTitle(rng: Rng): Title {
  const level = rng.pick(LEVEL_WEIGHTS);
  return { level, fn: rng.pick(FUNCTIONS) };
}

/** Variant 0 is canonical; variants write the same role the ways people do. */
export function renderTitle(t: Title, variant: number): string {
  const fn = variant % 3 === 2 ? (FUNCTION_SHORT[t.fn] ?? t.fn) : t.fn;
  const v = variant % 4;
  switch (t.level) {
    case 0: {
      const [long, short] = CHIEF[t.fn] as [string, string];
      return v % 2 === 0 ? long : short;
    }
    case 1:
      return [`VP ${fn}`, `Vice President, ${fn}`, `VP of ${fn}`, `Vice President of ${fn}`][v] as string;
    case 2:
      return [`Director of ${fn}`, `${fn} Director`, `Director, ${fn}`, `Dir. ${fn}`][v] as string;
    case 3:
      return [`Head of ${fn}`, `${fn} Lead`, `Head of ${fn}`, `Head, ${fn}`][v] as string;
    case 4:
      return [`${fn} Manager`, `Manager, ${fn}`, `${fn} Mgr`, `Manager of ${fn}`][v] as string;
    case 5: {
      const role = ROLE[t.fn] as string;
      return [`Senior ${role}`, `Sr. ${role}`, `Sr ${role}`, `Senior ${role}`][v] as string;
    }
    default: {
      const role = ROLE[t.fn] as string;
      return v === 3 ? `${role} II` : role;
    }
  }
}

// ---------- email ----------

export const EMAIL_PATTERNS = ['first.last', 'flast', 'first', 'firstl', 'first_last', 'lastf'] as const;
export type EmailPattern = (typeof EMAIL_PATTERNS)[number];

export const WEBMAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'aol.com'];
const DOMAIN_TYPOS: Record<string, string> = { 'gmail.com': 'gmial.com', 'yahoo.com': 'yaho.com' };

const PLAIN = /^[A-Za-z]+$/;

/** Lower-case ASCII slug for email local parts and domains (drops accents and punctuation). */
export function slug(text: string): string {
  if (PLAIN.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export function emailLocal(pattern: EmailPattern, first: string, last: string): string {
  const f = slug(first);
  const l = slug(last);
  switch (pattern) {
    case 'first.last':
      return `${f}.${l}`;
    case 'flast':
      return `${f.slice(0, 1)}${l}`;
    case 'first':
      return f;
    case 'firstl':
      return `${f}${l.slice(0, 1)}`;
    case 'first_last':
      return `${f}_${l}`;
    case 'lastf':
      return `${l}${f.slice(0, 1)}`;
  }
}

/** A personal webmail address, as people use for events and downloads. */
export function webmailAddress(rng: Rng, first: string, last: string): string {
  const f = slug(first);
  const l = slug(last);
  const local = rng.pick([
    `${f}.${l}`,
    `${f}${l}`,
    `${f}${l}${rng.int(1, 99)}`,
    `${f.slice(0, 1)}${l}${rng.int(70, 99)}`,
  ]);
  return `${local}@${rng.pick(WEBMAIL)}`;
}

/** A variant of a work email: plus tag, other pattern, typo'd domain, upper case. */
export function emailVariant(rng: Rng, local: string, domain: string, other: () => string): string {
  const kind = rng.int(0, 4);
  if (kind === 0) return `${local}+${rng.pick(['news', 'events', 'crm', 'webinar'])}@${domain}`;
  if (kind === 1) return `${other()}@${domain}`;
  if (kind === 2) return `${local}@${typoDomain(rng, domain)}`;
  if (kind === 3) return `${local}@${domain}`.toUpperCase();
  return ` ${local}@${domain}`;
}

function typoDomain(rng: Rng, domain: string): string {
  const known = DOMAIN_TYPOS[domain];
  if (known !== undefined) return known;
  const dot = domain.indexOf('.');
  const kind = rng.int(0, 2);
  if (kind === 0 && domain.endsWith('.com')) return `${domain.slice(0, -4)}.con`;
  if (kind === 1) return typo(rng, domain.slice(0, dot)) + domain.slice(dot);
  return domain.slice(0, dot) + domain.slice(dot, dot + 1) + domain.slice(dot + 1).replace('com', 'cmo');
}
