import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ReferencePath, referenceMarkov } from '../../core/src/testing/markov-reference.ts';
import { runMops } from './cli-helpers.ts';

// `mops attribution` is file mode, a contract other tools rely on: no database (DATABASE_URL
// points at a closed port, MOPS_DATA_DIR must stay empty), `channel,conversions,value`
// (+ removal_effect for markov) for every channel, credit summing to the totals.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-attribution-'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-attribution-data-'));
const NO_DB = { DATABASE_URL: 'postgres://mops:mops@127.0.0.1:9/none', MOPS_DATA_DIR: dataDir };
const DATA = path.resolve(import.meta.dirname, '../../../../shared/data/attribution');
const HAS_DATA = fs.existsSync(path.join(DATA, 'channelattribution_paths.csv'));
const SKIP_NOTE = '(skipped when ../shared/data/attribution is absent)';

const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};
const run = (args: string[]) => runMops(['attribution', ...args], NO_DB);

type Row = { conversions: number; value: number; removal_effect?: number };
function readCredit(file: string): Map<string, Row> {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const markov = header === 'channel,conversions,value,removal_effect';
  expect(markov || header === 'channel,conversions,value').toBe(true);
  return new Map(
    lines.map((line) => {
      const m = /^("(?:[^"]|"")*"|[^,]*),([^,]+),([^,]+)(?:,([^,]+))?$/.exec(line);
      if (!m) throw new Error(`bad output line ${line}`);
      const name = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replaceAll('""', '"') : m[1]!;
      return [
        name,
        {
          conversions: Number(m[2]),
          value: Number(m[3]),
          ...(markov ? { removal_effect: Number(m[4]) } : {}),
        },
      ];
    }),
  );
}
const sum = (credit: Map<string, Row>, key: 'conversions' | 'value') =>
  [...credit.values()].reduce((s, r) => s + r[key], 0);

