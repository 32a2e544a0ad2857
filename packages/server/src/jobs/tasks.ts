import type { CompiledPlaybook } from '@mops/core';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { type Clock, systemClock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { CAMPAIGN_MEMBERSHIP_TASK, campaignMembershipTask } from './tasks/campaign-membership.task.ts';
import { decayEngagementTask } from './tasks/decay-engagement.task.ts';
import { DEDUPE_SWEEP_TASK, dedupeSweepTask } from './tasks/dedupe-sweep.task.ts';
import { enrichPersonTask } from './tasks/enrich-person.task.ts';
import { EVENT_PARTITIONS_TASK, eventPartitionsTask } from './tasks/event-partitions.task.ts';
import { routePersonTask, runImportTask } from './tasks/import.task.ts';
import { LINK_CAMPAIGN_TOUCHES_TASK, linkCampaignTouchesTask } from './tasks/link-campaign-touches.task.ts';
import { notifyTasks } from './tasks/notify.task.ts';
import {
  REFRESH_PERSON_ORIGINS_TASK,
  refreshPersonOriginsTask,
} from './tasks/refresh-person-origins.task.ts';
import type { TaskList } from './worker.ts';

/** Every durable task mops runs, by name. */
export function createTaskList(
  db: Kysely<DB>,
  opts: {
    currentPlaybook: () => CompiledPlaybook;
    notifyWebhookUrl: string | undefined;
    log?: Logger;
    pool: pg.Pool;
    clock?: Clock;
  },
): TaskList {
  const deps = {
    db,
    pool: opts.pool,
    currentPlaybook: opts.currentPlaybook,
    clock: opts.clock ?? systemClock,
  };
  return {
    'run-import': runImportTask(deps),
    'route-person': routePersonTask(deps),
    [DEDUPE_SWEEP_TASK]: dedupeSweepTask(deps),
    ...notifyTasks(db, { webhookUrl: opts.notifyWebhookUrl }),
    'decay-engagement': decayEngagementTask(db, opts.currentPlaybook),
    [EVENT_PARTITIONS_TASK]: eventPartitionsTask(db),
    [REFRESH_PERSON_ORIGINS_TASK]: refreshPersonOriginsTask(db, opts.currentPlaybook),
    [LINK_CAMPAIGN_TOUCHES_TASK]: linkCampaignTouchesTask(db, deps),
    [CAMPAIGN_MEMBERSHIP_TASK]: campaignMembershipTask(db, deps),
    'enrich-person': enrichPersonTask(db, {
      currentPlaybook: opts.currentPlaybook,
      ...(opts.log ? { log: opts.log } : {}),
    }),
  };
}
