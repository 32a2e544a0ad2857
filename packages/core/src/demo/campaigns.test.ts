import { describe, expect, it } from 'vitest';
import { monthsBefore } from './calendar.ts';
import { costsOf, TYPE_PROFILES } from './campaigns.ts';
import { PLAYBOOK_OPTIONS } from './demo-test-options.ts';
import { type DemoCampaign, demoWorld } from './demo-world.ts';

/** `{yyyy}-{mm}_{type}_{region}_{slug}` with the convention's values, as a regex. */
function conventionRegex(pattern: string, types: readonly string[], regions: readonly string[]): RegExp {
  const parts: Record<string, string> = {
    yyyy: '(\\d{4})',
    mm: '(0[1-9]|1[0-2])',
    type: `(${types.join('|')})`,
    region: `(${regions.join('|')})`,
    slug: '([a-z0-9-]{2,40})',
  };
  const source = pattern.replace(/\{(\w+)\}/g, (_, part: string) => parts[part] ?? '(?!)');
  return new RegExp(`^${source}$`);
}

describe('demo campaigns', () => {
  const options = { ...PLAYBOOK_OPTIONS, months: 36 };
  const world = demoWorld(options);
  const first = new Date(monthsBefore(options.end, 36)).toISOString().slice(0, 10);
  const last = new Date(options.end).toISOString().slice(0, 10);

  it('names every campaign by the convention, from its start month, inside the simulated months', () => {
    const regex = conventionRegex(
      '{yyyy}-{mm}_{type}_{region}_{slug}',
      options.naming.types,
      options.naming.regions,
    );
    expect(world.campaigns.length).toBeGreaterThan(150);
    for (const c of world.campaigns) {
      const match = regex.exec(c.name);
      expect(match, c.name).not.toBeNull();
      expect(`${match![1]}-${match![2]}`).toBe(c.start.slice(0, 7));
      expect(match![3]).toBe(c.type);
      expect(match![4]).toBe(c.region);
      expect(c.start >= first && c.start <= last, c.start).toBe(true);
      expect(c.end >= c.start && c.end <= last).toBe(true);
      expect(c.utmCampaign).toBe(c.name);
      expect(options.reps.map((r) => r.id)).toContain(c.ownerRepId);
    }
    expect(regex.test('2026-13_webinar_na_x')).toBe(false);
    expect(regex.test('2026-11_podcast_na_show')).toBe(false);
  });

  it('makes names unique and never repeats a registry campaign', () => {
    const names = world.campaigns.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const r of options.registryCampaigns) expect(names).not.toContain(r.name);
  });

  it('only uses the convention values it is given', () => {
    const narrow = demoWorld({ ...options, naming: { types: ['webinar', 'podcast'], regions: ['emea'] } });
    expect(new Set(narrow.campaigns.map((c) => c.type))).toEqual(new Set(['webinar']));
    expect(new Set(narrow.campaigns.map((c) => c.region))).toEqual(new Set(['emea']));
  });

  it('costs a campaign only in the months it ran, and the rows add up to its budget', () => {
    const byName = new Map(world.campaigns.map((c) => [c.name, c]));
    const totals = new Map<string, number>();
    for (const cost of world.costs) {
      const c = byName.get(cost.campaign)!;
      expect(c).toBeDefined();
      expect(
        cost.periodStart >= c.start && cost.periodEnd <= c.end && cost.periodStart <= cost.periodEnd,
      ).toBe(true);
      expect(cost.periodStart.slice(0, 7)).toBe(cost.periodEnd.slice(0, 7));
      expect(cost.amount).toBeGreaterThan(0);
      totals.set(c.name, (totals.get(c.name) ?? 0) + cost.amount);
    }
    for (const c of world.campaigns) expect(totals.get(c.name) ?? 0).toBeCloseTo(c.budget, 2);
    const paid = world.campaigns.filter((c) => c.type === 'paid_social');
    const email = world.campaigns.filter((c) => c.type === 'email');
    const mean = (cs: DemoCampaign[]) => cs.reduce((s, c) => s + c.budget, 0) / cs.length;
    expect(mean(email)).toBeLessThan(500);
    expect(mean(paid)).toBeGreaterThan(5000);
  });

  it('splits a budget by days across calendar months', () => {
    const campaign: DemoCampaign = {
      name: '2026-01_paid_social_na_x',
      utmCampaign: '2026-01_paid_social_na_x',
      channel: 'paid_social',
      type: 'paid_social',
      region: 'na',
      ownerRepId: 'dana',
      start: '2026-01-22',
      end: '2026-02-10',
      budget: 2000,
      utm: { source: 'linkedin', medium: 'paid_social' },
    };
    // 10 days in January, 10 in February.
    expect(costsOf(campaign)).toEqual([
      {
        campaign: campaign.name,
        periodStart: '2026-01-22',
        periodEnd: '2026-01-31',
        amount: 1000,
        currency: 'USD',
      },
      {
        campaign: campaign.name,
        periodStart: '2026-02-01',
        periodEnd: '2026-02-10',
        amount: 1000,
        currency: 'USD',
      },
    ]);
    expect(costsOf({ ...campaign, budget: 0 })).toEqual([]);
  });

  it('gives about 5% of campaigns an alias or non-conforming utm value', () => {
    let odd = 0;
    let all = 0;
    for (let seed = 1; seed <= 12; seed++) {
      for (const c of demoWorld({ ...options, seed }).campaigns) {
        all++;
        const canonical = TYPE_PROFILES[c.type]!.utm;
        if (c.utm.source !== canonical.source || c.utm.medium !== canonical.medium) odd++;
      }
    }
    expect(odd / all).toBeGreaterThan(0.03);
    expect(odd / all).toBeLessThan(0.07);
  });
});
