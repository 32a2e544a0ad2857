/**
 * Where a client document holds a "__proto__" key, e.g. `properties.__proto__`, or null.
 * JSON allows the key, but the schema parser drops it without a word (assigning it would set the
 * prototype), so an event carrying one would lose data silently: it is refused with this path.
 */
export function prototypeKeyPath(value: unknown, path = '', depth = 0): string | null {
  if (value === null || typeof value !== 'object' || depth > 6) return null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.slice(0, 100).entries()) {
      const found = prototypeKeyPath(item, `${path}.${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '__proto__') return at;
    const found = prototypeKeyPath((value as Record<string, unknown>)[key], at, depth + 1);
    if (found) return found;
  }
  return null;
}
