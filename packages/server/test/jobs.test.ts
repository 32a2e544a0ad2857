import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleDecay } from '../src/jobs/tasks/decay-engagement.task.ts';
import { createTaskList } from '../src/jobs/tasks.ts';
import { drainJobs, releaseStaleJobs, runDueJobs, type TaskHandler } from '../src/jobs/worker.ts';
import { authHeader, createTestApp, demoRequest, type TestApp } from './helpers.ts';

/** A real HTTP server on loopback standing in for a chat webhook; it can be told to fail. */
function webhookServer() {
  const received: Record<string, unknown>[] = [];
  let failuresLeft = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        res.writeHead(503).end('busy');
        return;
      }
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  return {
    received,
    failNext: (n: number) => {
      failuresLeft = n;
    },
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`),
        ),
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let t: TestApp;
const hook = webhookServer();
let hookUrl: string;
beforeAll(async () => {
  t = await createTestApp();
  hookUrl = await hook.start();
});
afterAll(async () => {
  await t.close();
  await hook.stop();
});

const tasksWithWebhook = () =>
  createTaskList(t.database.db, {
    currentPlaybook: () => t.runtime.current(),
    notifyWebhookUrl: hookUrl,
    pool: t.database.pool,
  });
const makeJobsDue = () => t.database.pool.query("UPDATE jobs SET run_at = now() WHERE status = 'pending'");

describe('durable follow-up jobs', () => {
  it('are enqueued in the routing transaction and notify the new owner through the webhook', async () => {
    const response = await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({ email: 'notify.me@initech.example' }),
    });
    const { person_id } = (await response.json()) as { person_id: string };
    const jobs = await t.database.pool.query(
      "SELECT task, payload FROM jobs WHERE payload->>'personId' = $1",
      [person_id],
    );
    // The owner's notification, and the enrichment the example playbook asks for (a new person).
    expect(jobs.rows.map((r) => r.task).sort()).toEqual(['enrich-person', 'notify-owner']);

    await drainJobs(t.database.db, tasksWithWebhook());
    const owner = (await (await t.request(`/v1/people/${person_id}`, { headers: authHeader })).json()) as {
      owner: { email: string };
    };
    expect(hook.received.at(-1)).toMatchObject({
      kind: 'owner_assigned',
      recipient: owner.owner.email,
      person_id,
    });
    const { rows } = await t.database.pool.query(
      'SELECT delivered_at, delivery FROM notifications WHERE person_id = $1',
      [person_id],
    );
    expect(rows[0].delivered_at).toBeTruthy();
    expect(rows[0].delivery).toMatchObject({ channel: 'webhook', status: 204 });
  });

  it('retry a failed delivery with backoff, and never notify twice', async () => {
    hook.failNext(2);
    const before = hook.received.length;
    await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({ email: 'flaky@initech.example' }),
    });
    // Only the notification task, so the count below is about it alone.
    const tasks = { 'notify-owner': tasksWithWebhook()['notify-owner'] as TaskHandler };
    expect(await runDueJobs(t.database.db, tasks, { workerId: 'test' })).toBe(1);
    let job = await t.database.pool.query(
      "SELECT status, attempts, last_error, run_at > now() AS later FROM jobs WHERE task = 'notify-owner' ORDER BY id DESC LIMIT 1",
    );
    expect(job.rows[0]).toMatchObject({ status: 'pending', attempts: 1, later: true });
    expect(job.rows[0].last_error).toContain('webhook answered 503');
    // Not due yet: nothing runs until the backoff has passed.
    expect(await runDueJobs(t.database.db, tasks, { workerId: 'test' })).toBe(0);
    await makeJobsDue();
    await runDueJobs(t.database.db, tasks, { workerId: 'test' });
    await makeJobsDue();
    await runDueJobs(t.database.db, tasks, { workerId: 'test' });
    job = await t.database.pool.query(
      "SELECT status, attempts FROM jobs WHERE task = 'notify-owner' ORDER BY id DESC LIMIT 1",
    );
    expect(job.rows[0]).toMatchObject({ status: 'done', attempts: 3 });
    expect(hook.received.length).toBe(before + 1);
    const count = await t.database.pool.query(
      "SELECT count(*)::int AS n FROM notifications WHERE person_id = (SELECT id FROM people WHERE email = 'flaky@initech.example')",
    );
    expect(count.rows[0].n).toBe(1);
  });

  it('give up after max_attempts and keep the failure visible', async () => {
    await t.database.pool.query(
      'INSERT INTO jobs (task, payload, max_attempts) VALUES (\'notify-owner\', \'{"personId":"00000000-0000-7000-8000-000000000000","repId":"dana"}\', 2)',
    );
    const tasks = tasksWithWebhook();
    await runDueJobs(t.database.db, tasks, { workerId: 'test' });
    await makeJobsDue();
    await runDueJobs(t.database.db, tasks, { workerId: 'test' });
    const { rows } = await t.database.pool.query(
      "SELECT status, attempts, last_error FROM jobs WHERE payload->>'personId' = '00000000-0000-7000-8000-000000000000'",
    );
    expect(rows[0]).toMatchObject({ status: 'failed', attempts: 2 });
    expect(rows[0].last_error).toContain('foreign key');
  });

  it('hand back jobs whose worker died mid-run', async () => {
    await t.database.pool.query(
      "INSERT INTO jobs (task, payload, status, locked_by, locked_at) VALUES ('notify-owner', '{}', 'running', 'dead-worker', now() - interval '1 hour')",
    );
    expect(await releaseStaleJobs(t.database.db)).toBe(1);
    const { rows } = await t.database.pool.query(
      "SELECT status FROM jobs WHERE locked_by IS NULL AND payload = '{}'::jsonb",
    );
    expect(rows[0].status).toBe('pending');
    await t.database.pool.query("DELETE FROM jobs WHERE payload = '{}'::jsonb");
  });
});

describe('engagement decay', () => {
  it('books half-life decay into the ledger for people idle for a day, keeping score = sum of ledger', async () => {
    const email = 'decay@initech.example';
    await t.request('/v1/forms/demo-request/submissions', { method: 'POST', json: demoRequest({ email }) });
    // Pretend the last engagement write was 30 days ago (the half-life).
    await t.database.pool.query(
      "UPDATE people SET engagement_decayed_at = now() - interval '30 days' WHERE email = $1",
      [email],
    );
    await t.database.db.transaction().execute((trx) => scheduleDecay(trx, new Date(Date.now() - 1000)));
    await drainJobs(t.database.db, tasksWithWebhook());
    const { rows } = await t.database.pool.query('SELECT engagement_score FROM people WHERE email = $1', [
      email,
    ]);
    expect(rows[0].engagement_score).toBeCloseTo(20, 1);
    const ledger = await t.database.pool.query(
      "SELECT rule_id, points, reason FROM score_ledger WHERE person_id = (SELECT id FROM people WHERE email = $1) AND rule_id = '_decay'",
      [email],
    );
    expect(ledger.rows).toHaveLength(1);
    expect(ledger.rows[0].reason).toContain('half-life 30d');
    expect((await t.database.pool.query('SELECT * FROM score_ledger_drift')).rows).toEqual([]);
    const next = await t.database.pool.query(
      "SELECT run_at FROM jobs WHERE task = 'decay-engagement' AND status = 'pending'",
    );
    expect(next.rows).toHaveLength(1);
  });

  it('rejects edits to the append-only ledger', async () => {
    await expect(t.database.pool.query('UPDATE score_ledger SET points = 1000')).rejects.toThrow(
      /append-only/,
    );
    await expect(t.database.pool.query('DELETE FROM score_ledger')).rejects.toThrow(/append-only/);
  });
});
