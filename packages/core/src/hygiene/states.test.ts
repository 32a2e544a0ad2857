import { describe, expect, it } from 'vitest';
import { listStates, normalizeState } from './states.ts';

describe('state tables', () => {
  it('has the 50 states, DC, 5 territories and 13 provinces, codes unique across both', () => {
    const rows = listStates();
    expect(rows.filter((r) => r.country === 'US')).toHaveLength(56);
    expect(rows.filter((r) => r.country === 'CA')).toHaveLength(13);
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
  });

  it('resolves every code and name without a country hint', () => {
    for (const row of listStates()) {
      expect(normalizeState(row.code, null), row.code).toEqual(row);
      expect(normalizeState(row.code.toLowerCase(), null), row.code).toEqual(row);
      expect(normalizeState(row.name, null), row.name).toEqual(row);
      expect(normalizeState(row.name.toUpperCase(), row.country), row.name).toEqual(row);
    }
  });
});

describe('normalizeState', () => {
  it.each([
    ['CA', null, 'CA', 'US'],
    ['ca', 'US', 'CA', 'US'],
    ['california', 'us', 'CA', 'US'],
    ['Calif.', null, 'CA', 'US'],
    ['Mass.', null, 'MA', 'US'],
    ['Penn.', null, 'PA', 'US'],
    ['Penna.', 'US', 'PA', 'US'],
    ['Wash.', null, 'WA', 'US'],
    ['Washington', null, 'WA', 'US'],
    ['Washington, D.C.', null, 'DC', 'US'],
    ['D.C.', null, 'DC', 'US'],
    ['District Of Columbia', null, 'DC', 'US'],
    ['N.Y.', null, 'NY', 'US'],
    ['n.y', null, 'NY', 'US'],
    ['N. Y.', null, 'NY', 'US'],
    ['  new   york ', null, 'NY', 'US'],
    ['W.Va.', null, 'WV', 'US'],
    ['W. Va.', null, 'WV', 'US'],
    ['Puerto Rico', null, 'PR', 'US'],
    ['PR', 'Puerto Rico', 'PR', 'US'],
    ['Guam', 'USA', 'GU', 'US'],
    ['U.S. Virgin Islands', null, 'VI', 'US'],
    ['Northern Mariana Islands', null, 'MP', 'US'],
    ['American Samoa', 'United States', 'AS', 'US'],
    ['Ont.', null, 'ON', 'CA'],
    ['Ontario', 'CA', 'ON', 'CA'],
    ['Que.', null, 'QC', 'CA'],
    ['Québec', null, 'QC', 'CA'],
    ['quebec', 'Canada', 'QC', 'CA'],
    ['PQ', null, 'QC', 'CA'],
    ['B.C.', null, 'BC', 'CA'],
    ['bc', 'can', 'BC', 'CA'],
    ['P.E.I.', null, 'PE', 'CA'],
    ['Newfoundland', null, 'NL', 'CA'],
    ['NWT', null, 'NT', 'CA'],
    ['Yukon Territory', null, 'YT', 'CA'],
    ['N. Carolina', null, 'NC', 'US'],
    ['Pa.', null, 'PA', 'US'],
    // French names of the provinces
    ['Colombie-Britannique', null, 'BC', 'CA'],
    ['colombie britannique', 'CA', 'BC', 'CA'],
    ['Nouvelle-Écosse', null, 'NS', 'CA'],
    ['Île-du-Prince-Édouard', null, 'PE', 'CA'],
    ['Terre-Neuve', null, 'NL', 'CA'],
    ['Territoires du Nord-Ouest', null, 'NT', 'CA'],
    // typos: one edit for 6+ letters, two for 10+
    ['Calfornia', null, 'CA', 'US'],
    ['Pensylvania', 'US', 'PA', 'US'],
    ['Pennsilvania', null, 'PA', 'US'],
    ['Massachusets', null, 'MA', 'US'],
    ['Masachusetts', null, 'MA', 'US'],
    ['Conneticut', null, 'CT', 'US'],
    ['Missisippi', null, 'MS', 'US'],
    ['Tennesee', null, 'TN', 'US'],
    ['Virgina', null, 'VA', 'US'],
    ['Washingon', null, 'WA', 'US'],
    ['Lousiana', null, 'LA', 'US'],
    ['Saskatchewen', null, 'SK', 'CA'],
    ['Ontaro', null, 'ON', 'CA'],
    ['Colombie-Britanique', null, 'BC', 'CA'],
    ['Quebek', 'Canada', 'QC', 'CA'],
    ['Kanasas', null, 'KS', 'US'],
  ] as const)('%j in %j → %s, %s', (input, country, code, expectedCountry) => {
    expect(normalizeState(input, country)).toMatchObject({ code, country: expectedCountry });
  });

  it('stays fast on long hostile input', () => {
    const start = performance.now();
    for (const input of ['a'.repeat(10_000), 'a.'.repeat(5_000), 'Newyork'.repeat(8)])
      normalizeState(input, null);
    expect(performance.now() - start).toBeLessThan(200);
  });

  it('returns the display name', () => {
    expect(normalizeState('calif', null)).toEqual({ code: 'CA', name: 'California', country: 'US' });
  });

  it.each([
    ['', null],
    ['   ', 'US'],
    ['Narnia', null],
    ['XX', null],
    // right name, wrong country
    ['CA', 'CA'],
    ['Ontario', 'US'],
    ['Texas', 'CA'],
    // countries we keep no subdivisions for
    ['Bavaria', 'DE'],
    ['NSW', 'AU'],
    ['NY', 'Atlantis'],
    // codes and short names are never fuzzy
    ['CX', null],
    ['NX', 'US'],
    ['Iowq', null],
    ['Ohoi', null],
    ['Texs', null],
    // too far, or as close to two states
    ['Californication', null],
    ['Dakota', null],
    // hostile
    ['<b>Texas</b>', null],
    ['🤠', null],
    ['\u0000', 'US'],
    ['تكساس', null],
    ['x'.repeat(10_000), null],
    ['Texas '.repeat(2_000), 'US'],
  ] as const)('%j in %j → null', (input, country) => {
    expect(normalizeState(input, country)).toBeNull();
  });
});
