import type { Kysely } from 'kysely';
import { FieldErrors } from '../campaigns/parse-values.ts';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import {
  getOpportunity,
  type OpportunityDetail,
  type OpportunityWrite,
  resolveAccounts,
  resolveContacts,
  writeOpportunities,
} from './opportunity.store.ts';
import { type ContactInput, readContact, readOpportunity } from './opportunity-input.ts';

const FIELDS = new Set([
  'external_id',
  'name',
  'account_id',
  'account_domain',
  'amount',
  'currency',
  'stage',
  'created_at',
  'closed_at',
  'is_closed',
  'is_won',
  'status',
  'contacts',
]);

/**
 * One opportunity from an API body (`POST /v1/opportunities`, and `mops demo` replaying a CRM):
 * validated field by field, upserted by `external_id` with its account and contacts in one
 * transaction.
 */
export async function upsertOpportunity(
  db: Kysely<DB>,
  body: Record<string, unknown>,
  options: { now: Date; source: string },
): Promise<{ written: OpportunityWrite; detail: OpportunityDetail }> {
  const now = options.now;
  const errors = new FieldErrors();
  for (const key of Object.keys(body)) {
    if (!FIELDS.has(key))
      errors.add(
        key,
        'UNKNOWN_FIELD',
        `unknown field "${key.slice(0, 60)}"; fields: ${[...FIELDS].join(', ')}`,
      );
  }
  const input = readOpportunity(errors, body, { now, createdRequired: false });
  const contacts: ContactInput[] = [];
  if (body.contacts !== undefined) {
    if (!Array.isArray(body.contacts) || body.contacts.length > 200) {
      errors.add(
        'contacts',
        'INVALID_TYPE',
        'contacts must be a list of at most 200 {person_id or email, role, is_primary}',
      );
    } else {
      body.contacts.forEach((item: unknown, i: number) => {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          errors.add(`contacts[${i}]`, 'INVALID_TYPE', `contacts[${i}] must be an object`);
          return;
        }
        const contact = readContact(errors, `contacts[${i}]`, item as Record<string, unknown>);
        if (contact) contacts.push(contact);
      });
    }
  }
  errors.throwIfAny('the opportunity is invalid');
  if (!input) throw new MopsError('VALIDATION_FAILED', 'the opportunity is invalid');
  const written = await db.transaction().execute(async (trx) => {
    const [account] = await resolveAccounts(trx, [input]);
    if (account && !account.ok) {
      throw new MopsError('VALIDATION_FAILED', `${account.path}: ${account.message}`, [
        { path: account.path, code: 'ACCOUNT_NOT_FOUND', message: account.message },
      ]);
    }
    const resolved = await resolveContacts(trx, contacts, 'contacts');
    const [write] = await writeOpportunities(
      trx,
      [{ input, accountId: account?.ok ? account.id : null, contacts: resolved }],
      {
        source: options.source,
        now,
        importId: null,
        replaceContacts: body.contacts !== undefined,
      },
    );
    return write as OpportunityWrite;
  });
  return { written, detail: await getOpportunity(db, written.id) };
}
