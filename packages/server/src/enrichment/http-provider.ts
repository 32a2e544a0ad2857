import { createHash } from 'node:crypto';
import {
  expandUrlTemplate,
  type HttpProviderConfig,
  type ReadFirmographics,
  readFirmographics,
  valueAtPath,
} from '@mops/core';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import type { EnrichmentCache } from './enrichment-cache.store.ts';
import type { EnrichmentProvider, LookupOutcome } from './provider.ts';

/** A company record is a few KB; anything far bigger is a misbehaving server, not data. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

export interface HttpProviderDeps {
  cache: EnrichmentCache | null;
  clock: Clock;
  log: Logger;
  /** Kept across playbook reloads so a reload does not reset an open breaker. */
  breaker?: CircuitBreaker;
  /** Backoff before retry n (1-based); tests pass a tiny one. */
  backoffMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
}

type Attempt =
  | { kind: 'found'; body: unknown }
  | { kind: 'not_found' }
  | { kind: 'error'; code: string; message: string; retryable: boolean };

/**
 * Looks companies up with `GET <url with {domain}>`, expecting a JSON object. 404 (or 204) means
 * "no data" — an answer, cached like any other. Timeouts, network errors and 5xx are retried with
 * exponential backoff and full jitter; other failures (4xx, HTML, invalid JSON, an oversized
 * body) are not, since asking again gets the same. Consecutive failed lookups open the circuit
 * breaker. Answers are cached in Postgres for `cache_ttl_hours`.
 */
export class HttpProvider implements EnrichmentProvider {
  readonly type = 'http';
  readonly name: string;
  readonly breaker: CircuitBreaker;
  private readonly config: HttpProviderConfig;
  private readonly deps: HttpProviderDeps;
  private readonly configHash: string;

  constructor(config: HttpProviderConfig, deps: HttpProviderDeps) {
    this.name = config.name;
    this.config = config;
    this.deps = deps;
    this.configHash = httpConfigHash(config);
    this.breaker =
      deps.breaker ??
      new CircuitBreaker({
        name: config.name,
        failures: config.breaker.failures,
        cooldownMs: config.breaker.cooldown_s * 1000,
        clock: deps.clock,
        log: deps.log,
      });
  }

  /** Lookups in flight by domain: concurrent jobs for one company share a request. */
  private readonly inFlight = new Map<string, Promise<LookupOutcome>>();

  lookup(domain: string): Promise<LookupOutcome> {
    const running = this.inFlight.get(domain);
    if (running) return running;
    const lookup = this.lookupOnce(domain).finally(() => this.inFlight.delete(domain));
    this.inFlight.set(domain, lookup);
    return lookup;
  }

  private async lookupOnce(domain: string): Promise<LookupOutcome> {
    const ttlMs = this.config.cache_ttl_hours * 3_600_000;
    const cache = ttlMs > 0 ? this.deps.cache : null;
    const cached = await cache?.get(this.name, domain, this.configHash, this.deps.clock());
    if (cached) {
      return cached.found
        ? {
            status: 'matched',
            cached: true,
            problems: cached.problems,
            result: {
              provider: this.name,
              matchedOn: { domain },
              fields: cached.fields,
              fetchedAt: cached.fetchedAt,
            },
          }
        : { status: 'no_match', domain, cached: true, problems: cached.problems };
    }
    if (!this.breaker.tryAcquire()) {
      return { status: 'skipped', reason: 'circuit breaker open', breaker: this.breaker.snapshot() };
    }
    const url = expandUrlTemplate(this.config.url, domain);
    let attempt: Attempt = { kind: 'error', code: 'NOT_TRIED', message: 'not tried', retryable: false };
    let attempts = 0;
    for (let n = 0; n <= this.config.retries; n++) {
      if (n > 0) await (this.deps.sleep ?? sleep)((this.deps.backoffMs ?? defaultBackoff)(n));
      attempts += 1;
      attempt = await this.fetchOnce(url);
      if (attempt.kind !== 'error' || !attempt.retryable) break;
    }
    if (attempt.kind === 'error') {
      this.breaker.failed(attempt.message);
      this.deps.log('enrichment lookup failed', {
        provider: this.name,
        domain,
        attempts,
        error: attempt.message,
        breaker: this.breaker.snapshot().state,
      });
      return {
        status: 'failed',
        error: { code: attempt.code, message: attempt.message },
        attempts,
        breaker: this.breaker.snapshot(),
      };
    }
    this.breaker.succeeded();
    const fetchedAt = this.deps.clock();
    let found = false;
    let read: ReadFirmographics = { fields: {}, problems: [] };
    if (attempt.kind === 'found') {
      read = readFirmographics((key) => valueAtPath(attempt.body, key), this.config.map);
      found = Object.keys(read.fields).length > 0;
    }
    await cache?.put(
      this.name,
      domain,
      this.configHash,
      { found, fields: read.fields, problems: read.problems, fetchedAt },
      ttlMs,
    );
    return found
      ? {
          status: 'matched',
          cached: false,
          problems: read.problems,
          result: { provider: this.name, matchedOn: { domain }, fields: read.fields, fetchedAt },
        }
      : { status: 'no_match', domain, cached: false, problems: read.problems };
  }

  private async fetchOnce(url: string): Promise<Attempt> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.config.timeout_ms);
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json', 'user-agent': 'mops-enrichment' },
        redirect: 'follow',
        signal: controller.signal,
      });
      if (response.status === 404 || response.status === 204) {
        await response.body?.cancel();
        return { kind: 'not_found' };
      }
      if (!response.ok) {
        await response.body?.cancel();
        return {
          kind: 'error',
          code: `HTTP_${response.status}`,
          message: `answered ${response.status} ${response.statusText}`.trim(),
          retryable: response.status >= 500,
        };
      }
      const type = response.headers.get('content-type') ?? '';
      if (!/\bjson\b/i.test(type)) {
        await response.body?.cancel();
        return {
          kind: 'error',
          code: 'NOT_JSON',
          message: `answered ${type || 'no content type'} instead of JSON`,
          retryable: false,
        };
      }
      const text = await readCapped(response, MAX_RESPONSE_BYTES);
      if (text === null) {
        controller.abort();
        return {
          kind: 'error',
          code: 'RESPONSE_TOO_LARGE',
          message: `answer larger than ${MAX_RESPONSE_BYTES} bytes`,
          retryable: false,
        };
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { kind: 'error', code: 'INVALID_JSON', message: 'answered invalid JSON', retryable: false };
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return {
          kind: 'error',
          code: 'UNEXPECTED_SHAPE',
          message: 'answered JSON that is not an object',
          retryable: false,
        };
      }
      return { kind: 'found', body };
    } catch (error) {
      if (controller.signal.aborted) {
        return {
          kind: 'error',
          code: 'TIMEOUT',
          message: `no answer within ${this.config.timeout_ms} ms`,
          retryable: true,
        };
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return {
        kind: 'error',
        code: 'NETWORK',
        message: `request failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
        retryable: true,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Reads a body up to `max` bytes; null (and the rest left unread) when it is bigger. */
async function readCapped(response: Response, max: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel();
    return null;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function httpConfigHash(config: HttpProviderConfig): string {
  return createHash('sha256')
    .update(JSON.stringify({ url: config.url, map: config.map ?? {} }))
    .digest('hex')
    .slice(0, 16);
}

/** 200 ms, 400 ms, 800 ms … (capped at 5 s), each drawn uniformly below that ("full jitter"). */
const defaultBackoff = (attempt: number) => Math.random() * Math.min(5000, 200 * 2 ** (attempt - 1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
