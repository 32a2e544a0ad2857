import { loadPlaybook } from '@mops/core';
import { syncPlaybookCampaigns } from '../src/campaigns/sync-playbook-campaigns.ts';
import { createTestApp, examplePlaybookText, type TestApp } from './helpers.ts';

/** The naming convention and registry the campaign tests use (the shape of the example playbook's). */
export const CAMPAIGNS_YAML = `
campaigns:
  naming:
    pattern: '{yyyy}-{mm}_{type}_{region}_{slug}'
    parts:
      type: { values: [webinar, paid_social, paid_search, ebook, event, email, content_syndication] }
      region: { values: [na, emea, apac, global] }
      slug: { pattern: '^[a-z0-9-]{2,40}$' }
  registry:
    - { name: 2026-11_paid_social_na_demo-push, channel: paid_social, type: paid_social, owner: eli, start: 2026-11-01, end: 2026-12-15, budget: 25000, status: active, utm_campaign: 2026-11_paid_social_na_demo-push }
    - { name: 2026-10_webinar_emea_ops-masterclass, channel: events, owner: hana, start: 2026-10-01, end: 2026-10-31, budget: 8000, status: completed }
`;

/** The example playbook with CAMPAIGNS_YAML in place of any campaigns section it has. */
export function playbookWithCampaigns(extra = CAMPAIGNS_YAML): string {
  const text = examplePlaybookText();
  const start = text.search(/^campaigns:/m);
  if (start < 0) return `${text.trimEnd()}\n${extra}`;
  const rest = text.slice(start + 'campaigns:'.length);
  const next = rest.search(/^[a-z_]+:/m);
  return `${text.slice(0, start)}${extra.trimStart()}${next < 0 ? '' : `\n${rest.slice(next)}`}`;
}

/**
 * A test app whose playbook has the campaigns section. Until the playbook schema knows
 * `campaigns:`, the section is put on the running playbook and synced the way an apply syncs it.
 */
export async function createCampaignApp(): Promise<TestApp> {
  const text = playbookWithCampaigns();
  if (loadPlaybook(text, 'test.yaml').ok) return createTestApp({ playbook: text });
  const t = await createTestApp();
  const loaded = await import('yaml');
  const section = (loaded.parse(CAMPAIGNS_YAML) as { campaigns: unknown }).campaigns;
  const current = t.runtime.current();
  (current.source as unknown as { campaigns: unknown }).campaigns = section;
  await t.database.db
    .transaction()
    .execute((trx) => syncPlaybookCampaigns(trx, current.source, current.version.id, 'test', new Date()));
  return t;
}
