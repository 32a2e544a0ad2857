import type { CompiledPlaybook } from '@mops/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';

// Every measurement report has one shape, so the API (`GET /v1/reports/<name>`), the terminal table,
// `--json`, `--csv` and the drill-down (`…/rows`: the rows behind a cell) come from one definition.
// A report states its denominators in words next to its numbers: a rate nobody can trace is noise.

/** How a column's values read: the terminal formats them, JSON and CSV keep raw numbers. */
export type ColumnKind = 'text' | 'count' | 'number' | 'money' | 'rate' | 'days' | 'duration_ms' | 'time';

export interface ReportColumn {
  key: string;
  label: string;
  kind: ColumnKind;
}

export type ReportValue = string | number | boolean | null;
export type ReportRow = Record<string, ReportValue>;

export interface ReportTable {
  name: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** The columns that say which cell a row is: a drill-down names their values. */
  keys: string[];
}

export interface ReportResult {
  report: string;
  title: string;
  /** What the report was asked for, with defaults filled in. */
  params: Record<string, string>;
  /** Plain statements of what is counted and divided by what. */
  denominators: string[];
  notes: string[];
  tables: ReportTable[];
  /** Anything else the report knows (totals, settings), for JSON readers. */
  summary?: Record<string, unknown>;
}

export interface ReportContext {
  db: Kysely<DB>;
  playbook: CompiledPlaybook;
  now: Date;
}

export interface ReportParam {
  name: string;
  description: string;
  /** The only values allowed, when the parameter is a choice. */
  values?: readonly string[];
  default?: string;
}

export type ReportQuery = Readonly<Record<string, string | undefined>>;

export interface ReportDefinition {
  name: string;
  description: string;
  params: readonly ReportParam[];
  /** The cell keys a drill-down accepts (beyond `params`), e.g. `stage`, `group`. */
  drillKeys?: readonly string[];
  run(ctx: ReportContext, query: ReportQuery): Promise<ReportResult>;
  /** The rows (people, opportunities, touches) behind one cell of the report. */
  rows?(ctx: ReportContext, query: ReportQuery, limit: number): Promise<ReportTable>;
}

/**
 * Checks a query against a report's parameters before anything runs: unknown names and values
 * outside a choice are refused with the list of what is accepted, so a typo never silently
 * reports on the default.
 */
export function checkReportQuery(
  definition: ReportDefinition,
  query: ReportQuery,
  options: { drill: boolean },
): Record<string, string> {
  const known = new Map(definition.params.map((p) => [p.name, p]));
  const allowed = new Set([
    ...known.keys(),
    ...(options.drill ? [...(definition.drillKeys ?? []), 'limit'] : []),
  ]);
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (!allowed.has(name)) {
      throw new MopsError(
        'INVALID_QUERY',
        `report ${definition.name} has no parameter "${name.slice(0, 60)}"; it takes ${[...allowed].join(', ') || 'none'}`,
      );
    }
    if (value.length > 500) {
      throw new MopsError('INVALID_QUERY', `${name} is longer than 500 characters`);
    }
    const param = known.get(name);
    if (param?.values && !param.values.includes(value)) {
      throw new MopsError(
        'INVALID_QUERY',
        `${name} must be one of ${param.values.join(', ')}, got "${value.slice(0, 60)}"`,
      );
    }
    resolved[name] = value;
  }
  for (const param of definition.params) {
    if (resolved[param.name] === undefined && param.default !== undefined)
      resolved[param.name] = param.default;
  }
  return resolved;
}

/** `limit` of a drill-down: 1 to 10,000, default 100. */
export function drillLimit(text: string | undefined): number {
  const limit = Number(text ?? '100');
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new MopsError(
      'INVALID_QUERY',
      `limit must be a whole number from 1 to 10000, got "${String(text).slice(0, 40)}"`,
    );
  }
  return limit;
}

/** A drill-down key the caller must give, with the values the report knows in the message. */
export function requireKey(query: ReportQuery, name: string, example: string): string {
  const value = query[name];
  if (value === undefined || value === '') {
    throw new MopsError(
      'INVALID_QUERY',
      `name the cell: ${name} is required (for example ${name}=${example})`,
    );
  }
  return value;
}

/** A rate with its denominator: null (not 0) when there is nothing to divide by. */
export const rate = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;
