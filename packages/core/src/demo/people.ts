/**
 * Who the demo's people are: names, companies, countries and titles, all derived from the seed and
 * the person's index. Emails are unique per person by construction (see `personName`), so no set of
 * used addresses has to be kept in memory.
 */
import { hashString, type Prng } from './prng.ts';

export const FIRST_NAMES = [
  'Robert',
  'William',
  'Elizabeth',
  'Katherine',
  'Michael',
  'James',
  'Richard',
  'Thomas',
  'Jennifer',
  'Margaret',
  'Christopher',
  'Daniel',
  'Joseph',
  'Anthony',
  'Alexander',
  'Samantha',
  'Rebecca',
  'Patricia',
  'Olivia',
  'Noah',
  'Emma',
  'Liam',
  'Ava',
  'Sofia',
  'Mateo',
  'Aisha',
  'Wei',
  'Yuki',
  'Priyanka',
  'Lars',
  'Ingrid',
  'Chloe',
  'Lucas',
  'Hannah',
  'Omar',
  'Fatima',
  'Diego',
  'Elena',
  'Marco',
  'Giulia',
  'Pierre',
  'Camille',
  'Sven',
  'Astrid',
  'Raj',
  'Ananya',
  'Hiroshi',
  'Mei',
  'Jack',
  'Grace',
  'Ethan',
  'Zoe',
  'Nina',
  'Oscar',
  'Maya',
  'Leo',
  'Ines',
  'Tariq',
  'Sara',
  'Jonas',
] as const;

export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Garcia',
  'Miller',
  'Davis',
  'Martinez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Hill',
  'Campbell',
  'Mitchell',
  'Roberts',
  'Carter',
  'Phillips',
  'Evans',
  'Turner',
  'Torres',
  'Parker',
  'Collins',
  'Edwards',
  'Stewart',
  'Morris',
  'Murphy',
  'Cook',
  'Rogers',
  'Morgan',
  'Cooper',
  'Peterson',
  'Reed',
  'Bailey',
  'Bell',
  'Kelly',
  'Howard',
  'Ward',
  'Cox',
  'Schmidt',
  'Muller',
  'Dubois',
  'Rossi',
  'Jansen',
  'Nilsson',
  'Tanaka',
  'Sato',
  'Kim',
  'Nguyen',
  'Patel',
  'Singh',
  'Chen',
  'Wang',
  'Okafor',
  'Haddad',
  'Novak',
  'Silva',
  'Costa',
] as const;

/** The short forms a duplicate may type (the dedupe engine knows these pairs). */
export const NICKNAMES: Readonly<Record<string, string>> = {
  Robert: 'Bob',
  William: 'Bill',
  Elizabeth: 'Liz',
  Katherine: 'Kate',
  Michael: 'Mike',
  James: 'Jim',
  Richard: 'Rick',
  Thomas: 'Tom',
  Jennifer: 'Jen',
  Margaret: 'Peggy',
  Christopher: 'Chris',
  Daniel: 'Dan',
  Joseph: 'Joe',
  Anthony: 'Tony',
  Alexander: 'Alex',
  Samantha: 'Sam',
  Rebecca: 'Becky',
  Patricia: 'Pat',
};

const WORDS_A = [
  'blue',
  'north',
  'silver',
  'bright',
  'swift',
  'red',
  'iron',
  'cedar',
  'summit',
  'harbor',
  'river',
  'stone',
  'golden',
  'prairie',
  'coastal',
  'alpine',
  'urban',
  'pioneer',
  'lunar',
  'solar',
  'maple',
  'oak',
  'granite',
  'crystal',
  'atlas',
  'vector',
  'nova',
  'polar',
  'delta',
  'quantum',
] as const;
const WORDS_B = [
  'labs',
  'systems',
  'logistics',
  'health',
  'foods',
  'bank',
  'media',
  'robotics',
  'retail',
  'energy',
  'software',
  'works',
  'partners',
  'cloud',
  'analytics',
  'capital',
  'motors',
  'pharma',
  'studios',
  'networks',
  'supply',
  'dynamics',
  'foundry',
  'insurance',
  'telecom',
  'apparel',
  'travel',
  'learning',
  'security',
  'data',
] as const;

export interface Company {
  domain: string;
  name: string;
  employees: number;
  country: string;
}

