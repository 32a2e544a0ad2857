import { describe, expect, it } from 'vitest';
import { emailMatchKey, parseEmail } from './email.ts';

describe('parseEmail accepts', () => {
  it.each([
    ['john@example.com', 'john', 'example.com'],
    ['  John.Smith@Example.COM  ', 'john.smith', 'example.com'],
    ['first.last+tag@sub.example.co.uk', 'first.last+tag', 'sub.example.co.uk'],
    ["o'neil@example.ie", "o'neil", 'example.ie'],
    ['a_b-c%d@my-company.io', 'a_b-c%d', 'my-company.io'],
    ["x!#$&'*/=?^`{|}~@example.org", "x!#$&'*/=?^`{|}~", 'example.org'],
    ['1234@123.example.com', '1234', '123.example.com'],
    ['user@xn--mnchen-3ya.de', 'user', 'xn--mnchen-3ya.de'],
    ['user@example.xn--p1ai', 'user', 'example.xn--p1ai'],
    [`${'a'.repeat(64)}@example.com`, 'a'.repeat(64), 'example.com'],
  ])('%j', (raw, local, domain) => {
    expect(parseEmail(raw)).toEqual({ ok: true, value: { email: `${local}@${domain}`, local, domain } });
  });

  it('accepts the 254-character maximum', () => {
    const domain = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.com`; // 195 chars
    const local = 'x'.repeat(254 - 1 - domain.length);
    const result = parseEmail(`${local}@${domain}`);
    expect(result.ok).toBe(true);
  });
});

describe('parseEmail rejects', () => {
  const longLabel = 'a'.repeat(64);
  it.each([
    ['', 'EMAIL_REQUIRED', /required/],
    ['   ', 'EMAIL_REQUIRED', /required/],
    ['john.example.com', 'EMAIL_INVALID', /no @.*name@example\.com/],
    ['john@@example.com', 'EMAIL_INVALID', /more than one @/],
    ['john@smith@example.com', 'EMAIL_INVALID', /more than one @/],
    ['"john smith"@example.com', 'EMAIL_INVALID', /Quoted addresses.*not supported/],
    ['@example.com', 'EMAIL_INVALID', /before the @ is empty/],
    ['john@', 'EMAIL_INVALID', /after the @ is empty/],
    ['.john@example.com', 'EMAIL_INVALID', /start or end with a dot/],
    ['john.@example.com', 'EMAIL_INVALID', /start or end with a dot/],
    ['john..smith@example.com', 'EMAIL_INVALID', /two dots in a row/],
    ['john smith@example.com', 'EMAIL_INVALID', /contains a space/],
    ['john(work)@example.com', 'EMAIL_INVALID', /contains "\("/],
    ['jöhn@example.com', 'EMAIL_INVALID', /contains "ö"/],
    ['john@localhost', 'EMAIL_INVALID', /no top-level domain.*localhost\.com/],
    ['john@example..com', 'EMAIL_INVALID', /two dots in a row/],
    ['john@.example.com', 'EMAIL_INVALID', /start or end with a dot/],
    ['john@example.com.', 'EMAIL_INVALID', /start or end with a dot/],
    ['john@-example.com', 'EMAIL_INVALID', /hyphen/],
    ['john@example-.com', 'EMAIL_INVALID', /hyphen/],
    ['john@exa_mple.com', 'EMAIL_INVALID', /contains "_"/],
    ['john@example,com', 'EMAIL_INVALID', /contains ","/],
    ['john@example.c', 'EMAIL_INVALID', /top-level domain/],
    ['john@example.123', 'EMAIL_INVALID', /top-level domain/],
    ['john@[192.0.2.1]', 'EMAIL_INVALID', /IP-address/],
    ['john@192.0.2.1', 'EMAIL_INVALID', /top-level domain/],
    ['john@münchen.de', 'EMAIL_INVALID', /punycode.*xn--/],
    [`${'a'.repeat(65)}@example.com`, 'EMAIL_TOO_LONG', /64/],
    [`john@${longLabel}.com`, 'EMAIL_TOO_LONG', /63/],
    [`john@${'a.'.repeat(125)}com`, 'EMAIL_TOO_LONG', /254/],
  ])('%j → %s', (raw, code, message) => {
    const result = parseEmail(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
  });
});

describe('emailMatchKey', () => {
  it.each([
    ['Jane.Doe@Acme.com', 'jane.doe@acme.com'], // dots matter outside Gmail
    ['  jane.doe+newsletter@acme.com ', 'jane.doe@acme.com'],
    ['jane+a+b@acme.com', 'jane@acme.com'],
    ['+all-tag@acme.com', '+all-tag@acme.com'], // nothing before the "+": keep it whole
    ['Jane.Doe+x@GMail.com', 'janedoe@gmail.com'],
    ['j.a.n.e@googlemail.com', 'jane@gmail.com'],
    ['jane.doe@gmail.co.uk', 'jane.doe@gmail.co.uk'], // not Google's
    ['jane.doe@outlook.com', 'jane.doe@outlook.com'],
  ])('%j → %j', (input, key) => {
    expect(emailMatchKey(input)).toBe(key);
  });

  it('keys the tagged and untagged address alike, while parseEmail keeps the tag', () => {
    expect(emailMatchKey('jane+crm@acme.com')).toBe(emailMatchKey('jane@acme.com'));
    expect(parseEmail('jane+crm@acme.com')).toMatchObject({
      ok: true,
      value: { email: 'jane+crm@acme.com' },
    });
  });

  it.each([
    '',
    'not an email',
    'jane@',
    '@acme.com',
    '<a href="mailto:x@y.com">x</a>',
    'jane\u0000@acme.com',
    '😀@acme.com',
    'مرحبا@example.com',
    `${'a'.repeat(10_000)}@acme.com`,
    `jane@${'a.'.repeat(5_000)}com`,
  ])('%j → null', (input) => {
    expect(emailMatchKey(input)).toBeNull();
  });
});
