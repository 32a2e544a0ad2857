// Counts and latencies of the measured requests of one run, shared by the open loop, the closed
// loop and the probe so that all three report the same shape.
import { Histogram, type LatencySummary } from './histogram.ts';
import { isOk, type Outcome, type RequestSpec } from './send.ts';

export type LoadResult = {
  /** Requests sent in the measured window (warmup and dropped arrivals excluded). */
  sent: number;
  /** Responses with a 2xx status. */
  ok: number;
  /** Non-2xx responses by status ("503") and transport failures by code ("ECONNRESET"). */
  errors: { [statusOrCode: string]: number };
  /** Open loop only: arrivals not sent because maxInFlight requests were already outstanding. */
  dropped: number;
  durationSec: number;
  /** 2xx responses per second over the measured window. */
  throughputPerSec: number;
  /** Latency of 2xx responses only, so that fast failures (an overloaded server's 503s) cannot
   * flatter the percentiles; failures are visible in `errors` instead. */
  latency: LatencySummary;
  /** The first few error bodies or messages, to tell a misconfigured run from an overloaded one. */
  sampleErrors: string[];
  /** Open loop only: how late the load generator dispatched requests behind their schedule. A
   * large value means the client (not the server) was saturated or descheduled. */
  sendLag?: LatencySummary;
};

const SAMPLE_ERRORS = 5;

export class Tally {
  sent = 0;
  ok = 0;
  dropped = 0;
  readonly errors: { [statusOrCode: string]: number } = {};
  readonly sampleErrors: string[] = [];
  readonly latency = new Histogram();

  /** `latencyMs` is passed in because the open loop measures from the scheduled time. */
  record(spec: RequestSpec, outcome: Outcome, latencyMs: number): void {
    if (isOk(outcome)) {
      this.ok++;
      this.latency.record(latencyMs);
      return;
    }
    const key = outcome.kind === 'response' ? String(outcome.status) : outcome.code;
    this.errors[key] = (this.errors[key] ?? 0) + 1;
    if (this.sampleErrors.length < SAMPLE_ERRORS) {
      const detail = outcome.kind === 'response' ? outcome.errorBody : outcome.message;
      this.sampleErrors.push(`${key} ${spec.method} ${spec.path}: ${detail}`);
    }
  }

  result(durationSec: number, throughputPerSec: number): LoadResult {
    return {
      sent: this.sent,
      ok: this.ok,
      errors: { ...this.errors },
      dropped: this.dropped,
      durationSec,
      throughputPerSec: Math.round(throughputPerSec * 10) / 10,
      latency: this.latency.summary(),
      sampleErrors: [...this.sampleErrors],
    };
  }
}
