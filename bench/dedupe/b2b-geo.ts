// Places, addresses and phone numbers for the synthetic B2B set. Area codes and postcode prefixes
// are real for each city, so phone and address parsers see plausible, valid-looking values.
import type { Rng } from './prng.ts';

export type Country = 'US' | 'GB' | 'DE' | 'FR' | 'CA' | 'AU';

export interface City {
  country: Country;
  city: string;
  stateCode: string;
  stateName: string;
  /** Dialling area code (national significant number prefix) and how many digits follow it. */
  area: string;
  subscriberDigits: number;
  postcode: (rng: Rng) => string;
}

/** A phone number as its parts; formatting happens per record, so duplicates can differ. */
export interface Phone {
  country: Country;
  nsn: string;
}

/** n random digits, the first 2–9 (no leading 0 or 1, which mean trunk or country prefixes). */
const digits = (rng: Rng, n: number): string => String(rng.int(2 * 10 ** (n - 1), 10 ** n - 1));
const pad = (n: number, len: number) => String(n).padStart(len, '0');
const UK_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const CA_LETTERS = 'ABCEGHJKLMNPRSTVWXYZ';
const letter = (rng: Rng, set: string) => set[rng.int(0, set.length - 1)] as string;

const us = (city: string, stateCode: string, area: string, zip3: string): City => ({
  country: 'US',
  city,
  stateCode,
  stateName: US_STATES[stateCode] ?? stateCode,
  area,
  subscriberDigits: 7,
  postcode: (rng) => `${zip3}${pad(rng.int(1, 99), 2)}`,
});
const gb = (city: string, county: string, area: string, outward: string[]): City => ({
  country: 'GB',
  city,
  stateCode: '',
  stateName: county,
  area,
  subscriberDigits: 10 - area.length,
  postcode: (rng) =>
    `${rng.pick(outward)} ${rng.int(1, 9)}${letter(rng, UK_LETTERS)}${letter(rng, UK_LETTERS)}`,
});
const de = (city: string, stateCode: string, stateName: string, area: string, plz2: string): City => ({
  country: 'DE',
  city,
  stateCode,
  stateName,
  area,
  subscriberDigits: 10 - area.length,
  postcode: (rng) => `${plz2}${pad(rng.int(1, 999), 3)}`,
});
const fr = (city: string, stateCode: string, stateName: string, area: string, cp3: string): City => ({
  country: 'FR',
  city,
  stateCode,
  stateName,
  area,
  subscriberDigits: 8,
  postcode: (rng) => `${cp3}${pad(rng.int(1, 20), 2)}`,
});
const ca = (city: string, stateCode: string, stateName: string, area: string, fsa: string[]): City => ({
  country: 'CA',
  city,
  stateCode,
  stateName,
  area,
  subscriberDigits: 7,
  postcode: (rng) => `${rng.pick(fsa)} ${rng.int(0, 9)}${letter(rng, CA_LETTERS)}${rng.int(0, 9)}`,
});
const au = (city: string, stateCode: string, stateName: string, area: string, pc: number): City => ({
  country: 'AU',
  city,
  stateCode,
  stateName,
  area,
  subscriberDigits: 8,
  postcode: (rng) => String(pc + rng.int(0, 9)),
});

const US_STATES: Record<string, string> = {
  CA: 'California',
  NY: 'New York',
  IL: 'Illinois',
  TX: 'Texas',
  MA: 'Massachusetts',
  WA: 'Washington',
  CO: 'Colorado',
  GA: 'Georgia',
  FL: 'Florida',
  AZ: 'Arizona',
  PA: 'Pennsylvania',
  MN: 'Minnesota',
  OR: 'Oregon',
  NC: 'North Carolina',
  TN: 'Tennessee',
  UT: 'Utah',
  OH: 'Ohio',
  MI: 'Michigan',
  DC: 'District of Columbia',
};

