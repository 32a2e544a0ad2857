import { readFileSync } from 'node:fs';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { minifyScript } from './minify-script.ts';

/** The token stream ESLint's parser sees: the minifier may change whitespace and comments only. */
function tokens(code: string): string[] {
  const linter = new Linter();
  const messages = linter.verify(code, [{ languageOptions: { ecmaVersion: 2017, sourceType: 'script' } }]);
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`does not parse: ${fatal.message}`);
  return linter.getSourceCode().ast.tokens.map((t) => `${t.type}:${t.value}`);
}

describe('minifyScript', () => {
  it.each([
    ['spaces between words stay', 'return   typeof  x;', 'return typeof x;'],
    ['comments go', 'a = 1; // one\n/* two */ b = 2;', 'a=1;b=2;'],
    ['a comment between words keeps a space', 'let/**/x = 1;', 'let x=1;'],
    ['strings are untouched', "s = ' a  // b /* c */ ';", "s=' a  // b /* c */ ';"],
    ['escaped quotes', "s = 'it\\'s  ';", "s='it\\'s  ';"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source text, not a template.
    ['templates are untouched', 'u = `${a}  /v1/t`;', 'u=`${a}  /v1/t`;'],
    ['a regex after ( keeps its slashes', "b.replace(/\\/+$/, '')", "b.replace(/\\/+$/,'')"],
    ['a regex with a class holding a slash', 'x = /[/]  a/g.test(s);', 'x=/[/]  a/g.test(s);'],
    ['division is not a regex', 'y = a / b / c;', 'y=a/b/c;'],
    ['a regex after return', 'return /a b/.test(s);', 'return/a b/.test(s);'],
    ['plus plus stays apart', 'x = a + +b - -c;', 'x=a+ +b- -c;'],
  ])('%s', (_label, source, expected) => {
    expect(minifyScript(source)).toBe(expected);
  });

  it.each([
    ['an unterminated string', "s = 'abc"],
    ['an unterminated comment', 'a /* b'],
    ['an unterminated regex', 'x = /abc'],
  ])('throws on %s', (_label, source) => {
    expect(() => minifyScript(source)).toThrow(/unterminated/);
  });

  it('changes nothing but whitespace and comments in the tracker', () => {
    const source = readFileSync(new URL('./tracker.js', import.meta.url), 'utf8');
    const minified = minifyScript(source);
    expect(minified.length).toBeLessThan(source.length * 0.7);
    expect(tokens(minified)).toEqual(tokens(source));
  });
});
