import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { MopsError } from './errors.ts';
import { createApp } from './http/app.ts';
import { scheduleDecay } from './jobs/tasks/decay-engagement.task.ts';
import { scheduleDedupeSweep } from './jobs/tasks/dedupe-sweep.task.ts';
import { ensureEventPartitions, scheduleEventPartitions } from './jobs/tasks/event-partitions.task.ts';
import { scheduleOriginsRefresh } from './jobs/tasks/refresh-person-origins.task.ts';
import { createTaskList } from './jobs/tasks.ts';
import { startWorker, type Worker } from './jobs/worker.ts';
import type { Logger } from './log.ts';
import { configureLeadBatching } from './pipeline/lead-batcher.ts';
import { ensurePlaybook } from './playbook/ensure-playbook.ts';
import { PlaybookRuntime } from './playbook/playbook-runtime.ts';
import { ApiKeyVerifier, createApiKey } from './stores/api-key.store.ts';
import { configureTouchRelay } from './tracking/touch-relay.ts';

export interface RunningMops {
  url: string;
  port: number;
  database: Database;
  playbooks: PlaybookRuntime;
  close(): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  /** Apply the configured playbook file even when another version is already applied. */
  applyPlaybookFile?: boolean;
  notifyWebhookUrl?: string | undefined;
}

/** Boots mops: database (embedded or external), migrations, playbook, API key, worker, HTTP. */
export async function startMops(config: Config, options: StartOptions): Promise<RunningMops> {
  const { log } = options;
  const database = await openDatabase(config, { log: (line) => log(line), poolSize: config.poolSize });
  configureLeadBatching(database.pool, {
    maxBatch: config.pipelineBatch,
    maxInFlight: config.pipelineBatch === 1 ? config.poolSize : config.pipelineParallel,
  });
  configureTouchRelay(database.pool, { maxInFlight: config.trackingParallel });
  let worker: Worker | null = null;
  let playbooks: PlaybookRuntime | null = null;
  try {
    const migrated = await migrate(database.pool, (line) => log(line));
    // This month's and the next three months' event partitions, before the first event arrives.
    await ensureEventPartitions(database.db);
    log('database ready', {
      database: database.safeUrl,
      schema_version: migrated.current,
      embedded: database.embedded !== null,
    });

    await ensurePlaybook(database.db, config, {
      actor: 'mops start',
      force: options.applyPlaybookFile ?? false,
      log: (message, fields) => log(message, fields),
    });
    if (config.apiKey) {
      await createApiKey(database.db, {
        name: 'MOPS_API_KEY',
        scopes: ['admin'],
        actor: 'mops start',
        token: config.apiKey,
      });
    }

    const runtime = new PlaybookRuntime(database.db, (pb) =>
      log('playbook loaded', { version: pb.version.id, hash: pb.version.hash.slice(0, 12) }),
    );
    playbooks = runtime;
    await runtime.refresh();
    runtime.watch();

    if (config.worker) {
      const tasks = createTaskList(database.db, {
        currentPlaybook: () => runtime.current(),
        notifyWebhookUrl: options.notifyWebhookUrl,
        log,
        pool: database.pool,
      });
      await database.db.transaction().execute(async (trx) => {
        await scheduleDecay(trx, new Date());
        await scheduleEventPartitions(trx, new Date(Date.now() + 86_400_000));
      });
      worker = startWorker(database.db, tasks, { log });
    }
    const activeWorker = worker;
    // Duplicates on entry: a sweep every few seconds (one pending at a time, so slow sweeps never pile up).
    const sweeps =
      config.worker && config.dedupeSweepSeconds > 0
        ? setInterval(() => {
            scheduleDedupeSweep(database.db)
              .then(() => activeWorker?.nudge())
              .catch((error: unknown) => log('dedupe sweep not scheduled', { error: String(error) }));
          }, config.dedupeSweepSeconds * 1000)
        : null;
    sweeps?.unref();
    // Reports fold the person-origin change log before reading; this keeps it short when nobody
    // reports (one fold pending at a time).
    const originFolds = config.worker
      ? setInterval(() => {
          scheduleOriginsRefresh(database.db)
            .then(() => activeWorker?.nudge())
            .catch((error: unknown) => log('origin refresh not scheduled', { error: String(error) }));
        }, 30_000)
      : null;
    originFolds?.unref();
    const app = createApp({
      db: database.db,
      pool: database.pool,
      playbooks: runtime,
      apiKeys: new ApiKeyVerifier(database.db),
      trustProxy: config.trustProxy,
      log,
      onJobsEnqueued: () => activeWorker?.nudge(),
      clock: systemClock,
      uploads: { dir: config.uploadDir, maxBytes: config.maxUploadBytes },
    });
    const server = await listen(app.fetch, config.port, config.host);
    const port = (server.address() as AddressInfo).port;
    const url = `http://localhost:${port}`;
    return {
      url,
      port,
      database,
      playbooks: runtime,
      close: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        if (sweeps) clearInterval(sweeps);
        if (originFolds) clearInterval(originFolds);
        await activeWorker?.stop();
        runtime.stop();
        await database.close();
      },
    };
  } catch (error) {
    await worker?.stop();
    playbooks?.stop();
    await database.close();
    throw error;
  }
}

function listen(
  fetch: Parameters<typeof serve>[0]['fetch'],
  port: number,
  host: string | undefined,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, ...(host ? { hostname: host } : {}) }) as Server;
    server.keepAliveTimeout = 65_000;
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new MopsError(
              'PORT_IN_USE',
              `port ${port} is already in use; stop the other process or start with PORT=<another port>`,
            )
          : error,
      );
    });
  });
}
