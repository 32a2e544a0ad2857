import { describe, expect, it } from 'vitest';
import { capitalizeName, splitFullName } from './names.ts';

describe('capitalizeName', () => {
  it.each([
    // whitespace
    ['  john   smith  ', 'John Smith'],
    ['', ''],
    ['   ', ''],
    // all-lower and all-upper get title case
    ['john smith', 'John Smith'],
    ['JOHN SMITH', 'John Smith'],
    ['josé álvarez', 'José Álvarez'],
    ['ÉLODIE DURAND', 'Élodie Durand'],
    // Mc always, Mac only for known surnames
    ['mcdonald', 'McDonald'],
    ['ronald mcdonald', 'Ronald McDonald'],
    ['MCKENZIE', 'McKenzie'],
    ['macdonald', 'MacDonald'],
    ['douglas macarthur', 'Douglas MacArthur'],
    ['MACKENZIE', 'MacKenzie'],
    ['macleod', 'MacLeod'],
    ['harold macmillan', 'Harold MacMillan'],
    ['mack', 'Mack'],
    ['macy', 'Macy'],
    ['machado', 'Machado'],
    ['MACIAS', 'Macias'],
    ['mackie', 'Mackie'],
    // apostrophes
    ["o'neil", "O'Neil"],
    ["SHAQUILLE O'NEAL", "Shaquille O'Neal"],
    ["d'angelo", "D'Angelo"],
    ['o’brien', 'O’Brien'],
    // hyphens
    ['smith-jones', 'Smith-Jones'],
    ['MARY-KATE OLSEN', 'Mary-Kate Olsen'],
    ["anne o'neil-mcdonald", "Anne O'Neil-McDonald"],
    // particles lowercase unless first (or last, where they are usually a name)
    ['ludwig van beethoven', 'Ludwig van Beethoven'],
    ['VINCENT VAN GOGH', 'Vincent van Gogh'],
    ['anna van der berg', 'Anna van der Berg'],
    ['van der berg', 'Van der Berg'],
    ['juan de la cruz', 'Juan de la Cruz'],
    ['leonardo da vinci', 'Leonardo da Vinci'],
    ['otto von bismarck', 'Otto von Bismarck'],
    ['maria dos santos', 'Maria dos Santos'],
    ['mohammed bin salman', 'Mohammed bin Salman'],
    ['omar al-hassan', 'Omar al-Hassan'],
    ['al-hassan', 'Al-Hassan'],
    ['al smith', 'Al Smith'],
    ['thi le', 'Thi Le'],
    // initials
    ['j.r. smith', 'J.R. Smith'],
    ['j. r. r. tolkien', 'J. R. R. Tolkien'],
    ['JOHN F. KENNEDY', 'John F. Kennedy'],
    ['j.r.r. tolkien', 'J.R.R. Tolkien'],
    ['J.R.R. TOLKIEN', 'J.R.R. Tolkien'],
    ['jean-luc picard', 'Jean-Luc Picard'],
    ['MARÍA JOSÉ GARCÍA PÉREZ', 'María José García Pérez'],
    ['ian mcdonald-macleod', 'Ian McDonald-MacLeod'],
    // suffixes and roman numerals
    ['john smith iii', 'John Smith III'],
    ['JOHN SMITH III', 'John Smith III'],
    ['john smith jr', 'John Smith Jr.'],
    ['martin luther king jr.', 'Martin Luther King Jr.'],
    ['henry ford ii', 'Henry Ford II'],
    ['jane doe phd', 'Jane Doe PhD'],
    // mixed case is the person's own spelling: only whitespace changes
    ['DeAndre Jordan', 'DeAndre Jordan'],
    ['LaToya  Jackson ', 'LaToya Jackson'],
    ['McKenzie', 'McKenzie'],
    ['anna van der Berg', 'anna van der Berg'],
    ['iPhone Smith', 'iPhone Smith'],
    ['Macy', 'Macy'],
  ])('%j → %j', (input, expected) => {
    expect(capitalizeName(input)).toBe(expected);
  });
});

