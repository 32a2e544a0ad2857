import {
  type CompiledPlaybook,
  type DemoAction,
  type DemoIntent,
  type DemoOptions,
  demoWorld,
} from '@mops/core';
import { sql } from 'kysely';
import { createCampaign } from '../campaigns/campaign.store.ts';
import { readCostsBody, writeCosts } from '../campaigns/campaign-costs.store.ts';
import { readCampaignInput } from '../campaigns/campaign-input.ts';
import { namingOf, workspaceCurrency } from '../campaigns/campaign-naming.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { MopsError } from '../errors.ts';
import { upsertOpportunity } from '../opportunities/upsert-opportunity.ts';
import { ingestEvents } from '../pipeline/ingest-events.ts';
import { submitForm } from '../pipeline/submit-form.ts';
import { ingestTracking } from '../tracking/ingest-tracking.ts';
import { KeyedLimiter } from './keyed-limiter.ts';

// `mops demo`: a generated company history pushed through the real pipeline — tracking batches,
// form submissions, API events, campaigns, costs and opportunities go through the same functions
// the HTTP routes call, each at its own moment in the simulated past (a clock per action), so
// every lead is validated, washed, deduplicated, scored, staged and routed as it would have been.
// Only what the API refuses is left out, and counted.

export interface DemoProgress {
  actions: number;
  /** Share of the simulated period replayed, 0–1. */
  share: number;
}

export interface DemoSummary {
  options: { people: number; months: number; seed: number };
  intended: DemoIntent;
  replayed: {
    actions: number;
    visits: number;
    forms: { accepted: number; refused: Record<string, number> };
    events: { accepted: number; refused: Record<string, number>; skipped_not_routed: number };
    opportunities: { written: number; closed: number; skipped_no_contact: number };
    campaigns: number;
    cost_rows: number;
  };
  /** What the database holds once the replay and its background jobs (dedupe sweep included) are done. */
  stored: Record<string, number>;
  elapsed_ms: number;
  /** Where the time went: the replay, then the jobs it queued, the dedupe pass and the origins. */
  phases?: { replay_ms: number; jobs_ms: number; dedupe_ms: number; origins_ms: number };
}

/** Sales only works the leads routed to it: these wait for the person to have been routed. */
const SALES_EVENTS = new Set(['sales_touch', 'mql_accepted', 'mql_rejected', 'sql_qualified']);
const CONCURRENCY = 64;
/**
 * Page views wait in their own lane: the tracking relay stores the ones waiting together, many
 * browsers to a transaction, so a deep lane means few transactions (measured at 2,000 people:
 * the replay took 16.9 s with 512, 20.2 s with 12).
 */
const VISIT_CONCURRENCY = 512;

