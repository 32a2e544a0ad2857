import { assignFromPools, type PoolMemberState } from '@mops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimFromPools } from '../src/pipeline/claim-pool.ts';
import { memberStateOfRow, type PoolMemberRow } from '../src/stores/pool-member.store.ts';
import { createTestApp, examplePlaybookText, type TestApp } from './helpers.ts';

// The production claim is SQL (mops_claim); core's assignFromPools is the same decision in
// TypeScript, for simulation. This contract keeps the two from drifting apart.
const NOW = new Date('2026-11-23T18:00:00Z'); // Chicago, New York and Los Angeles all at work
let t: TestApp;
beforeAll(async () => {
  const playbook = examplePlaybookText().replace(
    'members: [ { rep: eli }, { rep: hana }, { rep: priya } ]',
    'members: [ { rep: eli, weight: 2 }, { rep: hana }, { rep: priya } ]',
  );
  t = await createTestApp({ playbook, now: NOW.toISOString() });
});
afterAll(async () => {
  await t.close();
});

async function storedStates(): Promise<PoolMemberState[]> {
  const { rows } = await t.database.pool.query<PoolMemberRow>(
    'SELECT pool_id, rep_id, next_turn, day_key, day_count, total_count, last_assigned_at FROM pool_members WHERE in_pool',
  );
  return rows.map(memberStateOfRow);
}

describe('mops_claim (SQL) and assignFromPools (core) make the same picks', () => {
  for (const [poolId, strategy] of [
    ['na', 'lowest count, weights 2:1:1, daily cap'],
    ['on-call', 'round robin by turn, weights 2:1:1'],
  ] as const) {
    it(`${poolId}: ${strategy}, 36 leads in a row`, async () => {
      const playbook = t.runtime.current();
      const sqlPicks: string[] = [];
      for (let i = 0; i < 36; i++) {
        const at = new Date(NOW.getTime() + i * 1000);
        const { claim } = await claimFromPools(t.database.pool, {
          playbook,
          poolIds: [poolId],
          poolStates: await storedStates(),
          now: at,
          earlier: new Map(),
        });
        sqlPicks.push(claim?.repId ?? 'none');
      }
      let states: PoolMemberState[] = [];
      const corePicks: string[] = [];
      for (let i = 0; i < 36; i++) {
        const result = assignFromPools([poolId], states, new Date(NOW.getTime() + i * 1000), playbook);
        corePicks.push(result.repId ?? 'none');
        states = [
          ...states.filter((s) => !result.updates.some((u) => u.poolId === s.poolId && u.repId === s.repId)),
          ...result.updates,
        ];
      }
      expect(sqlPicks).toEqual(corePicks);
      const counts = Object.fromEntries(
        [...new Set(sqlPicks)].map((rep) => [rep, sqlPicks.filter((p) => p === rep).length]),
      );
      expect(Object.values(counts).sort((a, b) => b - a)).toEqual([18, 9, 9]);
    });
  }
});
