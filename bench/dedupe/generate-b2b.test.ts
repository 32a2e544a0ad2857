import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateB2B, type NegativeKind, opaqueId } from './b2b-generate.ts';
import { B2B_HEADER } from './b2b-records.ts';
import { readCsv } from './csv.ts';
import { writeB2B } from './generate-b2b.ts';

const ROWS = 6000;
let dir: string;
let input: Record<string, string>[];
let truth: Record<string, string>[];
let negatives: Record<string, string>[];
let records: Map<string, Record<string, string>[]>;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-b2b-test-'));
  writeB2B(ROWS, 'test', {
    out: path.join(dir, 'a.csv'),
    truth: path.join(dir, 'a.truth.csv'),
    negatives: path.join(dir, 'a.neg.csv'),
  });
  input = readCsv(path.join(dir, 'a.csv'));
  truth = readCsv(path.join(dir, 'a.truth.csv'));
  negatives = readCsv(path.join(dir, 'a.neg.csv'));
  const entityOf = new Map(truth.map((t) => [t.id, t.entity_id]));
  records = new Map();
  for (const row of input) {
    const entity = entityOf.get(row.id ?? '') ?? 'missing';
    const list = records.get(entity) ?? [];
    list.push(row);
    records.set(entity, list);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fullNameOf = (r: Record<string, string>) =>
  (r.full_name || `${r.first_name} ${r.last_name}`).trim().toLowerCase();

describe('synthetic B2B generator', () => {
  it('is deterministic by seed', () => {
    writeB2B(ROWS, 'test', { out: path.join(dir, 'b.csv') });
    writeB2B(ROWS, 'other', { out: path.join(dir, 'c.csv') });
    const a = fs.readFileSync(path.join(dir, 'a.csv'));
    expect(fs.readFileSync(path.join(dir, 'b.csv')).equals(a)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'c.csv')).equals(a)).toBe(false);
  });

  it('writes exactly the requested rows, with the contract header and unique ids', () => {
    expect(Object.keys(input[0] ?? {})).toEqual([...B2B_HEADER]);
    expect(input).toHaveLength(ROWS);
    expect(new Set(input.map((r) => r.id)).size).toBe(ROWS);
  });

  it('has a truth file listing every input id once, and nothing else', () => {
    expect(truth).toHaveLength(ROWS);
    expect(new Set(truth.map((t) => t.id))).toEqual(new Set(input.map((r) => r.id)));
    expect(records.has('missing')).toBe(false);
  });

  it('leaks no truth into the input: no entity ids, opaque ids, duplicates spread through the file', () => {
    const entityIds = new Set(truth.map((t) => t.entity_id));
    for (const row of input) for (const value of Object.values(row)) expect(entityIds.has(value)).toBe(false);
    const entityOf = new Map(truth.map((t) => [t.id, t.entity_id]));
    let adjacent = 0;
    for (let i = 1; i < input.length; i++)
      if (entityOf.get(input[i]?.id ?? '') === entityOf.get(input[i - 1]?.id ?? '')) adjacent++;
    expect(adjacent / input.length).toBeLessThan(0.02);
    // Ids are a bijection of the row number, so they never collide.
    expect(new Set(Array.from({ length: 100_000 }, (_, i) => opaqueId(i))).size).toBe(100_000);
  });

  it('duplicates 20–30% of people, and their records really differ', () => {
    const sizes = [...records.values()].map((list) => list.length);
    const duplicated = sizes.filter((n) => n > 1).length / sizes.length;
    expect(duplicated).toBeGreaterThan(0.2);
    expect(duplicated).toBeLessThan(0.3);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
    let identical = 0;
    let groups = 0;
    for (const list of records.values()) {
      if (list.length < 2) continue;
      groups++;
      const lines = new Set(list.map((r) => JSON.stringify({ ...r, id: '' })));
      if (lines.size === 1) identical++;
    }
    expect(identical / groups).toBeLessThan(0.05);
  });

  it('produces the variations the issue lists', () => {
    const all = input;
    expect(all.some((r) => r.full_name !== '' && r.first_name === '' && r.last_name === '')).toBe(true);
    expect(all.some((r) => /^[^,]+, [^,]+$/.test(r.full_name ?? ''))).toBe(true); // "Last, First"
    expect(all.some((r) => /\+[a-z]+@/.test(r.email ?? ''))).toBe(true); // plus tags
    expect(all.some((r) => /@(gmail|yahoo|outlook|hotmail|icloud|aol)\.com$/.test(r.email ?? ''))).toBe(true);
    expect(all.some((r) => /^\+\d{8,}$/.test(r.phone ?? ''))).toBe(true); // E.164
    expect(all.some((r) => /^\(\d{3}\) \d{3}-\d{4}$/.test(r.phone ?? ''))).toBe(true);
    expect(all.some((r) => /(x|ext\.?|Ext\.) ?\d+$/.test(r.phone ?? ''))).toBe(true);
    expect(all.some((r) => /^Vice President, /.test(r.title ?? ''))).toBe(true);
    let nickname = false;
    let suffixVariant = false;
    for (const list of records.values()) {
      const firsts = new Set(list.map((r) => r.first_name).filter(Boolean));
      if (
        firsts.has('Robert') &&
        [...firsts].some((f) => ['Bob', 'Rob', 'Bobby', 'Robbie'].includes(f ?? ''))
      )
        nickname = true;
      const companies = new Set(list.map((r) => r.company).filter(Boolean));
      if (companies.size > 1) suffixVariant = true;
    }
    expect(
      nickname || [...records.values()].some((l) => new Set(l.map((r) => r.first_name?.trim())).size > 1),
    ).toBe(true);
    expect(suffixVariant).toBe(true);
  });

  it('plants hard negatives of every kind, and they are what they claim', () => {
    const kinds = new Set(negatives.map((n) => n.kind));
    for (const kind of ['similar-colleague', 'sr-jr', 'namesake', 'switchboard-colleague'] as NegativeKind[])
      expect(kinds.has(kind)).toBe(true);
    const domainsOf = (entity: string) =>
      new Set(
        (records.get(entity) ?? [])
          .map((r) =>
            (r.domain ?? '')
              .replace(/^https?:\/\//, '')
              .replace(/^www\./, '')
              .replace(/\/$/, ''),
          )
          .filter(Boolean),
      );
    const namesOf = (entity: string) => new Set((records.get(entity) ?? []).map(fullNameOf));
    const phoneKeys = (entity: string) =>
      new Set(
        (records.get(entity) ?? [])
          .map((r) =>
            (r.phone ?? '')
              .replace(/\s*(x|ext\.?|Ext\.)\s*\d+$/, '')
              .replace(/\D/g, '')
              .slice(-7),
          )
          .filter(Boolean),
      );
    const intersects = <T>(x: Set<T>, y: Set<T>) => [...x].some((v) => y.has(v));
    const checked: Record<string, number> = {};
    for (const n of negatives) {
      const a = n.entity_a ?? '';
      const b = n.entity_b ?? '';
      expect(a).not.toBe(b);
      if (!records.has(a) || !records.has(b)) continue; // the last company may be cut at the row limit
      checked[n.kind ?? ''] = (checked[n.kind ?? ''] ?? 0) + 1;
      if (n.kind === 'namesake') {
        // Same name (each entity's first record is unaltered), different companies.
        expect(intersects(namesOf(a), namesOf(b))).toBe(true);
        expect(intersects(domainsOf(a), domainsOf(b))).toBe(false);
      } else if (n.kind === 'sr-jr') {
        expect(intersects(namesOf(a), namesOf(b))).toBe(false);
        expect([...namesOf(a)].every((name) => name.includes(' sr.'))).toBe(true);
        expect([...namesOf(b)].every((name) => name.includes(' jr.'))).toBe(true);
      } else if (n.kind === 'similar-colleague') {
        expect(namesOf(a)).not.toEqual(namesOf(b));
      }
      if (n.kind !== 'namesake' && domainsOf(a).size > 0 && domainsOf(b).size > 0) {
        expect(intersects(domainsOf(a), domainsOf(b))).toBe(true);
      }
      if (n.kind === 'switchboard-colleague' && phoneKeys(a).size > 0 && phoneKeys(b).size > 0) {
        expect(intersects(phoneKeys(a), phoneKeys(b))).toBe(true);
      }
    }
    for (const kind of ['similar-colleague', 'sr-jr', 'namesake', 'switchboard-colleague'])
      expect(checked[kind]).toBeGreaterThan(0);
  });

  it('makes common names collide across entities (namesakes) without one name dominating', () => {
    const people = new Map<string, number>();
    const stats = generateB2B(
      { rows: 20_000, seed: 'names' },
      {
        row: (_id, csvFields) => {
          // Names never hold commas; strip the quotes kept around deliberate spaces.
          const fields = csvFields.split(',').map((f) => f.replace(/^"|"$/g, '').trim());
          if (!fields[0] || !fields[1]) return; // full_name-only rows
          const key = `${fields[0]} ${fields[1]}`;
          people.set(key, (people.get(key) ?? 0) + 1);
        },
        truth: () => {},
        negative: () => {},
      },
    );
    expect(stats.rows).toBe(20_000);
    expect(stats.negatives.namesake).toBeGreaterThan(0);
    const counts = [...people.values()].sort((x, y) => y - x);
    expect(counts[0]).toBeLessThan(60); // the top name is not absurdly common in 20k rows
    expect(people.size).toBeGreaterThan(8000);
  });
});
