import { describe, expect, it } from 'vitest';
import { suggestEmailDomain } from './suggest-email-domain.ts';

describe('suggestEmailDomain suggests', () => {
  it.each([
    ['gmial.com', 'gmail.com'],
    ['gamil.com', 'gmail.com'],
    ['gmai.com', 'gmail.com'],
    ['gmaill.com', 'gmail.com'],
    ['gnail.com', 'gmail.com'],
    ['gmail.con', 'gmail.com'],
    ['gmail.cmo', 'gmail.com'],
    ['gmail.co', 'gmail.com'],
    ['gmail.cm', 'gmail.com'],
    ['gmial.cmo', 'gmail.com'],
    ['GMAIL.COM.', null],
    ['jane@gmial.com', 'gmail.com'],
    ['@gmial.com', 'gmail.com'],
    ['gmail', 'gmail.com'],
    ['hotmial.com', 'hotmail.com'],
    ['hotmil.com', 'hotmail.com'],
    ['homail.com', 'hotmail.com'],
    ['hotmail.co', 'hotmail.com'],
    ['hotmail.co.uk', null],
    ['hotmial.co.uk', 'hotmail.co.uk'],
    ['yaho.com', 'yahoo.com'],
    ['yahho.com', 'yahoo.com'],
    ['yahoo.cmo', 'yahoo.com'],
    ['outlok.com', 'outlook.com'],
    ['outllok.com', 'outlook.com'],
    ['iclod.com', 'icloud.com'],
    ['aol.con', 'aol.com'],
    ['googlemial.com', 'googlemail.com'],
    ['protonmial.com', 'protonmail.com'],
    ['comcats.net', 'comcast.net'],
    ['sbcglobal.nte', 'sbcglobal.net'],
    // a TLD typo on any domain, when the typo is not itself a TLD
    ['acme.con', 'acme.com'],
    ['acme.cmo', 'acme.com'],
    ['acme-corp.ogr', 'acme-corp.org'],
  ])('%j → %j', (input, expected) => {
    expect(suggestEmailDomain(input)).toBe(expected);
  });
});

describe('suggestEmailDomain leaves real domains alone', () => {
  it.each([
    'gmail.com',
    'gmx.com',
    'gmx.de',
    'gmx.net',
    'mail.com',
    'email.com',
    'ymail.com',
    'live.com',
    'me.com',
    'mac.com',
    'msn.com',
    'yahoo.fr',
    'yahoo.co.uk',
    'hotmail.de',
    'outlook.de',
    'gmail.de', // a real country TLD after a provider's name: intended or not, not a slip of .com
    'hive.com', // one edit from live.com, but four letters is too short to guess
    'hotmart.com', // two edits from hotmail.com
    'acme.com',
    'acme.co',
    'acme.co.uk',
    'acme.cm',
    'acme.io',
    'salesforce.com',
    'mailchimp.com',
    'gmailing.com', // three edits
    'protonmail.ch',
  ])('%j → null', (input) => {
    expect(suggestEmailDomain(input)).toBeNull();
  });

  it.each([
    '',
    '   ',
    '@',
    'not a domain',
    '<b>gmial.com</b>',
    'gmial.com\u0000',
    '😀.com',
    'جيميل.كوم',
    'a'.repeat(10_000),
    `${'g'.repeat(5_000)}.com`,
    'gmail..com',
  ])('hostile %j → null', (input) => {
    expect(suggestEmailDomain(input)).toBeNull();
  });

  it('stays fast on long input', () => {
    const start = performance.now();
    suggestEmailDomain(`${'gmail.'.repeat(40)}com`);
    suggestEmailDomain(`${'x'.repeat(250)}.com`);
    expect(performance.now() - start).toBeLessThan(100);
  });
});
