import { parentPort, workerData } from 'node:worker_threads';
import type { DedupeInput } from '@mops/core';
import { lowerThisThreadsPriority } from '../background-priority.ts';

// Runs scanPeople off the main thread (see scan-people.ts) and posts the result back. A sweep's
// scan is background work and yields the CPU to requests; the priority drops before the matcher's
// modules load, since loading them is work too.
const { inputs, focus, background } = workerData as {
  inputs: DedupeInput[];
  focus: boolean[] | null;
  background: boolean;
};
if (background) lowerThisThreadsPriority();
const { scanPeople } = await import('./scan-people.ts');
parentPort?.postMessage(scanPeople(inputs, focus));