/** The playbook's named accounts and a sample of examples/data/firmographics.csv (competitors left out). */
export const KNOWN_COMPANIES: readonly Company[] = [
  { domain: 'globex.example', name: 'Globex Corporation', employees: 12000, country: 'US' },
  { domain: 'initech.example', name: 'Initech', employees: 850, country: 'US' },
  { domain: 'umbrella.example', name: 'Umbrella Health', employees: 45000, country: 'GB' },
  { domain: 'tyrell.example', name: 'Tyrell Systems', employees: 2300, country: 'DE' },
  { domain: 'acme.example', name: 'Acme Corporation', employees: 3200, country: 'US' },
  { domain: 'hooli.example', name: 'Hooli', employees: 38000, country: 'US' },
  { domain: 'piedpiper.example', name: 'Pied Piper', employees: 65, country: 'US' },
  { domain: 'soylent.example', name: 'Soylent Foods', employees: 1400, country: 'US' },
  { domain: 'wonka.example', name: 'Wonka Confectionery', employees: 950, country: 'GB' },
  { domain: 'cyberdyne.example', name: 'Cyberdyne Systems', employees: 4100, country: 'US' },
  { domain: 'dunder-mifflin.example', name: 'Dunder Mifflin', employees: 1100, country: 'US' },
  { domain: 'gringotts.example', name: 'Gringotts', employees: 2600, country: 'GB' },
  { domain: 'nakatomi.example', name: 'Nakatomi Trading', employees: 5200, country: 'JP' },
  { domain: 'zorg.example', name: 'Zorg Industries', employees: 8800, country: 'FR' },
  { domain: 'vehement.example', name: 'Vehement Capital Partners', employees: 150, country: 'NL' },
  { domain: 'monarch.example', name: 'Monarch Solutions', employees: 1900, country: 'IN' },
  { domain: 'kiwi-analytics.example', name: 'Kiwi Analytics', employees: 48, country: 'NZ' },
  { domain: 'maple-freight.example', name: 'Maple Freight', employees: 760, country: 'CA' },
  { domain: 'sakura-retail.example', name: 'Sakura Retail', employees: 3400, country: 'JP' },
  { domain: 'fjord-energy.example', name: 'Fjord Energy', employees: 5400, country: 'NO' },
  { domain: 'outback-mining.example', name: 'Outback Mining', employees: 2100, country: 'AU' },
];

/** Countries by region: NA 55%, EMEA 30%, APAC 15% of people. */
const COUNTRY_WEIGHTS: Readonly<Record<string, number>> = {
  US: 0.47,
  CA: 0.08,
  GB: 0.09,
  DE: 0.06,
  FR: 0.04,
  NL: 0.03,
  SE: 0.02,
  ES: 0.02,
  IE: 0.02,
  IT: 0.02,
  AU: 0.05,
  JP: 0.03,
  SG: 0.02,
  IN: 0.03,
  VN: 0.01,
  NZ: 0.01,
};
export const REGION_OF: Readonly<Record<string, 'NA' | 'EMEA' | 'APAC'>> = {
  US: 'NA',
  CA: 'NA',
  MX: 'NA',
  GB: 'EMEA',
  DE: 'EMEA',
  FR: 'EMEA',
  NL: 'EMEA',
  SE: 'EMEA',
  ES: 'EMEA',
  IE: 'EMEA',
  IT: 'EMEA',
  NO: 'EMEA',
  CH: 'EMEA',
  AU: 'APAC',
  JP: 'APAC',
  SG: 'APAC',
  IN: 'APAC',
  VN: 'APAC',
  NZ: 'APAC',
  CN: 'APAC',
};
export const US_STATES = ['CA', 'NY', 'TX', 'MA', 'IL', 'WA', 'GA', 'CO', 'FL', 'NC'] as const;
export const CA_PROVINCES = ['ON', 'BC', 'QC', 'AB'] as const;

export const TITLES = [
  'VP Marketing',
  'Director of Demand Generation',
  'Marketing Operations Manager',
  'Head of Revenue Operations',
  'Chief Marketing Officer',
  'Senior Director, Growth',
  'Sales Operations Manager',
  'Marketing Manager',
  'Director of Sales Development',
  'CRO',
  'Revenue Operations Analyst',
  'Field Marketing Manager',
  'VP Sales',
  'Operations Director',
  'Marketing Specialist',
  'Product Marketing Manager',
] as const;

export const FREE_MAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com'] as const;

export interface PersonName {
  first: string;
  last: string;
  /** The email local part, unique across every person of one world. */
  local: string;
}

const COMBOS = FIRST_NAMES.length * LAST_NAMES.length;
/** A multiplier coprime with COMBOS, so `index * STEP mod COMBOS` is a permutation of name pairs. */
const STEP = coprimeNear(Math.floor(COMBOS * 0.618), COMBOS);

function coprimeNear(start: number, modulus: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let n = start;
  while (gcd(n, modulus) !== 1) n++;
  return n;
}

/**
 * The name of person `index`. The first COMBOS people get distinct first/last pairs; later ones
 * reuse a pair with a number (`jane.doe2`), so `first.last[n]` is unique without bookkeeping.
 */
