import { lookupPeople } from '../campaigns/campaign-members.store.ts';
import { FieldErrors } from '../campaigns/parse-values.ts';
import { mapBySynonyms, type RowImporter, type RowReject, rowFields } from '../campaigns/run-row-import.ts';
import {
  type OpportunityItem,
  type OpportunityWrite,
  resolveAccounts,
  writeOpportunities,
} from './opportunity.store.ts';
import { readContact, readOpportunity } from './opportunity-input.ts';

/** Looks up nobody: rows without a contact still take a slot in the batch lookup. */
const NO_PERSON = '00000000-0000-0000-0000-000000000000';

const OPPORTUNITY_COLUMNS = {
  external_id: ['external_id', 'id', 'opportunity_id', 'opp_id', 'crm_id'],
  name: ['name', 'opportunity_name', 'opportunity'],
  account_id: ['account_id'],
  account_domain: ['account_domain', 'domain', 'website', 'account_website'],
  amount: ['amount', 'value', 'deal_size'],
  currency: ['currency'],
  stage: ['stage', 'stage_name'],
  created_at: ['created_at', 'created', 'created_date', 'create_date'],
  closed_at: ['closed_at', 'closed', 'close_date', 'closed_date'],
  is_closed: ['is_closed', 'closed_flag'],
  is_won: ['is_won', 'won'],
  status: ['status', 'outcome'],
  contact_email: ['contact_email', 'email', 'contact'],
  contact_role: ['contact_role', 'role'],
  is_primary: ['is_primary', 'primary', 'primary_contact'],
} as const;

interface OpportunityColumns {
  headers: string[];
  columns: Record<string, string>;
}

/**
 * `mops import opportunities <file.csv>`: one row per opportunity, or one per opportunity and
 * contact (CRM exports of contact roles): rows repeating an `external_id` add contacts and must
 * agree on the opportunity's fields. Re-importing updates in place (keyed by external_id).
 */
export const opportunityImporter: RowImporter<OpportunityColumns> = {
  kind: 'opportunities',
  mapColumns: (headers) => ({
    headers,
    columns: mapBySynonyms('opportunities', headers, OPPORTUNITY_COLUMNS, [
      'external_id',
      'name',
      'stage',
      'created_at',
    ]),
  }),
  async writeBatch(trx, records, { headers, columns }, ctx) {
    const parsed = records.flatMap((record) => {
      if (record.kind !== 'row') return [];
      const fields = rowFields(record, headers, columns);
      const errors = new FieldErrors();
      const input = readOpportunity(errors, fields, { now: ctx.now, createdRequired: true });
      if (input && !input.externalId) {
        errors.add(
          'external_id',
          'REQUIRED',
          'external_id is required in a file (it makes re-imports update, not duplicate)',
        );
      }
      const contact = fields.contact_email
        ? readContact(errors, 'contact', {
            email: fields.contact_email,
            role: fields.contact_role,
            is_primary: fields.is_primary,
          })
        : undefined;
      return [{ record, fields, errors, input, contact }];
    });
    // One query each for the accounts and the contacts of the whole batch.
    const accounts = await resolveAccounts(
      trx,
      parsed.map((p) => p.input ?? { accountId: null, accountDomain: null }),
    );
    const people = await lookupPeople(
      trx,
      parsed.map((p) => p.contact ?? { personId: NO_PERSON }),
    );
    const rejects: RowReject[] = [];
    const items = new Map<string, OpportunityItem>();
    const rowsOf = new Map<string, number>();
    parsed.forEach(({ record, fields, errors, input, contact }, i) => {
      const account = accounts[i];
      if (account && !account.ok) errors.add(account.path, 'ACCOUNT_NOT_FOUND', account.message);
      const personId = contact ? people[i] : null;
      if (contact && !personId) {
        errors.add(
          'contact_email',
          'PERSON_NOT_FOUND',
          `no person with email ${fields.contact_email?.slice(0, 254)}`,
        );
      }
      const external = input?.externalId;
      if (input && external && errors.empty) {
        const signature = JSON.stringify({
          ...input,
          createdAt: input.createdAt.getTime(),
          closedAt: input.closedAt?.getTime(),
        });
        const first = ctx.seen.get(`opp:${external}`);
        if (first !== undefined && ctx.seen.get(`sig:${external}:${signature}`) === undefined) {
          errors.add(
            'external_id',
            'DUPLICATE_ID',
            `external_id ${external} is on line ${first} with different values`,
          );
        }
        if (contact?.isPrimary && personId) {
          const primary = ctx.seen.get(`primary:${external}`);
          if (primary !== undefined && ctx.seen.get(`primary:${external}:${personId}`) === undefined) {
            errors.add(
              'is_primary',
              'SECOND_PRIMARY',
              `line ${primary} already made another contact the primary one`,
            );
          }
        }
        if (errors.empty) {
          if (first === undefined) {
            ctx.seen.set(`opp:${external}`, record.line);
            ctx.seen.set(`sig:${external}:${signature}`, record.line);
          }
          if (contact?.isPrimary && personId && !ctx.seen.has(`primary:${external}`)) {
            ctx.seen.set(`primary:${external}`, record.line);
            ctx.seen.set(`primary:${external}:${personId}`, record.line);
          }
        }
      }
      if (!input || !external || !errors.empty || !account?.ok) {
        rejects.push({ line: record.line, reasons: errors.details, raw: record.values });
        return;
      }
      const item = items.get(external) ?? { input, accountId: account.id, contacts: [] };
      if (contact && personId)
        item.contacts.push({ personId, role: contact.role, isPrimary: contact.isPrimary });
      items.set(external, item);
      rowsOf.set(external, (rowsOf.get(external) ?? 0) + 1);
    });
    const writes = await writeOpportunities(trx, [...items.values()], {
      source: ctx.source,
      now: ctx.now,
      importId: ctx.importId,
      replaceContacts: false,
    });
    // Counted per row: a row adding a contact to an opportunity this batch wrote counts as updated.
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    [...items.keys()].forEach((external, i) => {
      const outcome = (writes[i] as OpportunityWrite).outcome;
      const rows = rowsOf.get(external) ?? 1;
      counts[outcome] += 1;
      counts[outcome === 'unchanged' ? 'unchanged' : 'updated'] += rows - 1;
    });
    return { ...counts, rejects };
  },
};
