import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppDeps, AppEnv } from '../context.ts';

/** `GET /healthz`: 200 when the database answers, 503 (with the reason) when it does not. */
export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/healthz', async (c) => {
    try {
      await sql`SELECT 1`.execute(deps.db);
    } catch (error) {
      // The reason goes to the log, not to whoever can reach this public endpoint.
      deps.log('health check failed', { error: (error as Error).message });
      return c.json({ status: 'unavailable', database: 'unreachable' }, 503);
    }
    let playbookVersion: number | null = null;
    try {
      playbookVersion = deps.playbooks.current().version.id;
    } catch {
      playbookVersion = null;
    }
    return c.json({ status: 'ok', database: 'ok', playbook_version: playbookVersion });
  });
  return app;
}
