import { Worker } from 'node:worker_threads';
import type { CsvRecord } from '../csv/read-csv.ts';
import type { PrepareRequest } from './prepare.worker.ts';
import { type PrepareContext, type PreparedBatch, prepareBatch } from './prepare-batch.ts';

/** Files at least this large are prepared on a worker thread; smaller ones are not worth starting it. */
export const PREPARE_ON_WORKER_BYTES = 1024 * 1024;

/** Validates, washes and folds batches in file order: here, or on a worker thread. */
export interface BatchPreparer {
  prepare(records: CsvRecord[]): Promise<PreparedBatch>;
  close(): Promise<void>;
}

export function batchPreparer(ctx: PrepareContext, where: 'here' | 'worker'): BatchPreparer {
  if (where === 'here') {
    return {
      prepare: async (records) => prepareBatch(records, ctx),
      close: async () => {},
    };
  }
  return new WorkerPreparer(ctx);
}

/**
 * Measured on 2,000-row batches: preparing one took ~200 ms of the importing thread, and while it
 * ran the previous batch's write could not be driven (each of its round trips waited for the
 * thread), so the two did not overlap as intended. On a worker they do.
 */
class WorkerPreparer implements BatchPreparer {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(p: PreparedBatch): void; reject(e: Error): void }>();
  private failed: Error | null = null;

  constructor(ctx: PrepareContext) {
    this.worker = new Worker(new URL('./prepare.worker.ts', import.meta.url));
    // Never what keeps the process alive: the import awaits its answers while it needs them.
    this.worker.unref();
    this.worker.on('message', (message: { id: number; prepared?: PreparedBatch; failure?: string }) => {
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      if (message.prepared) waiter.resolve(message.prepared);
      else waiter.reject(new Error(`preparing an import batch failed: ${message.failure}`));
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the import's preparing worker exited (code ${code})`)));
    try {
      this.worker.postMessage({
        kind: 'start',
        source: ctx.playbook.source,
        version: ctx.playbook.version,
        mapping: ctx.mapping,
        later: ctx.later,
      } satisfies PrepareRequest);
      // The worker has its own copy of the file's repeated rows; this thread never prepares.
      ctx.later.clear();
    } catch (error) {
      void this.worker.terminate();
      throw error;
    }
  }

  prepare(records: CsvRecord[]): Promise<PreparedBatch> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ kind: 'prepare', id, records } satisfies PrepareRequest);
    });
  }

  /** Ends the worker; a batch still waiting for it fails rather than waiting forever. */
  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    const closed = new Error("the import's preparing worker was closed");
    this.failed = closed;
    for (const waiter of this.waiting.values()) waiter.reject(closed);
    this.waiting.clear();
    await this.worker.terminate();
  }
}
