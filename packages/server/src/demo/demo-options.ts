import type { CompiledPlaybook, DemoOptions } from '@mops/core';
import { MopsError } from '../errors.ts';

type Region = DemoOptions['reps'][number]['region'];
const POOL_REGIONS: Record<string, Region> = {
  na: 'NA',
  emea: 'EMEA',
  apac: 'APAC',
  enterprise: 'ENTERPRISE',
};

/**
 * What the demo generator needs to know about the applied playbook: which region each rep sells to
 * (from the territory pool they sit in), the campaign registry and the naming convention's parts.
 */
export function demoOptionsFor(
  playbook: CompiledPlaybook,
  options: { people: number; months: number; seed: number; end: number },
): DemoOptions {
  const naming = playbook.source.campaigns?.naming;
  const parts = naming?.parts as Record<string, { values?: string[] }> | undefined;
  const types = parts?.type?.values;
  const regions = parts?.region?.values;
  if (!types?.length || !regions?.length) {
    throw new MopsError(
      'PLAYBOOK_INVALID',
      'mops demo names its campaigns by the playbook convention: it needs campaigns.naming with `type` and `region` parts that list their values (see examples/playbook.yaml)',
    );
  }
  const reps = [...playbook.reps.values()].map((rep) => {
    const pool = Object.entries(playbook.source.routing.pools).find(
      ([id, p]) => POOL_REGIONS[id] !== undefined && p.members.some((m) => m.rep === rep.id),
    );
    return { id: rep.id, region: pool ? (POOL_REGIONS[pool[0]] as Region) : ('NA' as Region) };
  });
  return {
    ...options,
    reps,
    registryCampaigns: (playbook.source.campaigns?.registry ?? []).map((c) => ({
      name: c.name,
      channel: c.channel,
      type: c.type ?? '',
      start: c.start ?? null,
      end: c.end ?? null,
    })),
    naming: { types, regions },
  };
}
