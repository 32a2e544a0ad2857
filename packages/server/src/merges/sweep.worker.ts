import { parentPort, workerData } from 'node:worker_threads';
import { lowerThisThreadsPriority } from '../background-priority.ts';
import type { SweepScope } from './people-lines.ts';

// A sweep's whole read and scan, off the HTTP thread and at the lowest CPU priority: it reads its
// people over its own connection (parsing ~10,000 of them on the main thread held up forms), scans
// them, and sends back only the pairs it found. The priority drops before the matcher's modules
// load, since loading them is work too.
lowerThisThreadsPriority();
const { connectionString, scope } = workerData as { connectionString: string; scope: SweepScope };
const [{ default: pg }, { inputOf, loadSweep }, { namePairs, scanPeople }] = await Promise.all([
  import('pg'),
  import('./people-lines.ts'),
  import('./scan-people.ts'),
]);
const client = new pg.Client({ connectionString });
await client.connect();
try {
  const rows = await loadSweep(client, scope);
  const focus = rows.map((row) => row.fresh === true);
  const fresh = focus.filter(Boolean).length;
  // A sweep that found no newcomer has nothing to compare: no scan of its sample.
  const scan = fresh === 0 ? { clusters: 0, pairs: [] } : scanPeople(rows.map(inputOf), focus);
  parentPort?.postMessage(namePairs(rows, scan, fresh));
} finally {
  await client.end();
}
