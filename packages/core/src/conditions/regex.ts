import { err, ok, type Result } from '../result.ts';

const cache = new Map<string, RegExp>();

/**
 * Playbook regexes are written the way most tools write them; a leading `(?i)` (PCRE/Java style)
 * becomes JavaScript's `i` flag.
 */
export function compileRegex(pattern: string): Result<RegExp, string> {
  const cached = cache.get(pattern);
  if (cached) return ok(cached);
  const insensitive = pattern.startsWith('(?i)');
  try {
    const regex = new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? 'iu' : 'u');
    cache.set(pattern, regex);
    return ok(regex);
  } catch (e) {
    return err(`"${pattern}" is not a valid regular expression: ${(e as Error).message}`);
  }
}
