// The real-world truth behind the synthetic B2B set: companies (name, domain, switchboard,
// address) and the people who work there. Records are rendered from these in b2b-records.ts.
import { type City, makePhone, makeStreet, type Phone, pickCity, type Street, TLD } from './b2b-geo.ts';
import { BRAND_WORDS, FIRST_NAMES, INDUSTRY_WORDS, LAST_NAMES, STREET_NAMES } from './b2b-pools.data.ts';
import {
  type CompanyName,
  EMAIL_PATTERNS,
  type EmailPattern,
  emailLocal,
  pickSuffix,
  pickTitle,
  slug,
  type Title,
  webmailAddress,
} from './b2b-variants.ts';
import { type Rng, weightedPicker } from './prng.ts';

export interface Company {
  name: CompanyName;
  domain: string;
  city: City;
  street: Street;
  postcode: string;
  switchboard: Phone;
  emailPattern: EmailPattern;
  /** Work-email local parts in use, so colleagues never share an address. */
  locals: Set<string>;
}

export interface Person {
  entity: number;
  company: Company;
  first: string;
  last: string;
  /** Generational suffix; always written on every record of the person (see sr/jr negatives). */
  suffix?: 'Sr.' | 'Jr.';
  title: Title;
  emailLocal: string;
  webmail: string;
  direct?: Phone;
  extension?: string;
  /** Part of a similar-name pair at one company: duplicates of them avoid name typos. */
  confusable: boolean;
}

const uniq = (xs: readonly string[]) => [...new Set(xs)];
const FIRST = uniq(FIRST_NAMES);
const LAST = uniq(LAST_NAMES);
// Zipf-like weights: the top names are ~20x as common as the tail, as in census name tables.
const pickFirst = weightedPicker(FIRST, (rank) => 1 / (rank + 12));
const pickLast = weightedPicker(LAST, (rank) => 1 / (rank + 15));

export class World {
  private readonly domains = new Set<string>();
  private readonly webmails = new Set<string>();
  private nextEntity = 0;

  private readonly rng: Rng;

  constructor(rng: Rng) {
    this.rng = rng;
  }

  company(): Company {
    const rng = this.rng;
    const city = pickCity(rng);
    const base = this.companyBase();
    const name: CompanyName = { base, suffix: pickSuffix(rng, city.country), country: city.country };
    return {
      name,
      domain: this.domainFor(base, city),
      city,
      street: makeStreet(rng, city.country, STREET_NAMES),
      postcode: city.postcode(rng),
      switchboard: makePhone(rng, city),
      emailPattern: rng.pick(EMAIL_PATTERNS),
      locals: new Set(),
    };
  }

  person(company: Company, first: string, last: string, suffix?: 'Sr.' | 'Jr.'): Person {
    const rng = this.rng;
    let local = emailLocal(company.emailPattern, first, last);
    if (suffix === 'Jr.') local = rng.chance(0.5) ? `${local}.jr` : `${local}jr`;
    for (let n = 2; company.locals.has(local); n++)
      local = `${emailLocal(company.emailPattern, first, last)}${n}`;
    company.locals.add(local);
    // One mailbox per person: common names run out of the short forms, so add digits (as the
    // mail providers make people do).
    let webmail = webmailAddress(rng, first, last);
    while (this.webmails.has(webmail)) webmail = webmail.replace('@', String(rng.int(0, 9)).concat('@'));
    this.webmails.add(webmail);
    const person: Person = {
      entity: this.nextEntity++,
      company,
      first,
      last,
      title: pickTitle(rng),
      emailLocal: local,
      webmail,
      confusable: false,
    };
    if (suffix !== undefined) person.suffix = suffix;
    if (rng.chance(0.6)) person.direct = makePhone(rng, company.city);
    else if (rng.chance(0.5)) person.extension = String(rng.int(100, 4999));
    return person;
  }

  firstName(): string {
    return pickFirst(this.rng);
  }

  lastName(): string {
    return pickLast(this.rng);
  }

