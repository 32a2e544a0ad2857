import { parentPort, workerData } from 'node:worker_threads';
import type { DedupeInput } from '@mops/core';
import { lowerThisThreadsPriority } from '../background-priority.ts';

// Runs scanPeople off the main thread (see scan-people.ts) and posts the result back. A sweep is
// background work: it yields the CPU to requests (the CLI's `dedupe --db` is no less correct for
// it). The priority drops before the matcher's modules load, since loading them is work too.
lowerThisThreadsPriority();
const { scanPeople } = await import('./scan-people.ts');
const { inputs, focus } = workerData as { inputs: DedupeInput[]; focus: boolean[] | null };
parentPort?.postMessage(scanPeople(inputs, focus));
