import type { FieldProblem, ProviderResult } from '@mops/core';
import type { BreakerSnapshot } from './circuit-breaker.ts';

/**
 * One way of looking a company up by domain. Expected failures are outcomes, not exceptions: a
 * provider that is down must never stop the others or lose the job.
 */
export interface EnrichmentProvider {
  readonly name: string;
  readonly type: 'csv' | 'http';
  lookup(domain: string): Promise<LookupOutcome>;
}

export type LookupOutcome =
  /** The provider knows the company. `problems`: values it sent that mops could not use. */
  | { status: 'matched'; result: ProviderResult; cached: boolean; problems: FieldProblem[] }
  /** The provider answered and has nothing on this domain — an answer, not a failure. */
  | { status: 'no_match'; domain: string; cached: boolean; problems: FieldProblem[] }
  /** Timed out, 5xx, unreadable answer, missing file …: worth trying again later. */
  | {
      status: 'failed';
      error: { code: string; message: string };
      attempts: number;
      breaker?: BreakerSnapshot;
    }
  /** Not asked: the breaker is open (or a probe is already in flight). */
  | { status: 'skipped'; reason: string; breaker?: BreakerSnapshot };
