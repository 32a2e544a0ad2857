import { describe, expect, it } from 'vitest';
import { COUNTRY_ROWS } from './countries.data.ts';
import { countryByCode, isCountryCode, normalizeCountry, REGIONS, regionOfCountry } from './countries.ts';

describe('country table', () => {
  it('holds every ISO 3166-1 code once (plus Kosovo), with a known region', () => {
    expect(COUNTRY_ROWS).toHaveLength(250);
    expect(new Set(COUNTRY_ROWS.map((r) => r.iso2)).size).toBe(250);
    expect(new Set(COUNTRY_ROWS.map((r) => r.iso3)).size).toBe(250);
    for (const row of COUNTRY_ROWS) {
      expect(row.iso2).toMatch(/^[A-Z]{2}$/);
      expect(row.iso3).toMatch(/^[A-Z]{3}$/);
      expect(REGIONS).toContain(row.region);
    }
  });

  it('resolves every name and alias back to its own row', () => {
    for (const row of COUNTRY_ROWS) {
      for (const label of [row.name, ...row.aliases]) {
        expect(normalizeCountry(label)?.code, label).toBe(row.iso2);
      }
    }
  });
});

describe('normalizeCountry', () => {
  it.each([
    // codes, any case
    ['US', 'US'],
    ['us', 'US'],
    ['USA', 'US'],
    ['deu', 'DE'],
    ['CAN', 'CA'],
    [' gb ', 'GB'],
    // US aliases
    ['U.S.', 'US'],
    ['U.S.A.', 'US'],
    ['u. s. a.', 'US'],
    ['United States of America', 'US'],
    ['the United States', 'US'],
    ['America', 'US'],
    // UK aliases
    ['UK', 'GB'],
    ['U.K.', 'GB'],
    ['England', 'GB'],
    ['Scotland', 'GB'],
    ['Wales', 'GB'],
    ['Northern Ireland', 'GB'],
    ['Great Britain', 'GB'],
    ['United Kingdom', 'GB'],
    // others from the brief
    ['Holland', 'NL'],
    ['The Netherlands', 'NL'],
    ['netherlands', 'NL'],
    ['Korea', 'KR'],
    ['South Korea', 'KR'],
    ['Republic of Korea', 'KR'],
    ['Korea, Republic of', 'KR'],
    ['North Korea', 'KP'],
    ['Viet Nam', 'VN'],
    ['Vietnam', 'VN'],
    ['Deutschland', 'DE'],
    ['España', 'ES'],
    ['espana', 'ES'],
    ['Czechia', 'CZ'],
    ['Czech Republic', 'CZ'],
    ['Russia', 'RU'],
    ['Russian Federation', 'RU'],
    ['Türkiye', 'TR'],
    ['Turkiye', 'TR'],
    ['Turkey', 'TR'],
    ['UAE', 'AE'],
    ['U.A.E.', 'AE'],
    ['United Arab Emirates', 'AE'],
    ['Ivory Coast', 'CI'],
    ["Côte d'Ivoire", 'CI'],
    ['Cote d’Ivoire', 'CI'],
    ['Hong Kong', 'HK'],
    ['Taiwan', 'TW'],
    ['Macedonia', 'MK'],
    ['North Macedonia', 'MK'],
    ['Swaziland', 'SZ'],
    ['Eswatini', 'SZ'],
    ['Burma', 'MM'],
    ['Myanmar', 'MM'],
    // punctuation, spacing, ampersands, Saint/St
    ['  bosnia & herzegovina  ', 'BA'],
    ['Bosnia-Herzegovina', 'BA'],
    ['Guinea-Bissau', 'GW'],
    ['guinea bissau', 'GW'],
    ['St. Kitts and Nevis', 'KN'],
    ['Saint Lucia', 'LC'],
    ['TRINIDAD & TOBAGO', 'TT'],
    ['Réunion', 'RE'],
    ['Åland Islands', 'AX'],
    ['Curacao', 'CW'],
    ['São Tomé and Príncipe', 'ST'],
    ['Sao Tome and Principe', 'ST'],
    ['Democratic Republic of the Congo', 'CD'],
    ['DRC', 'CD'],
    ['Congo', 'CG'],
    ['Gambia', 'GM'],
    ['the Bahamas', 'BS'],
    ['Georgia', 'GE'],
    ['Saudi', 'SA'],
    ['Kosovo', 'XK'],
    ['XK', 'XK'],
    // qualifiers: every recognized part must agree
    ['Scotland, UK', 'GB'],
    ['UK (England)', 'GB'],
    ['Paris, France', 'FR'],
    ['USA / United States', 'US'],
    // typos: one edit for 6+ letters, two for 10+, one clear winner
    ['Phillipines', 'PH'],
    ['Luxemburg', 'LU'],
    ['Columbia', 'CO'],
    ['Argentinia', 'AR'],
    ['Marocco', 'MA'],
    ['Kazakstan', 'KZ'],
    ['Irland', 'IE'],
    ['Swtizerland', 'CH'],
    ['Untied States', 'US'],
    ['Untied Kingdom', 'GB'],
    ['Austrai', 'AT'],
    ['Slovakai', 'SK'],
    // native scripts
    ['日本', 'JP'],
    ['中国', 'CN'],
    ['Россия', 'RU'],
    ['대한민국', 'KR'],
    ['ישראל', 'IL'],
  ])('%j → %s', (input, code) => {
    expect(normalizeCountry(input)?.code).toBe(code);
  });

  it('stays fast on long hostile input', () => {
    const start = performance.now();
    for (const input of ['a'.repeat(10_000), 'a,'.repeat(5_000), `${'Untied '.repeat(8)}States`])
      normalizeCountry(input);
    expect(performance.now() - start).toBeLessThan(200);
  });

  it('returns the display name and region', () => {
    expect(normalizeCountry('united states of america')).toEqual({
      code: 'US',
      name: 'United States',
      region: 'NA',
    });
    expect(normalizeCountry('kor')).toEqual({ code: 'KR', name: 'South Korea', region: 'APAC' });
  });

  it.each([
    '',
    '   ',
    'Atlantis',
    'XX',
    'XYZ',
    'Europe',
    'South America',
    'the',
    'U',
    '12',
    'Irak', // four letters: Iraq or Iran, never guessed
    'Xambia', // one edit from both Gambia and Zambia
    'Nigera', // one edit from both Nigeria and Niger
    'Austria, Germany', // two countries
    '<b>France</b>',
    '🇫🇷',
    '\u0000',
    'x'.repeat(10_000),
    'France, '.repeat(2_000),
  ])('returns null for %j', (input) => {
    expect(normalizeCountry(input)).toBeNull();
  });
});

