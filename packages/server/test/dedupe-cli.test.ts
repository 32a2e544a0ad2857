import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMops } from './cli-helpers.ts';

// `mops dedupe` is file mode: it must work with no database at all. Every run here points
// DATABASE_URL at a closed port and MOPS_DATA_DIR at an empty directory, and checks that the
// directory stays empty (nothing embedded was started or initialised).

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-dedupe-'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-dedupe-data-'));
const NO_DB = { DATABASE_URL: 'postgres://mops:mops@127.0.0.1:9/none', MOPS_DATA_DIR: dataDir };
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};
const readClusters = (file: string): Map<string, string> => {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  expect(header).toBe('id,cluster_id');
  return new Map(
    lines.map((line) => {
      const m = /^("(?:[^"]|"")*"|[^,]*),("(?:[^"]|"")*"|[^,]*)$/.exec(line);
      if (!m) throw new Error(`bad output line ${line}`);
      const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s);
      return [unquote(m[1] as string), unquote(m[2] as string)];
    }),
  );
};
const dedupe = (args: string[]) => runMops(['dedupe', ...args], NO_DB);

const PEOPLE = [
  'Contact ID,First Name,Last Name,E-mail Address,Company Name,Phone Number,City',
  'p1,Robert,Hartley,robert.hartley@acme.com,Acme Inc,+1 415 555 0101,San Francisco',
  'p2,Bob,Hartley,robert.hartley@acme.com,"Acme, Inc.",(415) 555-0101,San Francisco',
  'p3,Robert,Hartly,ROBERT.HARTLEY@ACME.COM,Acme,415-555-0101,SF',
  'p4,Linda,Okafor,linda.okafor@acme.com,Acme Inc,+1 415 555 0100,San Francisco',
  'p5,Karen,Nakamura,karen@globex.com,Globex LLC,+1 212 555 0199,New York',
  'p6,Karen,Nakamura,knakamura@globex.com,Globex,+1 212 555 0199,New York',
  'p7,"Smith, ""Jr""",Odd,odd@example.org,,,',
];

