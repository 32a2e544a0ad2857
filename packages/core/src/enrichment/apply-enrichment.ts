import type { FieldValue } from '../model.ts';
import type { EmployeeBand, Enrichment, FirmographicField, OverwritePolicy } from './enrichment.schema.ts';
import type { Firmographics } from './read-firmographics.ts';

/** Where a stored value came from. Anything but `enrichment` was put there by a person or a system of record. */
export type ValueSource = 'form' | 'api' | 'import' | 'crm' | 'playbook' | 'enrichment';

export interface CurrentValue {
  value: FieldValue;
  /** null when the field is empty. */
  source: ValueSource | null;
}

export type EnrichmentTarget = 'person' | 'account';

/** Which stored field each firmographic fills. Industry, size and revenue describe the company, so they live on the account. */
export const ENRICHMENT_TARGETS: readonly {
  target: EnrichmentTarget;
  field: string;
  from: FirmographicField;
}[] = [
  { target: 'person', field: 'company', from: 'company_name' },
  { target: 'person', field: 'country', from: 'country' },
  { target: 'account', field: 'name', from: 'company_name' },
  { target: 'account', field: 'industry', from: 'industry' },
  { target: 'account', field: 'employees', from: 'employee_count' },
  { target: 'account', field: 'employee_band', from: 'employee_band' },
  { target: 'account', field: 'revenue_band', from: 'revenue_band' },
  { target: 'account', field: 'country', from: 'country' },
];

export interface ProviderResult {
  provider: string;
  matchedOn: { domain: string };
  fields: Firmographics;
  fetchedAt: Date;
}

export interface EnrichmentState {
  person: Record<string, CurrentValue>;
  /** null: the person has no account (free-mail address), so company facts have nowhere to go. */
  account: Record<string, CurrentValue> | null;
}

export interface FieldChange {
  target: EnrichmentTarget;
  field: string;
  from: FieldValue;
  to: FieldValue;
  /** Where the replaced value came from (null: the field was empty). */
  replaced: ValueSource | null;
  provider: string;
  domain: string;
  reason: string;
}

export type SkipCode = 'policy_never' | 'kept' | 'unchanged' | 'no_data' | 'no_account' | 'unknown_band';

export interface FieldSkip {
  target: EnrichmentTarget;
  field: string;
  code: SkipCode;
  reason: string;
  offered?: FieldValue;
  provider?: string;
}

export interface EnrichmentDecision {
  changes: FieldChange[];
  skipped: FieldSkip[];
}

/**
 * Decides which stored fields enrichment changes. For each field the first provider (in playbook
 * order) with a value offers it; the field's overwrite policy then decides:
 * - `never`: enrichment does not write the field at all;
 * - `if_empty` (the default): fill an empty field, refresh a value enrichment wrote earlier, and
 *   keep anything a person typed, an import brought or the playbook/CRM set;
 * - `always`: the provider's value replaces whatever is there (the change records what it replaced).
 * Pure: the shell loads the state and provenance, calls this, and writes the decision as is.
 */
