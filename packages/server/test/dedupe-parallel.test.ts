import { type DedupeInput, dedupeRecords, prepareRecords, seededRandom } from '@mops/core';
import { describe, expect, it } from 'vitest';
import { dedupeParallel } from '../src/dedupe/dedupe-parallel.ts';

// The worker-thread split must give exactly the single-threaded answer.
function people(count: number): DedupeInput[] {
  const rand = seededRandom(11);
  const first = ['anna', 'bob', 'robert', 'carla', 'dmitri', 'eve', 'farid', 'greta', 'hugo', 'ines'];
  const last = ['berg', 'holm', 'lund', 'strand', 'dahl', 'nyberg', 'ek', 'falk', 'sjoberg', 'wall'];
  const out: DedupeInput[] = [];
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
