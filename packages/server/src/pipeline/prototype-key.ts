/**
 * Where a client document holds a "__proto__" key, e.g. `properties.__proto__`, or null.
 * JSON allows the key, but the schema parser drops it without a word (assigning it would set the
 * prototype), so an event carrying one would lose data silently: it is refused with this path.
 * Runs on every tracking event: the path is only spelled out once a key is found.
 */
export function prototypeKeyPath(value: unknown, depth = 0): string | null {
  if (value === null || typeof value !== 'object' || depth > 6) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < Math.min(value.length, 100); i++) {
      const inner = prototypeKeyPath(value[i], depth + 1);
      if (inner) return `${i}.${inner}`;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return key;
    const inner = prototypeKeyPath((value as Record<string, unknown>)[key], depth + 1);
    if (inner) return `${key}.${inner}`;
  }
  return null;
}
