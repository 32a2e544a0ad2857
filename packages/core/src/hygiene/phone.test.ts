import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneKeysMatch, phoneMatchKey } from './phone.ts';

describe('normalizePhone', () => {
  it.each([
    [
      '(415) 555-0100 x23',
      'US',
      { e164: '+14155550100', extension: '23', country: 'US', national: '4155550100' },
    ],
    [
      '(415) 555-0100 ext. 23',
      'US',
      { e164: '+14155550100', extension: '23', country: 'US', national: '4155550100' },
    ],
    [
      '415.555.0100 #23',
      'US',
      { e164: '+14155550100', extension: '23', country: 'US', national: '4155550100' },
    ],
    [
      '+1 415 555 0100',
      null,
      { e164: '+14155550100', extension: null, country: 'US', national: '4155550100' },
    ],
    [
      '+44 20 7946 0958',
      null,
      { e164: '+442079460958', extension: null, country: 'GB', national: '2079460958' },
    ],
    [
      '+44 20 7946 0958',
      'US',
      { e164: '+442079460958', extension: null, country: 'GB', national: '2079460958' },
    ],
    [
      '020 7946 0958',
      'GB',
      { e164: '+442079460958', extension: null, country: 'GB', national: '2079460958' },
    ],
    [
      '020 7946 0958',
      'United Kingdom',
      { e164: '+442079460958', extension: null, country: 'GB', national: '2079460958' },
    ],
    [
      '020 7946 0958',
      'GBR',
      { e164: '+442079460958', extension: null, country: 'GB', national: '2079460958' },
    ],
    [
      '0049 30 1234567',
      'DE',
      { e164: '+49301234567', extension: null, country: 'DE', national: '301234567' },
    ],
    // "00" is not the US access code, but nobody writes a US number that way.
    [
      '0049 30 1234567',
      'US',
      { e164: '+49301234567', extension: null, country: 'DE', national: '301234567' },
    ],
    [
      '0049 30 1234567',
      null,
      { e164: '+49301234567', extension: null, country: 'DE', national: '301234567' },
    ],
    [
      '011 44 20 7946 0958',
      'US',
      { e164: '+442079460958', extension: null, country: 'GB', national: '2079460958' },
    ],
    // +1 is shared: the area code places the number in Canada whatever the hint said.
    [
      '+1 416 555 0199',
      'US',
      { e164: '+14165550199', extension: null, country: 'CA', national: '4165550199' },
    ],
    ['06 12 34 56 78', 'FR', { e164: '+33612345678', extension: null, country: 'FR', national: '612345678' }],
    [
      '+49 30 1234567 ext. 5',
      null,
      { e164: '+49301234567', extension: '5', country: 'DE', national: '301234567' },
    ],
    [
      '４１５-５５５-０１００',
      'US',
      { e164: '+14155550100', extension: null, country: 'US', national: '4155550100' },
    ],
    // NULs and other control characters count as separators, not as part of the number.
    [
      '\u0000415\u0000555\u00000100',
      'US',
      { e164: '+14155550100', extension: null, country: 'US', national: '4155550100' },
    ],
    [
      'tel: +1-415-555-0100',
      null,
      { e164: '+14155550100', extension: null, country: 'US', national: '4155550100' },
    ],
  ] as const)('%j (hint %j)', (raw, hint, expected) => {
    expect(normalizePhone(raw, hint)).toEqual(expected);
  });

  it.each([
    ['', 'US'],
    ['   ', 'US'],
    ['call me maybe', 'US'],
    ['n/a', null],
    ['12345', 'US'], // too short
    ['555-0100', 'US'], // local number without area code
    ['+1 999 555 0100', null], // no such area code
    ['4155550100', null], // national form, no hint: not guessed
    ['4155550100', 'Narnia'], // unknown hint is no hint
    ['+1 415 555 0100 555 0100 555 0100', null], // too long
    ['<script>alert(1)</script>', 'US'],
    ['📞📞📞', 'US'],
    ['هاتف', 'EG'],
    ['9'.repeat(10_000), 'US'],
  ] as const)('%j (hint %j) → null', (raw, hint) => {
    expect(normalizePhone(raw, hint)).toBeNull();
  });

  it('stays fast on a long hostile input', () => {
    const start = performance.now();
    for (const raw of ['1-'.repeat(5_000), ' x'.repeat(5_000), `${'('.repeat(5_000)}415`]) {
      normalizePhone(raw, 'US');
      phoneMatchKey(raw, 'US');
    }
    expect(performance.now() - start).toBeLessThan(200);
  });
});

describe('phoneMatchKey', () => {
  it.each([
    ['+1 (415) 555-0100', null, '14155550100'],
    ['(415) 555-0100 x23', 'US', '14155550100'], // extension not part of the key
    ['020 7946 0958', 'GB', '442079460958'],
    ['+44 (0)20 7946 0958', null, '442079460958'],
    // unparseable: last 7–10 digits of what was typed
    ['4155550100', null, '4155550100'],
    ['555-0100 x23', 'US', '5550100'],
    ['1-999-555-0100', null, '9995550100'],
    ['12345', 'US', null],
    ['', null, null],
    ['no phone', 'US', null],
  ] as const)('%j (hint %j) → %j', (raw, hint, key) => {
    expect(phoneMatchKey(raw, hint)).toBe(key);
  });

  it.each([
    ['14155550100', '14155550100', true],
    ['4155550100', '14155550100', true],
    ['5550100', '14155550100', true],
    ['14155550101', '14155550100', false],
    ['555010', '14155550100', false], // too short to count
    ['442079460958', '14155550100', false],
    [null, null, false],
    ['', '', false],
  ] as const)('phoneKeysMatch(%j, %j) = %j', (a, b, same) => {
    expect(phoneKeysMatch(a, b)).toBe(same);
    expect(phoneKeysMatch(b, a)).toBe(same);
  });
});
