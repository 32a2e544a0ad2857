import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { MopsError } from '../errors.ts';
import { requireScope } from './auth.ts';
import type { AppDeps, AppEnv } from './context.ts';
import { errorResponse } from './errors.ts';
import { openApiDocument } from './openapi.ts';
import { campaignRoutes } from './routes/campaigns.routes.ts';
import { eventRoutes } from './routes/events.routes.ts';
import { formRoutes } from './routes/forms.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { importRoutes } from './routes/imports.routes.ts';
import { opportunityRoutes } from './routes/opportunities.routes.ts';
import { pageRoutes } from './routes/pages.routes.ts';
import { peopleRoutes } from './routes/people.routes.ts';
import { reportRoutes } from './routes/reports.routes.ts';
import { trackingRoutes } from './routes/tracking.routes.ts';
import { utmRoutes } from './routes/utm.routes.ts';

export const API_VERSION = '0.1.0';

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('requestId', randomUUID());
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
  });
  app.route('/', healthRoutes(deps));
  app.get('/openapi.json', (c) => c.json(openApiDocument(API_VERSION)));
  app.route('/', trackingRoutes(deps));
  app.route('/p', pageRoutes(deps));
  app.route('/v1/forms', formRoutes(deps));
  app.route('/v1/events', eventRoutes(deps));
  app.route('/v1/people', peopleRoutes(deps));
  app.route('/v1/imports', importRoutes(deps));
  app.route('/v1/reports', reportRoutes(deps));
  app.route('/v1/utm', utmRoutes(deps));
  app.route('/v1/campaigns', campaignRoutes(deps));
  app.route('/v1/opportunities', opportunityRoutes(deps));
  app.get('/v1/playbook', requireScope(deps.apiKeys, 'playbook:read'), (c) => {
    const playbook = deps.playbooks.current();
    return c.json({ version: playbook.version.id, hash: playbook.version.hash, playbook: playbook.source });
  });
  app.notFound((c) => {
    throw new MopsError('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}; see /openapi.json`);
  });
  app.onError((error, c) => errorResponse(c, error, deps.log));
  return app;
}
