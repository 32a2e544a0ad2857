import { describe, expect, it } from 'vitest';
import { cleanCompanyName, companyMatchKey } from './company.ts';

describe('cleanCompanyName', () => {
  it.each([
    ['Acme Holdings, Inc.', 'Acme Holdings', 'Inc.'],
    ['Acme Inc', 'Acme', 'Inc'],
    ['Acme, LLC', 'Acme', 'LLC'],
    ['Acme L.L.C.', 'Acme', 'L.L.C.'],
    ['Acme Co., Ltd.', 'Acme', 'Co., Ltd.'],
    ['Acme Pty. Ltd.', 'Acme', 'Pty. Ltd.'],
    ['Müller GmbH & Co. KG', 'Müller', 'GmbH & Co. KG'],
    ['Société Générale S.A.', 'Société Générale', 'S.A.'],
    ['Grupo Bimbo, S.A.B. de C.V.', 'Grupo Bimbo', 'S.A.B. de C.V.'],
    ['Maersk A/S', 'Maersk', 'A/S'],
    ['Nokia Oyj', 'Nokia', 'Oyj'],
    ['Infosys Pvt Ltd', 'Infosys', 'Pvt Ltd'],
    ['The Home Depot, Inc.', 'The Home Depot', 'Inc.'],
    ['  Acme   Corp  ', 'Acme', 'Corp'],
    ['AT&T Inc.', 'AT&T', 'Inc.'],
    ['Smith & Co.', 'Smith', '& Co.'],
    // nothing but a suffix, or a name that only looks like one
    ['Inc', 'Inc', null],
    ['The Company', 'The Company', null],
    ['Level Up', 'Level Up', null],
    ['Look At', 'Look At', null],
    ['Acme UK', 'Acme UK', null],
    ['Acme', 'Acme', null],
    ['', '', null],
  ])('%j → %j + %j', (input, display, legalSuffix) => {
    expect(cleanCompanyName(input)).toEqual({ display, legalSuffix });
  });
});

describe('companyMatchKey', () => {
  it.each([
    ['Acme Holdings, Inc.', 'acme'],
    ['ACME GROUP LTD', 'acme'],
    ['acme', 'acme'],
    ['The Home Depot', 'home depot'],
    ['The Home Depot, Inc.', 'home depot'],
    ['Home Depot, The', 'home depot'],
    ['AT&T', 'att'],
    ['AT&T Inc.', 'att'],
    ['AT & T', 'att'],
    ['AT and T', 'att'],
    ['ATT', 'att'],
    ['Procter & Gamble Co.', 'procter gamble'],
    ['Procter and Gamble', 'procter gamble'],
    ['J.P. Morgan Chase & Co.', 'jp morgan chase'],
    ['JP Morgan Chase', 'jp morgan chase'],
    ['H&M', 'hm'],
    ['Société Générale S.A.', 'societe generale'],
    ['Nestlé S.A.', 'nestle'],
    ['Müller GmbH & Co. KG', 'muller'],
    ["McDonald's Corporation", 'mcdonalds'],
    ['Yahoo!', 'yahoo'],
    ['ООО Ромашка', 'ооо ромашка'], // non-Latin names keep their letters
    ['Газпром ПАО', 'газпром'],
    ['Inc', 'inc'],
    ['Inc.', 'inc'],
    ['The Group', 'group'],
    ['The', 'the'],
    ['Go AI Labs', 'go ai labs'],
    ['Acme Systems', 'acme systems'],
    ['Acme Solutions', 'acme solutions'],
  ])('%j → %j', (input, key) => {
    expect(companyMatchKey(input)).toBe(key);
  });

  it('keys spelling variants of one company alike', () => {
    const variants = ['Acme Corporation', 'ACME Corp.', 'Acme, Inc.', 'The Acme Group', 'acme holdings ltd'];
    expect(new Set(variants.map(companyMatchKey))).toEqual(new Set(['acme']));
  });

  it.each([
    ['', ''],
    ['   ', ''],
    ['!!!', ''],
    ['😀😀', ''],
    ['\u0000\u0000', ''],
    ['<b>Acme</b> Inc', 'b acme b'],
    ['شركة أكمي', 'شركة اكمي'],
  ])('hostile %j → %j', (input, key) => {
    expect(companyMatchKey(input)).toBe(key);
  });

  it('stays fast and bounded on 10k-character input', () => {
    const start = performance.now();
    for (const input of [
      'a.'.repeat(5_000),
      'Inc '.repeat(2_500),
      'A & '.repeat(2_500),
      'x'.repeat(10_000),
    ]) {
      expect(typeof companyMatchKey(input)).toBe('string');
      expect(cleanCompanyName(input).display.length).toBeLessThanOrEqual(500);
    }
    expect(performance.now() - start).toBeLessThan(500);
  });
});
