// The campaign registry and opportunity endpoints of the OpenAPI document.

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({
  description,
  content: json({ $ref: '#/components/schemas/Error' }),
});
const secured = [{ bearer: [] }];
const campaignParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'the campaign id (UUID) or its name (URL-encoded)',
  schema: { type: 'string' },
};
const date = { type: 'string', format: 'date', examples: ['2026-11-01'] };
const money = { type: 'number', minimum: 0, examples: [25000] };
const auth = (scope: string) => ({
  401: errorResponse('Missing or unknown key'),
  403: errorResponse(`Key lacks ${scope}`),
});

const Campaign = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string', examples: ['2026-11_paid_social_na_demo-push'] },
    utm_campaign: {
      type: ['string', 'null'],
      description: 'normalised (lower case); links find the campaign by it',
    },
    channel: { type: 'string', examples: ['paid_social'] },
    type: { type: ['string', 'null'] },
    owner_rep_id: { type: ['string', 'null'] },
    start_date: { ...date, type: ['string', 'null'] },
    end_date: { ...date, type: ['string', 'null'] },
    budget: { type: ['number', 'null'] },
    currency: { type: 'string', examples: ['USD'] },
    status: { enum: ['planned', 'active', 'paused', 'completed', 'cancelled'] },
    source: { enum: ['playbook', 'api', 'cli'] },
    parts: {
      type: 'object',
      description: 'the name split by the naming convention',
      additionalProperties: { type: 'string' },
    },
    in_playbook: { type: 'boolean' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
};

const NewCampaign = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      maxLength: 200,
      description: "must follow the playbook's campaigns.naming.pattern",
    },
    channel: { type: 'string', description: 'required unless the naming convention has a channel part' },
    type: { type: 'string', description: "defaults to the name's type part; must agree with it" },
    owner: { type: 'string', description: 'a rep id of the playbook' },
    start: date,
    end: date,
    budget: money,
    currency: { type: 'string', pattern: '^[A-Za-z]{3}$', description: 'default: the workspace currency' },
    status: { enum: ['planned', 'active', 'paused', 'completed', 'cancelled'] },
    utm_campaign: { type: 'string', description: 'default: the name' },
  },
};

const Cost = {
  type: 'object',
  properties: {
    period_start: date,
    period_end: date,
    month: {
      type: 'string',
      examples: ['2026-11'],
      description: 'instead of period_start/period_end: the whole month',
    },
    amount: money,
    currency: { type: 'string', description: "must be the campaign's currency" },
    note: { type: 'string', maxLength: 1000 },
  },
};

const Opportunity = {
  type: 'object',
  required: ['name', 'stage'],
  properties: {
    external_id: {
      type: 'string',
      description: "the CRM's id; a second POST with it updates the opportunity",
    },
    name: { type: 'string' },
    account_id: { type: 'string', format: 'uuid' },
    account_domain: { type: 'string', examples: ['acme.com'] },
    amount: money,
    currency: { type: 'string', examples: ['USD'] },
    stage: { type: 'string', examples: ['Closed Won'] },
    created_at: { type: 'string', format: 'date-time' },
    closed_at: { type: 'string', format: 'date-time' },
    is_closed: { type: 'boolean' },
    is_won: { type: 'boolean' },
    status: { enum: ['open', 'won', 'lost'], description: 'shorthand for is_closed / is_won' },
    contacts: {
      type: 'array',
      maxItems: 200,
      description: 'when given, the full set of contact roles',
      items: {
        type: 'object',
        properties: {
          person_id: { type: 'string', format: 'uuid' },
          email: { type: 'string' },
          role: { type: 'string', examples: ['Decision Maker'] },
          is_primary: { type: 'boolean' },
        },
      },
    },
  },
};

