import { Worker } from 'node:worker_threads';
import type { CompiledPlaybook } from '@mops/core';
import type { DescribeRequest } from './describe.worker.ts';
import { type DescribeResult, describeBatch } from './describe-batch.ts';

/** Bodies at least this large are described on the worker thread; the script's batches stay here. */
export const WORKER_THRESHOLD_BYTES = 64 * 1024;

/**
 * Describes tracking batches: small ones on the calling thread, large ones (a relay's hundreds of
 * events) on one long-lived worker thread, so the HTTP thread keeps serving while the work per event
 * — JSON, validation, URL parsing, UTM normalisation, channel rules, COPY lines — runs beside it.
 * The worker never keeps the process alive, and if it dies the next batch gets a fresh one.
 */
export class TouchDescriber {
  private worker: Worker | null = null;
  private playbookVersion: number | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(r: DescribeResult): void; reject(e: Error): void }>();

  describe(
    playbook: CompiledPlaybook,
    input: { text: string; userAgent: string | null; receivedAt: Date },
  ): Promise<DescribeResult> {
    if (input.text.length < WORKER_THRESHOLD_BYTES)
      return Promise.resolve(this.describeHere(playbook, input));
    const worker = this.workerFor(playbook);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({
        kind: 'describe',
        id,
        body: input.text,
        userAgent: input.userAgent,
        receivedAt: input.receivedAt.getTime(),
      } satisfies DescribeRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private describeHere(
    playbook: CompiledPlaybook,
    input: { text: string; userAgent: string | null; receivedAt: Date },
  ): DescribeResult {
    let body: unknown;
    try {
      body = JSON.parse(input.text);
    } catch {
      return {
        ok: false,
        error: {
          code: 'INVALID_JSON',
          message: 'the tracking batch is not valid JSON; see docs/tracking-protocol.md',
        },
      };
    }
    return describeBatch(playbook, { body, userAgent: input.userAgent, receivedAt: input.receivedAt });
  }

  private workerFor(playbook: CompiledPlaybook): Worker {
    if (!this.worker) {
      const worker = new Worker(new URL('./describe.worker.ts', import.meta.url));
      worker.unref();
      worker.on('message', (message: { id: number; result?: DescribeResult; failure?: string }) => {
        const waiter = this.waiting.get(message.id);
        if (!waiter) return;
        this.waiting.delete(message.id);
        if (message.result) waiter.resolve(message.result);
        else waiter.reject(new Error(`describing a tracking batch failed: ${message.failure}`));
      });
      const fail = (error: Error) => {
        if (this.worker === worker) this.worker = null;
        this.playbookVersion = null;
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0) fail(new Error(`the tracking worker exited with code ${code}`));
        else if (this.worker === worker) this.worker = null;
      });
      this.worker = worker;
      this.playbookVersion = null;
    }
    if (this.playbookVersion !== playbook.version.id) {
      this.worker.postMessage({
        kind: 'playbook',
        source: playbook.source,
        version: playbook.version,
      } satisfies DescribeRequest);
      this.playbookVersion = playbook.version.id;
    }
    return this.worker;
  }
}
