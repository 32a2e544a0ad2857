import { describe, expect, it } from 'vitest';
import { DISPOSABLE_DOMAINS } from './disposable-domains.data.ts';
import { isDisposableDomain, isFreeMailDomain } from './email-domains.ts';
import { FREE_MAIL_DOMAINS } from './free-mail-domains.data.ts';

describe('vendored lists', () => {
  it.each([
    ['free mail', FREE_MAIL_DOMAINS],
    ['disposable', DISPOSABLE_DOMAINS],
  ])('%s: one lowercase domain per line, no blanks', (_name, text) => {
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(5000);
    for (const line of lines) expect(line).toMatch(/^[a-z0-9.-]+\.[a-z0-9-]+$/);
  });
});

describe('isFreeMailDomain', () => {
  it.each([
    'gmail.com',
    'googlemail.com',
    'yahoo.com',
    'yahoo.co.uk',
    'yahoo.fr',
    'hotmail.com',
    'hotmail.co.uk',
    'outlook.com',
    'live.com',
    'icloud.com',
    'me.com',
    'aol.com',
    'proton.me',
    'protonmail.com',
    'gmx.de',
    'gmx.net',
    'web.de',
    'yandex.ru',
    'mail.ru',
    'qq.com',
    '163.com',
    'tutanota.com',
    // normalization of the argument
    'GMail.COM',
    '  gmail.com  ',
    'gmail.com.',
    '@gmail.com',
    'Jane.Doe@Gmail.com',
    // subdomains of a listed domain
    'nc.rr.com',
  ])('%j is free mail', (domain) => {
    expect(isFreeMailDomain(domain)).toBe(true);
  });

  it.each([
    'acme.com',
    'example.co.uk',
    'gmail.co',
    'notgmail.com',
    'gmail.com.evil.io',
    'com',
    '',
    'mailinator.com',
    // a public suffix in the list must not swallow every company beneath it
    'acme.net.ua',
  ])('%j is not free mail', (domain) => {
    expect(isFreeMailDomain(domain)).toBe(false);
  });

  it('still knows net.ua itself, as the list says', () => {
    expect(isFreeMailDomain('net.ua')).toBe(true);
  });
});

describe('isDisposableDomain', () => {
  it.each([
    'mailinator.com',
    'MAILINATOR.COM',
    'a.b.mailinator.com',
    'x@mailinator.com',
    '0-mail.com',
    'cleaninbox.dynv6.net',
  ])('%j is disposable', (domain) => {
    expect(isDisposableDomain(domain)).toBe(true);
  });

  it.each(['gmail.com', 'acme.com', 'mailinator.com.acme.com', 'dynv6.net', 'com', ''])(
    '%j is not disposable',
    (domain) => {
      expect(isDisposableDomain(domain)).toBe(false);
    },
  );

  it('never flags the big free-mail providers as disposable', () => {
    for (const domain of [
      'gmail.com',
      'yahoo.com',
      'outlook.com',
      'hotmail.com',
      'icloud.com',
      'proton.me',
    ]) {
      expect(isDisposableDomain(domain)).toBe(false);
    }
  });
});