export const campaignPaths = {
  '/v1/campaigns': {
    get: {
      summary: 'Campaigns, newest start first (scope campaigns:read)',
      security: secured,
      parameters: [
        { name: 'status', in: 'query', schema: { type: 'string' } },
        { name: 'channel', in: 'query', schema: { type: 'string' } },
      ],
      responses: {
        200: {
          description: 'The campaigns',
          content: json({ type: 'object', properties: { data: { type: 'array', items: Campaign } } }),
        },
        400: errorResponse('A filter is not a key'),
        ...auth('campaigns:read'),
      },
    },
    post: {
      summary: 'Create a campaign (scope campaigns:write)',
      security: secured,
      requestBody: { required: true, content: json(NewCampaign) },
      responses: {
        201: { description: 'Created', content: json(Campaign) },
        ...auth('campaigns:write'),
        409: errorResponse('CAMPAIGN_EXISTS: the name or utm_campaign is taken'),
        413: errorResponse('Body over 512 KB'),
        422: errorResponse(
          'CAMPAIGN_NAME_INVALID (details[0] has part, position, expected, found and a suggestion) or VALIDATION_FAILED',
        ),
      },
    },
  },
  '/v1/campaigns/{id}': {
    get: {
      summary: 'A campaign with its members by status, costs by period and totals against budget',
      security: secured,
      parameters: [campaignParam],
      responses: {
        200: {
          description: 'The campaign',
          content: json({
            type: 'object',
            properties: {
              campaign: Campaign,
              members: {
                type: 'object',
                properties: {
                  targeted: { type: 'integer' },
                  engaged: { type: 'integer' },
                  responded: { type: 'integer' },
                  total: { type: 'integer' },
                },
              },
              costs: { type: 'array', items: Cost },
              totals: {
                type: 'object',
                properties: {
                  cost: { type: 'number' },
                  budget: { type: ['number', 'null'] },
                  budget_remaining: { type: ['number', 'null'] },
                  currency: { type: 'string' },
                },
              },
            },
          }),
        },
        404: errorResponse('CAMPAIGN_NOT_FOUND'),
        ...auth('campaigns:read'),
      },
    },
  },
  '/v1/campaigns/{id}/costs': {
    post: {
      summary: 'Record spend for periods; the same period again replaces it (logged)',
      security: secured,
      parameters: [campaignParam],
      requestBody: {
        required: true,
        content: json({
          oneOf: [
            Cost,
            { type: 'object', properties: { costs: { type: 'array', maxItems: 1000, items: Cost } } },
          ],
        }),
      },
      responses: {
        200: {
          description: 'inserted / updated / unchanged counts and the new totals',
          content: json({ type: 'object' }),
        },
        404: errorResponse('CAMPAIGN_NOT_FOUND'),
        422: errorResponse('A bad date, a negative amount, another currency, a repeated period'),
        ...auth('campaigns:write'),
      },
    },
  },
  '/v1/campaigns/{id}/members': {
    post: {
      summary: 'Add people to a campaign or move them on (targeted → engaged → responded, forward only)',
      security: secured,
      parameters: [campaignParam],
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['members'],
          properties: {
            source: { type: 'string' },
            members: {
              type: 'array',
              maxItems: 1000,
              items: {
                type: 'object',
                properties: {
                  person_id: { type: 'string', format: 'uuid' },
                  email: { type: 'string' },
                  status: { enum: ['targeted', 'engaged', 'responded'] },
                  at: { type: 'string', format: 'date-time', description: 'when it happened (default: now)' },
                },
              },
            },
          },
        }),
      },
      responses: {
        200: {
          description: 'Per member: status, previous_status, outcome (added, advanced, kept)',
          content: json({ type: 'object' }),
        },
        404: errorResponse('CAMPAIGN_NOT_FOUND'),
        422: errorResponse('An unknown person (nothing is written), a bad status or timestamp'),
        ...auth('campaigns:write'),
      },
    },
  },
  '/v1/opportunities': {
    post: {
      summary: 'Create or update (by external_id) an opportunity with its contact roles',
      security: secured,
      requestBody: { required: true, content: json(Opportunity) },
      responses: {
        201: { description: 'Created', content: json(Opportunity) },
        200: { description: 'Updated or unchanged (outcome says which)', content: json(Opportunity) },
        422: errorResponse('Bad fields, an unknown account or contact, closed before created'),
        ...auth('campaigns:write'),
      },
    },
  },
  '/v1/opportunities/{id}': {
    get: {
      summary: 'An opportunity by id or external_id, with its account and contacts',
      security: secured,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        200: { description: 'The opportunity', content: json(Opportunity) },
        404: errorResponse('OPPORTUNITY_NOT_FOUND'),
        ...auth('campaigns:read'),
      },
    },
  },
};
