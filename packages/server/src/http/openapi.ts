import { z } from 'zod';
import { IdentifyEvent, TrackEvent } from '../pipeline/ingest-events.ts';
import { campaignPaths } from './openapi-campaigns.ts';
import { importPaths } from './openapi-imports.ts';
import { measurementPaths } from './openapi-reports.ts';
import { trackingPaths } from './openapi-tracking.ts';

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
const toSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

/** The OpenAPI 3.1 document served at /openapi.json. */
export function openApiDocument(version: string): Record<string, unknown> {
  const personIdParam = {
    name: 'id',
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  };
  const secured = [{ bearer: [] }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'mops API',
      version,
      description:
        'Public endpoints (form submissions) are write-only, CORS-enabled and rate-limited. Private endpoints need ' +
        '`Authorization: Bearer <key>` with a scope (admin, people:read, events:write, playbook:read, playbook:write, imports:read, imports:write, reports:read, campaigns:read, campaigns:write).',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', examples: ['VALIDATION_FAILED'] },
                message: { type: 'string' },
                details: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      path: { type: 'string' },
                      code: { type: 'string' },
                      message: { type: 'string' },
                      location: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        },
        FormSubmission: {
          type: 'object',
          description:
            "The form's fields (see the playbook), plus optional hidden tracking fields: utm_*, gclid, fbclid, li_fat_id, msclkid, page_url, referrer, visitor_id.",
          additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
          examples: [
            {
              email: 'ada@northwind-prospect.example',
              first_name: 'Ada',
              last_name: 'Lovelace',
              company: 'Analytical Engines',
              country: 'GB',
            },
          ],
        },
        IdentifyEvent: toSchema(IdentifyEvent),
        TrackEvent: toSchema(TrackEvent),
        Person: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            email: { type: 'string' },
            fields: { type: 'object' },
            stage: { type: 'string' },
            scores: {
              type: 'object',
              properties: {
                fit: { type: 'number' },
                engagement: { type: 'number' },
                total: { type: 'number' },
                grade: { type: ['string', 'null'] },
              },
            },
            owner: {
              type: ['object', 'null'],
              properties: { rep_id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } },
            },
            queue: { type: ['string', 'null'] },
            account: { type: ['object', 'null'] },
            last_routing: {
              type: ['object', 'null'],
              description: 'captured/routed/assigned timestamps, rule, pool and reason of the latest routing',
            },
          },
        },
        TimelineItem: {
          type: 'object',
          properties: {
            at: { type: 'string', format: 'date-time' },
            kind: { enum: ['event', 'decision', 'score', 'stage', 'routing', 'notification'] },
            summary: { type: 'string' },
            reason: { type: ['string', 'null'] },
            rule: { type: ['string', 'null'] },
            playbook_version: { type: ['integer', 'null'] },
            data: { type: 'object' },
          },
        },
      },
    },
    paths: {
      ...importPaths,
      ...campaignPaths,
      ...trackingPaths,
      ...measurementPaths,
      '/healthz': {
        get: {
          summary: 'Liveness and database check',
          responses: { 200: { description: 'ok' }, 503: { description: 'database unreachable' } },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', responses: { 200: { description: 'OpenAPI document' } } },
      },
      '/v1/forms/{formId}/submissions': {
        post: {
          summary: 'Submit a form (public)',
          description:
            'Validates, washes, identifies, scores, stages and routes the person in one transaction. Accepts JSON, ' +
            'urlencoded and multipart. An Idempotency-Key header makes retries safe.',
          parameters: [
            { name: 'formId', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', maxLength: 200 },
            },
          ],
          requestBody: {
            required: true,
            content: {
              ...json(ref('FormSubmission')),
              'application/x-www-form-urlencoded': { schema: ref('FormSubmission') },
            },
          },
          responses: {
            201: {
              description: 'Stored and processed',
              content: json({
                type: 'object',
                properties: {
                  person_id: { type: 'string' },
                  submission_id: { type: 'integer' },
                  status: { enum: ['created', 'updated'] },
                  ignored_fields: { type: 'array', items: { type: 'string' } },
                },
              }),
            },
            200: {
              description:
                'A duplicate of an earlier submission (same Idempotency-Key), or discarded as spam',
            },
            400: errorResponse('Malformed body'),
            404: errorResponse('Unknown form'),
            413: errorResponse('Body over 64 KB'),
            415: errorResponse('Unsupported Content-Type'),
            422: errorResponse('Invalid fields (one detail per field)'),
            429: errorResponse('Rate limit per client address exceeded'),
          },
        },
      },
      '/v1/events': {
        post: {
          summary: 'Batched identify/track events',
          security: secured,
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['batch'],
              properties: {
                batch: {
                  type: 'array',
                  minItems: 1,
                  maxItems: 500,
                  items: { oneOf: [ref('IdentifyEvent'), ref('TrackEvent')] },
                },
              },
            }),
          },
          responses: {
            200: { description: 'Per-event results: accepted, duplicate or rejected' },
            401: errorResponse('Missing or unknown key'),
            403: errorResponse('Key lacks events:write'),
            422: errorResponse('Every event was rejected, or the batch is malformed'),
          },
        },
      },
      '/v1/people': {
        get: {
          summary: 'Find a person by email',
          security: secured,
          parameters: [{ name: 'email', in: 'query', required: true, schema: { type: 'string' } }],
          responses: {
            200: {
              description: 'Matching people',
              content: json({
                type: 'object',
                properties: { data: { type: 'array', items: ref('Person') } },
              }),
            },
          },
        },
      },
      '/v1/people/{id}': {
        get: {
          summary: 'A person: fields, stage, scores, owner',
          security: secured,
          parameters: [personIdParam],
          responses: {
            200: { description: 'The person', content: json(ref('Person')) },
            404: errorResponse('No such person'),
          },
        },
      },
      '/v1/people/{id}/timeline': {
        get: {
          summary: 'Events and every decision with its reason',
          security: secured,
          parameters: [
            personIdParam,
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 5000, default: 500 },
            },
          ],
          responses: {
            200: {
              description: 'Oldest first',
              content: json({
                type: 'object',
                properties: { items: { type: 'array', items: ref('TimelineItem') } },
              }),
            },
            404: errorResponse('No such person'),
          },
        },
      },
      '/v1/playbook': {
        get: {
          summary: 'The applied playbook version',
          security: secured,
          responses: { 200: { description: 'Version, hash and content' } },
        },
      },
    },
  };
}
