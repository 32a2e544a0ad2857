import { describe, expect, it } from 'vitest';
import { clusterRecords } from './cluster-records.ts';
import { FIELD_COMPARISONS } from './compare-records.ts';
import { dedupeRecords } from './dedupe-records.ts';
import { estimateM, type PatternTable, seededRandom } from './estimate-weights.ts';
import type { DedupeInput } from './fields.ts';
import { mapHeaders } from './map-headers.ts';
import { prepareRecords } from './prepare-records.ts';
import { explainPair, hardConflict } from './score-pairs.ts';

// A small generated B2B set: people with variants (typos, nicknames, case, webmail) plus the hard
// negatives the matcher must keep apart.
const FIRST = [
  'robert',
  'william',
  'margaret',
  'james',
  'linda',
  'susan',
  'michael',
  'karen',
  'thomas',
  'nancy',
  'daniel',
  'laura',
];
const LAST = [
  'hartley',
  'okafor',
  'lindqvist',
  'moreau',
  'castellano',
  'nakamura',
  'brennan',
  'whitfield',
  'petrov',
  'adeyemi',
  'fairbanks',
  'kowalski',
  'delgado',
  'ashworth',
];
const COMPANIES = [
  'acme',
  'globex',
  'initech',
  'umbrella',
  'hooli',
  'vandelay',
  'stark',
  'wayne',
  'tyrell',
  'cyberdyne',
  'soylent',
  'wonka',
];
const NICK: Record<string, string> = {
  robert: 'bob',
  william: 'bill',
  margaret: 'peggy',
  james: 'jim',
  michael: 'mike',
  thomas: 'tom',
  daniel: 'dan',
  susan: 'sue',
};
const cap = (s: string) => s[0]?.toUpperCase() + s.slice(1);

function typo(s: string, rand: () => number): string {
  const i = 1 + Math.floor(rand() * (s.length - 2));
  return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
}

interface Generated {
  records: DedupeInput[];
  entity: number[];
  hardNegatives: [number, number, string][];
}

function generate(people: number, seed: number): Generated {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const records: DedupeInput[] = [];
  const entity: number[] = [];
  const hardNegatives: [number, number, string][] = [];
  const used = new Set<string>();
  for (let p = 0; p < people; p++) {
    let first = pick(FIRST);
    let last = pick(LAST);
    while (used.has(`${first} ${last}`)) {
      first = pick(FIRST);
      last = pick(LAST);
    }
    used.add(`${first} ${last}`);
    const company = pick(COMPANIES);
    const domain = `${company}.com`;
    const suffix = p % 10 === 3 ? ' Sr.' : '';
    const phone = `+1 415 555 ${String(1000 + p).padStart(4, '0')}`;
    const base: DedupeInput = {
      first_name: cap(first),
      last_name: cap(last) + suffix,
      email: `${first}.${last}@${domain}`,
      company: `${cap(company)} Inc`,
      phone,
      city: 'San Francisco',
      title: 'Director of Sales',
    };
    const add = (r: DedupeInput, e: number) => {
      records.push(r);
      entity.push(e);
      return records.length - 1;
    };
    const original = add(base, p);
    const variants = Math.floor(rand() * 3);
    for (let v = 0; v < variants; v++) {
      const kind = Math.floor(rand() * 3);
      if (kind === 0)
        add({ ...base, last_name: cap(typo(last, rand)) + suffix, email: base.email?.toUpperCase() }, p);
      else if (kind === 1)
        add(
          {
            ...base,
            first_name: cap(NICK[first] ?? first),
            phone: `(415) 555-${String(1000 + p).padStart(4, '0')}`,
          },
          p,
        );
      else
        add(
          {
            ...base,
            email: `${first}${last}@gmail.com`,
            company: `${cap(company)}, Inc.`,
            title: 'Sales Director',
          },
          p,
        );
    }
    // Hard negatives, each a different person (entity id offset so they never count as matches).
    if (p % 10 === 0) {
      const colleague = add(
        {
          ...base,
          first_name: cap(pick(FIRST.filter((f) => f !== first))),
          last_name: cap(pick(LAST.filter((l) => l !== last))),
          email: `x${p}@${domain}`,
        },
        100_000 + p,
      );
      hardNegatives.push([original, colleague, 'colleague sharing domain and switchboard']);
    }
    if (p % 10 === 3) {
      const junior = add(
        { ...base, last_name: `${cap(last)} Jr.`, email: `${first}.${last}.jr@${domain}`, phone: undefined },
        200_000 + p,
      );
      hardNegatives.push([original, junior, 'Sr/Jr']);
    }
    if (p % 10 === 6) {
      const other = pick(COMPANIES.filter((c) => c !== company));
      const namesake = add(
        {
          ...base,
          company: `${cap(other)} LLC`,
          email: `${first}.${last}@${other}.com`,
          phone: '+1 212 555 0199',
        },
        300_000 + p,
      );
      hardNegatives.push([original, namesake, 'namesake at another company']);
    }
  }
  return { records, entity, hardNegatives };
}