describe('mops attribution (file mode, no database)', () => {
  it('markov on a hand-checked file: credit, removal effects, summary', async () => {
    const input = write(
      'toy.csv',
      'path,total_conversions,total_conversion_value,total_null\na > b,3,30,1\na > c,1,10,1\n',
    );
    const out = path.join(tmp, 'toy.out.csv');
    const r = await run(['--paths', input, '--model', 'markov', '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({
      rows: 2,
      channels: 3,
      separator: ',',
      totals: { conversions: 4, value: 40, nulls: 2 },
    });
    expect(summary.markov).toMatchObject({ order: 1, nulls: true, states: 3 });
    const credit = readCredit(out);
    expect([...credit.keys()]).toEqual(['a', 'b', 'c']);
    expect(credit.get('b')!.conversions).toBeCloseTo(1.5, 12);
    expect(credit.get('c')!.removal_effect).toBeCloseTo(0.25, 12);
    expect(credit.get('a')!.value).toBeCloseTo(20, 9);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('quotes channel names that need it in the output', async () => {
    const input = write(
      'quoted.csv',
      'path;total_conversions;total_conversion_value;total_null\n"Paid, social > a";2;2;0\n',
    );
    const out = path.join(tmp, 'quoted.out.csv');
    const r = await run(['--paths', input, '--model', 'linear', '--out', out]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe('channel,conversions,value\n"Paid, social",1,1\na,1,1\n');
  });

  it('a single-channel file: all the credit to it, with a note', async () => {
    const input = write(
      'single.csv',
      'path,total_conversions,total_conversion_value,total_null\nemail > email,2,10,3\nemail,1,5,0\n',
    );
    const out = path.join(tmp, 'single.out.csv');
    const r = await run(['--paths', input, '--model', 'markov', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/single channel \("email"\): every model gives it all the credit/);
    expect(readCredit(out).get('email')).toEqual({ conversions: 3, value: 15, removal_effect: 1 });
  });

  it.each([
    ['a missing header', 'a > b,3,30,1\n', ['--model', 'linear'], 1, /line 1 must be the header/],
    [
      'an empty step, with its line',
      'path,total_conversions,total_conversion_value,total_null\na > b,1,1,0\na >> b,1,1,0\n',
      ['--model', 'linear'],
      1,
      /line 3 {2}path: step 2 of 3 is empty/,
    ],
    [
      'a negative count, with its line',
      'path,total_conversions,total_conversion_value,total_null\na > b,1,1,-4\n',
      ['--model', 'first'],
      1,
      /line 2 {2}total_null: is negative \(-4\)/,
    ],
    [
      'zero conversions overall',
      'path,total_conversions,total_conversion_value,total_null\na > b,0,0,4\n',
      ['--model', 'markov'],
      1,
      /total conversions is 0/,
    ],
    [
      'w-shaped on a path file',
      'path,total_conversions\na > b,1\n',
      ['--model', 'w-shaped'],
      2,
      /w-shaped needs the touches that created the lead/,
    ],
    [
      'time-decay on a path file',
      'path,total_conversions\na > b,1\n',
      ['--model', 'time-decay'],
      2,
      /time of every touch/,
    ],
    [
      'an unknown model',
      'path,total_conversions\na,1\n',
      ['--model', 'magic'],
      2,
      /not a model; choose one of first, last/,
    ],
    [
      '--order on a heuristic',
      'path,total_conversions\na,1\n',
      ['--model', 'linear', '--order', '2'],
      2,
      /markov only/,
    ],
    [
      'a bad --order',
      'path,total_conversions\na,1\n',
      ['--model', 'markov', '--order', 'two'],
      2,
      /whole number/,
    ],
    [
      'an unknown --sep',
      'path,total_conversions\na,1\n',
      ['--model', 'first', '--sep', '::'],
      1,
      /not a column separator/,
    ],
  ])('refuses %s, writes nothing and keeps an earlier result', async (_, text, args, code, message) => {
    const input = write('bad.csv', text);
    const out = path.join(tmp, 'bad.out.csv');
    fs.writeFileSync(out, 'earlier result\n');
    const r = await run(['--paths', input, ...args, '--out', out]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(fs.readFileSync(out, 'utf8')).toBe('earlier result\n');
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a missing input file is an environment error (exit 3)', async () => {
    const r = await run([
      '--paths',
      path.join(tmp, 'nope.csv'),
      '--model',
      'first',
      '--out',
      path.join(tmp, 'x.csv'),
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no such file/);
  });
});

describe(`mops attribution on ../shared/data/attribution ${SKIP_NOTE}`, () => {
  it.skipIf(!HAS_DATA)('toy2: every rule-based model and markov match the hand-derived values', async () => {
    const expected: Record<string, Record<string, number>> = {
      first: { A: 3, B: 3, C: 3 },
      last: { A: 5, B: 2, C: 2 },
      linear: { A: 3.5, B: 3, C: 2.5 },
      position: { A: 3.7, B: 2.8, C: 2.5 },
      shapley: { A: 3.5, B: 3, C: 2.5 },
      markov: { A: 3.547718, B: 2.838174, C: 2.614108 },
    };
    for (const [model, values] of Object.entries(expected)) {
      const out = path.join(tmp, `toy2-${model}.csv`);
      const r = await run(['--paths', path.join(DATA, 'toy2.csv'), '--model', model, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const credit = readCredit(out);
      for (const [c, v] of Object.entries(values))
        expect(credit.get(c)!.conversions, `${model} ${c}`).toBeCloseTo(v, 6);
      expect(sum(credit, 'value')).toBeCloseTo(27, 9);
    }
  });

  it.skipIf(!HAS_DATA)('toy1: markov with and without nulls', async () => {
    for (const flags of [[], ['--no-nulls']]) {
      const out = path.join(tmp, 'toy1.csv');
      const r = await run([
        '--paths',
        path.join(DATA, 'toy1.csv'),
        '--model',
        'markov',
        ...flags,
        '--out',
        out,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const credit = readCredit(out);
      expect([...credit.values()].map((x) => +x.conversions.toFixed(9))).toEqual([2, 1.5, 0.5]);
      expect([...credit.values()].map((x) => +x.value.toFixed(9))).toEqual([20, 15, 5]);
    }
  });

  const reference = (): ReferencePath[] =>
    fs
      .readFileSync(path.join(DATA, 'channelattribution_paths.csv'), 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [p, c, v, n] = line.split(';');
        return {
          steps: p!.split('>').map((s) => s.trim()),
          conversions: Number(c),
          value: Number(v),
          nulls: Number(n),
        };
      });

  it.skipIf(!HAS_DATA)(
    'the reference file: markov exact to 1e-9 of the total against the independent calculation (orders 1–2, with and without nulls)',
    async () => {
      const paths = reference();
      for (const [order, nulls] of [
        [1, true],
        [1, false],
        [2, true],
        [2, false],
      ] as const) {
        const out = path.join(tmp, `ref-markov-${order}-${nulls}.csv`);
        const args = ['--paths', path.join(DATA, 'channelattribution_paths.csv'), '--model', 'markov'];
        const r = await run([
          ...args,
          '--order',
          String(order),
          ...(nulls ? [] : ['--no-nulls']),
          '--out',
          out,
        ]);
        expect(r.code, r.stderr).toBe(0);
        const credit = readCredit(out);
        const ref = referenceMarkov(paths, order, nulls);
        expect(credit.size).toBe(12);
        for (const [channel, row] of credit) {
          expect(Math.abs(row.conversions - ref.conversions.get(channel)!)).toBeLessThan(1e-9 * 19_785);
          expect(Math.abs(row.value - ref.value.get(channel)!)).toBeLessThan(1e-9 * 74_802.97158721073);
        }
        expect(sum(credit, 'conversions')).toBeCloseTo(19_785, 6);
        expect(sum(credit, 'value')).toBeCloseTo(74_802.97158721073, 6);
      }
    },
  );

  it.skipIf(!HAS_DATA)('the reference file: every file-mode model credits exactly the totals', async () => {
    for (const model of ['first', 'last', 'linear', 'position', 'shapley']) {
      const out = path.join(tmp, `ref-${model}.csv`);
      const r = await run([
        '--paths',
        path.join(DATA, 'channelattribution_paths.csv'),
        '--model',
        model,
        '--out',
        out,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const credit = readCredit(out);
      expect(credit.size).toBe(12);
      expect(Math.abs(sum(credit, 'conversions') - 19_785)).toBeLessThan(1e-6);
      expect(Math.abs(sum(credit, 'value') - 74_802.97158721073)).toBeLessThan(1e-6);
    }
  });
});