export async function replayDemo(
  database: Database,
  playbook: CompiledPlaybook,
  options: DemoOptions,
  onProgress: (progress: DemoProgress) => void = () => {},
  /**
   * Runs the jobs queued so far, called once the campaigns exist and before any touch does:
   * registering a campaign queues a pass linking earlier touches to it, which on an empty events
   * table costs nothing, and at the end would be one scan of the whole history per campaign.
   */
  runQueuedJobs: () => Promise<unknown> = async () => {},
): Promise<DemoSummary> {
  const started = Date.now();
  const { db, pool } = database;
  const people = await sql<{ n: number }>`SELECT count(*)::int AS n FROM people`.execute(db);
  if ((people.rows[0]?.n ?? 0) > 0) {
    throw new MopsError(
      'DEMO_NOT_EMPTY',
      `the database already holds ${people.rows[0]?.n} people; mops demo seeds an empty one (start with a fresh MOPS_DATA_DIR or DATABASE_URL)`,
    );
  }
  const begin = options.end - options.months * 31 * 86_400_000;
  // History lands in its own month's partition rather than the catch-all one.
  await sql`SELECT mops_ensure_event_partitions(${new Date(begin)}, ${new Date(options.end + 93 * 86_400_000)})`.execute(
    db,
  );

  const world = demoWorld(options);
  const summary: DemoSummary['replayed'] = {
    actions: 0,
    visits: 0,
    forms: { accepted: 0, refused: {} },
    events: { accepted: 0, refused: {}, skipped_not_routed: 0 },
    opportunities: { written: 0, closed: 0, skipped_no_contact: 0 },
    campaigns: 0,
    cost_rows: 0,
  };
  const refuse = (into: Record<string, number>, code: string) => {
    into[code] = (into[code] ?? 0) + 1;
  };

  // Campaigns and their monthly costs, as the API would create them.
  const naming = namingOf(playbook.source);
  const currency = workspaceCurrency(playbook.source);
  const campaignRows = new Map<string, Awaited<ReturnType<typeof createCampaign>>>();
  for (const c of world.campaigns) {
    const status =
      Date.parse(c.end) < options.end
        ? 'completed'
        : Date.parse(c.start) > options.end
          ? 'planned'
          : 'active';
    const input = readCampaignInput(
      {
        name: c.name,
        channel: c.channel,
        type: c.type,
        owner: c.ownerRepId,
        start: c.start,
        end: c.end,
        budget: c.budget,
        status,
        utm_campaign: c.utmCampaign,
      },
      naming,
      currency,
    );
    const row = await createCampaign(db, input, {
      source: 'cli',
      actor: 'mops demo',
      now: new Date(`${c.start}T00:00:00Z`),
      playbookVersionId: playbook.version.id,
    });
    campaignRows.set(c.name, row);
    summary.campaigns += 1;
  }
  const costsByCampaign = Map.groupBy(world.costs, (cost) => cost.campaign);
  for (const [name, costs] of costsByCampaign) {
    const campaign = campaignRows.get(name);
    if (!campaign) continue;
    const inputs = readCostsBody(
      {
        costs: costs.map((c) => ({ period_start: c.periodStart, period_end: c.periodEnd, amount: c.amount })),
      },
      campaign,
    );
    await db.transaction().execute((trx) =>
      writeCosts(trx, inputs, {
        source: 'cli',
        actor: 'mops demo',
        now: new Date(options.end),
        importId: null,
      }),
    );
    summary.cost_rows += inputs.length;
  }

  await runQueuedJobs();

  const routingIndex = playbook.stageIndex.get(playbook.source.routing.at_stage) ?? Number.POSITIVE_INFINITY;
  const routed = new Set<string>();
  const known = new Set<string>();
  const opportunities = new Map<
    string,
    { createdAt: string; accountDomain: string; contacts: string[]; name: string }
  >();
  const normal = (email: string) => email.trim().toLowerCase();
  const pipeline = { db, pool };

  const event = async (at: number, email: string, name: string, properties: Record<string, unknown>) => {
    const clock: Clock = () => new Date(at);
    const [result] = await ingestEvents(
      pipeline,
      playbook,
      {
        body: {
          batch: [{ type: 'track', event: name, email, properties, timestamp: new Date(at).toISOString() }],
        },
        idempotencyKey: `demo:${options.seed}:${at}:${email}:${name}`,
        receivedAt: new Date(at),
      },
      clock,
    );
    if (result?.status === 'accepted') {
      summary.events.accepted += 1;
      if (result.stage !== undefined && (playbook.stageIndex.get(result.stage) ?? -1) >= routingIndex)
        routed.add(normal(email));
    } else
      refuse(
        summary.events.refused,
        result?.status === 'rejected' ? result.error.code : (result?.status ?? 'none'),
      );
  };

  const replay = async (action: DemoAction): Promise<void> => {
    const clock: Clock = () => new Date(action.at);
    switch (action.kind) {
      case 'visit': {
        const first = action.pageViews[0];
        const sessionFirstTouch = first ? { landing_url: first.url, referrer: first.referrer } : null;
        await ingestTracking(
          pipeline,
          playbook,
          {
            body: {
              v: 1,
              batch_id: `demo-${action.at}`,
              visitor_id: action.visitorId,
              events: action.pageViews.map((view, i) => ({
                event_id: `${action.at}-${i}`,
                type: 'page_view',
                url: view.url,
                title: view.title,
                referrer: view.referrer,
                ts: view.at,
                session_first_touch: sessionFirstTouch,
              })),
            },
            userAgent: action.userAgent,
            receivedAt: new Date(action.at),
          },
          clock,
        );
        summary.visits += 1;
        return;
      }
      case 'form': {
        try {
          const result = await submitForm(
            pipeline,
            playbook,
            {
              formId: action.formId,
              body: { ...action.fields, ...action.tracking },
              clientIp: null,
              userAgent: action.userAgent,
              pageUrl: action.pageUrl,
              idempotencyKey: null,
              receivedAt: new Date(action.at),
            },
            clock,
          );
          if (result.kind === 'processed') {
            summary.forms.accepted += 1;
            const email = normal(action.fields.email ?? '');
            known.add(email);
            if ((playbook.stageIndex.get(result.outcome.stage) ?? -1) >= routingIndex) routed.add(email);
          } else refuse(summary.forms.refused, result.kind);
        } catch (error) {
          if (!(error instanceof MopsError)) throw error;
          refuse(summary.forms.refused, error.code);
        }
        return;
      }
      case 'event': {
        const email = normal(action.email);
        if (SALES_EVENTS.has(action.event) && !routed.has(email)) {
          summary.events.skipped_not_routed += 1;
          return;
        }
        await event(action.at, email, action.event, action.properties);
        return;
      }
      case 'opportunity': {
        const contacts = action.contacts.filter((c) => known.has(normal(c.email)));
        if (!contacts.some((c) => c.primary)) {
          summary.opportunities.skipped_no_contact += 1;
          return;
        }
        const createdAt = new Date(action.at).toISOString();
        await upsertOpportunity(
          db,
          {
            external_id: action.externalId,
            name: action.name,
            account_domain: action.accountDomain,
            amount: action.amount,
            currency: action.currency,
            stage: 'Discovery',
            status: 'open',
            created_at: createdAt,
            contacts: contacts.map((c) => ({ email: normal(c.email), role: c.role, is_primary: c.primary })),
          },
          { now: new Date(action.at), source: 'demo' },
        );
        const emails = contacts.map((c) => normal(c.email));
        opportunities.set(action.externalId, {
          createdAt,
          accountDomain: action.accountDomain,
          contacts: emails,
          name: action.name,
        });
        summary.opportunities.written += 1;
        for (const email of emails)
          await event(action.at, email, 'opportunity_created', { opportunity: action.externalId });
        return;
      }
      case 'opportunity_closed': {
        const opportunity = opportunities.get(action.externalId);
        if (!opportunity) return;
        await upsertOpportunity(
          db,
          {
            external_id: action.externalId,
            name: opportunity.name,
            account_domain: opportunity.accountDomain,
            amount: action.amount,
            stage: action.won ? 'Closed Won' : 'Closed Lost',
            status: action.won ? 'won' : 'lost',
            created_at: opportunity.createdAt,
            closed_at: new Date(action.at).toISOString(),
          },
          { now: new Date(action.at), source: 'demo' },
        );
        summary.opportunities.closed += 1;
        if (action.won) {
          for (const email of opportunity.contacts)
            await event(action.at, email, 'opportunity_won', { opportunity: action.externalId });
        }
        return;
      }
    }
  };

  // Actions run concurrently, but never two for one browser, person or deal at once: each waits
  // for the earlier ones that share a key, so a person's story happens in its order.
  const limiter = new KeyedLimiter(CONCURRENCY, { visit: VISIT_CONCURRENCY });
  let lastReport = 0;
  // A deal's contacts as the generator planned them, known when its close is scheduled (the create
  // may still be running), so the close waits for every contact's earlier actions.
  const plannedContacts = new Map<string, string[]>();
  for (const action of world.actions()) {
    summary.actions += 1;
    if (action.kind === 'opportunity')
      plannedContacts.set(
        action.externalId,
        action.contacts.map((c) => c.email),
      );
    await limiter.run(
      keysOf(action, plannedContacts),
      () => replay(action),
      action.kind === 'visit' ? 'visit' : 'default',
    );
    if (Date.now() - lastReport > 250) {
      lastReport = Date.now();
      onProgress({
        actions: summary.actions,
        share: Math.min(1, (action.at - begin) / (options.end - begin)),
      });
    }
  }
  await limiter.idle();
  onProgress({ actions: summary.actions, share: 1 });

  return {
    options: { people: options.people, months: options.months, seed: options.seed },
    intended: world.intended,
    replayed: summary,
    stored: {},
    elapsed_ms: Date.now() - started,
  };
}

