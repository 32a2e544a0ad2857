import type { CompiledPlaybook } from '@mops/core';
import type pg from 'pg';
import type { Clock } from '../clock.ts';
import { type PendingLead, type PersonInput, type PersonOutcome, runLeads } from './process-person.ts';

/**
 * Natural batching for the lead pipeline, the way a database batches commits: a lead that arrives
 * while fewer than `maxInFlight` batches are running starts at once (alone, at low load — no
 * added latency); leads that arrive while all are busy wait and go together in the next batch,
 * which then costs one read, one claim and one write for all of them. Under load, the work per
 * lead that does not depend on the lead (round trips, statement start-up, commits, waking the
 * database) is shared, so throughput rises exactly when it is needed.
 */
export class LeadBatcher {
  private readonly waiting: { playbook: CompiledPlaybook; lead: PendingLead }[] = [];
  private inFlight = 0;
  /** People and accounts the running batches are writing. */
  private readonly busy = new Set<string>();

  private readonly pool: pg.Pool;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;
  /** Batches started and the leads in them, for tests and benchmarks to see batching happen. */
  readonly stats = { batches: 0, leads: 0 };

  constructor(pool: pg.Pool, maxInFlight = 3, maxBatch = 32) {
    this.pool = pool;
    this.maxInFlight = maxInFlight;
    this.maxBatch = maxBatch;
  }

  submit(playbook: CompiledPlaybook, input: PersonInput, clock: Clock): Promise<PersonOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ playbook, lead: { input, clock, claimed: new Map(), resolve, reject } });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.takeBatch();
      const first = batch[0] as (typeof batch)[number];
      this.inFlight++;
      this.stats.batches++;
      this.stats.leads += batch.length;
      const leads = batch.map((entry) => entry.lead);
      const deferred: PendingLead[] = [];
      runLeads(this.pool, first.playbook, leads, {
        busy: this.busy,
        defer: (later) => deferred.push(...later),
      })
        .catch((error: unknown) => {
          for (const lead of leads) lead.reject(error);
        })
        .finally(() => {
          // Back to the front of the line once the lead they collided with is written: they were
          // next, and stay next, and now see what it wrote.
          this.waiting.unshift(...deferred.map((lead) => ({ playbook: first.playbook, lead })));
          this.inFlight--;
          this.pump();
        });
    }
  }

  /**
   * The longest run of waiting leads under one playbook version (a batch is decided under one
   * playbook). Each lead keeps its own clock: `mops demo` replays history with a clock per lead.
   */
  private takeBatch() {
    const playbook = this.waiting[0]?.playbook;
    let count = 0;
    while (count < this.waiting.length && count < this.maxBatch && this.waiting[count]?.playbook === playbook)
      count++;
    return this.waiting.splice(0, count);
  }
}

const batchers = new WeakMap<pg.Pool, LeadBatcher>();

/**
 * Sets how the pipeline batches leads on this pool (`mops start` from MOPS_PIPELINE_BATCH and
 * MOPS_PIPELINE_PARALLEL); a batch size of 1 runs every lead on its own, as many at once as asked.
 */
export function configureLeadBatching(
  pool: pg.Pool,
  options: { maxBatch: number; maxInFlight: number },
): void {
  batchers.set(pool, new LeadBatcher(pool, options.maxInFlight, options.maxBatch));
}

/** One batcher per database pool. */
export function batcherOf(pool: pg.Pool): LeadBatcher {
  let batcher = batchers.get(pool);
  if (!batcher) {
    batcher = new LeadBatcher(pool);
    batchers.set(pool, batcher);
  }
  return batcher;
}
