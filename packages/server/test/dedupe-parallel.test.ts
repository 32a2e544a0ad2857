import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type DedupeInput,
  dedupeRecords,
  joinParts,
  prepareRecords,
  RecordPreparer,
  seededRandom,
} from '@mops/core';
import { describe, expect, it } from 'vitest';
import { dedupeFile } from '../src/dedupe/dedupe-file.ts';
import { dedupeParallel } from '../src/dedupe/dedupe-parallel.ts';

// The worker-thread split must give exactly the single-threaded answer.
function people(
  count: number,
): (DedupeInput & { first_name: string; last_name: string; email: string; company: string; city: string })[] {
  const rand = seededRandom(11);
  const first = ['anna', 'bob', 'robert', 'carla', 'dmitri', 'eve', 'farid', 'greta', 'hugo', 'ines'];
  const last = ['berg', 'holm', 'lund', 'strand', 'dahl', 'nyberg', 'ek', 'falk', 'sjoberg', 'wall'];
  const out: ReturnType<typeof people> = [];
  for (let p = 0; p < count; p++) {
    const f = first[Math.floor(rand() * first.length)] as string;
    const l = last[Math.floor(rand() * last.length)] as string;
    const company = `firm${Math.floor(rand() * 40)}`;
    const base = {
      first_name: f,
      last_name: l,
      email: `${f}.${l}${p}@${company}.se`,
      company,
      city: 'Uppsala',
    };
    out.push(base);
    if (rand() < 0.4) out.push({ ...base, last_name: `${l}e`, email: base.email.toUpperCase() });
  }
  return out;
}

describe('dedupeParallel', () => {
  it('splits the comparisons across worker threads and agrees with the single-threaded engine', async () => {
    const prep = prepareRecords(people(600));
    const single = dedupeRecords(prep);
    const parallel = await dedupeParallel(prep, { threads: 2, minPairsForWorkers: 0 });
    expect(single.stats.candidatePairs).toBeGreaterThan(1000);
    expect(parallel.stats.candidatePairs).toBe(single.stats.candidatePairs);
    expect(parallel.stats.matchEdges).toBe(single.stats.matchEdges);
    expect(Array.from(parallel.clusterOf)).toEqual(Array.from(single.clusterOf));
  });
});

describe('dedupe file preparation split across two threads', () => {
  // A large file's contact columns (email, domain, phone, street, postcode, dates, ids) are
  // prepared on a worker thread beside the names; the clusters file must be the very same bytes.
  const rows = (count: number): string => {
    const rand = seededRandom(23);
    const lines = ['id,first_name,last_name,email,company,domain,phone,street,postcode,city,birth_date'];
    for (const [i, p] of people(count).entries()) {
      const phone = rand() < 0.7 ? `+46 18 ${100000 + Math.floor(rand() * 900000)}` : '';
      const street = rand() < 0.5 ? `${1 + Math.floor(rand() * 90)} Storgatan` : '';
      const domain = rand() < 0.3 ? `https://www.${p.company}.se/about` : '';
      const dob =
        rand() < 0.2
          ? `19${50 + Math.floor(rand() * 49)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`
          : '';
      lines.push(
        [
          `r${i}`,
          p.first_name,
          p.last_name,
          p.email,
          p.company,
          domain,
          phone,
          street,
          '75310',
          p.city,
          dob,
        ].join(','),
      );
    }
    // A malformed line: reported and listed, never matched (its row has no prepared record).
    lines.splice(40, 0, 'bad,"unterminated');
    return `${lines.join('\n')}\n`;
  };

  it('writes the same clusters as one thread, and joins the same columns', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-dedupe-split-'));
    const input = path.join(dir, 'people.csv');
    fs.writeFileSync(input, rows(3000));
    const one = await dedupeFile({ input, out: path.join(dir, 'one.csv'), splitPreparation: false });
    const two = await dedupeFile({ input, out: path.join(dir, 'two.csv'), splitPreparation: true });
    expect(one.malformed).toBe(1);
    expect(one.rows_in_duplicate_clusters).toBeGreaterThan(500);
    expect({ ...two, out: '', seconds: null }).toEqual({ ...one, out: '', seconds: null });
    expect(fs.readFileSync(path.join(dir, 'two.csv'), 'utf8')).toBe(
      fs.readFileSync(path.join(dir, 'one.csv'), 'utf8'),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('joins parts into exactly the columns of one pass', () => {
    const inputs = people(400).map((p, i) => ({
      ...p,
      phone: i % 3 ? `070-${i}` : '',
      domain: i % 4 ? '' : 'x.se',
    }));
    const names = new RecordPreparer(16, 'names');
    const contact = new RecordPreparer(16, 'contact');
    for (const input of inputs) {
      names.add(input);
      contact.add(input);
    }
    expect(joinParts(names.finishPart(), contact.finishPart())).toEqual(prepareRecords(inputs));
    expect(() => joinParts(names.finishPart(), new RecordPreparer(16, 'contact').finishPart())).toThrow(
      /disagree/,
    );
  });
});
