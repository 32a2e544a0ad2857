import type { Context } from 'hono';
import { MopsError } from '../errors.ts';

/**
 * Reads a request body as a flat object from JSON, urlencoded or multipart (file parts refused).
 * Malformed input is a 400 that says what is wrong, never a 500.
 */
export async function readObjectBody(
  c: Context,
  accepted: ('json' | 'form')[],
): Promise<Record<string, unknown>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isJson = type === 'application/json' || type.endsWith('+json');
  const isUrlEncoded = type === 'application/x-www-form-urlencoded';
  const isMultipart = type === 'multipart/form-data';
  if (isJson && accepted.includes('json')) return parseJsonObject(await c.req.text());
  if (isUrlEncoded && accepted.includes('form')) {
    const params = new URLSearchParams(await c.req.text());
    const out: Record<string, unknown> = {};
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      out[key] = values.length === 1 ? values[0] : values;
    }
    return out;
  }
  if (isMultipart && accepted.includes('form')) {
    let body: Record<string, unknown>;
    try {
      body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
    } catch {
      throw new MopsError('INVALID_BODY', 'the multipart body could not be parsed');
    }
    const file = Object.entries(body).find(
      ([, v]) => v instanceof File || (Array.isArray(v) && v.some((x) => x instanceof File)),
    );
    if (file)
      throw new MopsError(
        'UNSUPPORTED_MEDIA_TYPE',
        `field "${file[0]}" is a file upload; this endpoint takes text fields only`,
      );
    return body;
  }
  const allowed = [
    ...(accepted.includes('json') ? ['application/json'] : []),
    ...(accepted.includes('form') ? ['application/x-www-form-urlencoded', 'multipart/form-data'] : []),
  ];
  throw new MopsError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Content-Type ${type || '(none)'} is not accepted here; send ${allowed.join(' or ')}`,
  );
}

export async function readJson(c: Context): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json') {
    throw new MopsError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type ${type || '(none)'} is not accepted here; send application/json`,
    );
  }
  return parseJson(await c.req.text());
}

function parseJsonObject(text: string): Record<string, unknown> {
  const value = parseJson(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MopsError(
      'INVALID_BODY',
      'the JSON body must be an object of field names to values, e.g. {"email": "ada@example.com"}',
    );
  }
  return value as Record<string, unknown>;
}

function parseJson(text: string): unknown {
  if (text.trim() === '')
    throw new MopsError('INVALID_JSON', 'the request body is empty; send a JSON object');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MopsError('INVALID_JSON', `the body is not valid JSON: ${(error as Error).message}`);
  }
}
