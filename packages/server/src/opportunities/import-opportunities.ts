import { FieldErrors } from '../campaigns/parse-values.ts';
import { mapBySynonyms, type RowImporter, type RowReject, rowFields } from '../campaigns/run-row-import.ts';
import { MopsError } from '../errors.ts';
import { resolveAccount, resolveContacts, writeOpportunity } from './opportunity.store.ts';
import { readContact, readOpportunity } from './opportunity-input.ts';

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
    const rejects: RowReject[] = [];
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    for (const record of records) {
      if (record.kind !== 'row') continue;
      const fields = rowFields(record, headers, columns);
      const errors = new FieldErrors();
      const input = readOpportunity(errors, fields, { now: ctx.now, createdRequired: true });
      if (input && !input.externalId)
        errors.add(
          'external_id',
          'REQUIRED',
          'external_id is required in a file (it makes re-imports update, not duplicate)',
        );
      const contact = fields.contact_email
        ? readContact(errors, 'contact', {
            email: fields.contact_email,
            role: fields.contact_role,
            is_primary: fields.is_primary,
          })
        : undefined;
      const account = input ? await resolveAccount(trx, input) : null;
      if (account && !account.ok) errors.add(account.path, 'ACCOUNT_NOT_FOUND', account.message);
      let resolved: Awaited<ReturnType<typeof resolveContacts>> = [];
      if (contact) {
        try {
          resolved = await resolveContacts(trx, [contact], 'contact');
        } catch (error) {
          if (!(error instanceof MopsError)) throw error;
          errors.add(
            'contact_email',
            'PERSON_NOT_FOUND',
            `no person with email ${fields.contact_email?.slice(0, 254)}`,
          );
        }
      }
      if (input?.externalId && errors.empty) {
        const signature = JSON.stringify({
          ...input,
          createdAt: input.createdAt.getTime(),
          closedAt: input.closedAt?.getTime(),
        });
        const first = ctx.seen.get(`opp:${input.externalId}`);
        if (first !== undefined && ctx.seen.get(`sig:${input.externalId}:${signature}`) === undefined) {
          errors.add(
            'external_id',
            'DUPLICATE_ID',
            `external_id ${input.externalId} is on line ${first} with different values`,
          );
        } else if (first === undefined) {
          ctx.seen.set(`opp:${input.externalId}`, record.line);
          ctx.seen.set(`sig:${input.externalId}:${signature}`, record.line);
        }
      }
      if (!input || !errors.empty || !account?.ok) {
        rejects.push({ line: record.line, reasons: errors.details, raw: record.values });
        continue;
      }
      const written = await writeOpportunity(trx, input, account.id, resolved, {
        source: ctx.source,
        now: ctx.now,
        importId: ctx.importId,
        replaceContacts: false,
      });
      counts[written.outcome] += 1;
    }
    return { ...counts, rejects };
  },
};
