// First-party tracking, landing pages, UTM governance and their reports in the OpenAPI document.
// The wire format of /v1/t is specified in docs/tracking-protocol.md.

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({
  description,
  content: json({ $ref: '#/components/schemas/Error' }),
});
const secured = [{ bearer: [] }];
const since = {
  name: 'since',
  in: 'query',
  description: 'window start: 30d, 12w, 6m or a date (default 90d)',
  schema: { type: 'string', examples: ['30d'] },
};

const TrackingResult = {
  type: 'object',
  properties: {
    accepted: { type: 'integer' },
    duplicates: { type: 'integer', description: 'events of a replayed batch, or repeated inside one' },
    rejected: {
      type: 'array',
      items: {
        type: 'object',
        properties: { index: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
    bot: { type: 'boolean', description: 'the user agent is a bot: stored, flagged, never counted' },
    do_not_track: { type: 'boolean' },
  },
};

export const trackingPaths = {
  '/t.js': {
    get: {
      summary: 'The first-party tracking script, configured from the playbook (tracking:)',
      responses: { 200: { description: 'JavaScript' }, 304: { description: 'not modified (ETag)' } },
    },
  },
  '/v1/t': {
    post: {
      summary: 'A batch of page views and events from the tracking script (or a relay)',
      description:
        'Body: `{ v: 1, batch_id, visitor_id, session_id?, events: [...] }` as text/plain or JSON, at most 1 MB and 1,000 events. Idempotent per batch: a replayed batch adds nothing. Events of identified visitors are stored on their person; an identify event runs the lead pipeline and stitches the browser. See docs/tracking-protocol.md.',
      requestBody: { content: { 'text/plain': { schema: { type: 'string' } }, ...json({ type: 'object' }) } },
      responses: {
        200: { description: 'what was stored', content: json(TrackingResult) },
        400: errorResponse('not JSON'),
        403: errorResponse('origin not in tracking.allowed_origins'),
        413: errorResponse('larger than 1 MB'),
        422: errorResponse('not a tracking batch (version, visitor_id, events)'),
      },
    },
  },
  '/t.gif': {
    get: {
      summary: 'A 1×1 pixel for email and pages without JavaScript; always answers with the image',
      parameters: [
        { name: 'vid', in: 'query', description: 'visitor id (UUID)', schema: { type: 'string' } },
        {
          name: 'pid',
          in: 'query',
          description: 'person id (UUID), e.g. in an email',
          schema: { type: 'string' },
        },
        {
          name: 'e',
          in: 'query',
          description: 'event name (default pixel_view)',
          schema: { type: 'string' },
        },
        {
          name: 'u',
          in: 'query',
          description: 'page URL (default: the Referer)',
          schema: { type: 'string' },
        },
      ],
      responses: { 200: { description: 'image/gif' } },
    },
  },
  '/p/{slug}': {
    get: {
      summary: 'A landing page from the playbook (pages:), with the tracking script and its form',
      parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: { description: 'HTML' }, 404: errorResponse('no such page') },
    },
  },
  '/v1/utm/links': {
    post: {
      summary: 'A tagged link — only when every value conforms and the campaign is registered',
      security: secured,
      requestBody: {
        content: json({
          type: 'object',
          required: ['url'],
          properties: {
            url: { type: 'string' },
            source: { type: 'string' },
            medium: { type: 'string' },
            campaign: { type: 'string' },
            term: { type: 'string' },
            content: { type: 'string' },
          },
        }),
      },
      responses: {
        201: { description: 'the link and its canonical values', content: json({ type: 'object' }) },
        422: errorResponse('NON_CONFORMING_UTM with one detail per parameter and a suggestion'),
      },
    },
  },
  '/v1/reports/utm-conformance': {
    get: {
      summary: 'UTM non-conformance: raw values, touches, campaigns and the alias to add',
      security: secured,
      parameters: [since],
      responses: { 200: { description: 'the report', content: json({ type: 'object' }) } },
    },
  },
  '/v1/reports/channels': {
    get: {
      summary: 'Touches by channel and rule, and what the unassigned touches carried',
      security: secured,
      parameters: [since],
      responses: { 200: { description: 'the report', content: json({ type: 'object' }) } },
    },
  },
};
