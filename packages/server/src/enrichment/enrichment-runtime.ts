import path from 'node:path';
import type { CompiledPlaybook, EnrichmentProviderConfig } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { CsvProvider } from './csv-provider.ts';
import { EnrichmentCache } from './enrichment-cache.store.ts';
import { HttpProvider, type HttpProviderDeps, httpConfigHash } from './http-provider.ts';
import type { EnrichmentProvider } from './provider.ts';

export interface RuntimeOptions {
  clock: Clock;
  log: Logger;
  /** Tests shorten the retry backoff. */
  http?: Pick<HttpProviderDeps, 'backoffMs' | 'sleep'>;
}

/**
 * The enabled providers of the current playbook, in playbook order. Built once per playbook
 * version: a new version re-reads CSV files (their paths may have changed) and rebuilds HTTP
 * providers, but an HTTP provider whose URL is unchanged keeps its circuit breaker, so a reload
 * never hammers a provider that is down. CSV files are also re-read when they change on disk.
 */
export class EnrichmentRuntime {
  private readonly db: Kysely<DB>;
  private readonly options: RuntimeOptions;
  private readonly cache: EnrichmentCache;
  private readonly csvByKey = new Map<string, CsvProvider>();
  private readonly breakers = new Map<string, CircuitBreaker>();
  private built: { versionId: number; providers: EnrichmentProvider[] } | null = null;

  constructor(db: Kysely<DB>, options: RuntimeOptions) {
    this.db = db;
    this.options = options;
    this.cache = new EnrichmentCache(db);
  }

  /** The providers for this playbook, with CSV files (re)loaded if needed. Empty: enrichment is off. */
  async providersFor(playbook: CompiledPlaybook): Promise<EnrichmentProvider[]> {
    const section = playbook.source.enrichment;
    if (!section) {
      this.built = null;
      this.csvByKey.clear();
      return [];
    }
    if (this.built?.versionId !== playbook.version.id) {
      const baseDir = await this.playbookDir(playbook.version.id);
      const providers = section.providers.filter((p) => p.enabled).map((p) => this.build(p, baseDir));
      // Files the new version no longer uses are let go (a large domain map is tens of MB).
      for (const [key, csv] of this.csvByKey) if (!providers.includes(csv)) this.csvByKey.delete(key);
      this.built = { versionId: playbook.version.id, providers };
    }
    for (const provider of this.built.providers)
      if (provider instanceof CsvProvider) await provider.refresh();
    return this.built.providers;
  }

  private build(config: EnrichmentProviderConfig, baseDir: string): EnrichmentProvider {
    const { clock, log } = this.options;
    if (config.type === 'csv') {
      const file = path.resolve(baseDir, config.file);
      const key = JSON.stringify([config.name, file, config.domain_column, config.map ?? {}]);
      let provider = this.csvByKey.get(key);
      if (!provider) {
        provider = new CsvProvider(config, file, { clock, log });
        this.csvByKey.set(key, provider);
      }
      return provider;
    }
    const key = `${config.name}:${httpConfigHash(config)}:${config.breaker.failures}:${config.breaker.cooldown_s}`;
    const provider = new HttpProvider(config, {
      cache: this.cache,
      clock,
      log,
      ...this.options.http,
      ...(this.breakers.has(key) ? { breaker: this.breakers.get(key) as CircuitBreaker } : {}),
    });
    this.breakers.set(key, provider.breaker);
    return provider;
  }

  /** Relative provider files are relative to the applied playbook's file (else the working directory). */
  private async playbookDir(versionId: number): Promise<string> {
    const { rows } = await sql<{ source_file: string | null }>`
      SELECT source_file FROM playbook_versions WHERE id = ${versionId}`.execute(this.db);
    const file = rows[0]?.source_file;
    return file ? path.dirname(file) : process.cwd();
  }
}
