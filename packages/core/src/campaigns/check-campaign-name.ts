import type { CompiledNaming } from './compile-naming.ts';
import { matchName } from './match-name.ts';

/** Longer names are refused before matching: nobody types them, and they make error messages unreadable. */
export const MAX_CAMPAIGN_NAME_LENGTH = 200;

export interface CampaignNameError {
  code: 'CAMPAIGN_NAME_INVALID';
  /** Says which part, what it was, where, and what was expected. */
  message: string;
  /** The part that failed (`region`, `mm`); absent when a separator or the end was wrong. */
  part?: string;
  /** 1-based character of the name where the problem starts. */
  position: number;
  expected: string;
  found?: string;
  /** A conforming name that is probably what was meant (case, separators, a close typo). */
  suggestion?: string;
}

export type CampaignNameCheck =
  | { ok: true; parts: Record<string, string> }
  | { ok: false; error: CampaignNameError };

const DAYS_IN_MONTH = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Checks a campaign name against the convention: `{ ok: true, parts }` with every part by name, or
 * the first place it goes wrong, precisely ("part `region` is `latam` at character 21; expected
 * one of na, emea, apac, global"), with a suggested conforming name when one is close.
 */
export function checkCampaignName(compiled: CompiledNaming, name: string): CampaignNameCheck {
  if (name.length > MAX_CAMPAIGN_NAME_LENGTH) {
    return invalid({
      message: `the name is ${name.length} characters long; at most ${MAX_CAMPAIGN_NAME_LENGTH} are allowed`,
      position: MAX_CAMPAIGN_NAME_LENGTH + 1,
      expected: `at most ${MAX_CAMPAIGN_NAME_LENGTH} characters`,
    });
  }
  if (name.length === 0) {
    return invalid({
      message: `the name is empty; expected ${compiled.pattern}`,
      position: 1,
      expected: compiled.pattern,
    });
  }
  const strict = matchName(compiled, name, 'strict');
  if (!strict.ok) {
    const { failure } = strict;
    const suggestion = suggestCampaignName(compiled, name);
    return invalid({
      message: `${failure.message} (pattern ${compiled.pattern})${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`,
      position: failure.position + 1,
      expected: failure.expected,
      ...(failure.part !== undefined ? { part: failure.part } : {}),
      ...(failure.found !== undefined ? { found: failure.found } : {}),
      ...(suggestion ? { suggestion } : {}),
    });
  }
  const day = impossibleDay(strict.parts);
  if (day) {
    return invalid({
      message: `day \`${day.dd}\` at character ${(strict.starts.dd ?? 0) + 1} does not exist in ${day.yyyy}-${day.mm} (it has ${day.max} days)`,
      position: (strict.starts.dd ?? 0) + 1,
      part: 'dd',
      expected: `01–${day.max}`,
      found: day.dd,
    });
  }
  return { ok: true, parts: strict.parts };
}

/** A conforming name close to `name` (other case, other separators, a typo in a value), or null. */
export function suggestCampaignName(compiled: CompiledNaming, name: string): string | null {
  if (name.length > MAX_CAMPAIGN_NAME_LENGTH) return null;
  const loose = matchName(compiled, name.trim(), 'loose');
  if (!loose.ok) return null;
  const built = buildCampaignName(compiled, loose.parts);
  if (!built.ok || built.name === name) return null;
  return checkCampaignName(compiled, built.name).ok ? built.name : null;
}

/**
 * The inverse of the check: a name from its parts (`{ yyyy: 2026, mm: 11, type: 'webinar', … }`).
 * Date parts may be numbers and are zero-padded. The result is checked, so a part that does not
 * fit is the same precise error the check gives.
 */
export function buildCampaignName(
  compiled: CompiledNaming,
  parts: Readonly<Record<string, string | number>>,
): { ok: true; name: string } | { ok: false; error: CampaignNameError } {
  let name = '';
  for (const token of compiled.tokens) {
    if (token.kind === 'literal') {
      name += token.text;
      continue;
    }
    const value = parts[token.name];
    if (value === undefined || value === '') {
      return invalid({
        message: `part \`${token.name}\` is missing; the pattern ${compiled.pattern} needs ${compiled.partNames.join(', ')}`,
        position: name.length + 1,
        part: token.name,
        expected: token.kind === 'values' ? `one of ${token.values.join(', ')}` : `{${token.name}}`,
      });
    }
    name +=
      token.kind === 'date' && typeof value === 'number'
        ? String(value).padStart(token.width, '0')
        : String(value);
  }
  const checked = checkCampaignName(compiled, name);
  return checked.ok ? { ok: true, name } : checked;
}

function impossibleDay(parts: Record<string, string>) {
  const { yyyy, mm, dd } = parts;
  if (yyyy === undefined || mm === undefined || dd === undefined) return null;
  const max = DAYS_IN_MONTH(Number(yyyy), Number(mm));
  return Number(dd) > max ? { yyyy, mm, dd, max } : null;
}

const invalid = (error: Omit<CampaignNameError, 'code'>): { ok: false; error: CampaignNameError } => ({
  ok: false,
  error: { code: 'CAMPAIGN_NAME_INVALID', ...error },
});
