// Adapters for the public record-linkage sets in ../shared/data/record-linkage: each becomes an
// input CSV for `mops dedupe` (truth column removed, ids replaced by opaque ones, rows shuffled so
// neither ids nor file order carry the answer) plus the truth (id → entity) kept only here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvLine, readCsv } from './csv.ts';
import { createRng } from './prng.ts';

export const DATA_DIR = path.resolve(
  process.env.MOPS_SHARED_DATA ?? path.join(import.meta.dirname, '../../../shared/data'),
  'record-linkage',
);

export interface PreparedSet {
  name: string;
  /** CSV for the CLI: no truth column, opaque ids in column `id`. */
  input: string;
  idColumn: string;
  /** `--map column=field` overrides; empty when the CLI's automatic header mapping suffices. */
  maps: string[];
  truth: Map<string, string>;
  /** What the source looked like and what the adapter did, for the report. */
  notes: string[];
}

interface Source {
  file: string;
  /** Whitespace after commas in the source (FEBRL, restaurants). */
  trim: boolean;
  /** Column holding the entity, or a function of the row. */
  entity: (row: Record<string, string>) => string;
  /** Source columns dropped from the CLI's input: truth and ids that encode it. */
  drop: string[];
  maps: string[];
  notes: string[];
}

const SOURCES: Record<string, Source> = {
  febrl3: {
    file: 'febrl/dataset3.csv',
    trim: true,
    entity: (row) => {
      const match = /^rec-(\d+)-(?:org|dup-\d+)$/.exec(row.rec_id ?? '');
      if (match === null) throw new Error(`febrl3: unexpected rec_id "${row.rec_id}"`);
      return match[1] as string;
    },
    drop: ['rec_id'],
    maps: [],
    notes: [
      'rec_id (rec-<n>-org / rec-<n>-dup-<k>) encodes the entity: replaced by an opaque id',
      'leading spaces after commas trimmed',
    ],
  },
  fake_1000: {
    file: 'splink/fake_1000.csv',
    trim: false,
    entity: (row) => row.cluster ?? '',
    drop: ['cluster', 'unique_id'],
    maps: [],
    notes: ['source rows are sorted by cluster: shuffled'],
  },
  historical_50k: {
    file: 'splink/historical_figures_with_errors_50k.csv',
    trim: false,
    entity: (row) => row.cluster ?? '',
    drop: ['cluster', 'unique_id'],
    maps: [],
    notes: ['unique_id (Q<wikidata>-<k>) encodes the cluster: replaced by an opaque id'],
  },
  restaurants: {
    file: 'restaurants/restaurant.csv',
    trim: true,
    // The class is written with single quotes ('0'); the file has no id column.
    entity: (row) => (row.class ?? '').replace(/'/g, ''),
    drop: ['class'],
    // `name` is the restaurant's name; the automatic mapping takes it for a person's full name.
    maps: ['name=company'],
    notes: [
      'no id column: ids added',
      "class values are single-quoted ('0'): quotes stripped",
      'leading spaces after commas trimmed',
    ],
  },
};

export const PUBLIC_SETS = Object.keys(SOURCES);

export function dataAvailable(): boolean {
  return fs.existsSync(DATA_DIR);
}

/** Writes the CLI input for one public set into `workDir`; undefined when the data is absent. */
export function preparePublicSet(name: string, workDir = defaultWorkDir()): PreparedSet | undefined {
  const source = SOURCES[name];
  if (source === undefined) throw new Error(`unknown set "${name}" (known: ${PUBLIC_SETS.join(', ')})`);
  const file = path.join(DATA_DIR, source.file);
  if (!fs.existsSync(file)) return undefined;
  const rows = readCsv(file, { trim: source.trim });
  const columns = Object.keys(rows[0] ?? {}).filter((c) => !source.drop.includes(c));
  // A fixed shuffle: the same input file every run, unrelated to the truth's order.
  const rng = createRng(`dataset:${name}`);
  const order = rows.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  fs.mkdirSync(workDir, { recursive: true });
  const input = path.join(workDir, `${name}.csv`);
  const truth = new Map<string, string>();
  const lines = [csvLine(['id', ...columns])];
  order.forEach((sourceIndex, position) => {
    const row = rows[sourceIndex] as Record<string, string>;
    const id = `r${position + 1}`;
    truth.set(id, source.entity(row));
    lines.push(csvLine([id, ...columns.map((c) => row[c] ?? '')]));
  });
  fs.writeFileSync(input, lines.join(''));
  return { name, input, idColumn: 'id', maps: source.maps, truth, notes: source.notes };
}

export function defaultWorkDir(): string {
  return path.join(os.tmpdir(), 'mops-bench-dedupe');
}
