import type pg from 'pg';
import { storeTouches, storeTouchGroup, type TouchBatch } from './store-touches.ts';

/**
 * Natural batching for tracking, as the lead pipeline batches leads (`LeadBatcher`): a browser's
 * batch that arrives while fewer than `maxInFlight` stores are running is stored at once, alone
 * (no added latency at low load); batches that arrive while all are busy wait and go together in
 * the next transaction, up to `maxEvents` events, which then costs one set of round trips, one
 * COPY and one commit for all of them. Browsers send a page view or three per request, so under
 * load most of the cost of a request is what it would share here.
 *
 * A group is all or nothing. If it fails, each of its batches is stored again on its own, so one
 * browser's bad batch (or a deadlock) never costs another's events.
 */
export class TouchRelay {
  private readonly waiting: {
    batch: TouchBatch;
    resolve: (n: number) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private inFlight = 0;
  private readonly pool: pg.Pool;
  private readonly maxInFlight: number;
  private readonly maxEvents: number;
  /** Groups stored, and the batches in them, for the tests and the benchmark to see batching happen. */
  readonly stats = { groups: 0, batches: 0, retriedAlone: 0 };

  constructor(pool: pg.Pool, maxInFlight = 3, maxEvents = 2_000) {
    this.pool = pool;
    this.maxInFlight = maxInFlight;
    this.maxEvents = maxEvents;
  }

  /** Stores the batch (in a group if others are waiting); resolves to how many events were new. */
  store(batch: TouchBatch): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ batch, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const group = this.takeGroup();
      this.inFlight++;
      this.stats.groups++;
      this.stats.batches += group.length;
      // storeGroup settles every batch's promise itself and never rejects.
      void this.storeGroup(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private takeGroup() {
    let count = 0;
    let events = 0;
    while (count < this.waiting.length) {
      const size = this.waiting[count]?.batch.rows.length ?? 0;
      if (count > 0 && events + size > this.maxEvents) break;
      events += size;
      count++;
    }
    return this.waiting.splice(0, count);
  }

  private async storeGroup(
    group: { batch: TouchBatch; resolve: (n: number) => void; reject: (e: unknown) => void }[],
  ) {
    if (group.length === 1) {
      const only = group[0] as (typeof group)[number];
      await storeTouches(this.pool, only.batch).then(only.resolve, only.reject);
      return;
    }
    try {
      const stored = await storeTouchGroup(
        this.pool,
        group.map((entry) => entry.batch),
      );
      for (const [i, entry] of group.entries()) entry.resolve(stored[i] ?? 0);
    } catch {
      // Nothing of the group is in: each batch on its own, so only a bad one fails, with its error.
      // As many at once as the relay itself runs, so a failing group (a broken connection, say)
      // cannot take every connection of the pool from the forms.
      this.stats.retriedAlone += group.length;
      let next = 0;
      const lane = async () => {
        while (next < group.length) {
          const entry = group[next++] as (typeof group)[number];
          await storeTouches(this.pool, entry.batch).then(entry.resolve, entry.reject);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.maxInFlight, group.length) }, lane));
    }
  }
}

const relays = new WeakMap<pg.Pool, TouchRelay>();

/** Sets how tracking batches are grouped on this pool (`mops start`, from MOPS_TRACKING_PARALLEL). */
export function configureTouchRelay(pool: pg.Pool, options: { maxInFlight: number }): void {
  relays.set(pool, new TouchRelay(pool, options.maxInFlight));
}

/** One relay per database pool. */
export function relayOf(pool: pg.Pool): TouchRelay {
  let relay = relays.get(pool);
  if (!relay) {
    relay = new TouchRelay(pool);
    relays.set(pool, relay);
  }
  return relay;
}
