import { stat } from 'node:fs/promises';
import {
  type CsvProviderConfig,
  type FieldProblem,
  type Firmographics,
  lookupDomains,
  normalizeDomainKey,
  readFirmographics,
} from '@mops/core';
import type { Clock } from '../clock.ts';
import { openCsv } from '../csv/read-csv.ts';
import { MopsError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { EnrichmentProvider, LookupOutcome } from './provider.ts';

export interface CsvLoadReport {
  path: string;
  rows: number;
  domains: number;
  /** Lines the reader could not split into the header's columns. */
  malformed: { line: number; reason: string }[];
  /** Lines that were read but had unusable values (a bad domain, a head count of "lots", …). */
  problems: { line: number; message: string }[];
  /** Totals; the lists above keep the first 50 of each. */
  malformedCount: number;
  problemCount: number;
  loadedAt: Date;
}

interface Entry {
  fields: Firmographics;
  problems: FieldProblem[];
  line: number;
}

const NO_PROBLEMS: FieldProblem[] = [];

const MAX_REPORTED = 50;

/**
 * The built-in provider: a local firmographic CSV (domain → company name, industry, employee
 * count, revenue band, country), read with the shared CSV reader into a domain map held in
 * memory — a lookup is a hash probe, cheap enough to run for every new person. The file is
 * re-read when it changes on disk (checked by `refresh`, which the runtime calls per batch) and
 * when the playbook changes. A file that cannot be read makes lookups fail with the reason
 * (naming the path), so jobs retry after it is fixed.
 */
export class CsvProvider implements EnrichmentProvider {
  readonly type = 'csv';
  readonly name: string;
  readonly path: string;
  private readonly config: CsvProviderConfig;
  private readonly clock: Clock;
  private readonly log: Logger;
  private entries = new Map<string, Entry>();
  private report: CsvLoadReport | null = null;
  private error: MopsError | null = null;
  private signature: string | null = null;
  private loading: Promise<void> | null = null;

  constructor(config: CsvProviderConfig, path: string, deps: { clock: Clock; log: Logger }) {
    this.name = config.name;
    this.config = config;
    this.path = path;
    this.clock = deps.clock;
    this.log = deps.log;
  }

  /** The last load's summary, or the error that stopped it. */
  status(): { report: CsvLoadReport | null; error: { code: string; message: string } | null } {
    return {
      report: this.report,
      error: this.error ? { code: this.error.code, message: this.error.message } : null,
    };
  }

  /** Loads the file if it is new or changed since the last load (by size and modification time). */
  async refresh(): Promise<void> {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      let signature: string | null = null;
      try {
        const info = await stat(this.path);
        signature = `${info.size}:${info.mtimeMs}`;
      } catch {
        // Missing: load() reports it with the reader's message.
      }
      if (signature !== null && signature === this.signature) return;
      await this.load();
      this.signature = this.error ? null : signature;
    })().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  async lookup(domain: string): Promise<LookupOutcome> {
    if (this.error) {
      return { status: 'failed', error: { code: this.error.code, message: this.error.message }, attempts: 1 };
    }
    for (const key of lookupDomains(domain)) {
      const entry = this.entries.get(key);
      if (entry) {
        return {
          status: 'matched',
          cached: false,
          problems: entry.problems,
          result: {
            provider: this.name,
            matchedOn: { domain: key },
            fields: entry.fields,
            fetchedAt: this.report?.loadedAt ?? this.clock(),
          },
        };
      }
    }
    return { status: 'no_match', domain, cached: false, problems: [] };
  }

  private async load(): Promise<void> {
    const entries = new Map<string, Entry>();
    const report: CsvLoadReport = {
      path: this.path,
      rows: 0,
      domains: 0,
      malformed: [],
      problems: [],
      malformedCount: 0,
      problemCount: 0,
      loadedAt: this.clock(),
    };
    const note = (line: number, message: string) => {
      report.problemCount += 1;
      if (report.problems.length < MAX_REPORTED) report.problems.push({ line, message });
    };
    try {
      const file = await openCsv(this.path);
      // Headers are matched without regard to case: "Domain" and "domain" are one column.
      const index = new Map(file.headers.map((h, i) => [h.toLowerCase(), i]));
      const domainColumn = index.get(this.config.domain_column.toLowerCase());
      if (domainColumn === undefined) {
        throw new MopsError(
          'CSV_NO_DOMAIN_COLUMN',
          `${this.path} has no "${this.config.domain_column}" column (columns: ${file.headers.join(', ')}); set domain_column in the playbook`,
        );
      }
      // One getter for every row (the row it reads is swapped in): no closure per row on big files.
      let values: string[] = [];
      const columnOf = new Map<string, number | undefined>();
      const cell = (key: string) => {
        let column = columnOf.get(key);
        if (column === undefined && !columnOf.has(key)) {
          column = index.get(key.toLowerCase());
          columnOf.set(key, column);
        }
        return column === undefined ? undefined : values[column];
      };
      for await (const batch of file.batches()) {
        for (const record of batch) {
          if (record.kind === 'malformed') {
            report.malformedCount += 1;
            if (report.malformed.length < MAX_REPORTED)
              report.malformed.push({ line: record.line, reason: record.reason });
            continue;
          }
          report.rows += 1;
          const rawDomain = record.values[domainColumn] ?? '';
          const domain = normalizeDomainKey(rawDomain);
          if (!domain) {
            note(record.line, `"${rawDomain.slice(0, 60)}" is not a domain`);
            continue;
          }
          const earlier = entries.get(domain);
          if (earlier !== undefined) {
            note(
              record.line,
              `${domain} is listed again (first on line ${earlier.line}); the first row is used`,
            );
            continue;
          }
          values = record.values;
          const read = readFirmographics(cell, this.config.map);
          for (const p of read.problems) note(record.line, `${p.field}: ${p.message}`);
          entries.set(domain, {
            fields: read.fields,
            problems: read.problems.length > 0 ? read.problems : NO_PROBLEMS,
            line: record.line,
          });
        }
      }
    } catch (error) {
      if (!(error instanceof MopsError)) throw error;
      this.error = error;
      this.report = null;
      this.log('enrichment file unavailable', { provider: this.name, path: this.path, error: error.message });
      return;
    }
    report.domains = entries.size;
    this.entries = entries;
    this.report = report;
    this.error = null;
    this.log('enrichment file loaded', {
      provider: this.name,
      path: this.path,
      rows: report.rows,
      domains: report.domains,
      malformed: report.malformedCount,
      problems: report.problemCount,
      ...(report.malformedCount > 0 ? { first_malformed: report.malformed.slice(0, 5) } : {}),
    });
  }
}