function pairwise(clusterOf: Int32Array, entity: number[]): { precision: number; recall: number } {
  let tp = 0;
  let predicted = 0;
  let truth = 0;
  for (let i = 0; i < entity.length; i++)
    for (let j = i + 1; j < entity.length; j++) {
      const same = clusterOf[i] === clusterOf[j];
      const real = entity[i] === entity[j];
      if (same) predicted++;
      if (real) truth++;
      if (same && real) tp++;
    }
  return { precision: predicted === 0 ? 1 : tp / predicted, recall: truth === 0 ? 1 : tp / truth };
}

describe('dedupeRecords on a generated B2B set', () => {
  const data = generate(150, 7);
  const prep = prepareRecords(data.records);
  const result = dedupeRecords(prep);

  it('finds the duplicates', () => {
    if (process.env.DEBUG_DEDUPE)
      for (let i = 0; i < data.entity.length; i++)
        for (let j = i + 1; j < data.entity.length; j++)
          if (result.clusterOf[i] === result.clusterOf[j] && data.entity[i] !== data.entity[j])
            console.log(
              JSON.stringify(data.records[i]),
              JSON.stringify(data.records[j]),
              JSON.stringify(explainPair(prep, result.model, i, j)),
            );
    const { precision, recall } = pairwise(result.clusterOf, data.entity);
    expect(recall).toBeGreaterThan(0.9);
    expect(precision).toBeGreaterThan(0.95);
    expect(result.stats.em.converged).toBe(true);
  });

  it.each(['colleague sharing domain and switchboard', 'Sr/Jr', 'namesake at another company'])(
    'keeps %s apart',
    (kind) => {
      const cases = data.hardNegatives.filter(([, , k]) => k === kind);
      expect(cases.length).toBeGreaterThan(0);
      for (const [a, b] of cases) expect(result.clusterOf[a]).not.toBe(result.clusterOf[b]);
    },
  );

  it('explains a pair field by field, as data', () => {
    const [a, b] = data.hardNegatives.find(([, , k]) => k === 'Sr/Jr') ?? [0, 1];
    const e = explainPair(prep, result.model, a, b);
    expect(e.conflict).toMatch(/Jr/);
    expect(e.probability).toBe(0);
    const first = e.fields.find((f) => f.field === 'first_name');
    expect(first?.level).toBe('exact');
    expect(first?.weight).toBeGreaterThan(0);
    const twin = data.entity.findIndex((x, i) => i > 0 && x === data.entity[i - 1]);
    const same = explainPair(prep, result.model, twin - 1, twin);
    expect(same.probability).toBeGreaterThan(0.5);
    expect(same.conflict).toBeNull();
  });
});

describe('hardConflict', () => {
  const F = FIELD_COMPARISONS.length;
  const idx = (name: string) => FIELD_COMPARISONS.findIndex((f) => f.name === name);
  const levels = (set: Record<string, number>) => {
    const out = new Uint8Array(F);
    for (const [k, v] of Object.entries(set)) out[idx(k)] = v;
    return out;
  };
  it.each([
    [{ first_name: 6, last_name: 5, generation: 1 }, /Jr/],
    [{ first_name: 1, last_name: 1, domain: 2, phone: 4 }, /both differ/],
    [{ first_name: 6, last_name: 1, company: 4, phone: 4 }, /last names differ/],
    [{ first_name: 6, last_name: 5, company: 1, email: 1 }, /different companies/],
    [{ first_name: 6, last_name: 5, company: 1, email: 3 }, /different companies/], // john.smith@ at two firms
    [{ first_name: 6, last_name: 5, company: 1, email: 4 }, null], // same address: moved or renamed firm
    [{ first_name: 1, last_name: 1, birth_date: 4, external_id: 4 }, null], // strong personal ids win
    [{ first_name: 5, last_name: 5 }, null],
  ])('%j → %s', (set, expected) => {
    const reason = hardConflict(levels(set));
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });
});

describe('clusterRecords resists chaining', () => {
  // A~B strongly, B~C strongly, but A and C are clearly different people.
  const edges = (list: [number, number, number][]) => ({
    left: Int32Array.from(list.map((e) => e[0])),
    right: Int32Array.from(list.map((e) => e[1])),
    weight: Float64Array.from(list.map((e) => e[2])),
    count: list.length,
  });
  const options = { minEdgeWeight: 0, minAverage: 0.5, maxCrossPairs: 400 };
  it.each([
    [
      'A~B, B~C, A≠C (strong)',
      [
        [0, 1, 12],
        [1, 2, 10],
      ] as [number, number, number][],
      { '0,2': -20 },
      false,
    ],
    [
      'A~B, B~C, A≠C (hard conflict)',
      [
        [0, 1, 12],
        [1, 2, 10],
      ] as [number, number, number][],
      { '0,2': Number.NEGATIVE_INFINITY },
      false,
    ],
    [
      'A~B, B~C, A~C weakly positive',
      [
        [0, 1, 12],
        [1, 2, 10],
      ] as [number, number, number][],
      { '0,2': 1 },
      true,
    ],
  ])('%s', (_, list, extra: Record<string, number>, together) => {
    const weights = new Map<string, number>(list.map(([a, b, w]) => [`${a},${b}`, w]));
    for (const [k, w] of Object.entries(extra)) weights.set(k, w);
    const score = (i: number, j: number) => weights.get(`${Math.min(i, j)},${Math.max(i, j)}`) ?? -30;
    const result = clusterRecords(3, edges(list), score, options);
    expect(result.clusterOf[0] === result.clusterOf[1]).toBe(true);
    expect(result.clusterOf[0] === result.clusterOf[2]).toBe(together);
  });
});

