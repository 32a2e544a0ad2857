import { Hono } from 'hono';
import { ingestEvents } from '../../pipeline/ingest-events.ts';
import { requireScope } from '../auth.ts';
import { readJson } from '../body.ts';
import { limitBody } from '../body-limit.ts';
import type { AppDeps, AppEnv } from '../context.ts';

const EVENTS_BODY_LIMIT = 1024 * 1024;

/** Server-side `identify` / `track` batches. */
export function eventRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post(
    '/',
    requireScope(deps.apiKeys, 'events:write'),
    limitBody(EVENTS_BODY_LIMIT, 'the batch is larger than 1 MB; send at most 500 events per request'),
    async (c) => {
      const receivedAt = deps.clock();
      const body = await readJson(c);
      const results = await ingestEvents(
        deps,
        deps.playbooks.current(),
        {
          body,
          idempotencyKey: c.req.header('idempotency-key')?.slice(0, 200) ?? null,
          receivedAt,
        },
        deps.clock,
      );
      const count = (status: string) => results.filter((r) => r.status === status).length;
      const summary = {
        accepted: count('accepted'),
        duplicates: count('duplicate'),
        rejected: count('rejected'),
      };
      if (summary.accepted > 0) deps.onJobsEnqueued();
      return c.json({ ...summary, results }, summary.rejected === results.length ? 422 : 200);
    },
  );
  return app;
}