const CITIES_BY_COUNTRY: Record<Country, City[]> = {
  US: [
    us('San Francisco', 'CA', '415', '941'),
    us('New York', 'NY', '212', '100'),
    us('Chicago', 'IL', '312', '606'),
    us('Austin', 'TX', '512', '787'),
    us('Boston', 'MA', '617', '021'),
    us('Seattle', 'WA', '206', '981'),
    us('Denver', 'CO', '303', '802'),
    us('Atlanta', 'GA', '404', '303'),
    us('Los Angeles', 'CA', '213', '900'),
    us('Miami', 'FL', '305', '331'),
    us('Dallas', 'TX', '214', '752'),
    us('Houston', 'TX', '713', '770'),
    us('Phoenix', 'AZ', '602', '850'),
    us('Philadelphia', 'PA', '215', '191'),
    us('Minneapolis', 'MN', '612', '554'),
    us('Portland', 'OR', '503', '972'),
    us('San Diego', 'CA', '619', '921'),
    us('Raleigh', 'NC', '919', '276'),
    us('Nashville', 'TN', '615', '372'),
    us('Salt Lake City', 'UT', '801', '841'),
    us('Columbus', 'OH', '614', '432'),
    us('Pittsburgh', 'PA', '412', '152'),
    us('Detroit', 'MI', '313', '482'),
    us('Charlotte', 'NC', '704', '282'),
    us('Washington', 'DC', '202', '200'),
  ],
  GB: [
    gb('London', 'Greater London', '20', ['EC1A', 'EC2A', 'W1T', 'SE1', 'N1', 'E14', 'WC2H']),
    gb('Manchester', 'Greater Manchester', '161', ['M1', 'M2', 'M3', 'M4']),
    gb('Birmingham', 'West Midlands', '121', ['B1', 'B2', 'B3']),
    gb('Edinburgh', 'City of Edinburgh', '131', ['EH1', 'EH2', 'EH3']),
    gb('Bristol', 'Bristol', '117', ['BS1', 'BS2']),
  ],
  DE: [
    de('Berlin', 'BE', 'Berlin', '30', '10'),
    de('München', 'BY', 'Bayern', '89', '80'),
    de('Hamburg', 'HH', 'Hamburg', '40', '20'),
    de('Frankfurt am Main', 'HE', 'Hessen', '69', '60'),
    de('Köln', 'NW', 'Nordrhein-Westfalen', '221', '50'),
  ],
  FR: [
    fr('Paris', 'IDF', 'Île-de-France', '1', '750'),
    fr('Lyon', 'ARA', 'Auvergne-Rhône-Alpes', '4', '690'),
    fr('Marseille', 'PAC', "Provence-Alpes-Côte d'Azur", '4', '130'),
    fr('Toulouse', 'OCC', 'Occitanie', '5', '310'),
    fr('Lille', 'HDF', 'Hauts-de-France', '3', '590'),
  ],
  CA: [
    ca('Toronto', 'ON', 'Ontario', '416', ['M5V', 'M5H', 'M4W']),
    ca('Vancouver', 'BC', 'British Columbia', '604', ['V6B', 'V6C', 'V6E']),
    ca('Montréal', 'QC', 'Québec', '514', ['H3B', 'H2Y', 'H3A']),
    ca('Calgary', 'AB', 'Alberta', '403', ['T2P', 'T2R']),
    ca('Ottawa', 'ON', 'Ontario', '613', ['K1P', 'K1R']),
  ],
  AU: [
    au('Sydney', 'NSW', 'New South Wales', '2', 2000),
    au('Melbourne', 'VIC', 'Victoria', '3', 3000),
    au('Brisbane', 'QLD', 'Queensland', '7', 4000),
    au('Perth', 'WA', 'Western Australia', '8', 6000),
  ],
};

const COUNTRY_WEIGHTS: [Country, number][] = [
  ['US', 0.55],
  ['GB', 0.12],
  ['CA', 0.1],
  ['DE', 0.08],
  ['AU', 0.08],
  ['FR', 0.07],
];

export const COUNTRY_NAMES: Record<Country, readonly string[]> = {
  US: ['US', 'USA', 'United States', 'United States of America', 'U.S.'],
  GB: ['GB', 'UK', 'United Kingdom', 'Great Britain'],
  DE: ['DE', 'Germany', 'Deutschland'],
  FR: ['FR', 'France'],
  CA: ['CA', 'Canada'],
  AU: ['AU', 'Australia'],
};

export const TLD: Record<Country, string> = {
  US: 'com',
  GB: 'co.uk',
  DE: 'de',
  FR: 'fr',
  CA: 'ca',
  AU: 'com.au',
};

export function pickCity(rng: Rng): City {
  let x = rng.next();
  for (const [country, weight] of COUNTRY_WEIGHTS) {
    x -= weight;
    if (x < 0) return rng.pick(CITIES_BY_COUNTRY[country]);
  }
  return rng.pick(CITIES_BY_COUNTRY.US);
}

export function makePhone(rng: Rng, city: City): Phone {
  return { country: city.country, nsn: city.area + digits(rng, city.subscriberDigits) };
}

const CALLING_CODE: Record<Country, string> = { US: '1', CA: '1', GB: '44', DE: '49', FR: '33', AU: '61' };

