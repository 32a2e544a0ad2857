// The imports endpoints of the OpenAPI document (kept apart so openapi.ts stays readable).

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({
  description,
  content: json({ $ref: '#/components/schemas/Error' }),
});
const secured = [{ bearer: [] }];
const importId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

const Import = {
  type: 'object',
  properties: {
    import_id: { type: 'string', format: 'uuid' },
    kind: { enum: ['people', 'accounts'] },
    status: { enum: ['queued', 'running', 'completed', 'failed'] },
    file: { type: 'string' },
    source: { type: 'string' },
    rows: { type: 'integer' },
    inserted: { type: 'integer' },
    updated: { type: 'integer' },
    merged: { type: 'integer', description: 'rows folded into an earlier row of the same file (same key)' },
    unchanged: { type: 'integer' },
    rejected: { type: 'integer' },
    committed_through_line: { type: 'integer', description: 'every row up to this line is committed' },
    error: { type: ['string', 'null'] },
  },
};

export const importPaths = {
  '/v1/imports': {
    post: {
      summary: 'Upload a CSV of people or accounts; it is imported by a job',
      security: secured,
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file', 'kind'],
              properties: {
                file: { type: 'string', format: 'binary' },
                kind: { enum: ['people', 'accounts'] },
                source: { type: 'string', maxLength: 200, examples: ['Trade show 2026'] },
                map: { type: 'array', items: { type: 'string', examples: ['E-Mail=email'] } },
                delimiter: { enum: [',', ';', 'tab', '|'] },
                encoding: { enum: ['utf-8', 'latin1'] },
              },
            },
          },
        },
      },
      responses: {
        202: { description: 'Stored and queued', content: json(Import) },
        401: errorResponse('Missing or unknown key'),
        403: errorResponse('Key lacks imports:write'),
        413: errorResponse('File over MOPS_MAX_UPLOAD_MB'),
        415: errorResponse('Not multipart/form-data'),
        422: errorResponse('Not a readable CSV (empty, binary, bad header) or the columns do not map'),
      },
    },
    get: {
      summary: 'Recent imports',
      security: secured,
      responses: {
        200: {
          description: 'Newest first',
          content: json({ type: 'object', properties: { data: { type: 'array', items: Import } } }),
        },
      },
    },
  },
  '/v1/imports/{id}': {
    get: {
      summary: "An import's status and counts",
      security: secured,
      parameters: [importId],
      responses: {
        200: { description: 'The import', content: json(Import) },
        404: errorResponse('No such import'),
      },
    },
  },
  '/v1/imports/{id}/rejects': {
    get: {
      summary: 'The quarantine: rejected rows with line, reasons and the row as it was',
      security: secured,
      parameters: [
        importId,
        { name: 'format', in: 'query', schema: { enum: ['json', 'csv'] } },
        { name: 'after_line', in: 'query', schema: { type: 'integer', minimum: 0 } },
        {
          name: 'limit',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 },
        },
      ],
      responses: {
        200: { description: 'JSON pages (next_after_line when there is more) or a CSV file' },
        404: errorResponse('No such import'),
      },
    },
  },
  '/v1/reports/data-quality': {
    get: {
      summary:
        'Data-quality scorecard: completeness, validity, duplicates, free-mail share, stale records, worst sources',
      security: secured,
      responses: {
        200: { description: 'Each check is a count over a stated denominator, with an id to drill down' },
      },
    },
  },
  '/v1/reports/data-quality/rows': {
    get: {
      summary: "The people behind one check's count",
      security: secured,
      parameters: [
        {
          name: 'check',
          in: 'query',
          required: true,
          schema: { type: 'string', examples: ['phone_not_e164'] },
        },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 10000, default: 100 } },
      ],
      responses: {
        200: { description: 'People, newest first' },
        400: errorResponse('Unknown check or bad limit'),
      },
    },
  },
};
