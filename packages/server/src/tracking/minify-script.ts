/**
 * A whitespace-and-comment minifier for the tracker script (our own, hand-written ES2017 source),
 * so `/t.js` stays a few KB without a bundler dependency or a build step. It does not rename anything:
 * it drops comments and every space a token boundary does not need. Assumptions the tracker
 * source keeps (and tracker-script.test.ts proves by comparing token streams): statements end
 * with semicolons (Biome formats with `semicolons: always`), so line breaks are never needed, and
 * `${…}` inside template literals contains no backtick.
 */
export function minifyScript(source: string): string {
  let out = '';
  let last = '';
  let space = false;
  let i = 0;
  const emit = (token: string) => {
    const prev = out.at(-1) ?? '';
    const next = token[0] ?? '';
    // a space is kept only where removing it would merge two tokens: `return x`, `a - -b`.
    if (
      space &&
      ((WORD.test(prev) && WORD.test(next)) || ((prev === '+' || prev === '-') && prev === next))
    ) {
      out += ' ';
    }
    out += token;
    last = token;
    space = false;
  };
  while (i < source.length) {
    const c = source[i]!;
    const n = source[i + 1];
    if (/\s/.test(c)) {
      space = true;
      i++;
    } else if (c === '/' && n === '/') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
      space = true;
    } else if (c === '/' && n === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment in script');
      i = end + 2;
      space = true;
    } else if (c === '"' || c === "'" || c === '`') {
      const end = closeQuoted(source, i, c);
      emit(source.slice(i, end));
      i = end;
    } else if (c === '/' && regexMayStart(last)) {
      const end = closeRegex(source, i);
      emit(source.slice(i, end));
      i = end;
    } else if (WORD.test(c)) {
      let end = i + 1;
      while (end < source.length && WORD.test(source[end]!)) end++;
      emit(source.slice(i, end));
      i = end;
    } else {
      emit(c);
      i++;
    }
  }
  return out;
}

const WORD = /[A-Za-z0-9_$]/;
// After these keywords a slash starts a regular expression; after any other word it divides.
const REGEX_KEYWORDS = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'instanceof',
  'yield',
  'await',
]);

function regexMayStart(last: string): boolean {
  if (last === '') return true;
  if (WORD.test(last[0]!)) return REGEX_KEYWORDS.has(last);
  return last !== ')' && last !== ']' && last !== '}';
}

function closeQuoted(source: string, start: number, quote: string): number {
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
    else if (c === '\n' && quote !== '`') break;
  }
  throw new Error(`unterminated string in script at offset ${start}`);
}

function closeRegex(source: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let end = i + 1;
      while (end < source.length && /[a-z]/.test(source[end]!)) end++;
      return end;
    } else if (c === '\n') break;
  }
  throw new Error(`unterminated regular expression in script at offset ${start}`);
}