  /**
   * Two real, different names that look alike (John Smith / Jon Smyth, Steven Clark / Stephen
   * Clarke): colleagues a matcher must keep apart. Only real spellings — a made-up near-name would
   * be indistinguishable from a typo, which no human could call either.
   */
  confusableNames(): [[string, string], [string, string]] {
    const rng = this.rng;
    const [f1, f2] = rng.chance(0.5) ? rng.pick(CONFUSABLE_FIRST) : reversed(rng.pick(CONFUSABLE_FIRST));
    const [l1, l2] = rng.chance(0.5) ? rng.pick(CONFUSABLE_LAST) : reversed(rng.pick(CONFUSABLE_LAST));
    const kind = rng.int(0, 2);
    return [[f1, l1], kind === 0 ? [f2, l2] : kind === 1 ? [f2, l1] : [f1, l2]];
  }

  private companyBase(): string {
    const rng = this.rng;
    const kind = rng.int(0, 9);
    if (kind <= 2) return `${rng.pick(BRAND_WORDS)} ${rng.pick(INDUSTRY_WORDS)}`;
    if (kind <= 4) return `${rng.pick(LAST)} & ${rng.pick(LAST)}`;
    if (kind <= 6) return `${rng.pick(BRAND_WORDS)} ${rng.pick(BRAND_WORDS)} ${rng.pick(INDUSTRY_WORDS)}`;
    if (kind <= 8) return `${rng.pick(LAST)} ${rng.pick(INDUSTRY_WORDS)}`;
    return `${rng.pick(BRAND_WORDS)}${rng.pick(['ly', 'io', 'ify', 'era', 'ix'])}`;
  }

  private domainFor(base: string, city: City): string {
    const rng = this.rng;
    const words = base
      .split(/[\s&]+/)
      .filter(Boolean)
      .map(slug);
    const tld = rng.chance(0.7) ? TLD[city.country] : rng.pick(['com', 'io', 'net', 'co']);
    const candidates = [
      words.join(''),
      words[0] ?? 'company',
      words.map((w) => w.slice(0, 1)).join('') + (words.at(-1) ?? ''),
      `${words.join('-')}`,
      `${words.join('')}${slug(city.city).slice(0, 3)}`,
    ];
    const start = rng.int(0, 2) === 0 ? 1 : 0;
    for (let i = start; i < candidates.length; i++) {
      const domain = `${candidates[i]}.${tld}`;
      if (!this.domains.has(domain)) {
        this.domains.add(domain);
        return domain;
      }
    }
    for (let n = 2; ; n++) {
      const domain = `${candidates[0]}${n}.${tld}`;
      if (!this.domains.has(domain)) {
        this.domains.add(domain);
        return domain;
      }
    }
  }
}

const reversed = ([a, b]: readonly [string, string]): [string, string] => [b, a];

// Different real names that differ by a letter or a sound.
const CONFUSABLE_FIRST: readonly (readonly [string, string])[] = [
  ['John', 'Jon'],
  ['Steven', 'Stephen'],
  ['Sara', 'Sarah'],
  ['Brian', 'Bryan'],
  ['Eric', 'Erik'],
  ['Catherine', 'Katherine'],
  ['Jeffrey', 'Geoffrey'],
  ['Alan', 'Allan'],
  ['Philip', 'Phillip'],
  ['Ann', 'Anne'],
  ['Mark', 'Marc'],
  ['Carl', 'Karl'],
  ['Christina', 'Kristina'],
  ['Daniel', 'Danielle'],
  ['Michael', 'Michelle'],
  ['Jon', 'Joan'],
  ['Lena', 'Lina'],
  ['Rahul', 'Raul'],
  ['Mohammed', 'Muhammad'],
];
const CONFUSABLE_LAST: readonly (readonly [string, string])[] = [
  ['Smith', 'Smyth'],
  ['Thompson', 'Thomson'],
  ['Peterson', 'Petersen'],
  ['Anderson', 'Andersen'],
  ['Reid', 'Reed'],
  ['Gray', 'Grey'],
  ['Clark', 'Clarke'],
  ['Meyer', 'Meier'],
  ['Schmidt', 'Schmitt'],
  ['Phillips', 'Philips'],
  ['Hansen', 'Hanson'],
  ['Stewart', 'Stuart'],
  ['Lee', 'Li'],
  ['Chen', 'Chan'],
  ['Wang', 'Wong'],
  ['MacDonald', 'McDonald'],
  ['Nielsen', 'Nielson'],
  ['Shah', 'Sha'],
];
