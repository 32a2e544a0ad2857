import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignMembershipTask } from '../src/jobs/tasks/campaign-membership.task.ts';
import { mergePeople } from '../src/merges/merge-people.ts';
import { createCampaignApp, shorthands } from './campaign-helpers.ts';
import { demoRequest, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createCampaignApp();
});
afterAll(async () => {
  await t.close();
});

const { post, get, count } = shorthands(() => t);

async function newPerson(): Promise<string> {
  const res = await post('/v1/forms/demo-request/submissions', demoRequest(), {});
  expect(res.status).toBe(201);
  return ((await res.json()) as { person_id: string }).person_id;
}

describe('members', () => {
  const path = `/v1/campaigns/${encodeURIComponent('2026-11_paid_social_na_demo-push')}/members`;

  it('moves forward only, keeps first/last timestamps, and explains each change in decisions', async () => {
    const person = await newPerson();
    const add = await post(path, {
      members: [{ person_id: person, status: 'targeted', at: '2026-11-02T10:00:00Z' }],
    });
    expect(add.status).toBe(200);
    expect(((await add.json()) as { data: unknown[] }).data).toEqual([
      { person_id: person, status: 'targeted', previous_status: null, outcome: 'added' },
    ]);
    await post(path, { members: [{ person_id: person, status: 'responded', at: '2026-11-05T10:00:00Z' }] });
    const back = await post(path, {
      members: [{ person_id: person, status: 'engaged', at: '2026-11-06T10:00:00Z' }],
    });
    expect(((await back.json()) as { data: { status: string; outcome: string }[] }).data[0]).toMatchObject({
      status: 'responded',
      outcome: 'kept',
    });
    const { rows } = await t.database.pool.query(
      `SELECT status, first_targeted_at, first_engaged_at, first_responded_at FROM campaign_members WHERE person_id = $1`,
      [person],
    );
    expect(rows[0]).toMatchObject({ status: 'responded' });
    expect((rows[0].first_engaged_at as Date).toISOString()).toBe('2026-11-06T10:00:00.000Z');
    const decisions = await t.database.pool.query(
      `SELECT reason FROM decisions WHERE person_id = $1 AND kind = 'campaign_member' ORDER BY id`,
      [person],
    );
    expect(decisions.rows.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^added to campaign 2026-11_paid_social_na_demo-push as targeted/),
      expect.stringMatching(/^moved from targeted to responded/),
    ]);
    const detail = (await (await get(path.replace('/members', ''))).json()) as {
      members: Record<string, number>;
    };
    expect(detail.members).toMatchObject({ responded: 1, total: 1 });
  });

  it('counts a member merged into another member once, at the further status', async () => {
    const name = '2026-12_email_global_merge-check';
    expect((await post('/v1/campaigns', { name, channel: 'email' })).status).toBe(201);
    const [a, b] = [await newPerson(), await newPerson()];
    const members = `/v1/campaigns/${name}/members`;
    await post(members, {
      members: [
        { person_id: a, status: 'targeted' },
        { person_id: b, status: 'responded' },
      ],
    });
    await mergePeople(
      t.database.pool,
      t.runtime.current(),
      { personA: a, personB: b, probability: null, evidence: null, actor: 'test' },
      t.clock(),
    );
    const detail = (await (await get(`/v1/campaigns/${name}`)).json()) as { members: Record<string, number> };
    expect(detail.members).toEqual({ targeted: 0, engaged: 0, responded: 1, total: 1 });
    // Reported later for the merged-away record, it lands on the survivor.
    const merged = await t.database.pool.query<{ id: string; merged_into: string }>(
      'SELECT id, merged_into FROM people WHERE id = ANY($1) AND merged_into IS NOT NULL',
      [[a, b]],
    );
    expect(merged.rows).toHaveLength(1);
    const late = await post(members, { members: [{ person_id: merged.rows[0]?.id, status: 'engaged' }] });
    expect(((await late.json()) as { data: { person_id: string }[] }).data[0]?.person_id).toBe(
      merged.rows[0]?.merged_into,
    );
  });

  it('records one "added" when the same person is added by concurrent requests', async () => {
    const person = await newPerson();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        post(path, { members: [{ person_id: person, status: i % 2 ? 'engaged' : 'targeted' }] }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const decisions = await t.database.pool.query<{ reason: string }>(
      "SELECT reason FROM decisions WHERE person_id = $1 AND kind = 'campaign_member' ORDER BY id",
      [person],
    );
    expect(decisions.rows.filter((r) => r.reason.startsWith('added')).length).toBe(1);
    expect(decisions.rows.length).toBeLessThanOrEqual(2);
    const member = await t.database.pool.query('SELECT status FROM campaign_members WHERE person_id = $1', [
      person,
    ]);
    expect(member.rows).toEqual([{ status: 'engaged' }]);
  });

  it('refuses the whole request when one person is unknown, and bad statuses or times', async () => {
    const person = await newPerson();
    const before = await count('campaign_members');
    const res = await post(path, {
      members: [
        { person_id: person, status: 'engaged' },
        { email: 'nobody@nowhere.example', status: 'engaged' },
      ],
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('members[1]');
    expect(await count('campaign_members')).toBe(before);
    const bad = await post(path, {
      members: [
        { person_id: person, status: 'converted' },
        { person_id: 'not-a-uuid' },
        { person_id: person, at: '2099-01-01T00:00:00Z' },
      ],
    });
    const body = JSON.stringify(await bad.json());
    expect(bad.status).toBe(422);
    expect(body).toContain('members[0].status');
    expect(body).toContain('members[1].person_id');
    expect(body).toContain('is in the future');
    const tooMany = await post(path, {
      members: Array.from({ length: 1001 }, () => ({ person_id: person })),
    });
    expect(tooMany.status).toBe(422);
  });
});

describe('the campaign-membership job, a batch at a time', () => {
  it('works out every person of the batch and fails only the jobs that name nobody', async () => {
    const campaignUrl =
      'https://www.northwind.example/demo?utm_source=linkedin&utm_medium=paid_social&utm_campaign=2026-11_paid_social_na_demo-push';
    const submitVia = async (page: string) => {
      const res = await post('/v1/forms/demo-request/submissions', demoRequest({ page_url: page }), {});
      expect(res.status).toBe(201);
      return ((await res.json()) as { person_id: string }).person_id;
    };
    const viaCampaign = [await submitVia(campaignUrl), await submitVia(campaignUrl)];
    const elsewhere = await submitVia('https://www.northwind.example/pricing');
    await t.database.pool.query('DELETE FROM campaign_members WHERE person_id = ANY($1)', [viaCampaign]);
    const task = campaignMembershipTask(t.database.db, {
      currentPlaybook: () => t.runtime.current(),
      clock: t.clock,
    });
    const job = (id: number, payload: Record<string, unknown>) => ({
      id,
      task: 'campaign-membership',
      payload,
      attempts: 1,
      maxAttempts: 5,
    });
    const outcomes = await task([
      job(1, { personId: viaCampaign[0] }),
      job(2, { personId: 'not-a-uuid' }),
      job(3, { personId: '01a24aa4-0000-7000-8000-000000000000' }),
      job(4, { personId: viaCampaign[1] }),
      job(5, { personId: elsewhere }),
    ]);
    expect(outcomes.map((o) => o?.name ?? null)).toEqual([
      null,
      'PermanentJobError',
      'PermanentJobError',
      null,
      null,
    ]);
    const members = await t.database.pool.query<{ person_id: string; status: string }>(
      `SELECT m.person_id, m.status FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id
        WHERE c.name = '2026-11_paid_social_na_demo-push' AND m.person_id = ANY($1) ORDER BY m.person_id`,
      [[...viaCampaign, elsewhere]],
    );
    expect(members.rows).toEqual(
      [...viaCampaign].sort().map((person_id) => ({ person_id, status: 'responded' })),
    );
  });
});
