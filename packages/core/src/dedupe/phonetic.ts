// NYSIIS (New York State Identification and Intelligence System) phonetic code, the classic
// variant: names that sound alike share a code ("Knight"/"Night", "Schmidt"/"Smith" differ but
// "Philips"/"Phillips" agree). Chosen over Soundex because it keeps vowel position information
// and produces fewer collisions between unrelated surnames; over Double Metaphone for its size.
// The result is not truncated to six characters: longer codes block more precisely.

const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);

function isVowel(ch: string | undefined): boolean {
  return ch !== undefined && VOWELS.has(ch);
}

/** NYSIIS code of a name; letters only are considered (input may be any case). */
export function nysiis(name: string): string {
  let s = name.toUpperCase().replace(/[^A-Z]/g, '');
  if (s === '') return '';
  // Prefixes.
  if (s.startsWith('MAC')) s = `MCC${s.slice(3)}`;
  else if (s.startsWith('KN')) s = `NN${s.slice(2)}`;
  else if (s.startsWith('K')) s = `C${s.slice(1)}`;
  else if (s.startsWith('PH') || s.startsWith('PF')) s = `FF${s.slice(2)}`;
  else if (s.startsWith('SCH')) s = `SSS${s.slice(3)}`;
  // Suffixes.
  if (s.endsWith('EE') || s.endsWith('IE')) s = `${s.slice(0, -2)}Y`;
  else if (/(DT|RT|RD|NT|ND)$/.test(s)) s = `${s.slice(0, -2)}D`;

  const first = s[0] as string;
  const chars = s.split('');
  let key = first;
  for (let i = 1; i < chars.length; i++) {
    const ch = chars[i] as string;
    const next = chars[i + 1];
    let rep: string[];
    if (ch === 'E' && next === 'V') rep = ['A', 'F'];
    else if (isVowel(ch)) rep = ['A'];
    else if (ch === 'Q') rep = ['G'];
    else if (ch === 'Z') rep = ['S'];
    else if (ch === 'M') rep = ['N'];
    else if (ch === 'K') rep = next === 'N' ? ['N'] : ['C'];
    else if (ch === 'S' && next === 'C' && chars[i + 2] === 'H') rep = ['S', 'S', 'S'];
    else if (ch === 'P' && next === 'H') rep = ['F', 'F'];
    else if (ch === 'H' && (!isVowel(chars[i - 1]) || !isVowel(next))) rep = [chars[i - 1] as string];
    else if (ch === 'W' && isVowel(chars[i - 1])) rep = [chars[i - 1] as string];
    else rep = [ch];
    for (let r = 0; r < rep.length; r++) chars[i + r] = rep[r] as string;
    const out = chars[i] as string;
    if (out !== key[key.length - 1]) key += out;
  }
  if (key.length > 1 && key.endsWith('S')) key = key.slice(0, -1);
  if (key.endsWith('AY')) key = `${key.slice(0, -2)}Y`;
  if (key.length > 1 && key.endsWith('A')) key = key.slice(0, -1);
  return key;
}
