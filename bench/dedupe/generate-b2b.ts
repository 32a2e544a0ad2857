// Writes the synthetic B2B contact set (input CSV for the engine) and its ground truth (a separate
// file the engine never reads). Streams to disk: 1,000,000 rows take seconds and little memory.
//
//   node bench/dedupe/generate-b2b.ts --rows 20000 --seed 1 --out /tmp/b2b.csv --truth /tmp/b2b.truth.csv \
//     [--negatives /tmp/b2b.negatives.csv]
import { parseArgs } from 'node:util';
import { type B2BStats, generateB2B } from './b2b-generate.ts';
import { B2B_HEADER } from './b2b-records.ts';
import { ChunkedWriter, csvLine } from './csv.ts';

export interface B2BFiles {
  out: string;
  truth?: string;
  negatives?: string;
}

/** Generates to files: `out` gets B2B_HEADER rows, `truth` gets `id,entity_id`. */
export function writeB2B(rows: number, seed: string | number, files: B2BFiles): B2BStats {
  const out = new ChunkedWriter(files.out);
  const truth = files.truth === undefined ? undefined : new ChunkedWriter(files.truth);
  const negatives = files.negatives === undefined ? undefined : new ChunkedWriter(files.negatives);
  out.write(csvLine(B2B_HEADER));
  truth?.write('id,entity_id\n');
  negatives?.write('entity_a,entity_b,kind\n');
  try {
    return generateB2B(
      { rows, seed },
      {
        row: (id, csvFields) => out.write(`${id},${csvFields}`),
        truth: (id, entity) => truth?.write(`${id},${entity}\n`),
        negative: (a, b, kind) => negatives?.write(`${a},${b},${kind}\n`),
      },
    );
  } finally {
    out.close();
    truth?.close();
    negatives?.close();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '20000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      truth: { type: 'string' },
      negatives: { type: 'string' },
    },
  });
  if (values.out === undefined) {
    console.error(
      'usage: node bench/dedupe/generate-b2b.ts --rows N --seed S --out file.csv [--truth truth.csv] [--negatives negatives.csv]',
    );
    process.exit(2);
  }
  const started = performance.now();
  const files: B2BFiles = { out: values.out };
  if (values.truth !== undefined) files.truth = values.truth;
  if (values.negatives !== undefined) files.negatives = values.negatives;
  const stats = writeB2B(Number(values.rows), values.seed, files);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.error(
    `b2b: ${stats.rows} rows, ${stats.entities} people (${stats.duplicatedEntities} with duplicates) at ${stats.companies} companies in ${seconds}s; ` +
      `hard negatives: ${Object.entries(stats.negatives)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
  );
}