describe('regions', () => {
  it.each([
    ['US', 'NA'],
    ['CA', 'NA'],
    ['PR', 'NA'],
    ['GU', 'NA'],
    ['VI', 'NA'],
    ['AS', 'NA'],
    ['MP', 'NA'],
    ['MX', 'LATAM'],
    ['BR', 'LATAM'],
    ['GT', 'LATAM'],
    ['JM', 'LATAM'],
    ['DO', 'LATAM'],
    ['GB', 'EMEA'],
    ['DE', 'EMEA'],
    ['RU', 'EMEA'],
    ['TR', 'EMEA'],
    ['AE', 'EMEA'],
    ['IL', 'EMEA'],
    ['ZA', 'EMEA'],
    ['NG', 'EMEA'],
    ['JP', 'APAC'],
    ['IN', 'APAC'],
    ['AU', 'APAC'],
    ['NZ', 'APAC'],
    ['SG', 'APAC'],
    ['FJ', 'APAC'],
  ] as const)('%s is in %s', (code, region) => {
    expect(regionOfCountry(code)).toBe(region);
    expect(regionOfCountry(code.toLowerCase())).toBe(region);
  });

  it('returns null for unknown codes', () => {
    expect(regionOfCountry('XX')).toBeNull();
    expect(regionOfCountry('')).toBeNull();
  });
});

describe('countryByCode / isCountryCode', () => {
  it('accepts ISO2 and ISO3 in any case and nothing else', () => {
    expect(countryByCode('fra')?.iso2).toBe('FR');
    expect(countryByCode('Fr')?.iso3).toBe('FRA');
    expect(isCountryCode('de')).toBe(true);
    expect(isCountryCode('DEU')).toBe(true);
    expect(isCountryCode('UK')).toBe(false);
    expect(isCountryCode('Germany')).toBe(false);
    expect(isCountryCode('')).toBe(false);
  });

  it('never lets a short alias shadow another country’s code', () => {
    for (const row of COUNTRY_ROWS) {
      for (const alias of row.aliases) {
        if (!/^[A-Za-z]{2,3}$/.test(alias)) continue;
        const byCode = countryByCode(alias);
        expect(byCode === null || byCode.iso2 === row.iso2, alias).toBe(true);
      }
    }
  });
});
