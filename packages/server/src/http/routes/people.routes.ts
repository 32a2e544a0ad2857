import { parseEmail } from '@mops/core';
import { Hono } from 'hono';
import { MopsError } from '../../errors.ts';
import { UUID_PATTERN } from '../../ids.ts';
import { getPersonView, getTimeline } from '../../stores/people.query.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, AppEnv } from '../context.ts';

export function peopleRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireScope(deps.apiKeys, 'people:read'));

  app.get('/', async (c) => {
    const email = c.req.query('email');
    if (email === undefined) {
      throw new MopsError('INVALID_QUERY', 'look people up by email: GET /v1/people?email=ada@example.com');
    }
    const parsed = parseEmail(email);
    if (!parsed.ok) throw new MopsError('INVALID_QUERY', `email: ${parsed.error.message}`);
    const person = await getPersonView(
      deps.db,
      { email: parsed.value.email },
      { originalSource: deps.playbooks.current().tracking.original_source },
    );
    return c.json({ data: person ? [person] : [] });
  });

  app.get('/:id', async (c) => {
    const person = await getPersonView(
      deps.db,
      { id: personId(c.req.param('id')) },
      { originalSource: deps.playbooks.current().tracking.original_source },
    );
    if (!person) throw new MopsError('PERSON_NOT_FOUND', `no person with id ${c.req.param('id')}`);
    return c.json(person);
  });

  app.get('/:id/timeline', async (c) => {
    const id = personId(c.req.param('id'));
    const limitText = c.req.query('limit') ?? '500';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) {
      throw new MopsError('INVALID_QUERY', `limit must be a whole number from 1 to 5000, got "${limitText}"`);
    }
    const person = await deps.db.selectFrom('people').select('id').where('id', '=', id).executeTakeFirst();
    if (!person) throw new MopsError('PERSON_NOT_FOUND', `no person with id ${id}`);
    return c.json({ person_id: id, items: await getTimeline(deps.db, id, limit) });
  });
  return app;
}

function personId(text: string): string {
  if (!UUID_PATTERN.test(text))
    throw new MopsError('PERSON_NOT_FOUND', `"${text.slice(0, 80)}" is not a person id (a UUID)`);
  return text.toLowerCase();
}
