import {
  type FieldErrors,
  readBoolean,
  readCurrency,
  readEnum,
  readMoney,
  readText,
  readTimestamp,
} from '../campaigns/parse-values.ts';
import { UUID_PATTERN } from '../ids.ts';

/** An opportunity as checked, before its account is resolved. */
export interface OpportunityInput {
  externalId: string | null;
  name: string;
  accountId: string | null;
  accountDomain: string | null;
  amount: number | null;
  currency: string;
  stage: string;
  createdAt: Date;
  closedAt: Date | null;
  isClosed: boolean;
  isWon: boolean;
}

export interface ContactInput {
  personId?: string;
  email?: string;
  role: string | null;
  isPrimary: boolean;
}

/**
 * Reads an opportunity from an API body or a CSV row. `status: won|lost|open` is shorthand for
 * is_closed/is_won; a won deal is closed; closing before creation is refused.
 */
export function readOpportunity(
  errors: FieldErrors,
  fields: Record<string, unknown>,
  opts: { now: Date; createdRequired: boolean },
): OpportunityInput | undefined {
  const before = errors.details.length;
  const externalId = readText(errors, 'external_id', fields.external_id, { max: 200 }) ?? null;
  const name = readText(errors, 'name', fields.name, { required: true, max: 300 });
  const accountId = readText(errors, 'account_id', fields.account_id, { max: 36 }) ?? null;
  if (accountId && !UUID_PATTERN.test(accountId)) {
    errors.add(
      'account_id',
      'INVALID_ID',
      'account_id is not an account id (a UUID); use account_domain for a website',
    );
  }
  const accountDomain = readText(errors, 'account_domain', fields.account_domain, { max: 253 }) ?? null;
  const amount = readMoney(errors, 'amount', fields.amount) ?? null;
  const currency = readCurrency(errors, 'currency', fields.currency) ?? 'USD';
  const stage = readText(errors, 'stage', fields.stage, { required: true, max: 100 });
  const latest = new Date(opts.now.getTime() + 24 * 3600_000);
  const createdAt =
    readTimestamp(errors, 'created_at', fields.created_at, {
      required: opts.createdRequired,
      notAfter: latest,
    }) ?? (opts.createdRequired ? undefined : opts.now);
  const closedAt = readTimestamp(errors, 'closed_at', fields.closed_at, { notAfter: latest }) ?? null;
  const status = readEnum(errors, 'status', fields.status, ['open', 'won', 'lost'] as const);
  let isWon = readBoolean(errors, 'is_won', fields.is_won);
  let isClosed = readBoolean(errors, 'is_closed', fields.is_closed);
  if (status === 'won' || status === 'lost') {
    if (isWon !== undefined && isWon !== (status === 'won'))
      errors.add('is_won', 'CONFLICT', `is_won disagrees with status ${status}`);
    if (isClosed === false) errors.add('is_closed', 'CONFLICT', `is_closed is false but status is ${status}`);
    isWon = status === 'won';
    isClosed = true;
  } else if (status === 'open' && (isClosed || isWon)) {
    errors.add('status', 'CONFLICT', 'status is open but is_closed or is_won is true');
  }
  if (isWon && isClosed === false)
    errors.add('is_won', 'CONFLICT', 'a won opportunity is closed; is_closed is false');
  const closed = isClosed ?? (isWon === true || closedAt !== null);
  if (createdAt && closedAt && closedAt < createdAt) {
    errors.add(
      'closed_at',
      'CLOSED_BEFORE_CREATED',
      `closed_at ${closedAt.toISOString()} is before created_at ${createdAt.toISOString()}`,
    );
  }
  if (errors.details.length > before) return undefined;
  return {
    externalId,
    name: name as string,
    accountId: accountId?.toLowerCase() ?? null,
    accountDomain,
    amount,
    currency,
    stage: stage as string,
    createdAt: createdAt as Date,
    closedAt,
    isClosed: closed,
    isWon: isWon ?? false,
  };
}

export function readContact(
  errors: FieldErrors,
  path: string,
  fields: Record<string, unknown>,
): ContactInput | undefined {
  const before = errors.details.length;
  const personId = readText(errors, `${path}.person_id`, fields.person_id, { max: 36 });
  if (personId && !UUID_PATTERN.test(personId)) {
    errors.add(`${path}.person_id`, 'INVALID_ID', `${path}.person_id is not a person id (a UUID)`);
  }
  const email = readText(errors, `${path}.email`, fields.email, { max: 254 });
  if (!personId && !email) errors.add(path, 'REQUIRED', `${path} needs person_id or email`);
  const role = readText(errors, `${path}.role`, fields.role, { max: 100 }) ?? null;
  const isPrimary = readBoolean(errors, `${path}.is_primary`, fields.is_primary) ?? false;
  if (errors.details.length > before) return undefined;
  return { ...(personId ? { personId } : {}), ...(email ? { email } : {}), role, isPrimary };
}
