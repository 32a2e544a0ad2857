// Person-name casing and splitting for imported contact data. The goal is to repair shouting
// (ALL CAPS) and lazy (all lower) input; anything with deliberate mixed case is the person's own
// spelling and is never "corrected".

// Surname particles that stay lowercase inside a name ("Ludwig van Beethoven").
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'la',
  'le',
  'du',
  'da',
  'di',
  'del',
  'della',
  'dos',
  'das',
  'bin',
]);

// "Mac" is a prefix only in these; Mack, Macy, Machado, Macias, Mackie are plain words.
const MAC_SURNAMES = new Set([
  'macarthur',
  'macaulay',
  'macbride',
  'maccarthy',
  'macdonald',
  'macdonnell',
  'macdougall',
  'macfarlane',
  'macgregor',
  'macinnes',
  'macintyre',
  'mackay',
  'mackenzie',
  'mackinnon',
  'mackintosh',
  'maclachlan',
  'maclean',
  'maclennan',
  'macleod',
  'macmillan',
  'macneil',
  'macpherson',
  'macqueen',
  'macrae',
]);

// Generational and professional suffixes, keyed by their folded form.
const SUFFIXES: Readonly<Record<string, string>> = {
  jr: 'Jr.',
  jnr: 'Jr.',
  sr: 'Sr.',
  snr: 'Sr.',
  ii: 'II',
  iii: 'III',
  iv: 'IV',
  v: 'V',
  vi: 'VI',
  esq: 'Esq.',
  phd: 'PhD',
  md: 'MD',
};

// The suffixes that tell two people apart (father and son), as opposed to degrees and titles.
const GENERATIONS = new Set(['Jr.', 'Sr.', 'II', 'III', 'IV', 'V', 'VI']);

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev']);

// Given names that mark an Iberian naming pattern, where a four-word name is two given names
// and two surnames ("María José García Pérez"), not three given names and one surname.
const IBERIAN_GIVEN_NAMES = new Set([
  'maria',
  'jose',
  'juan',
  'luis',
  'carlos',
  'ana',
  'miguel',
  'francisco',
  'antonio',
  'manuel',
  'jesus',
  'javier',
  'pedro',
  'pablo',
  'alejandro',
  'fernando',
  'jorge',
  'rafael',
  'angel',
  'carmen',
  'isabel',
  'pilar',
  'lucia',
  'sofia',
  'diego',
  'andres',
  'ricardo',
  'eduardo',
  'sergio',
  'joao',
  'paulo',
  'guadalupe',
  'teresa',
  'rosa',
  'mercedes',
  'dolores',
  'josefa',
  'ignacio',
  'alvaro',
  'gonzalo',
]);

function suffixKey(word: string): string {
  return word.toLowerCase().replace(/[.,]/g, '');
}

function isSuffix(word: string): boolean {
  return suffixKey(word) in SUFFIXES;
}

function upperFirst(word: string): string {
  const first = word.codePointAt(0);
  if (first === undefined) return word;
  const head = String.fromCodePoint(first);
  return head.toUpperCase() + word.slice(head.length);
}

