import { randomUUID } from 'node:crypto';

/**
 * UUIDv7: time-ordered, so ids created together sit together in indexes (unlike v4), and still
 * unguessable enough to hand to a prospect's browser. Generated here so engines can be handed ids.
 */
export function newId(now = Date.now()): string {
  // randomUUID draws from a cached entropy pool (one random call per 128 ids, where randomBytes
  // makes one per id); its v4 variant bits are already v7's. Overwrite the time and the version.
  const random = randomUUID();
  const time = now.toString(16).padStart(12, '0').slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
