/** Options shaped like examples/playbook.yaml, shared by the demo tests. */
import type { DemoOptions } from './demo-world.ts';

export const PLAYBOOK_OPTIONS: DemoOptions = {
  people: 1000,
  months: 12,
  seed: 42,
  end: Date.parse('2026-12-06T12:00:00Z'),
  reps: [
    { id: 'dana', region: 'NA' },
    { id: 'eli', region: 'NA' },
    { id: 'fay', region: 'NA' },
    { id: 'gus', region: 'EMEA' },
    { id: 'hana', region: 'EMEA' },
    { id: 'kenji', region: 'APAC' },
    { id: 'priya', region: 'APAC' },
    { id: 'ivan', region: 'ENTERPRISE' },
  ],
  registryCampaigns: [
    {
      name: '2026-11_paid_social_na_demo-push',
      channel: 'paid_social',
      type: 'paid_social',
      start: '2026-11-01',
      end: '2026-11-30',
    },
    {
      name: '2026-11_paid_search_na_brand',
      channel: 'paid_search',
      type: 'paid_search',
      start: '2026-11-01',
      end: '2026-12-31',
    },
    {
      name: '2026-10_ebook_global_pipeline-benchmarks',
      channel: 'content_syndication',
      type: 'ebook',
      start: '2026-10-05',
      end: '2026-12-20',
    },
    {
      name: '2026-12_webinar_emea_ai-ops',
      channel: 'events',
      type: 'webinar',
      start: '2026-12-03',
      end: '2026-12-10',
    },
    {
      name: '2026-11_email_global_monthly-newsletter',
      channel: 'email',
      type: 'email',
      start: '2026-11-04',
      end: '2026-11-04',
    },
    {
      name: '2027-02_event_na_revops-summit',
      channel: 'events',
      type: 'event',
      start: '2027-02-09',
      end: '2027-02-11',
    },
  ],
  naming: {
    types: ['webinar', 'paid_social', 'paid_search', 'ebook', 'event', 'email', 'content_syndication'],
    regions: ['na', 'emea', 'apac', 'global'],
  },
};