export function personName(index: number, seed: number): PersonName {
  const offset = seed % COMBOS;
  const slot = ((index % COMBOS) * STEP) % COMBOS;
  const pair = (slot + offset) % COMBOS;
  const first = FIRST_NAMES[pair % FIRST_NAMES.length] as string;
  const last = LAST_NAMES[Math.floor(pair / FIRST_NAMES.length)] as string;
  const round = Math.floor(index / COMBOS);
  const local = `${first.toLowerCase()}.${last.toLowerCase()}${round > 0 ? round + 1 : ''}`;
  return { first, last, local };
}

/** Companies the word pairs name; a larger company adds a number (`<word>-<word>-2.example`). */
const WORD_PAIRS = WORDS_A.length * WORDS_B.length;
/** Known people per generated company, on average, once the word pairs are used up. */
const PEOPLE_PER_COMPANY = 25;

/**
 * How many generated companies a demo of `people` draws from: the 900 word pairs, then more, so a
 * large demo keeps a B2B shape (tens of known people per account, not thousands) and its account
 * journeys and same-name colleagues stay as rare as in a real database.
 */
export const companyCountFor = (people: number): number =>
  Math.max(WORD_PAIRS, Math.ceil(people / PEOPLE_PER_COMPANY));

/**
 * Mostly generated `<word>-<word>.example` companies; some named accounts and firmographics rows
 * (12 % of people up to 22,500 people, then the same ~2,700 people in all: a handful of named
 * accounts never holds a large demo's crowd).
 */
export function pickCompany(rng: Prng, seed: number, companies = WORD_PAIRS): Company {
  if (rng.chance(0.12 * Math.min(1, WORD_PAIRS / companies))) return rng.pick(KNOWN_COMPANIES);
  const slot = Math.floor(rng.next() * companies);
  if (cachedSeed !== seed) {
    cachedSeed = seed;
    cachedCompanies = [];
  }
  let company = cachedCompanies[slot];
  if (!company) {
    const pair = slot % WORD_PAIRS;
    const round = Math.floor(slot / WORD_PAIRS);
    const domain = `${WORDS_A[pair % WORDS_A.length]}-${WORDS_B[Math.floor(pair / WORDS_A.length)]}${round > 0 ? `-${round + 1}` : ''}.example`;
    company = cachedCompanies[slot] = generatedCompany(domain, seed);
  }
  return company;
}

/** Generated companies of the last seed: every person of a company shares one object. */
let cachedSeed = Number.NaN;
let cachedCompanies: Company[] = [];

/** A generated company's size and country follow from its domain, so all its people agree. */
export function generatedCompany(domain: string, seed: number): Company {
  const h = hashString(domain, seed);
  const country = weightedByHash(h, COUNTRY_WEIGHTS);
  // Head counts: lognormal-ish around 300, from a second hash; ~5% above 5,000 (enterprise).
  const u = (hashString(domain, seed ^ 0x5bd1e995) % 10_000) / 10_000;
  const employees = Math.max(5, Math.round(300 * Math.exp(2.0 * probit(u))));
  const name = domain
    .replace(/\.example$/, '')
    .split('-')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
  return { domain, name, employees: Math.min(employees, 200_000), country };
}

function weightedByHash(h: number, weights: Readonly<Record<string, number>>): string {
  const keys = Object.keys(weights);
  let total = 0;
  for (const k of keys) total += weights[k]!;
  let r = (h / 4294967296) * total;
  for (const k of keys) {
    r -= weights[k]!;
    if (r < 0) return k;
  }
  return keys[keys.length - 1]!;
}

/** Inverse standard normal CDF, logistic approximation: plenty for company head counts. */
function probit(p: number): number {
  const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q)) / 1.702;
}

export function pickState(rng: Prng, country: string): string | undefined {
  if (country === 'US') return rng.pick(US_STATES);
  if (country === 'CA') return rng.pick(CA_PROVINCES);
  return undefined;
}

/** Fictional phone numbers (555-01xx in North America, Ofcom drama numbers in the UK). */
export function phoneFor(rng: Prng, country: string): string {
  const d = (n: number) => rng.token(n, '0123456789');
  if (country === 'US' || country === 'CA')
    return `+1 ${rng.pick(['212', '415', '617', '312', '416'])} 555 01${d(2)}`;
  if (country === 'GB') return `+44 20 7946 0${d(3)}`;
  if (country === 'DE') return `+49 30 ${d(8)}`;
  if (country === 'AU') return `+61 2 ${d(8)}`;
  return `+${rng.pick(['33', '31', '46', '81', '65', '91'])} ${d(9)}`;
}
