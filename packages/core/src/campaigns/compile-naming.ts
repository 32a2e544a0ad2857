/**
 * A campaign naming convention (`{yyyy}-{mm}_{type}_{region}_{slug}`) compiled into tokens the
 * checker walks. Problems with the pattern itself are found here, once, when the playbook is
 * loaded — not later as a confusing failure on every name.
 */

/** How a named part is constrained: a closed list of values, or a regular expression. */
export interface NamingPartRule {
  values?: readonly string[];
  pattern?: string;
}

export interface NamingConvention {
  pattern: string;
  parts?: Readonly<Record<string, NamingPartRule>>;
}

export type DateTokenKind = 'yyyy' | 'mm' | 'dd' | 'q';

export type NamingToken =
  | { kind: 'literal'; text: string }
  | { kind: 'date'; name: DateTokenKind; width: number }
  | { kind: 'values'; name: string; values: readonly string[] }
  | { kind: 'regex'; name: string; source: string; regex: RegExp };

export interface CompiledNaming {
  pattern: string;
  tokens: readonly NamingToken[];
  /** Part names in pattern order (date parts included), for messages and for building names. */
  partNames: readonly string[];
}

export interface NamingPatternError {
  code: 'NAMING_PATTERN_INVALID';
  message: string;
  /** 1-based character of the pattern where the problem is, when there is one. */
  position?: number;
  part?: string;
}

/** Fixed-width date parts: their width is what lets two of them sit side by side (`{yyyy}{mm}`). */
const DATE_WIDTH: Record<DateTokenKind, number> = { yyyy: 4, mm: 2, dd: 2, q: 1 };
const PART_NAME = /^[a-z][a-z0-9_]*$/;

export const isDateToken = (name: string): name is DateTokenKind => Object.hasOwn(DATE_WIDTH, name);

const fail = (message: string, extra: { position?: number; part?: string } = {}) =>
  ({ ok: false, error: { code: 'NAMING_PATTERN_INVALID', message, ...extra } }) as const;

export function compileNamingConvention(
  convention: NamingConvention,
): { ok: true; value: CompiledNaming } | { ok: false; error: NamingPatternError } {
  const { pattern } = convention;
  const parts = convention.parts ?? {};
  if (pattern.length === 0) return fail('the naming pattern is empty');
  const tokens: NamingToken[] = [];
  const partNames: string[] = [];
  let literal = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '}') {
      return fail(`unbalanced \`}\` at character ${i + 1} of the pattern: there is no \`{\` before it`, {
        position: i + 1,
      });
    }
    if (ch !== '{') {
      literal += ch;
      continue;
    }
    const close = pattern.indexOf('}', i + 1);
    const nextOpen = pattern.indexOf('{', i + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      return fail(`unbalanced \`{\` at character ${i + 1} of the pattern: it is never closed with \`}\``, {
        position: i + 1,
      });
    }
    const name = pattern.slice(i + 1, close);
    if (!PART_NAME.test(name)) {
      return fail(
        `\`{${name}}\` at character ${i + 1} is not a part name: use lower-case letters, digits and _ (e.g. {region})`,
        { position: i + 1, part: name },
      );
    }
    if (partNames.includes(name)) {
      return fail(`part \`{${name}}\` appears twice in the pattern (again at character ${i + 1})`, {
        position: i + 1,
        part: name,
      });
    }
    if (literal) tokens.push({ kind: 'literal', text: literal });
    const previous = tokens.at(-1);
    if (!literal && previous && previous.kind !== 'literal' && previous.kind !== 'date') {
      // `{type}{region}`: where one ends and the next begins would be a guess.
      return fail(
        `parts \`{${previous.name}}\` and \`{${name}}\` are adjacent at character ${i + 1} with no separator between them; put a literal such as \`_\` between them`,
        { position: i + 1, part: name },
      );
    }
    literal = '';
    const token = compilePart(name, parts[name], i + 1);
    if (!token.ok) return token;
    tokens.push(token.value);
    partNames.push(name);
    i = close;
  }
  if (literal) tokens.push({ kind: 'literal', text: literal });
  if (partNames.length === 0) return fail('the naming pattern has no parts: add at least one, e.g. {slug}');
  for (const name of Object.keys(parts)) {
    if (!partNames.includes(name)) {
      return fail(`part \`${name}\` is defined under parts but the pattern \`${pattern}\` does not use it`, {
        part: name,
      });
    }
  }
  return { ok: true, value: { pattern, tokens, partNames } };
}

function compilePart(
  name: string,
  rule: NamingPartRule | undefined,
  position: number,
): { ok: true; value: NamingToken } | ReturnType<typeof fail> {
  if (isDateToken(name)) {
    if (rule) {
      return fail(`part \`{${name}}\` is a built-in date part and takes no values or pattern`, {
        position,
        part: name,
      });
    }
    return { ok: true, value: { kind: 'date', name, width: DATE_WIDTH[name] } };
  }
  if (!rule || (rule.values === undefined && rule.pattern === undefined)) {
    return fail(
      `part \`{${name}}\` at character ${position} has neither values nor a pattern; add parts.${name}.values or parts.${name}.pattern (built-in parts: {yyyy}, {mm}, {dd}, {q})`,
      { position, part: name },
    );
  }
  if (rule.values !== undefined && rule.pattern !== undefined) {
    return fail(`part \`{${name}}\` has both values and a pattern; keep one`, { position, part: name });
  }
  if (rule.values !== undefined) {
    const values = rule.values.filter((v) => v.length > 0);
    if (values.length === 0)
      return fail(`part \`{${name}}\` has an empty list of values`, { position, part: name });
    if (new Set(values).size !== values.length) {
      return fail(`part \`{${name}}\` lists a value twice`, { position, part: name });
    }
    return { ok: true, value: { kind: 'values', name, values } };
  }
  const source = rule.pattern as string;
  try {
    // Anchored whatever the author wrote: a part's pattern describes the whole part.
    const regex = new RegExp(`^(?:${source})$`, 'u');
    return { ok: true, value: { kind: 'regex', name, source, regex } };
  } catch (error) {
    return fail(`part \`{${name}}\` has an invalid pattern ${source}: ${(error as Error).message}`, {
      position,
      part: name,
    });
  }
}
