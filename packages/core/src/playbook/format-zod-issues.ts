import type { z } from 'zod';
import { CONDITION_KINDS } from '../conditions/condition.schema.ts';
import type { PlaybookIssue } from './check-references.ts';

type ZodIssue = z.core.$ZodIssue;

/**
 * Turns zod issues into one precise message per mistake. Unions (conditions, form fields) report
 * the errors of the branch the author evidently meant, instead of zod's "invalid input".
 */
export function formatZodIssues(issues: readonly ZodIssue[], input: unknown): PlaybookIssue[] {
  const out: PlaybookIssue[] = [];
  for (const issue of issues) collect(issue, [], input, out);
  // A failed parse must never read as a valid playbook, whatever shape zod's issues take.
  if (out.length === 0 && issues.length > 0) {
    for (const issue of issues)
      out.push({
        path: issue.path as (string | number)[],
        code: issue.code.toUpperCase(),
        message: issue.message,
      });
  }
  return out;
}

function collect(issue: ZodIssue, prefix: (string | number)[], root: unknown, out: PlaybookIssue[]): void {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  const value = valueAt(root, path);
  switch (issue.code) {
    case 'invalid_union': {
      // A discriminated union (enrichment providers' `type`) whose key matched no branch.
      const key = (issue as { discriminator?: string }).discriminator;
      if (issue.errors.length === 0 && key !== undefined) {
        // zod points at the key itself (…providers[0].type) or, when it is missing, at the object.
        const atKey = path.at(-1) === key;
        const given = atKey ? value : valueAt(value, [key]);
        out.push({
          path: atKey ? path : [...path, key],
          code: given === undefined ? 'REQUIRED' : 'INVALID_VALUE',
          message: given === undefined ? `required: add ${key}` : `unknown ${key} ${JSON.stringify(given)}`,
        });
        return;
      }
      const branch = pickBranch(issue.errors, value);
      if (branch === null) {
        out.push({ path, code: 'INVALID_CONDITION', message: conditionHint(value) });
        return;
      }
      for (const inner of branch) collect(inner, path, root, out);
      return;
    }
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        out.push({
          path: [...path, key],
          code: 'UNKNOWN_KEY',
          message: `unknown key "${key}" (check its spelling and indentation)`,
        });
      }
      return;
    case 'invalid_type':
      out.push({
        path,
        code: value === undefined ? 'REQUIRED' : 'INVALID_TYPE',
        message:
          value === undefined
            ? `required: add ${article(issue.expected)}`
            : `expected ${article(issue.expected)}, got ${describe(value)}`,
      });
      return;
    case 'invalid_value':
      out.push({
        path,
        code: 'INVALID_VALUE',
        message: `"${String(value)}" is not allowed; use one of: ${issue.values.map(String).join(', ')}`,
      });
      return;
    default:
      out.push({ path, code: issue.code.toUpperCase(), message: issue.message });
  }
}

/**
 * Which union branch did the author mean? For conditions, the kind key (`field`, `account`, …) says
 * it; otherwise the branch whose errors are not a type mismatch at the union itself.
 */
function pickBranch(branches: ZodIssue[][], value: unknown): ZodIssue[] | null {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const kind = CONDITION_KINDS.find((k) => keys.includes(k));
    const looksLikeCondition = branches.length === CONDITION_KINDS.length;
    if (looksLikeCondition)
      return kind === undefined ? null : (branches[CONDITION_KINDS.indexOf(kind)] ?? null);
  }
  const typed = branches.filter((b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0));
  return typed[0] ?? branches[0] ?? [];
}

function conditionHint(value: unknown): string {
  return `not a condition (${describe(value)}); start it with one of: ${CONDITION_KINDS.join(', ')} — e.g. { field: country, in: [US, CA] }`;
}

const KIND_NAMES: Record<string, string> = { object: 'map', array: 'list' };

/** "a map", "a list", "a string", "an integer". */
function article(expected: string): string {
  const name = KIND_NAMES[expected] ?? expected;
  return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
