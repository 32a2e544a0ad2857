import type { CompiledPlaybook } from '@mops/core';
import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import { enrichPerson } from '../../enrichment/enrich-person.ts';
import { EnrichmentRuntime, type RuntimeOptions } from '../../enrichment/enrichment-runtime.ts';
import { loadSubjects, type Subject } from '../../enrichment/enrichment-subject.ts';
import { type Logger, silentLogger } from '../../log.ts';
import { type Job, PermanentJobError, type TaskHandler } from '../worker.ts';

/** Lookups in flight (one wave): HTTP providers spend their time waiting, not computing. */
const CONCURRENCY = 4;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `enrich-person` ({ personId }): runs the playbook's enrichment providers for one person and
 * writes what core decided (see enrichment/enrich-person.ts). A job whose providers failed or
 * were skipped by an open breaker still writes what the others found, then fails so the queue
 * retries it later with backoff; a person who no longer exists fails at once.
 */
export function enrichPersonTask(
  db: Kysely<DB>,
  opts: {
    currentPlaybook: () => CompiledPlaybook;
    log?: Logger;
    clock?: Clock;
    runtime?: EnrichmentRuntime;
  } & Partial<Pick<RuntimeOptions, 'http'>>,
): TaskHandler {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLogger;
  const runtime =
    opts.runtime ?? new EnrichmentRuntime(db, { clock, log, ...(opts.http ? { http: opts.http } : {}) });
  return async (jobs) => {
    const playbook = opts.currentPlaybook();
    const providers = await runtime.providersFor(playbook);
    const outcomes: (Error | null)[] = jobs.map(() => null);
    /** `subjects`: the wave's people as read together, or null when that read failed. */
    const runOne = async (job: Job, subjects: Map<string, Subject> | null): Promise<Error | null> => {
      const personId = job.payload.personId;
      if (typeof personId !== 'string' || !UUID.test(personId))
        return new PermanentJobError(`payload.personId must be a person id, got ${JSON.stringify(personId)}`);
      try {
        const outcome = await enrichPerson(
          db,
          { playbook, providers, clock },
          personId,
          subjects ? (subjects.get(personId.toLowerCase()) ?? null) : undefined,
        );
        if (outcome.status === 'not_found') return new PermanentJobError(`no person ${personId}`);
        if (outcome.incomplete.length > 0)
          return new Error(
            `enrichment incomplete: ${outcome.incomplete.join(', ')} did not answer; retrying later`,
          );
        return null;
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    };
    // A wave of jobs at a time, its people read in one round trip (not one per person) just before
    // the wave runs: what each job decides on is as fresh as when it read its person alone.
    for (let start = 0; start < jobs.length; start += CONCURRENCY) {
      const wave = jobs.slice(start, start + CONCURRENCY);
      const ids = wave.flatMap((job) => {
        const id = job.payload.personId;
        return typeof id === 'string' && UUID.test(id) ? [id] : [];
      });
      // If the shared read fails, each job reads its own person, and fails alone if that fails too.
      const subjects =
        ids.length > 0 ? await loadSubjects(db, ids).catch(() => null) : new Map<string, Subject>();
      const results = await Promise.all(wave.map((job) => runOne(job, subjects)));
      results.forEach((outcome, i) => {
        outcomes[start + i] = outcome;
      });
    }
    return outcomes;
  };
}
