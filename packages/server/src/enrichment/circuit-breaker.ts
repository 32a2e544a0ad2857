import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  /** When an open breaker lets the next probe through (ISO time), else null. */
  retryAt: string | null;
}

/**
 * Stops calling a provider that keeps failing. After `failures` consecutive failed lookups the
 * breaker opens: lookups skip the network for `cooldownMs`. Then it is half-open: exactly one
 * lookup goes through as a probe (others keep skipping); success closes the breaker, failure
 * opens it for another cool-down. In memory, per process: each worker protects itself, which is
 * what a breaker is for, and a restart simply probes again.
 */
export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly name: string;
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(opts: { name: string; failures: number; cooldownMs: number; clock: Clock; log: Logger }) {
    this.name = opts.name;
    this.threshold = opts.failures;
    this.cooldownMs = opts.cooldownMs;
    this.clock = opts.clock;
    this.log = opts.log;
  }

  /** May a call go out now? Moves an open breaker to half-open once its cool-down is over. */
  tryAcquire(): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') {
      if (this.clock().getTime() < this.openedAt + this.cooldownMs) return false;
      this.state = 'half_open';
      this.probing = false;
      this.log('enrichment breaker half-open', { provider: this.name });
    }
    if (this.probing) return false;
    this.probing = true;
    return true;
  }

  succeeded(): void {
    if (this.state !== 'closed') this.log('enrichment breaker closed', { provider: this.name });
    this.state = 'closed';
    this.failures = 0;
    this.probing = false;
  }

  failed(error: string): void {
    this.failures += 1;
    this.probing = false;
    if (this.state === 'half_open' || (this.state === 'closed' && this.failures >= this.threshold)) {
      this.state = 'open';
      this.openedAt = this.clock().getTime();
      this.log('enrichment breaker opened', {
        provider: this.name,
        consecutive_failures: this.failures,
        retry_at: new Date(this.openedAt + this.cooldownMs).toISOString(),
        error,
      });
    }
  }

  snapshot(): BreakerSnapshot {
    return {
      state: this.state,
      consecutiveFailures: this.failures,
      retryAt: this.state === 'closed' ? null : new Date(this.openedAt + this.cooldownMs).toISOString(),
    };
  }
}
