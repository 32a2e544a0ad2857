import { Hono } from 'hono';
import { buildConformingLink } from '../../tracking/utm-links.ts';
import { requireScope } from '../auth.ts';
import { readObjectBody } from '../body.ts';
import type { AppDeps, AppEnv } from '../context.ts';

/** `POST /v1/utm/links`: a tagged link, only when every value conforms (else 422 with each problem). */
export function utmRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/links', requireScope(deps.apiKeys, 'campaigns:read'), async (c) => {
    const body = await readObjectBody(c, ['json', 'form']);
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : null);
    const link = await buildConformingLink(deps.db, deps.playbooks.current(), {
      url: text('url') ?? '',
      source: text('source'),
      medium: text('medium'),
      campaign: text('campaign'),
      term: text('term'),
      content: text('content'),
    });
    return c.json(link, 201);
  });
  return app;
}