describe('splitFullName', () => {
  it.each([
    ['John Smith', 'John', 'Smith'],
    ['  John   Smith ', 'John', 'Smith'],
    ['Mary Ann Smith', 'Mary Ann', 'Smith'],
    ['Madonna', 'Madonna', ''],
    ['', '', ''],
    // particles belong to the last name
    ['Ludwig van Beethoven', 'Ludwig', 'van Beethoven'],
    ['Anna Maria van der Berg', 'Anna Maria', 'van der Berg'],
    ['Juan de la Cruz', 'Juan', 'de la Cruz'],
    ['Omar al-Hassan', 'Omar', 'al-Hassan'],
    // "Last, First"
    ['Smith, John', 'John', 'Smith'],
    ['Smith,John', 'John', 'Smith'],
    ['van der Berg, Anna', 'Anna', 'van der Berg'],
    ['Smith, John Michael', 'John Michael', 'Smith'],
    ['Smith Jr., John', 'John', 'Smith'],
    ['Smith, John, Jr.', 'John', 'Smith'],
    ['Smith, Dr. John', 'John', 'Smith'],
    ['Smith, V', 'V', 'Smith'],
    // suffixes are dropped, not glued to the last name; a comma before them is not "Last, First"
    ['John Smith Jr.', 'John', 'Smith'],
    ['John Smith, Jr.', 'John', 'Smith'],
    ['John Smith III', 'John', 'Smith'],
    ['John Smith, PhD', 'John', 'Smith'],
    ['Martin Luther King Jr', 'Martin Luther', 'King'],
    // honorifics are dropped
    ['Dr. Jane Doe', 'Jane', 'Doe'],
    ['Mr John Smith', 'John', 'Smith'],
    // casing is left alone
    ['JOHN SMITH', 'JOHN', 'SMITH'],
    ['Jean-Luc Picard', 'Jean-Luc', 'Picard'],
    ['Dr. Jane Q. Smith', 'Jane Q.', 'Smith'],
    // Iberian names: two given names, two surnames
    ['María José García Pérez', 'María José', 'García Pérez'],
    ['Jose Luis Rodriguez Zapatero', 'Jose Luis', 'Rodriguez Zapatero'],
    ['Juan García y Pérez', 'Juan', 'García y Pérez'],
    ['Gabriel García Márquez', 'Gabriel García', 'Márquez'], // three words: no way to tell
    ['George Herbert Walker Bush', 'George Herbert Walker', 'Bush'],
  ])('%j → first %j, last %j', (input, first, last) => {
    expect(splitFullName(input)).toMatchObject({ first, last });
  });

  it.each([
    ['Dr. Jane Q. Smith Jr.', { first: 'Jane Q.', last: 'Smith', generation: 'Jr.' }],
    ['John Smith Sr', { first: 'John', last: 'Smith', generation: 'Sr.' }],
    ['John Smith, Jr.', { first: 'John', last: 'Smith', generation: 'Jr.' }],
    ['John Smith III', { first: 'John', last: 'Smith', generation: 'III' }],
    ['John Smith III, PhD', { first: 'John', last: 'Smith', generation: 'III' }],
    ['John Smith Jnr', { first: 'John', last: 'Smith', generation: 'Jr.' }],
    ['Smith Jr., John', { first: 'John', last: 'Smith', generation: 'Jr.' }],
    ['Smith, John, Jr.', { first: 'John', last: 'Smith', generation: 'Jr.' }],
    ['Smith, John III', { first: 'John', last: 'Smith', generation: 'III' }],
    ['Smith, V', { first: 'V', last: 'Smith', generation: null }], // an initial, not the fifth
    ['John Smith, PhD', { first: 'John', last: 'Smith', generation: null }],
    ['Jane Doe MD', { first: 'Jane', last: 'Doe', generation: null }],
    ['Ludwig van Beethoven', { first: 'Ludwig', last: 'van Beethoven', generation: null }],
    ['Madonna', { first: 'Madonna', last: '', generation: null }],
    ['Jr.', { first: 'Jr.', last: '', generation: null }],
  ])('%j → %j', (input, expected) => {
    expect(splitFullName(input)).toEqual(expected);
  });

  it.each([
    '',
    '   ',
    ',,,',
    '<b>John</b> <i>Smith</i>',
    '😀 🙂',
    'محمد بن سلمان',
    'John\u0000Smith',
    'x'.repeat(10_000),
    'a '.repeat(5_000),
    'a, '.repeat(3_000),
  ])('never throws on %j', (input) => {
    const split = splitFullName(input);
    expect(typeof split.first).toBe('string');
    expect(typeof split.last).toBe('string');
    expect(split.first.length + split.last.length).toBeLessThanOrEqual(300);
    expect(typeof capitalizeName(input)).toBe('string');
  });

  it('stays fast on long input', () => {
    const start = performance.now();
    for (const input of ['mc'.repeat(5_000), "o'".repeat(5_000), 'j.'.repeat(5_000), 'Van '.repeat(2_500)]) {
      splitFullName(input);
      capitalizeName(input);
    }
    expect(performance.now() - start).toBeLessThan(500);
  });
});
