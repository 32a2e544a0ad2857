import { parentPort, workerData } from 'node:worker_threads';
import type { DedupeInput } from '@mops/core';
import { scanPeople } from './scan-people.ts';

// Runs scanPeople off the main thread (see scan-people.ts) and posts the result back.
const { inputs, focus } = workerData as { inputs: DedupeInput[]; focus: boolean[] | null };
parentPort?.postMessage(scanPeople(inputs, focus));