function keysOf(action: DemoAction, contactsOf: Map<string, string[]>): string[] {
  const email = (e: string) => `p:${e.trim().toLowerCase()}`;
  switch (action.kind) {
    case 'visit':
      return [`v:${action.visitorId}`];
    case 'form':
      return [...(action.visitorId ? [`v:${action.visitorId}`] : []), email(action.fields.email ?? '')];
    case 'event':
      return [email(action.email)];
    case 'opportunity':
      return [`o:${action.externalId}`, ...action.contacts.map((c) => email(c.email))];
    case 'opportunity_closed':
      return [`o:${action.externalId}`, ...(contactsOf.get(action.externalId) ?? []).map(email)];
  }
}

/** What the database holds after a demo: the summary's "stored" line. */
export async function demoCounts(db: Database['db']): Promise<Record<string, number>> {
  const stored = await sql<Record<string, number>>`
    SELECT (SELECT count(*) FROM people WHERE merged_into IS NULL)::int AS people,
           (SELECT count(*) FROM people WHERE merged_into IS NOT NULL)::int AS merged_duplicates,
           (SELECT count(*) FROM merge_reviews WHERE status = 'open')::int AS duplicates_to_review,
           (SELECT count(*) FROM accounts)::int AS accounts,
           (SELECT count(*) FROM events)::int AS events,
           (SELECT count(*) FROM touches)::int AS touches,
           (SELECT count(*) FROM routing_assignments)::int AS routed,
           (SELECT count(*) FROM campaigns)::int AS campaigns,
           (SELECT count(*) FROM opportunities)::int AS opportunities,
           (SELECT count(*) FROM opportunities WHERE is_won)::int AS won`.execute(db);
  return stored.rows[0] ?? {};
}
