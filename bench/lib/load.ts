// HTTP load generators for benchmarks: an open loop (fixed arrival rate, latency from the
// scheduled send time, so a stalled server cannot hide its stall by slowing the client down, the
// "coordinated omission" trap), a closed loop (N back-to-back workers, for peak throughput), and a
// sequential probe (for a latency floor such as GET /healthz while a load runs).

import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Histogram } from './histogram.ts';
import { createAgent, isOk, parseBaseUrl, type RequestSpec, send } from './send.ts';
import { type LoadResult, Tally } from './tally.ts';

export type { LatencySummary } from './histogram.ts';
export type { RequestSpec } from './send.ts';
export type { LoadResult } from './tally.ts';

type Common = {
  durationSec: number;
  /** Requests in this leading period are sent (to warm sockets, JIT, caches) but not reported. */
  warmupSec?: number;
  /** `i` counts every request of the run from 0, warmup included, so it can make unique ids. */
  makeRequest: (i: number) => RequestSpec;
  baseUrl: string;
  /** Socket idle timeout per request; a timed-out request counts as error ETIMEDOUT. */
  timeoutMs?: number;
};

export type OpenLoopOptions = Common & {
  ratePerSec: number;
  /** Arrivals beyond this many outstanding requests are counted as `dropped`, not queued. */
  maxInFlight?: number;
};

export type ClosedLoopOptions = Common & { concurrency: number };

export type ProbeOptions = {
  baseUrl: string;
  path: string;
  intervalMs: number;
  durationSec: number;
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 30_000;
// Node timers have 1 ms granularity and usually fire up to ~1 ms late. Slots due within this
// margin are sent now rather than waiting for a timer that would make them late; their latency
// is then measured from the actual send, so sending early never shortens a reported latency.
const EARLY_MS = 1;

/**
 * Arrival i is scheduled at start + i / ratePerSec regardless of responses. Its latency runs from
 * min(scheduled, actually sent) to the end of the response body, so time the client spent
 * behind schedule (a blocked event loop, a saturated server) counts against the request.
 */
export async function openLoop(opts: OpenLoopOptions): Promise<LoadResult> {
  const target = parseBaseUrl(opts.baseUrl);
  const maxInFlight = opts.maxInFlight ?? 2000;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const warmupSec = opts.warmupSec ?? 0;
  const intervalMs = 1000 / opts.ratePerSec;
  const warmupSlots = Math.round(warmupSec * opts.ratePerSec);
  const totalSlots = warmupSlots + Math.round(opts.durationSec * opts.ratePerSec);
  // One socket per possible outstanding request, so the agent never queues a request internally
  // (an agent queue would be a hidden closed loop).
  const agent = createAgent(maxInFlight);
  const tally = new Tally();
  const lag = new Histogram();

  let inFlight = 0;
  let next = 0;
  let onIdle: (() => void) | undefined;
  const start = performance.now();

  const dispatch = (i: number, scheduledAt: number): void => {
    const measured = i >= warmupSlots;
    if (inFlight >= maxInFlight) {
      if (measured) tally.dropped++;
      return;
    }
    const spec = opts.makeRequest(i);
    inFlight++;
    if (measured) tally.sent++;
    void send(agent, target, spec, timeoutMs).then((outcome) => {
      inFlight--;
      if (measured) {
        lag.record(Math.max(0, outcome.sentAt - scheduledAt));
        tally.record(spec, outcome, outcome.doneAt - Math.min(scheduledAt, outcome.sentAt));
      }
      if (inFlight === 0 && next >= totalSlots) onIdle?.();
    });
  };

  try {
    // Each wake-up sends every slot that is due, so after a stall (GC, the server hogging the
    // CPU) the missed arrivals go out as one burst instead of being silently skipped.
    while (next < totalSlots) {
      const now = performance.now();
      while (next < totalSlots && start + next * intervalMs <= now + EARLY_MS) {
        dispatch(next, start + next * intervalMs);
        next++;
      }
      if (next < totalSlots) await sleep(Math.max(1, start + next * intervalMs - EARLY_MS - now));
    }
    if (inFlight > 0) await new Promise<void>((resolve) => (onIdle = resolve));
  } finally {
    agent.destroy();
  }

  const result = tally.result(opts.durationSec, tally.ok / opts.durationSec);
  return { ...result, sendLag: lag.summary() };
}

/**
 * `concurrency` workers each send their next request as soon as the previous one completes.
 * Latency covers requests started in the measured window; throughput counts 2xx responses that
 * completed inside it, so requests straddling either edge neither inflate nor deflate it.
 */
export async function closedLoop(opts: ClosedLoopOptions): Promise<LoadResult> {
  const target = parseBaseUrl(opts.baseUrl);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const agent = createAgent(opts.concurrency);
  const tally = new Tally();
  const windowStart = performance.now() + (opts.warmupSec ?? 0) * 1000;
  const windowEnd = windowStart + opts.durationSec * 1000;
  let next = 0;
  let okInWindow = 0;

  const worker = async (): Promise<void> => {
    while (performance.now() < windowEnd) {
      const spec = opts.makeRequest(next++);
      const outcome = await send(agent, target, spec, timeoutMs);
      if (outcome.sentAt >= windowStart) {
        tally.sent++;
        tally.record(spec, outcome, outcome.doneAt - outcome.sentAt);
      }
      if (isOk(outcome) && outcome.doneAt >= windowStart && outcome.doneAt <= windowEnd) okInWindow++;
    }
  };

  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return tally.result(opts.durationSec, okInWindow / opts.durationSec);
}

/**
 * One GET every intervalMs, strictly one at a time on its own socket, so it measures what a lone
 * client sees while a load runs. A probe slower than the interval skips the slots it overran and
 * the next probe goes out at once, so the probe never bursts and never outlives durationSec by
 * more than one request. Latency is from the actual send.
 */
export async function probeLatency(opts: ProbeOptions): Promise<LoadResult> {
  const target = parseBaseUrl(opts.baseUrl);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const agent = createAgent(1);
  const tally = new Tally();
  const spec: RequestSpec = { method: 'GET', path: opts.path };
  const start = performance.now();
  const end = start + opts.durationSec * 1000;

  try {
    let slot = 0;
    while (start + slot * opts.intervalMs < end && performance.now() < end) {
      const wait = start + slot * opts.intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      const outcome = await send(agent, target, spec, timeoutMs);
      tally.sent++;
      tally.record(spec, outcome, outcome.doneAt - outcome.sentAt);
      slot = Math.max(slot + 1, Math.floor((outcome.doneAt - start) / opts.intervalMs));
    }
  } finally {
    agent.destroy();
  }
  return tally.result(opts.durationSec, tally.ok / opts.durationSec);
}
