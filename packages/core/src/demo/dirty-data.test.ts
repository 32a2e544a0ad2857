import { describe, expect, it } from 'vitest';
import { dirtyFields } from './dirty-data.ts';
import { Prng } from './prng.ts';

const CLEAN = {
  email: 'jane.doe@blue-labs.example',
  first_name: 'Jane',
  last_name: 'Doe',
  company: 'Blue Labs',
  title: 'VP Marketing',
  country: 'US',
  state: 'CA',
};

describe('dirtyFields', () => {
  it('always changes something and keeps the email recognisable', () => {
    const rng = new Prng(5);
    for (let i = 0; i < 500; i++) {
      const dirty = dirtyFields(CLEAN, rng);
      expect(dirty).not.toEqual(CLEAN);
      expect(dirty.email!.trim().toLowerCase()).toBe(CLEAN.email);
    }
  });

  it('produces the variants the hygiene engine must handle', () => {
    const rng = new Prng(9);
    const seen = { countries: new Set<string>(), states: new Set<string>(), titles: new Set<string>() };
    for (let i = 0; i < 2000; i++) {
      const dirty = dirtyFields(CLEAN, rng);
      seen.countries.add(dirty.country!);
      seen.states.add(dirty.state!);
      seen.titles.add(dirty.title!);
    }
    expect(seen.countries).toContain('U.S.');
    expect(seen.states).toContain('California');
    expect(seen.titles).toContain('VP, Mktg');
    const nl = dirtyFields({ email: 'a@b.example', country: 'NL' }, new Prng(1));
    expect(nl).not.toEqual({ email: 'a@b.example', country: 'NL' });
  });

  it('dirties a newsletter fill that has only an email', () => {
    const dirty = dirtyFields({ email: 'x.y@gmail.com' }, new Prng(2));
    expect(dirty.email).not.toBe('x.y@gmail.com');
    expect(dirty.email!.trim().toLowerCase()).toBe('x.y@gmail.com');
  });
});
