import { boundedMemo } from '../bounded-memo.ts';
import { normalizeCountry } from '../hygiene/countries.ts';
import { FIRMOGRAPHIC_FIELDS, type FirmographicField } from './enrichment.schema.ts';

/** Firmographics as mops stores them: trimmed text, a whole head count, an ISO-2 country. */
export interface Firmographics {
  company_name?: string;
  industry?: string;
  employee_count?: number;
  employee_band?: string;
  revenue_band?: string;
  country?: string;
}

export interface FieldProblem {
  field: FirmographicField;
  message: string;
}

export interface ReadFirmographics {
  fields: Firmographics;
  /** Values the source had but mops could not use (wrong type, unknown country, …), with why. */
  problems: FieldProblem[];
}

const MAX_TEXT: Record<string, number> = {
  company_name: 200,
  industry: 100,
  employee_band: 50,
  revenue_band: 50,
};
const MAX_EMPLOYEES = 10_000_000;
// Control characters never belong in a company name (they break CSV exports and terminals).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const NEEDS_CLEANING = /[\u0000-\u001f\u007f]|\s\s|[^\S ]/;

/**
 * Reads one provider record — a CSV row or a JSON answer — into firmographics. Every provider
 * goes through here, so a hostile or sloppy source (numbers as text, a head count of "lots", a
 * 5 MB company name, an object where a string belongs) yields clean values or a stated problem,
 * never a bad write. `get(key)` returns the raw value at a column header or dotted JSON path;
 * `map` says which key holds each field (default: the field's own name).
 */
export function readFirmographics(
  get: (key: string) => unknown,
  map: Record<string, string> | undefined = undefined,
): ReadFirmographics {
  const fields: Firmographics = {};
  const problems: FieldProblem[] = [];
  for (const field of FIRMOGRAPHIC_FIELDS) {
    const raw = get(map?.[field] ?? field);
    if (raw === undefined || raw === null || raw === '') continue;
    const value = field === 'employee_count' ? readCount(raw) : readText(raw, MAX_TEXT[field] ?? 100);
    if (!value.ok) {
      problems.push({ field, message: value.message });
      continue;
    }
    if (value.value === null) continue;
    if (field === 'country') {
      const code = countryCode(String(value.value));
      if (!code) problems.push({ field, message: `unknown country "${clip(String(value.value))}"` });
      else fields.country = code;
    } else if (field === 'employee_count') fields.employee_count = value.value as number;
    else fields[field] = value.value as string;
  }
  return { fields, problems };
}

// A firmographic file repeats a few dozen country spellings across its rows; resolving each once
// makes loading a large file several times faster. Bounded, and the answer never changes.
const countryCode = boundedMemo(4096, (text: string) => normalizeCountry(text)?.code ?? null);

type Read<T> = { ok: true; value: T | null } | { ok: false; message: string };

function readText(raw: unknown, max: number): Read<string> {
  if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: String(raw) };
  if (typeof raw !== 'string') return { ok: false, message: `expected text, got ${describe(raw)}` };
  // Control characters never belong in a company name; collapse runs of whitespace.
  // Most values are clean already: test once, rewrite only when needed.
  const text = NEEDS_CLEANING.test(raw)
    ? raw.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim()
    : raw.trim();
  if (text === '') return { ok: true, value: null };
  if (text.length > max) return { ok: false, message: `longer than ${max} characters` };
  return { ok: true, value: text };
}

function readCount(raw: unknown): Read<number> {
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '') return { ok: true, value: null };
    // "1,200", "1 200" and "1200" are head counts; "50-200" is a band, not a count.
    if (!/^\d{1,3}([ ,.']\d{3})*$|^\d+$/.test(text))
      return { ok: false, message: `"${clip(text)}" is not a head count` };
    value = Number(text.replace(/[ ,.']/g, ''));
  } else return { ok: false, message: `expected a number, got ${describe(raw)}` };
  if (!Number.isInteger(value) || value < 0 || value > MAX_EMPLOYEES) {
    return {
      ok: false,
      message: `${clip(String(value))} is not a head count (a whole number up to ${MAX_EMPLOYEES})`,
    };
  }
  return { ok: true, value };
}

/** The value at a dotted path of parsed JSON (own properties only: "__proto__" finds nothing). */
export function valueAtPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key))
      return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const describe = (value: unknown) =>
  Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
