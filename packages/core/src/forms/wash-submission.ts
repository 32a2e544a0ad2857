import { normalizeCountry, regionOfCountry } from '../hygiene/countries.ts';
import { classifyTitle } from '../hygiene/job-title.ts';
import { capitalizeName } from '../hygiene/names.ts';
import { normalizePhone } from '../hygiene/phone.ts';
import { normalizeState } from '../hygiene/states.ts';
import type { FieldValue } from '../model.ts';
import type { ValidSubmission } from './validate-submission.ts';

export interface WashChange {
  field: string;
  from: string;
  to: FieldValue;
  rule: string;
}

export interface WashedPerson {
  email: string;
  /** Washed input fields plus derived ones (function, seniority, region, email_domain, is_free_mail). */
  fields: Record<string, FieldValue>;
  changes: WashChange[];
}

/**
 * Automated washing, the second layer of hygiene: the same value always ends up in the same form,
 * so rules, routing and reports can rely on it. Every change is listed for the decision log.
 */
export function washSubmission(submission: ValidSubmission): WashedPerson {
  const fields: Record<string, FieldValue> = {};
  const changes: WashChange[] = [];
  const set = (field: string, from: string, to: FieldValue, rule: string) => {
    fields[field] = to;
    if (to !== from) changes.push({ field, from, to, rule });
  };
  for (const [name, value] of Object.entries(submission.fields)) {
    switch (name) {
      case 'email':
        set('email', value, submission.email, 'lower-case');
        break;
      case 'first_name':
      case 'last_name':
        set(name, value, capitalizeName(value), 'name capitalisation');
        break;
      case 'country': {
        const country = normalizeCountry(value);
        set('country', value, country?.code ?? value, 'country → ISO 3166-1 alpha-2');
        if (country) fields.region = country.region;
        break;
      }
      case 'state':
      case 'phone':
        break; // need the washed country; handled below
      default:
        fields[name] = value;
    }
  }
  if (submission.fields.state !== undefined) {
    const country = typeof fields.country === 'string' ? fields.country : null;
    const state = normalizeState(submission.fields.state, country);
    set('state', submission.fields.state, state?.code ?? submission.fields.state, 'state/province → code');
    if (state && !fields.country) {
      set('country', '', state.country, 'country from state');
      fields.region = regionOfCountry(state.country);
    }
  }
  if (submission.fields.phone !== undefined) {
    const raw = submission.fields.phone;
    const phone = normalizePhone(raw, typeof fields.country === 'string' ? fields.country : null);
    // E.164 with the extension in RFC 3966 form ("+14155550100;ext=23"): one string that the
    // same parser reads back. A number we cannot place is kept as typed.
    const washed =
      phone === null ? raw : phone.e164 + (phone.extension === null ? '' : `;ext=${phone.extension}`);
    set('phone', raw, washed, 'phone → E.164');
  }
  if (typeof fields.title === 'string') {
    const classified = classifyTitle(fields.title);
    fields.function = classified.function;
    fields.seniority = classified.seniority;
  }
  fields.email_domain = submission.emailDomain;
  fields.is_free_mail = submission.isFreeMail;
  return { email: submission.email, fields, changes };
}
