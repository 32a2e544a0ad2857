import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batcherOf, configureLeadBatching } from '../src/pipeline/lead-batcher.ts';
import { submitForm } from '../src/pipeline/submit-form.ts';
import { createTestApp, demoRequest, type TestApp } from './helpers.ts';

// Leads waiting together go in one batch even when each lives on its own clock (`mops demo`
// replays a year with a clock per lead): each is stamped with its own time, not the batch's.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  configureLeadBatching(t.database.pool, { maxBatch: 32, maxInFlight: 1 });
});
afterAll(async () => {
  await t.close();
});

describe('LeadBatcher', () => {
  it('batches leads on different clocks and records each at its own time', async () => {
    const base = Date.parse('2026-03-02T14:00:00Z');
    const leads = Array.from({ length: 6 }, (_, i) => ({
      email: `clock.${i}@lead${i}.example`,
      at: new Date(base + i * 7 * 86_400_000 + i * 61_000),
    }));
    const batcher = batcherOf(t.database.pool);
    const before = { ...batcher.stats };
    const outcomes = await Promise.all(
      leads.map((lead) =>
        submitForm(
          t.database,
          t.runtime.current(),
          {
            formId: 'demo-request',
            body: demoRequest({ email: lead.email, company: `Lead ${lead.email.slice(6, 7)} Inc` }),
            clientIp: null,
            userAgent: null,
            pageUrl: null,
            idempotencyKey: null,
            receivedAt: lead.at,
          },
          () => lead.at,
        ),
      ),
    );
    expect(outcomes.every((o) => o.kind === 'processed')).toBe(true);
    // One in flight: the first lead alone, the five that waited behind it together.
    expect(batcher.stats.batches - before.batches).toBe(2);
    expect(batcher.stats.leads - before.leads).toBe(6);
    for (const lead of leads) {
      const { rows } = await t.database.pool.query<{
        created_at: Date;
        occurred_at: Date;
        transition_at: Date;
        routed_at: Date | null;
      }>(
        `SELECT p.created_at, e.occurred_at,
                (SELECT max(created_at) FROM stage_transitions s WHERE s.person_id = p.id) AS transition_at,
                (SELECT max(routed_at) FROM routing_assignments r WHERE r.person_id = p.id) AS routed_at
           FROM people p JOIN events e ON e.person_id = p.id AND e.type = 'form_submit'
          WHERE p.email = $1`,
        [lead.email],
      );
      const row = rows[0];
      expect(row?.created_at.toISOString()).toBe(lead.at.toISOString());
      expect(row?.occurred_at.toISOString()).toBe(lead.at.toISOString());
      expect(row?.transition_at.toISOString()).toBe(lead.at.toISOString());
      // A VP asking for a demo is an MQL at once: routed in the same lead, at its own time.
      expect(row?.routed_at?.toISOString()).toBe(lead.at.toISOString());
    }
  });
});
