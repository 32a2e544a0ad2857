import { suggest } from '../text/suggest.ts';
import type { CompiledNaming, NamingToken } from './compile-naming.ts';

/**
 * Matches a name against compiled tokens with backtracking: a value may contain the separator
 * (`paid_social` between `_`s), so "split on `_`" is not enough. Failures are remembered per
 * (token, position) so the search stays linear in practice, and the failure that got furthest into
 * the name is the one reported — it is where the author went wrong.
 *
 * `strict` is the check; `loose` is for suggestions: any run of separators matches a separator,
 * values match whatever their case and separators, a month may be one digit, and close typos of a
 * listed value are taken. Loose parts come back in canonical form, ready to rebuild a name.
 */

export interface MatchFailure {
  position: number; // 0-based
  part?: string;
  expected: string;
  message: string;
  found?: string;
}

export type MatchResult =
  | { ok: true; parts: Record<string, string>; starts: Record<string, number> }
  | { ok: false; failure: MatchFailure };

const SEPARATOR_CHARS = /^[\s_\-./]+$/;
const LOOSE_SEPARATOR = /[\s_\-./]+/y;
const DIGITS = /\d+/y;
const WORD = /[\p{L}\p{N}]+/uy;

const DATE_LABEL = { yyyy: 'year', mm: 'month', dd: 'day', q: 'quarter' } as const;
const DATE_RANGE = { yyyy: [1900, 2999], mm: [1, 12], dd: [1, 31], q: [1, 4] } as const;
const DATE_RANGE_TEXT = { yyyy: '4 digits', mm: '01–12', dd: '01–31', q: '1–4' } as const;

const show = (text: string) => `\`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``;
const tokenLabel = (token: NamingToken | undefined) =>
  token === undefined ? 'the start' : token.kind === 'literal' ? show(token.text) : `\`{${token.name}}\``;