export function applyEnrichment(
  state: EnrichmentState,
  results: readonly ProviderResult[],
  enrichment: Pick<Enrichment, 'overwrite' | 'employee_bands'>,
): EnrichmentDecision {
  const offers = offersOf(results, enrichment.employee_bands);
  const changes: FieldChange[] = [];
  const skipped: FieldSkip[] = [];
  for (const bandSkip of offers.bandSkips) skipped.push(bandSkip);
  for (const { target, field, from } of ENRICHMENT_TARGETS) {
    const offer = offers.byField.get(from);
    const policy: OverwritePolicy = enrichment.overwrite[from] ?? 'if_empty';
    const label = `${target}.${field}`;
    if (!offer) {
      skipped.push({ target, field, code: 'no_data', reason: `no provider had ${from}` });
      continue;
    }
    const common = { target, field, offered: offer.value, provider: offer.provider };
    if (policy === 'never') {
      skipped.push({
        ...common,
        code: 'policy_never',
        reason: `the playbook never lets enrichment write ${from}`,
      });
      continue;
    }
    const record = target === 'person' ? state.person : state.account;
    if (!record) {
      skipped.push({ ...common, code: 'no_account', reason: 'no account (free-mail address)' });
      continue;
    }
    const current = record[field] ?? { value: null, source: null };
    const empty = isEmpty(current.value);
    if (!empty && sameValue(current.value, offer.value)) {
      skipped.push({ ...common, code: 'unchanged', reason: `${label} already is ${show(offer.value)}` });
      continue;
    }
    const source = empty ? null : (current.source ?? 'form');
    const via = `from ${offer.provider} (${offer.domain})`;
    let reason: string;
    if (empty) reason = `filled empty ${label} with ${show(offer.value)} ${via}`;
    else if (source === 'enrichment')
      reason = `refreshed ${label}: ${show(current.value)} → ${show(offer.value)} ${via}; the old value came from enrichment`;
    else if (policy === 'always')
      reason = `replaced ${label} ${show(current.value)} (${describeSource(source)}) with ${show(offer.value)} ${via}: the playbook's overwrite policy for ${from} is always`;
    else {
      skipped.push({
        ...common,
        code: 'kept',
        reason: `kept ${label} ${show(current.value)} (${describeSource(source)}); ${offer.provider} offered ${show(offer.value)}, but the policy for ${from} is ${policy}`,
      });
      continue;
    }
    changes.push({
      target,
      field,
      from: empty ? null : current.value,
      to: offer.value,
      replaced: source,
      provider: offer.provider,
      domain: offer.domain,
      reason,
    });
  }
  return { changes, skipped };
}

interface Offer {
  value: string | number;
  provider: string;
  domain: string;
}

function offersOf(
  results: readonly ProviderResult[],
  bands: readonly EmployeeBand[] | undefined,
): { byField: Map<FirmographicField, Offer>; bandSkips: FieldSkip[] } {
  const byField = new Map<FirmographicField, Offer>();
  const bandSkips: FieldSkip[] = [];
  const labels = new Set((bands ?? []).map((b) => b.band));
  for (const result of results) {
    const fields: Firmographics = { ...result.fields };
    if (bands && bands.length > 0) {
      // With playbook bands, the band is derived from the count (one vocabulary across
      // providers); a provider's own band is used only when it is one of the playbook's.
      if (fields.employee_count !== undefined) {
        const band = employeeBandOf(fields.employee_count, bands);
        if (band === null) delete fields.employee_band;
        else fields.employee_band = band;
      } else if (fields.employee_band !== undefined && !labels.has(fields.employee_band)) {
        bandSkips.push({
          target: 'account',
          field: 'employee_band',
          code: 'unknown_band',
          reason: `${result.provider} gave band "${fields.employee_band}", which is not one of the playbook's bands (${[...labels].join(', ')})`,
          offered: fields.employee_band,
          provider: result.provider,
        });
        delete fields.employee_band;
      }
    }
    for (const [field, value] of Object.entries(fields) as [FirmographicField, string | number][]) {
      if (value === undefined || byField.has(field)) continue;
      byField.set(field, { value, provider: result.provider, domain: result.matchedOn.domain });
    }
  }
  return { byField, bandSkips };
}

/** The first band whose max holds the count; the open last band takes the rest. null: above every band. */
export function employeeBandOf(count: number, bands: readonly EmployeeBand[]): string | null {
  for (const band of bands) if (band.max === undefined || count <= band.max) return band.band;
  return null;
}

/** Where a non-empty stored value came from: enrichment if it is still what enrichment last wrote. */
export function valueSourceOf(
  value: FieldValue,
  lastEnriched: FieldValue | undefined,
  origin: ValueSource,
): ValueSource | null {
  if (isEmpty(value)) return null;
  if (lastEnriched !== undefined && lastEnriched !== null && sameValue(value, lastEnriched))
    return 'enrichment';
  return origin;
}

export const isEmpty = (value: FieldValue | undefined): boolean =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

const sameValue = (a: FieldValue, b: FieldValue) =>
  typeof a === 'number' || typeof b === 'number' ? Number(a) === Number(b) : a === b;

const show = (value: FieldValue) => (typeof value === 'string' ? `"${value}"` : String(value));

const SOURCE_TEXT: Record<ValueSource, string> = {
  form: 'typed by the person on a form',
  api: 'sent through the API',
  import: 'imported',
  crm: 'from the CRM',
  playbook: 'set in the playbook',
  enrichment: 'from enrichment',
};
const describeSource = (source: ValueSource | null) => (source ? SOURCE_TEXT[source] : 'empty');
