/**
 * Makes arbitrary client input storable as jsonb: PostgreSQL rejects the NUL character (\u0000)
 * and lone UTF-16 surrogates, so both become U+FFFD; strings are capped so one hostile field cannot
 * bloat a row.
 */
export function sanitizeForJson(value: unknown, maxString = 4000, depth = 0): unknown {
  if (typeof value === 'string') {
    const text = clean(value);
    return text.length > maxString ? text.slice(0, maxString) : text;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (depth > 5) return '[nested too deep]';
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => sanitizeForJson(v, maxString, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    let keys = 0;
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      if (keys++ === 100) break;
      const key = clean(k);
      const sanitized = sanitizeForJson((value as Record<string, unknown>)[k], maxString, depth + 1);
      const name = key.length > 200 ? key.slice(0, 200) : key;
      // A "__proto__" key (valid JSON) would set the prototype if assigned: define it, keep it.
      if (name === '__proto__') {
        Object.defineProperty(out, name, {
          value: sanitized,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else out[name] = sanitized;
    }
    return out;
  }
  return String(value);
}

// Nearly every string is already clean: checking is much cheaper than copying.
const clean = (text: string) =>
  text.isWellFormed() && !text.includes('\u0000') ? text : text.toWellFormed().replaceAll('\u0000', '\uFFFD');
