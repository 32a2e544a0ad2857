import { describe, expect, it } from 'vitest';
import {
  companyCountFor,
  generatedCompany,
  KNOWN_COMPANIES,
  personName,
  pickCompany,
  REGION_OF,
} from './people.ts';
import { Prng } from './prng.ts';

describe('personName', () => {
  it('gives unique email local parts to 200,000 people', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(personName(i, 42).local);
    expect(seen.size).toBe(200_000);
  });

  it('is deterministic and seed-dependent', () => {
    expect(personName(17, 1)).toEqual(personName(17, 1));
    expect(personName(17, 1).local).not.toBe(personName(17, 2).local);
    expect(personName(0, 1).local).toMatch(/^[a-z]+\.[a-z]+$/);
  });
});

describe('companies', () => {
  it('gives a generated domain the same size and country every time', () => {
    expect(generatedCompany('blue-labs.example', 3)).toEqual(generatedCompany('blue-labs.example', 3));
    expect(generatedCompany('blue-labs.example', 3).name).toBe('Blue Labs');
  });

  it('weights countries NA 55%, EMEA 30%, APAC 15% and mixes in known accounts', () => {
    const rng = new Prng(11);
    const regions = { NA: 0, EMEA: 0, APAC: 0 };
    let known = 0;
    let enterprise = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const company = pickCompany(rng, 11);
      if (KNOWN_COMPANIES.includes(company)) known++;
      else {
        regions[REGION_OF[company.country]!]++;
        if (company.employees > 5000) enterprise++;
      }
      expect(company.domain).toMatch(/^[a-z]+(-[a-z]+)*\.example$/);
    }
    const generated = n - known;
    expect(known / n).toBeCloseTo(0.12, 1);
    // Generated companies: 900 domains, so the weights show up within a few points.
    expect(regions.NA / generated).toBeGreaterThan(0.47);
    expect(regions.NA / generated).toBeLessThan(0.63);
    expect(regions.EMEA / generated).toBeGreaterThan(0.22);
    expect(regions.APAC / generated).toBeGreaterThan(0.08);
    expect(enterprise / generated).toBeGreaterThan(0.01);
    expect(enterprise / generated).toBeLessThan(0.15);
  });
});

describe('companies of a large demo', () => {
  it('grow with the people: about 25 known people per generated company past the 900 word pairs', () => {
    expect(companyCountFor(2_000)).toBe(900);
    expect(companyCountFor(22_500)).toBe(900);
    expect(companyCountFor(1_000_000)).toBe(40_000);
  });

  it('spread 100,000 people over thousands of companies and keep the named accounts small', () => {
    const rng = new Prng(9, 1);
    const companies = companyCountFor(100_000);
    const known = new Set(KNOWN_COMPANIES.map((c) => c.domain));
    const seen = new Set<string>();
    let inKnown = 0;
    for (let i = 0; i < 100_000; i++) {
      const company = pickCompany(rng, 9, companies);
      seen.add(company.domain);
      if (known.has(company.domain)) inKnown++;
    }
    expect(seen.size).toBeGreaterThan(3_500);
    expect([...seen].some((d) => /-\d+\.example$/.test(d))).toBe(true);
    // 12 % × 900 / 4,000 = 2.7 %
    expect(inKnown / 100_000).toBeGreaterThan(0.02);
    expect(inKnown / 100_000).toBeLessThan(0.035);
  });
});
