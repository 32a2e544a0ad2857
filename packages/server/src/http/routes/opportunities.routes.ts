import { Hono } from 'hono';
import { MopsError } from '../../errors.ts';
import { getOpportunity } from '../../opportunities/opportunity.store.ts';
import { upsertOpportunity } from '../../opportunities/upsert-opportunity.ts';
import { requireScope } from '../auth.ts';
import { readObjectBody } from '../body.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { limitCampaignBody } from './campaigns.routes.ts';

/**
 * Opportunities for attribution (campaigns scopes: they exist to measure campaigns). POST is an
 * upsert keyed by `external_id`: 201 when new, 200 when it updated or matched an existing one.
 */
export function opportunityRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/', requireScope(deps.apiKeys, 'campaigns:write'), limitCampaignBody(), async (c) => {
    const body = await readObjectBody(c, ['json']);
    const { written, detail } = await upsertOpportunity(deps.db, body, { now: deps.clock(), source: 'api' });
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