describe('estimateM (EM)', () => {
  it('recovers m and the match share from patterns drawn from a known model', () => {
    // Three binary-ish fields modelled on first_name, last_name, email (levels: 1 = differ, top = exact).
    const F = FIELD_COMPARISONS.length;
    const fields = [0, 1, 3];
    const top = fields.map((f) => (FIELD_COMPARISONS[f]?.levels.length ?? 2) - 1);
    const mTrue = [0.9, 0.85, 0.8];
    const uTrue = [0.05, 0.02, 0.01];
    const lambda = 0.3;
    const rand = seededRandom(3);
    const counts = new Map<string, number>();
    for (let s = 0; s < 20_000; s++) {
      const match = rand() < lambda;
      const key = fields
        .map((_, k) => (rand() < ((match ? mTrue[k] : uTrue[k]) as number) ? 'a' : 'd'))
        .join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const keys = [...counts.keys()];
    const table: PatternTable = {
      levels: new Uint8Array(keys.length * F),
      counts: Float64Array.from(keys.map((k) => counts.get(k) ?? 0)),
      size: keys.length,
    };
    keys.forEach((key, p) => {
      fields.forEach((f, k) => {
        table.levels[p * F + f] = key[k] === 'a' ? (top[k] as number) : 1;
      });
    });
    const u0 = FIELD_COMPARISONS.map((f) =>
      f.levels.map((_, l) =>
        l === f.levels.length - 1 ? 0.1 : l === 1 ? 0.8 : 0.1 / Math.max(1, f.levels.length - 3),
      ),
    );
    const params = estimateM(table, u0, 200);
    expect(params.converged).toBe(true);
    expect(params.lambda).toBeCloseTo(lambda, 1);
    fields.forEach((f, k) => {
      expect(params.m[f]?.[top[k] as number]).toBeCloseTo(mTrue[k] as number, 1);
      expect(params.u[f]?.[top[k] as number]).toBeCloseTo(uTrue[k] as number, 1);
    });
  });
});

describe('mapHeaders', () => {
  it.each([
    [
      [
        'rec_id',
        'given_name',
        'surname',
        'street_number',
        'address_1',
        'suburb',
        'postcode',
        'state',
        'date_of_birth',
        'soc_sec_id',
      ],
      {
        first_name: ['given_name'],
        last_name: ['surname'],
        street: ['street_number', 'address_1'],
        city: ['suburb'],
        birth_date: ['date_of_birth'],
        external_id: ['soc_sec_id'],
      },
    ],
    [
      [
        'unique_id',
        'cluster',
        'full_name',
        'first_and_surname',
        'first_name',
        'surname',
        'dob',
        'birth_place',
        'postcode_fake',
        'occupation',
      ],
      {
        full_name: ['full_name'],
        first_name: ['first_name'],
        last_name: ['surname'],
        birth_date: ['dob'],
        city: ['birth_place'],
        postcode: ['postcode_fake'],
        title: ['occupation'],
      },
    ],
    [
      ['ID', 'First Name', 'Last Name', 'E-mail Address', 'Company Name', 'Phone Number', 'Zip'],
      {
        first_name: ['First Name'],
        last_name: ['Last Name'],
        email: ['E-mail Address'],
        company: ['Company Name'],
        phone: ['Phone Number'],
        postcode: ['Zip'],
      },
    ],
  ])('%j', (headers, expected) => {
    const result = mapHeaders(headers, {}, ['rec_id', 'unique_id', 'ID']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const named = Object.fromEntries(
      Object.entries(result.mapping).map(([f, cols]) => [f, (cols ?? []).map((c) => headers[c])]),
    );
    expect(named).toMatchObject(expected);
    // Ground-truth columns are never mapped.
    for (const cols of Object.values(result.mapping))
      for (const c of cols ?? []) expect(['cluster', 'rec_id', 'unique_id']).not.toContain(headers[c]);
  });

  it('applies overrides and rejects unknown fields and columns', () => {
    const ok = mapHeaders(['nm', 'mail', 'surname'], { nm: 'first_name', surname: 'none' });
    expect(ok.ok && ok.mapping.first_name).toEqual([0]);
    expect(ok.ok && ok.mapping.last_name).toBeUndefined();
    const badField = mapHeaders(['a'], { a: 'shoe_size' });
    expect(!badField.ok && badField.error.message).toMatch(/valid fields: none, first_name/);
    const badColumn = mapHeaders(['a'], { b: 'email' });
    expect(!badColumn.ok && badColumn.error.code).toBe('UNKNOWN_COLUMN');
  });
});
