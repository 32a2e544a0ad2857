import { type CompiledUtm, type NormalizeUtmOptions, normalizeUtm } from './normalize-utm.ts';
import { suggestUtmMapping, type UtmSuggestion } from './suggest-utm-mapping.ts';
import type { UtmParameter } from './tracking.schema.ts';

/** One count from storage: how many touches carried this raw value (optionally per campaign). */
export interface UtmUsage {
  param: UtmParameter;
  raw: string;
  touches: number;
  /** The campaign those touches were linked to (or their utm_campaign), if any. */
  campaign?: string | null;
}

export interface NonConformingUtm {
  param: UtmParameter;
  /** The normalised value that is not canonical. */
  value: string;
  touches: number;
  /** The spellings seen, most used first. */
  rawValues: { raw: string; touches: number }[];
  /** Campaigns whose touches carried it, most used first. */
  campaigns: { campaign: string; touches: number }[];
  /** The mapping to add to the playbook's aliases, when one is likely. */
  suggestion: UtmSuggestion | null;
}

/**
 * The non-conformance report: usage counts re-normalised under the current playbook (so a value
 * fixed by a new alias drops out at once), grouped by normalised value, with the raw spellings,
 * the campaigns affected and a suggested mapping. Most touches first; ties by parameter and value.
 */
export function reportNonConformingUtms(
  usage: readonly UtmUsage[],
  utm: CompiledUtm,
  options: NormalizeUtmOptions = {},
): NonConformingUtm[] {
  const groups = new Map<
    string,
    {
      param: UtmParameter;
      value: string;
      touches: number;
      raw: Map<string, number>;
      campaigns: Map<string, number>;
    }
  >();
  for (const row of usage) {
    if (!(row.touches > 0)) continue;
    const normalized = normalizeUtm(row.param, row.raw, utm, options);
    if (normalized.conforming !== false || normalized.value === null) continue;
    const key = `${row.param}\u0000${normalized.value}`;
    let group = groups.get(key);
    if (!group) {
      group = { param: row.param, value: normalized.value, touches: 0, raw: new Map(), campaigns: new Map() };
      groups.set(key, group);
    }
    group.touches += row.touches;
    const raw = normalized.raw as string;
    group.raw.set(raw, (group.raw.get(raw) ?? 0) + row.touches);
    if (row.campaign)
      group.campaigns.set(row.campaign, (group.campaigns.get(row.campaign) ?? 0) + row.touches);
  }
  const ranked = <K extends string>(map: Map<string, number>, name: K) =>
    [...map]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([key, touches]) => ({ [name]: key, touches }) as Record<K, string> & { touches: number });
  return [...groups.values()]
    .sort(
      (a, b) =>
        b.touches - a.touches ||
        a.param.localeCompare(b.param) ||
        (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
    )
    .map((g) => ({
      param: g.param,
      value: g.value,
      touches: g.touches,
      rawValues: ranked(g.raw, 'raw'),
      campaigns: ranked(g.campaigns, 'campaign'),
      suggestion: suggestUtmMapping(g.param, g.value, utm),
    }));
}