describe('mops dedupe (file mode, no database)', () => {
  it('maps common headers, finds duplicates and lists every row', async () => {
    const input = write('people.csv', `${PEOPLE.join('\n')}\n`);
    const out = path.join(tmp, 'people.out.csv');
    const result = await dedupe([input, '--out', out, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ rows: 7, malformed: 0, id_column: 'Contact ID' });
    expect(summary.mapping).toMatchObject({
      first_name: ['First Name'],
      last_name: ['Last Name'],
      email: ['E-mail Address'],
      company: ['Company Name'],
      phone: ['Phone Number'],
      city: ['City'],
    });
    const clusters = readClusters(out);
    expect([...clusters.keys()]).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    expect(clusters.get('p2')).toBe(clusters.get('p1'));
    expect(clusters.get('p3')).toBe(clusters.get('p1'));
    expect(clusters.get('p4')).not.toBe(clusters.get('p1')); // colleague: same company, phone block
    expect(clusters.get('p6')).toBe(clusters.get('p5'));
    expect(new Set(clusters.values()).size).toBe(4);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('prints a human summary by default', async () => {
    const input = write('human.csv', `${PEOPLE.join('\n')}\n`);
    const result = await dedupe([input, '--out', path.join(tmp, 'human.out.csv')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/7 rows → 4 clusters/);
    expect(result.stdout).toMatch(/first_name←First Name/);
    expect(result.stdout).toMatch(/time: /);
  });

  it('--map overrides the automatic mapping; without an id column rows are numbered by line', async () => {
    const input = write(
      'odd.csv',
      'who,addr\nAnna Berg,anna@berg.se\nanna berg,ANNA@berg.se\nPer Holm,per@holm.se\n',
    );
    const out = path.join(tmp, 'odd.out.csv');
    const result = await dedupe([
      input,
      '--out',
      out,
      '--map',
      'who=full_name',
      '--map',
      'addr=email',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.mapping).toEqual({ full_name: ['who'], email: ['addr'] });
    expect(summary.id_column).toBeNull();
    const clusters = readClusters(out);
    expect([...clusters.keys()]).toEqual(['line-2', 'line-3', 'line-4']);
    expect(clusters.get('line-3')).toBe(clusters.get('line-2'));
    expect(clusters.get('line-4')).not.toBe(clusters.get('line-2'));
  });

  it('reports malformed lines with their line numbers and still lists them, each in its own cluster', async () => {
    const input = write(
      'bad.csv',
      [
        'id,first_name,last_name,email',
        'a,Robert,Hartley,rh@acme.com',
        'b,Robert,Hartley,rh@acme.com,EXTRA',
        'c,Robert,Hartley,rh@acme.com',
        'd,Robert',
        'e,"Robert, ""Bob""",Hartley,rh@acme.com',
      ].join('\n'),
    );
    const out = path.join(tmp, 'bad.out.csv');
    const result = await dedupe([input, '--out', out, '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.malformed).toBe(2);
    expect(summary.malformed_lines.map((m: { line: number }) => m.line)).toEqual([3, 5]);
    const clusters = readClusters(out);
    expect([...clusters.keys()]).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(clusters.get('c')).toBe(clusters.get('a'));
    expect(clusters.get('b')).toBe('b');
    expect(clusters.get('d')).toBe('d');
    const human = await dedupe([input, '--out', out]);
    expect(human.stdout).toMatch(/line 3 \(id b\)/);
    expect(human.stdout).toMatch(/line 5 \(id d\)/);
  });

  it('quotes ids that need it', async () => {
    const input = write('quote.csv', 'id,name,email\n"x,1",Ann Lee,ann@lee.io\n"y""2",Ann Lee,ann@lee.io\n');
    const out = path.join(tmp, 'quote.out.csv');
    expect((await dedupe([input, '--out', out])).code).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain('"x,1","x,1"\n');
    expect(text).toContain('"y""2","x,1"\n');
  });

  it.each([
    ['a missing file', ['/nonexistent/people.csv'], 3, /no such file/],
    [
      'an unknown --map field',
      ['people.csv', '--map', 'City=shoe_size'],
      2,
      /unknown field "shoe_size"; valid fields: none, first_name/,
    ],
    ['a --map column that does not exist', ['people.csv', '--map', 'Nope=email'], 2, /no column "Nope"/],
    [
      'an --id-column that does not exist',
      ['people.csv', '--id-column', 'key'],
      2,
      /--id-column "key" is not a column/,
    ],
    ['duplicate ids', ['dups.csv'], 1, /duplicate id "a" on lines 2 and 3/],
    ['an empty file', ['empty.csv'], 1, /empty/],
    ['a header without rows', ['header.csv'], 1, /no rows/],
  ])('fails clearly on %s', async (_, [file, ...rest], code, message) => {
    write('people.csv', `${PEOPLE.join('\n')}\n`);
    write('dups.csv', 'id,email\na,x@y.com\na,z@y.com\n');
    write('empty.csv', '');
    write('header.csv', 'id,email\n');
    const input = (file as string).startsWith('/') ? (file as string) : path.join(tmp, file as string);
    const out = path.join(tmp, `fail-${code}.csv`);
    const result = await dedupe([input, '--out', out, ...rest]);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  const FEBRL = path.resolve(
    import.meta.dirname,
    '../../../../shared/data/record-linkage/febrl/dataset3.csv',
  );
  it.skipIf(!fs.existsSync(FEBRL))(
    'FEBRL dataset3: maps its headers and finds its duplicates (skipped when ../shared/data is absent)',
    async () => {
      const out = path.join(tmp, 'febrl.out.csv');
      const result = await dedupe([FEBRL, '--out', out, '--json']);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout);
      expect(summary.id_column).toBe('rec_id');
      expect(summary.mapping).toMatchObject({
        first_name: ['given_name'],
        last_name: ['surname'],
        external_id: ['soc_sec_id'],
      });
      const clusters = readClusters(out);
      expect(clusters.size).toBe(5000);
      // Pairwise quality against rec-<n>-…: the ground truth is read here, never by the engine.
      const entity = (id: string) => id.replace(/^rec-(\d+)-.*$/, '$1');
      const pairs = (key: (id: string) => string) => {
        const counts = new Map<string, number>();
        for (const id of clusters.keys()) counts.set(key(id), (counts.get(key(id)) ?? 0) + 1);
        let n = 0;
        for (const c of counts.values()) n += (c * (c - 1)) / 2;
        return n;
      };
      const tp = pairs((id) => `${clusters.get(id)}|${entity(id)}`);
      const precision = tp / pairs((id) => clusters.get(id) as string);
      const recall = tp / pairs(entity);
      expect((2 * precision * recall) / (precision + recall)).toBeGreaterThan(0.97);
    },
  );
});
