// After the load: what a Marketing Ops manager would check. No duplicate people, every MQL has an
// owner, scores equal their ledgers, and each pool's spread matches its weights given who was
// available at each assignment (read from the stored routing trace).
import pg from 'pg';

export interface RunChecks {
  people: number;
  duplicateEmails: number;
  mqls: number;
  mqlsWithoutOwner: number;
  ledgerDrift: number;
  routingMs: { p50: number; p99: number; max: number };
  /** The background dedupe sweeps that ran during the load (duplicates on entry share the machine). */
  sweeps: { count: number; checked: number; medianMs: number; maxMs: number };
  spread: Record<
    string,
    {
      assignments: number;
      reps: Record<string, { actual: number; expected: number }>;
      maxDeviationPct: number;
    }
  >;
}

export async function checkRun(databaseUrl: string): Promise<RunChecks> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const one = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
    const routing = await client.query<{ p50: number; p99: number; max: number }>(`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
        FROM (SELECT extract(epoch FROM routed_at - captured_at) * 1000 AS ms FROM routing_assignments) x`);
    const traces = await client.query<{
      pool_id: string;
      rep_id: string;
      trace: {
        pools: { poolId: string; candidates: { repId: string; weight: number; eligible: boolean }[] }[];
      };
    }>("SELECT pool_id, rep_id, trace FROM routing_assignments WHERE via = 'pool'");
    const spread: RunChecks['spread'] = {};
    for (const row of traces.rows) {
      const pool = row.trace.pools.find((p) => p.poolId === row.pool_id);
      if (!pool) continue;
      spread[row.pool_id] ??= { assignments: 0, reps: {}, maxDeviationPct: 0 };
      const entry = spread[row.pool_id] as RunChecks['spread'][string];
      entry.assignments += 1;
      const eligible = pool.candidates.filter((c) => c.eligible);
      const total = eligible.reduce((s, c) => s + c.weight, 0);
      for (const c of eligible) repOf(entry, c.repId).expected += c.weight / total;
      repOf(entry, row.rep_id).actual += 1;
    }
    for (const entry of Object.values(spread)) {
      for (const rep of Object.values(entry.reps)) rep.expected = Math.round(rep.expected * 10) / 10;
      const deviations = Object.values(entry.reps).map(
        (r) => (Math.abs(r.actual - r.expected) / entry.assignments) * 100,
      );
      entry.maxDeviationPct = Math.round(Math.max(...deviations) * 100) / 100;
    }
    const r = routing.rows[0] ?? { p50: 0, p99: 0, max: 0 };
    const sweeps = await client.query<{ count: number; checked: number; median: number; max: number }>(`
      SELECT count(*)::int AS count, COALESCE(sum(checked), 0)::int AS checked,
             COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY elapsed_ms), 0) AS median, COALESCE(max(elapsed_ms), 0) AS max
        FROM dedupe_sweeps`);
    const sw = sweeps.rows[0] ?? { count: 0, checked: 0, median: 0, max: 0 };
    return {
      people: await one('SELECT count(*) AS n FROM people'),
      duplicateEmails: await one(
        'SELECT count(*) AS n FROM (SELECT email FROM people GROUP BY email HAVING count(*) > 1) d',
      ),
      mqls: await one("SELECT count(*) AS n FROM people WHERE stage = 'mql'"),
      mqlsWithoutOwner: await one(
        "SELECT count(*) AS n FROM people WHERE stage = 'mql' AND owner_rep_id IS NULL",
      ),
      ledgerDrift: await one('SELECT count(*) AS n FROM score_ledger_drift'),
      routingMs: { p50: round(r.p50), p99: round(r.p99), max: round(r.max) },
      sweeps: { count: sw.count, checked: sw.checked, medianMs: round(sw.median), maxMs: round(sw.max) },
      spread,
    };
  } finally {
    await client.end();
  }
}

const round = (n: number) => Math.round(Number(n) * 100) / 100;

function repOf(entry: RunChecks['spread'][string], repId: string): { actual: number; expected: number } {
  entry.reps[repId] ??= { actual: 0, expected: 0 };
  return entry.reps[repId];
}
