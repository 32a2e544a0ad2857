import { Hono } from 'hono';
import {
  campaignDetail,
  createCampaign,
  getCampaign,
  listCampaigns,
} from '../../campaigns/campaign.store.ts';
import { readCostsBody, writeCosts } from '../../campaigns/campaign-costs.store.ts';
import { readCampaignInput } from '../../campaigns/campaign-input.ts';
import { readMembers, recordMembers } from '../../campaigns/campaign-members.store.ts';
import { namingOf, workspaceCurrency } from '../../campaigns/campaign-naming.ts';
import { MopsError } from '../../errors.ts';
import { requireScope } from '../auth.ts';
import { readObjectBody } from '../body.ts';
import { limitBody } from '../body-limit.ts';
import type { AppDeps, AppEnv } from '../context.ts';

/** Campaign bodies are small; member lists (1,000 at most) are the largest. */
export const CAMPAIGN_BODY_LIMIT = 512 * 1024;

export const limitCampaignBody = () =>
  limitBody(
    CAMPAIGN_BODY_LIMIT,
    'the body is larger than 512 KB; send at most 1,000 members or costs per request',
  );

/**
 * The campaign registry: list and create (the name is checked against the playbook's naming
 * convention: 422 CAMPAIGN_NAME_INVALID with the part, position and a suggestion), one campaign
 * with members by status, costs by period and totals, and costs and members written to it.
 */
export function campaignRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const read = requireScope(deps.apiKeys, 'campaigns:read');
  const write = requireScope(deps.apiKeys, 'campaigns:write');

  app.get('/', read, async (c) => {
    const status = c.req.query('status');
    const channel = c.req.query('channel');
    for (const [name, value] of [
      ['status', status],
      ['channel', channel],
    ] as const) {
      if (value !== undefined && !/^[a-z0-9_-]{1,60}$/.test(value)) {
        throw new MopsError(
          'INVALID_QUERY',
          `${name} must be a lower-case key such as paid_social, got "${value.slice(0, 60)}"`,
        );
      }
    }
    const rows = await listCampaigns(deps.db, {
      ...(status ? { status } : {}),
      ...(channel ? { channel } : {}),
    });
    return c.json({ data: rows });
  });

  app.post('/', write, limitCampaignBody(), async (c) => {
    const body = await readObjectBody(c, ['json']);
    const playbook = deps.playbooks.current();
    const input = readCampaignInput(body, namingOf(playbook.source), workspaceCurrency(playbook.source));
    const row = await createCampaign(deps.db, input, {
      source: 'api',
      actor: `api key ${c.get('principal').name}`,
      now: deps.clock(),
      playbookVersionId: playbook.version.id,
    });
    c.header('Location', `/v1/campaigns/${row.id}`);
    return c.json(row, 201);
  });

  app.get('/:id', read, async (c) => {
    return c.json(await campaignDetail(deps.db, decodeParam(c.req.param('id'))));
  });

  app.post('/:id/costs', write, limitCampaignBody(), async (c) => {
    const campaign = await getCampaign(deps.db, decodeParam(c.req.param('id')));
    const costs = readCostsBody(await readObjectBody(c, ['json']), campaign);
    const counts = await deps.db.transaction().execute((trx) =>
      writeCosts(trx, costs, {
        source: 'api',
        actor: `api key ${c.get('principal').name}`,
        now: deps.clock(),
        importId: null,
      }),
    );
    return c.json({
      campaign_id: campaign.id,
      ...counts,
      totals: (await campaignDetail(deps.db, campaign.id)).totals,
    });
  });

  app.post('/:id/members', write, limitCampaignBody(), async (c) => {
    const campaign = await getCampaign(deps.db, decodeParam(c.req.param('id')));
    const now = deps.clock();
    const { members, source } = readMembers(await readObjectBody(c, ['json']), now);
    const outcomes = await recordMembers(deps.db, campaign, members, {
      source: source ?? `api key ${c.get('principal').name}`,
      now,
      playbookVersionId: deps.playbooks.current().version.id,
    });
    return c.json({ campaign_id: campaign.id, data: outcomes });
  });

  return app;
}

/** Hono hands path parameters over decoded; a name with a `/` arrives encoded and stays one segment. */
const decodeParam = (value: string): string => {
  if (value.length > 400)
    throw new MopsError('CAMPAIGN_NOT_FOUND', 'no campaign with an id or name that long');
  return value;
};
