import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { MopsError } from '../../errors.ts';
import { submitForm } from '../../pipeline/submit-form.ts';
import { readObjectBody } from '../body.ts';
import { limitBody } from '../body-limit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { RateLimiter } from '../rate-limit.ts';

export const FORM_BODY_LIMIT = 64 * 1024;

/** The public, write-only form endpoint that embedded forms post to (CORS open, rate-limited). */
export function formRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const limiter = new RateLimiter();
  app.use(
    '/:formId/submissions',
    cors({
      origin: '*',
      allowMethods: ['POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Idempotency-Key'],
      maxAge: 86_400,
    }),
  );
  app.post(
    '/:formId/submissions',
    limitBody(FORM_BODY_LIMIT, `the submission is larger than ${FORM_BODY_LIMIT / 1024} KB`),
    async (c) => {
      const receivedAt = deps.clock();
      const playbook = deps.playbooks.current();
      const formId = c.req.param('formId');
      const form = playbook.forms.get(formId);
      const clientIp = clientIpOf(
        c.req.header('x-forwarded-for'),
        c.env?.incoming?.socket?.remoteAddress,
        deps.trustProxy,
      );
      if (form && !limiter.take(`${formId}|${clientIp ?? '?'}`, form.rate_limit.per_ip_per_minute)) {
        throw new MopsError(
          'RATE_LIMITED',
          `too many submissions from this address; the limit is ${form.rate_limit.per_ip_per_minute} per minute`,
        );
      }
      const body = await readObjectBody(c, ['json', 'form']);
      const idempotencyKey = c.req.header('idempotency-key')?.slice(0, 200) ?? null;
      const result = await submitForm(
        deps,
        playbook,
        {
          formId,
          body,
          clientIp,
          userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null,
          pageUrl: c.req.header('referer')?.slice(0, 16_384) ?? null,
          idempotencyKey,
          receivedAt,
        },
        deps.clock,
      );
      if (result.kind === 'spam') return c.json({ received: true }, 200);
      if (result.kind === 'duplicate') {
        return c.json(
          { person_id: result.personId, submission_id: result.eventId, status: 'duplicate' },
          200,
        );
      }
      deps.onJobsEnqueued();
      const { outcome } = result;
      return c.json(
        {
          person_id: outcome.personId,
          submission_id: outcome.eventId,
          ...(result.ignoredFields.length > 0 ? { ignored_fields: result.ignoredFields } : {}),
        },
        201,
      );
    },
  );
  return app;
}

/**
 * Behind a trusted proxy the client is the address that proxy appended — the LAST entry of
 * X-Forwarded-For. Earlier entries come from the client and prove nothing.
 */
export function clientIpOf(
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
  trustProxy: boolean,
): string | null {
  if (trustProxy && forwardedFor) return forwardedFor.split(',').at(-1)?.trim().slice(0, 64) || null;
  return socketAddress ?? null;
}