/** The national number split into its usual display groups. */
function groups(phone: Phone): string[] {
  const n = phone.nsn;
  switch (phone.country) {
    case 'US':
    case 'CA':
      return [n.slice(0, 3), n.slice(3, 6), n.slice(6)];
    case 'GB':
      return n.startsWith('20')
        ? [n.slice(0, 2), n.slice(2, 6), n.slice(6)]
        : [n.slice(0, 3), n.slice(3, 6), n.slice(6)];
    case 'DE': {
      const areaLen = n.startsWith('221') ? 3 : 2;
      return [n.slice(0, areaLen), n.slice(areaLen)];
    }
    case 'FR':
      return [n.slice(0, 1), n.slice(1, 3), n.slice(3, 5), n.slice(5, 7), n.slice(7)];
    case 'AU':
      return [n.slice(0, 1), n.slice(1, 5), n.slice(5)];
  }
}

/** Formats a phone in one of the ways people type them; style 0 is E.164. */
export function formatPhone(phone: Phone, style: number, extension?: string): string {
  const cc = CALLING_CODE[phone.country];
  const g = groups(phone);
  const nanp = phone.country === 'US' || phone.country === 'CA';
  let text: string;
  switch (style % 5) {
    case 0:
      text = `+${cc}${phone.nsn}`;
      break;
    case 1:
      text = nanp ? `(${g[0]}) ${g[1]}-${g[2]}` : `0${g.join(' ')}`;
      break;
    case 2:
      text = nanp ? g.join('-') : `+${cc} ${g.join(' ')}`;
      break;
    case 3:
      text = nanp ? g.join('.') : phone.country === 'FR' ? `0${g.join('.')}` : `+${cc} (0)${g.join(' ')}`;
      break;
    default:
      text = nanp
        ? `+1 ${g.join(' ')}`
        : phone.country === 'DE'
          ? `0${g[0]}/${g.slice(1).join('')}`
          : `+${cc} ${g.join('')}`;
  }
  if (extension === undefined) return text;
  const ext = [' x', ' ext. ', ' ext ', ' Ext.'][phone.nsn.charCodeAt(4) % 4] as string;
  return `${text}${ext}${extension}`;
}

const STREET_TYPES: [string, string][] = [
  ['Street', 'St'],
  ['Avenue', 'Ave'],
  ['Road', 'Rd'],
  ['Boulevard', 'Blvd'],
  ['Drive', 'Dr'],
  ['Lane', 'Ln'],
  ['Way', 'Way'],
];
const DE_STREETS = [
  'Haupt',
  'Bahnhof',
  'Friedrich',
  'Goethe',
  'Schiller',
  'Linden',
  'Kaiser',
  'Garten',
  'Ring',
];
const FR_STREETS = [
  'rue de la Paix',
  'rue du Faubourg Saint-Honoré',
  'boulevard Haussmann',
  'rue de Rivoli',
  'rue La Fayette',
  'avenue Victor Hugo',
  'rue Saint-Denis',
];

/** A company address as parts so duplicates can abbreviate or drop the suite. */
export interface Street {
  country: Country;
  number: number;
  name: string;
  type: number;
  suite?: number;
}

export function makeStreet(rng: Rng, country: Country, names: readonly string[]): Street {
  const name =
    country === 'DE' ? rng.pick(DE_STREETS) : country === 'FR' ? rng.pick(FR_STREETS) : rng.pick(names);
  const street: Street = {
    country,
    number: rng.int(1, 2400),
    name,
    type: rng.int(0, STREET_TYPES.length - 1),
  };
  if (country !== 'DE' && country !== 'FR' && rng.chance(0.4)) street.suite = rng.int(1, 40) * 100;
  if (country === 'DE' || country === 'FR') street.number = rng.int(1, 180);
  return street;
}

/** Renders a street; variant 0 is the full form, others abbreviate or drop the suite. */
export function formatStreet(s: Street, variant: number): string {
  if (s.country === 'DE')
    return variant % 2 === 0 ? `${s.name}straße ${s.number}` : `${s.name}str. ${s.number}`;
  if (s.country === 'FR') return variant % 2 === 0 ? `${s.number} ${s.name}` : `${s.number}, ${s.name}`;
  const [long, short] = STREET_TYPES[s.type] as [string, string];
  const base = `${s.number} ${s.name} ${variant % 2 === 0 ? long : short}${variant % 4 === 3 ? '.' : ''}`;
  if (s.suite === undefined || variant === 2) return base;
  return variant % 3 === 0 ? `${base}, Suite ${s.suite}` : `${base} Ste ${s.suite}`;
}
