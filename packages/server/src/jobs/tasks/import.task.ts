import type { CompiledPlaybook } from '@mops/core';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Clock } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import { MopsError } from '../../errors.ts';
import { runImport } from '../../imports/run-import.ts';
import { processPerson } from '../../pipeline/process-person.ts';
import { oneByOne, PermanentJobError, type TaskHandler } from '../worker.ts';

interface Deps {
  db: Kysely<DB>;
  pool: pg.Pool;
  currentPlaybook: () => CompiledPlaybook;
  clock: Clock;
}

/**
 * `run-import`: an uploaded file's import, run by a worker. A retry resumes after the last
 * committed batch; an input error (unreadable file, bad mapping) fails at once — retrying cannot
 * fix the file.
 */
export function runImportTask(deps: Deps): TaskHandler {
  return oneByOne(async (job) => {
    const importId = String(job.payload.import_id ?? '');
    try {
      await runImport({ ...deps, playbook: deps.currentPlaybook() }, importId);
    } catch (error) {
      if (error instanceof MopsError) throw new PermanentJobError(error.message);
      throw error;
    }
  });
}

/**
 * `route-person`: an import (which never claims reps inline) made this person routable; route them
 * now through the form pipeline's own engines, claims and RECORD, with the import time as capture.
 */
export function routePersonTask(deps: Deps): TaskHandler {
  return oneByOne(async (job) => {
    const email = String(job.payload.email ?? '');
    const person = await deps.db
      .selectFrom('people')
      .select(['email', 'email_domain', 'is_free_mail'])
      .where('email', '=', email)
      .executeTakeFirst();
    if (!person) throw new PermanentJobError(`nobody with the email ${email}`);
    const captured = job.payload.captured_at ? new Date(String(job.payload.captured_at)) : deps.clock();
    await processPerson(
      deps.pool,
      deps.currentPlaybook(),
      {
        email: person.email,
        emailDomain: person.email_domain ?? email.slice(email.indexOf('@') + 1),
        isFreeMail: person.is_free_mail ?? false,
        fields: {},
        washChanges: [],
        companyName: null,
        source: 'import',
        event: null,
        capturedAt: captured,
        reroute: true,
      },
      deps.clock,
    );
  });
}
