import { Hono } from 'hono';
import { FieldErrors } from '../../campaigns/parse-values.ts';
import { MopsError } from '../../errors.ts';
import {
  getOpportunity,
  type OpportunityWrite,
  resolveAccounts,
  resolveContacts,
  writeOpportunities,
} from '../../opportunities/opportunity.store.ts';
import { type ContactInput, readContact, readOpportunity } from '../../opportunities/opportunity-input.ts';
import { requireScope } from '../auth.ts';
import { readObjectBody } from '../body.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { limitBody } from './campaigns.routes.ts';

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
 * Opportunities for attribution (campaigns scopes: they exist to measure campaigns). POST is an
 * upsert keyed by `external_id`: 201 when new, 200 when it updated or matched an existing one.
 */
export function opportunityRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/', requireScope(deps.apiKeys, 'campaigns:write'), limitBody(), async (c) => {
    const body = await readObjectBody(c, ['json']);
    const now = deps.clock();
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
    const written = await deps.db.transaction().execute(async (trx) => {
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
          source: 'api',
          now,
          importId: null,
          replaceContacts: body.contacts !== undefined,
        },
      );
      return write as OpportunityWrite;
    });
    const detail = await getOpportunity(deps.db, written.id);
    c.header('Location', `/v1/opportunities/${written.id}`);
    return c.json({ ...detail, outcome: written.outcome }, written.outcome === 'inserted' ? 201 : 200);
  });

  app.get('/:id', requireScope(deps.apiKeys, 'campaigns:read'), async (c) => {
    const id = c.req.param('id');
    if (id.length > 200) throw new MopsError('OPPORTUNITY_NOT_FOUND', 'no opportunity with an id that long');
    return c.json(await getOpportunity(deps.db, id));
  });

  return app;
}
