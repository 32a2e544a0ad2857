/**
 * Makes arbitrary client input storable as jsonb: PostgreSQL rejects the NUL character (\u0000)
 * and lone UTF-16 surrogates, so both become U+FFFD; strings are capped so one hostile field cannot
 * bloat a row.
 */
export function sanitizeForJson(value: unknown, maxString = 4000, depth = 0): unknown {
  if (typeof value === 'string') return clean(value).slice(0, maxString);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (depth > 5) return '[nested too deep]';
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => sanitizeForJson(v, maxString, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, 100)) {
      out[clean(k).slice(0, 200)] = sanitizeForJson(v, maxString, depth + 1);
    }
    return out;
  }
  return String(value);
}

const clean = (text: string) => text.toWellFormed().replaceAll('\u0000', '\uFFFD');