export function matchName(compiled: CompiledNaming, name: string, mode: 'strict' | 'loose'): MatchResult {
  const { tokens } = compiled;
  const dead = new Set<number>();
  let best: MatchFailure | null = null;
  const record = (failure: MatchFailure) => {
    if (!best || failure.position > best.position) best = failure;
  };
  const parts: Record<string, string> = {};
  const starts: Record<string, number> = {};

  // The text a part would have had: up to where the next literal begins (or the end).
  const chunkAt = (ti: number, pos: number): string => {
    const next = tokens[ti + 1];
    if (next?.kind === 'literal') {
      const at = name.indexOf(next.text, pos);
      return name.slice(pos, at < 0 ? name.length : at);
    }
    return name.slice(pos);
  };

  const literalEnds = (text: string, pos: number): number[] => {
    if (mode === 'loose' && SEPARATOR_CHARS.test(text)) {
      LOOSE_SEPARATOR.lastIndex = pos;
      return LOOSE_SEPARATOR.exec(name) ? [LOOSE_SEPARATOR.lastIndex] : [];
    }
    const found =
      mode === 'loose'
        ? name.slice(pos, pos + text.length).toLowerCase() === text.toLowerCase()
        : name.startsWith(text, pos);
    return found ? [pos + text.length] : [];
  };

  const step = (ti: number, pos: number): boolean => {
    const key = ti * (name.length + 1) + pos;
    if (dead.has(key)) return false;
    const ok = tryToken(ti, pos);
    if (!ok) dead.add(key);
    return ok;
  };

  const tryToken = (ti: number, pos: number): boolean => {
    const token = tokens[ti];
    const previous = tokens[ti - 1];
    if (!token) {
      if (pos === name.length) return true;
      record({
        position: pos,
        expected: 'the end of the name',
        found: name.slice(pos),
        message: `unexpected ${show(name.slice(pos))} at character ${pos + 1} after ${tokenLabel(previous)}; the name should end there`,
      });
      return false;
    }
    if (token.kind === 'literal') {
      const ends = literalEnds(token.text, pos);
      for (const end of ends) if (step(ti + 1, end)) return true;
      if (ends.length === 0) {
        const found = name.slice(pos, pos + Math.max(1, token.text.length));
        record({
          position: pos,
          expected: token.text,
          found,
          message:
            ti === 0
              ? `the name must start with ${show(token.text)}`
              : `missing separator ${show(token.text)} after ${tokenLabel(previous)} at character ${pos + 1}${found ? ` (found ${show(found)})` : ' (the name ends there)'}`,
        });
      }
      return false;
    }
    if (token.kind === 'date') return tryDate(ti, token, pos);
    if (token.kind === 'values') return tryValues(ti, token, pos);
    return tryRegex(ti, token, pos);
  };

  const tryDate = (ti: number, token: Extract<NamingToken, { kind: 'date' }>, pos: number): boolean => {
    DIGITS.lastIndex = pos;
    const run = DIGITS.exec(name)?.[0] ?? '';
    const label = DATE_LABEL[token.name];
    const widths = mode === 'loose' && token.width === 2 ? [2, 1] : [token.width];
    for (const width of widths) {
      const text = run.slice(0, width);
      if (text.length !== width) continue;
      const value = Number(text);
      const [min, max] = DATE_RANGE[token.name];
      if (value < min || value > max) {
        record({
          position: pos,
          part: token.name,
          expected: DATE_RANGE_TEXT[token.name],
          found: text,
          message: `${label} ${show(text)} at character ${pos + 1} is not ${DATE_RANGE_TEXT[token.name]}`,
        });
        continue;
      }
      parts[token.name] = text.padStart(token.width, '0');
      starts[token.name] = pos;
      if (step(ti + 1, pos + width)) return true;
    }
    if (run.length < token.width && !(mode === 'loose' && run.length > 0 && token.width === 2)) {
      const found = run || name.slice(pos, pos + token.width);
      record({
        position: pos,
        part: token.name,
        expected: `${token.width} digit${token.width > 1 ? 's' : ''}`,
        found,
        message: found
          ? `${label} at character ${pos + 1} must be ${token.width} digit${token.width > 1 ? 's' : ''} (${DATE_RANGE_TEXT[token.name]}); found ${show(found)}`
          : `the name ends at character ${pos + 1}; expected the ${label} \`{${token.name}}\``,
      });
    }
    return false;
  };

  const tryValues = (ti: number, token: Extract<NamingToken, { kind: 'values' }>, pos: number): boolean => {
    const byLength = [...token.values].sort((a, b) => b.length - a.length);
    for (const value of byLength) {
      const end = valueEnd(value, pos);
      if (end === null) continue;
      parts[token.name] = value;
      starts[token.name] = pos;
      if (step(ti + 1, end)) return true;
    }
    if (mode === 'loose') {
      WORD.lastIndex = pos;
      const word = WORD.exec(name)?.[0];
      const close = word ? suggest(word, token.values) : null;
      if (word && close) {
        parts[token.name] = close;
        starts[token.name] = pos;
        if (step(ti + 1, pos + word.length)) return true;
      }
    }
    const found = chunkAt(ti, pos);
    const close = found ? suggest(found, token.values) : null;
    record({
      position: pos,
      part: token.name,
      expected: `one of ${token.values.join(', ')}`,
      found,
      message: `${found ? `part \`${token.name}\` is ${show(found)}` : `part \`${token.name}\` is empty`} at character ${pos + 1}; expected one of ${token.values.join(', ')}${close ? ` (did you mean \`${close}\`?)` : ''}`,
    });
    return false;
  };

  const valueEnd = (value: string, pos: number): number | null => {
    if (mode === 'strict') return name.startsWith(value, pos) ? pos + value.length : null;
    const source = value
      .split(/[\s_\-./]+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\s_\\-./]*');
    const loose = new RegExp(source, 'iuy');
    loose.lastIndex = pos;
    return loose.exec(name) ? loose.lastIndex : null;
  };

  const tryRegex = (ti: number, token: Extract<NamingToken, { kind: 'regex' }>, pos: number): boolean => {
    const next = tokens[ti + 1];
    const ends: number[] = [];
    if (!next) ends.push(name.length);
    else if (next.kind === 'literal') {
      for (let j = pos + 1; j <= name.length; j++) {
        if (mode === 'loose' ? /[\s_\-./]/.test(name[j] ?? '') : name.startsWith(next.text, j)) ends.push(j);
      }
      if (mode === 'loose' && !ends.includes(name.length)) ends.push(name.length);
    } else for (let j = pos + 1; j <= name.length; j++) ends.push(j);
    for (const end of ends) {
      const raw = name.slice(pos, end);
      const candidates = mode === 'strict' ? [raw] : looseForms(raw);
      for (const candidate of candidates) {
        if (!token.regex.test(candidate)) continue;
        parts[token.name] = candidate;
        starts[token.name] = pos;
        if (step(ti + 1, end)) return true;
      }
    }
    const found = chunkAt(ti, pos);
    record({
      position: pos,
      part: token.name,
      expected: `text matching ${token.source}`,
      found,
      message: `${found ? `part \`${token.name}\` is ${show(found)}` : `part \`${token.name}\` is empty`} at character ${pos + 1}; expected text matching ${token.source}`,
    });
    return false;
  };

  if (step(0, 0)) return { ok: true, parts: { ...parts }, starts: { ...starts } };
  return {
    ok: false,
    failure: best ?? {
      position: 0,
      expected: compiled.pattern,
      message: `does not follow ${compiled.pattern}`,
    },
  };
}

/** A free-text part as an author probably meant it: lower case, spaces and underscores as hyphens. */
function looseForms(raw: string): string[] {
  const lower = raw.trim().toLowerCase();
  const hyphenated = lower.replace(/[\s_.]+/g, '-').replace(/-{2,}/g, '-');
  return lower === hyphenated ? [lower] : [lower, hyphenated];
}
