import { describe, expect, it } from 'vitest';
import { registrableDomain } from './domain.ts';

describe('registrableDomain', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['https://www.Acme.CO.UK/about?x=1', 'acme.co.uk'],
    ['acme.co.uk/path?x', 'acme.co.uk'],
    ['www.acme.com', 'acme.com'],
    ['WWW.ACME.COM.', 'acme.com'],
    ['  http://shop.eu.acme.com:8080/x#y ', 'acme.com'],
    ['jane.doe@Sales.Acme.com', 'acme.com'],
    ['mailto:jane@acme.com.au', 'acme.com.au'],
    ['Jane Doe <jane@acme.de>', 'acme.de'],
    ['http://user:pw@acme.com/', 'acme.com'],
    ['acme.github.io', 'acme.github.io'], // private suffix: one site per user
    ['blog.acme.co.jp', 'acme.co.jp'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['münchen.de', 'münchen.de'],
  ])('%j → %j', (input, expected) => {
    expect(registrableDomain(input)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    '192.168.0.1',
    'http://10.0.0.1/admin',
    'http://[::1]/',
    'localhost',
    'acme',
    'acme.local', // not on the Public Suffix List
    'co.uk',
    '.com',
    'acme..com',
    '-acme.com',
    'not a domain at all',
    '<b>acme.com</b>',
    '🙂.🙂',
    'acme.com\u0000evil',
    'شركة',
    `${'a'.repeat(10_000)}.com`,
    'a.'.repeat(5_000),
  ])('%j → null', (input) => {
    expect(registrableDomain(input)).toBeNull();
  });

  it('stays fast on long hostile input', () => {
    const start = performance.now();
    for (const input of ['.'.repeat(2_000), 'a-'.repeat(1_000), `${'@'.repeat(2_000)}acme.com`])
      registrableDomain(input);
    expect(performance.now() - start).toBeLessThan(200);
  });
});
