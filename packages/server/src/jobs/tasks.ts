import type { CompiledPlaybook } from '@mops/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { decayEngagementTask } from './tasks/decay-engagement.task.ts';
import { notifyTasks } from './tasks/notify.task.ts';
import type { TaskList } from './worker.ts';

/** Every durable task mops runs, by name. */
export function createTaskList(
  db: Kysely<DB>,
  opts: { currentPlaybook: () => CompiledPlaybook; notifyWebhookUrl: string | undefined },
): TaskList {
  return {
    ...notifyTasks(db, { webhookUrl: opts.notifyWebhookUrl }),
    'decay-engagement': decayEngagementTask(db, opts.currentPlaybook),
  };
}
