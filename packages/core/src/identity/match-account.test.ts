import { describe, expect, it } from 'vitest';
import { accountKeyOf, describeAccountKey } from './match-account.ts';

describe('accountKeyOf', () => {
  it.each([
    [
      { emailDomain: 'mail.uk.acme.co.uk', isFreeMail: false },
      { by: 'email_domain', domain: 'acme.co.uk' },
    ],
    [
      { emailDomain: 'acme.com', isFreeMail: false, company: 'Other Inc' },
      { by: 'email_domain', domain: 'acme.com' },
    ],
    [
      { emailDomain: 'corp.internal', isFreeMail: false },
      { by: 'email_domain', domain: 'corp.internal' },
    ],
    [
      { emailDomain: 'gmail.com', isFreeMail: true, website: 'https://www.Acme.com/about', company: 'Acme' },
      { by: 'website', domain: 'acme.com' },
    ],
    [
      {
        emailDomain: 'gmail.com',
        isFreeMail: true,
        website: 'not a site',
        company: 'The Acme Company, Inc.',
      },
      { by: 'company_name' },
    ],
    [{ emailDomain: 'gmail.com', isFreeMail: true, company: 'AB' }, null],
    [{ emailDomain: 'gmail.com', isFreeMail: true, website: 'linkedin.com/in/jane' }, null],
    [{ emailDomain: 'gmail.com', isFreeMail: true, website: 'https://sites.google.com/view/jane' }, null],
    [{ emailDomain: 'gmail.com', isFreeMail: true, website: 'gmail.com' }, null],
    [{ emailDomain: 'gmail.com', isFreeMail: true }, null],
  ])('%j → %j', (input, expected) => {
    const key = accountKeyOf(input);
    if (expected === null) expect(key).toBeNull();
    else expect(key).toMatchObject(expected);
  });

  it('describes how it matched, for the decision log', () => {
    const key = accountKeyOf({ emailDomain: 'eu.acme.com', isFreeMail: false });
    expect(key && describeAccountKey(key)).toBe('email domain eu.acme.com (registrable acme.com)');
  });
});