// Title-cases one hyphen-free, lowercase segment: McX, MacX (known list), O'X / D'X, plain.
function capitalizeSegment(segment: string): string {
  const apostrophe = /^([a-z])(['’])(\p{L}.*)$/u.exec(segment);
  if (apostrophe) {
    const [, letter = '', mark = '', rest = ''] = apostrophe;
    return letter.toUpperCase() + mark + upperFirst(rest);
  }
  if (/^mc\p{L}{2,}/u.test(segment)) return `Mc${upperFirst(segment.slice(2))}`;
  if (MAC_SURNAMES.has(segment)) return `Mac${upperFirst(segment.slice(3))}`;
  return upperFirst(segment);
}

function capitalizeWord(word: string, isFirst: boolean, isLast: boolean): string {
  // Initials: "j.r." → "J.R.", "j." → "J.", "j.r" → "J.R"
  if (/^\p{L}(\.\p{L})*\.$|^\p{L}(\.\p{L})+$/u.test(word)) return word.toUpperCase();
  if (!isFirst) {
    const suffix = SUFFIXES[suffixKey(word)];
    if (suffix !== undefined) return suffix;
    if (!isLast && PARTICLES.has(word)) return word;
  }
  const parts = word.split('-');
  return parts
    .map((part, i) => {
      // "al-" is the Arabic article: lowercase inside a name, capitalized when it leads.
      if (part === 'al' && i === 0 && parts.length > 1 && !isFirst) return part;
      return capitalizeSegment(part);
    })
    .join('-');
}

// Longer than any real name: the rest is pasted text.
const MAX_NAME = 300;

function collapseSpaces(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

/**
 * Repairs the casing of an all-lowercase or all-uppercase name ("MARY O'NEIL-SMITH" → "Mary
 * O'Neil-Smith", "ludwig van beethoven iii" → "Ludwig van Beethoven III"). Input that already
 * mixes case is returned with whitespace tidied and nothing else changed.
 */
export function capitalizeName(raw: string): string {
  const name = collapseSpaces(raw);
  const isUniformCase = name === name.toLowerCase() || name === name.toUpperCase();
  if (!isUniformCase) return name;
  const words = name.toLowerCase().split(' ');
  return words.map((word, i) => capitalizeWord(word, i === 0, i === words.length - 1)).join(' ');
}

/**
 * `first` holds the given name with any middle names or initials; `generation` is "Jr.", "Sr.",
 * "II"… in canonical form when the name carries one (a matcher must not merge a father and his
 * son), null otherwise. Degrees and honorifics are dropped.
 */
export type SplitName = { first: string; last: string; generation: string | null };

function generationOf(words: readonly string[]): string | null {
  for (const word of words) {
    const suffix = SUFFIXES[suffixKey(word)];
    if (suffix !== undefined && GENERATIONS.has(suffix)) return suffix;
  }
  return null;
}

function stripSuffixes(words: string[]): string[] {
  const kept = [...words];
  // A one-word remainder is a name, not a suffix ("V" alone is an initial).
  while (kept.length > 1 && isSuffix(kept[kept.length - 1] ?? '')) kept.pop();
  return kept;
}

function removedSuffixes(words: string[]): string[] {
  return words.slice(stripSuffixes(words).length);
}

function plainLetters(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

// Where the surname starts: the last word, pulled back over particles ("van der Berg"), or the
// last two words for an Iberian four-word name.
function lastNameStart(words: readonly string[]): number {
  let start = words.length - 1;
  const isIberian =
    words.length >= 4 &&
    (IBERIAN_GIVEN_NAMES.has(plainLetters(words[0] ?? '')) ||
      IBERIAN_GIVEN_NAMES.has(plainLetters(words[1] ?? '')));
  // "Juan García y Pérez": "y" joins two surnames.
  if (words.length >= 4 && (words[start - 1] ?? '').toLowerCase() === 'y') start -= 2;
  else if (isIberian) start = words.length - 2;
  while (start > 1 && PARTICLES.has((words[start - 1] ?? '').toLowerCase())) start--;
  return start;
}

function stripHonorifics(words: string[]): string[] {
  let start = 0;
  while (start < words.length - 1 && HONORIFICS.has(suffixKey(words[start] ?? ''))) start++;
  return words.slice(start);
}

function splitWords(text: string): string[] {
  const trimmed = collapseSpaces(text);
  return trimmed === '' ? [] : trimmed.split(' ');
}

/**
 * Splits a full name into first and last. Particles belong to the last name ("Anna van der
 * Berg" → "Anna" / "van der Berg"); middle names stay with the first name; honorifics (Mr, Dr)
 * and suffixes (Jr., III, PhD) are dropped from both, a generational one (Jr., III) being
 * returned as `generation`. "Last, First" is understood, while a comma before a suffix ("John
 * Smith, Jr.") is not mistaken for it. A four-word name that starts with a common Spanish or
 * Portuguese given name is read as two given names and two surnames ("María José García Pérez"
 * → "María José" / "García Pérez"): a heuristic, since the words alone cannot say. Casing is
 * left as given.
 */
export function splitFullName(full: string): SplitName {
  // Pasted text is not a name; split a bounded prefix rather than spend time on it.
  const commaParts = collapseSpaces(full.length > MAX_NAME ? full.slice(0, MAX_NAME) : full)
    .replace(/\p{Cc}+/gu, '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const [head = '', ...tail] = commaParts;
  // "Smith, V" is a surname and an initial; "John Smith, V" is a fifth-generation John Smith.
  const tailIsInitial = tail.length === 1 && /^\p{L}\.?$/u.test(tail[0] ?? '') && !head.includes(' ');
  const tailIsOnlySuffixes = tail.every((part) => splitWords(part).every(isSuffix));

  if (tail.length > 0 && (tailIsInitial || !tailIsOnlySuffixes)) {
    // "van der Berg Jr., Anna Maria" → last "van der Berg", first "Anna Maria"
    const headWords = splitWords(head);
    const last = stripSuffixes(headWords).join(' ');
    const firstWords = stripHonorifics(tail.flatMap(splitWords));
    const withoutSuffixes = firstWords.filter((word) => !isSuffix(word));
    // "Smith, V" keeps "V": a lone suffix-looking word there is an initial.
    const first = withoutSuffixes.length > 0 ? withoutSuffixes : firstWords;
    const dropped = [...removedSuffixes(headWords), ...(withoutSuffixes.length > 0 ? firstWords : [])];
    return { first: first.join(' '), last, generation: generationOf(dropped.filter(isSuffix)) };
  }

  const named = stripHonorifics(splitWords(head));
  const words = stripSuffixes(named);
  const generation = generationOf([...removedSuffixes(named), ...tail.flatMap(splitWords)]);
  if (words.length <= 1) return { first: words[0] ?? '', last: '', generation };
  const lastStart = lastNameStart(words);
  return { first: words.slice(0, lastStart).join(' '), last: words.slice(lastStart).join(' '), generation };
}
