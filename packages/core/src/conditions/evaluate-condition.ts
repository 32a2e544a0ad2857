import { regionOfCountry } from '../hygiene/countries.ts';
import type { FieldValue, Subject } from '../model.ts';
import type { Condition, Scalar } from './condition.schema.ts';
import { compileRegex } from './regex.ts';

/**
 * Evaluates a condition against a subject and records every value it read, so a decision can
 * say not just "rule X matched" but "because seniority = vp".
 */
export interface Evaluation {
  matched: boolean;
  reads: Record<string, unknown>;
}

export function evaluateCondition(condition: Condition, subject: Subject): Evaluation {
  const reads: Record<string, unknown> = {};
  return { matched: evaluate(condition, subject, reads), reads };
}

function evaluate(condition: Condition, subject: Subject, reads: Record<string, unknown>): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, subject, reads));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, subject, reads));
  if ('not' in condition) return !evaluate(condition.not, subject, reads);
  if ('field' in condition) {
    const value = personValue(subject, condition.field);
    reads[condition.field] = value;
    // The derived `region` field already holds a region ("NA"), not a country code (NA = Namibia).
    return compare(value, condition, condition.field === 'region');
  }
  if ('account' in condition) {
    const value = accountValue(subject, condition.account);
    reads[`account.${condition.account}`] = value;
    return compare(value, condition);
  }
  if ('score' in condition) {
    const { person } = subject;
    const value =
      condition.score === 'fit'
        ? person.fitScore
        : condition.score === 'engagement'
          ? person.engagementScore
          : person.fitScore + person.engagementScore;
    reads[`score.${condition.score}`] = value;
    return compare(value, condition);
  }
  const event = subject.event;
  reads.event = event ? { type: event.type, form: event.formId, path: event.path } : null;
  if (!event || event.type !== condition.event) return false;
  if (condition.form !== undefined && event.formId !== condition.form) return false;
  if (condition.path !== undefined && !pathMatches(condition.path, event.path)) return false;
  for (const [key, expected] of Object.entries(condition.properties ?? {})) {
    if (!looselyEqual(event.properties[key] as FieldValue, expected)) return false;
  }
  return true;
}

function personValue(subject: Subject, field: string): FieldValue {
  const { person } = subject;
  if (field === 'stage') return person.stage;
  if (field === 'owner') return person.ownerRepId;
  if (field === 'email') return person.email;
  return person.fields[field] ?? null;
}

function accountValue(subject: Subject, attribute: string): FieldValue {
  const account = subject.account;
  if (!account) return null;
  switch (attribute) {
    case 'owner':
      return account.ownerRepId;
    case 'domain':
      return account.domain;
    case 'name':
      return account.name;
    case 'employees':
      return account.employees;
    case 'industry':
      return account.industry;
    case 'country':
      return account.country;
    case 'named':
      return account.named;
    default:
      return null;
  }
}

interface Operators {
  eq?: Scalar | undefined;
  neq?: Scalar | undefined;
  in?: Scalar[] | undefined;
  not_in?: Scalar[] | undefined;
  exists?: boolean | undefined;
  gt?: number | undefined;
  gte?: number | undefined;
  lt?: number | undefined;
  lte?: number | undefined;
  between?: [number, number] | undefined;
  matches?: string | undefined;
  contains?: string | undefined;
  in_region?: string | string[] | undefined;
}

function compare(value: FieldValue, op: Operators, valueIsRegion = false): boolean {
  if (op.exists !== undefined) return isPresent(value) === op.exists;
  if (op.eq !== undefined) return looselyEqual(value, op.eq);
  if (op.neq !== undefined) return !looselyEqual(value, op.neq);
  if (op.in !== undefined) return op.in.some((candidate) => looselyEqual(value, candidate));
  if (op.not_in !== undefined) return !op.not_in.some((candidate) => looselyEqual(value, candidate));
  if (op.matches !== undefined) {
    const regex = compileRegex(op.matches);
    return regex.ok && typeof value === 'string' && regex.value.test(value);
  }
  if (op.contains !== undefined) {
    return typeof value === 'string' && value.toLowerCase().includes(op.contains.toLowerCase());
  }
  if (op.in_region !== undefined) {
    const regions = Array.isArray(op.in_region) ? op.in_region : [op.in_region];
    if (typeof value !== 'string') return false;
    const region = valueIsRegion ? value.toUpperCase() : regionOfCountry(value);
    return region !== null && regions.includes(region);
  }
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  if (Number.isNaN(number)) return false;
  if (op.gt !== undefined) return number > op.gt;
  if (op.gte !== undefined) return number >= op.gte;
  if (op.lt !== undefined) return number < op.lt;
  if (op.lte !== undefined) return number <= op.lte;
  if (op.between !== undefined) return number >= op.between[0] && number <= op.between[1];
  return false;
}

function isPresent(value: FieldValue): boolean {
  return value !== null && !(typeof value === 'string' && value.trim() === '');
}

/** Text compares case-insensitively; numbers compare by value even when one side is text. */
function looselyEqual(value: FieldValue | undefined, expected: Scalar): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string' && typeof expected === 'string')
    return value.toLowerCase() === expected.toLowerCase();
  // A blank string is a missing value (as for `exists` and `gt`), not 0.
  if (typeof expected === 'number') return isPresent(value) && Number(value) === expected;
  if (typeof expected === 'boolean')
    return value === expected || String(value).toLowerCase() === String(expected);
  return String(value).toLowerCase() === String(expected).toLowerCase();
}

/** `/pricing` matches exactly (ignoring a trailing slash); `/blog/*` matches a prefix. */
function pathMatches(pattern: string, path: string | undefined): boolean {
  if (path === undefined) return false;
  const clean = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return clean(path) === clean(pattern);
}
