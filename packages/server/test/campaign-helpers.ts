import { createApiKey } from '../src/stores/api-key.store.ts';
import { authHeader, createTestApp, examplePlaybookText, type TestApp } from './helpers.ts';

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

/** A test app whose playbook has the campaigns section above. */
export function createCampaignApp(): Promise<TestApp> {
  return createTestApp({ playbook: playbookWithCampaigns() });
}

export const READ_KEY = 'mops_test_campaigns_read_0123456789';
export const IMPORTS_KEY = 'mops_test_imports_only_0123456789ab';

/** Two narrower keys for scope tests: one that may only read campaigns, one that may only import. */
export async function addScopedKeys(t: TestApp): Promise<void> {
  await createApiKey(t.database.db, {
    name: 'reader',
    scopes: ['campaigns:read'],
    actor: 'test',
    token: READ_KEY,
  });
  await createApiKey(t.database.db, {
    name: 'importer',
    scopes: ['imports:write'],
    actor: 'test',
    token: IMPORTS_KEY,
  });
}

/** Request and counting shorthands over the app `app()` returns (set in beforeAll). */
export function shorthands(app: () => TestApp) {
  return {
    post: (path: string, json: unknown, headers: Record<string, string> = authHeader) =>
      app().request(path, { method: 'POST', headers, json }),
    get: (path: string, headers: Record<string, string> = authHeader) => app().request(path, { headers }),
    count: async (table: string) =>
      (await app().database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n,
  };
}
