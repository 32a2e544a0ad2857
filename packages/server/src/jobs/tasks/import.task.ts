import { rm } from 'node:fs/promises';
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
      await runImport({ ...deps, playbook: deps.currentPlaybook() }, importId, undefined, false);
      await removeUpload(deps.db, importId);
    } catch (error) {
      // Another worker is running it, or it is finished: nothing for this job to do.
      if (error instanceof MopsError && (error.code === 'IMPORT_RUNNING' || error.code === 'IMPORT_FINISHED'))
        return;
      if (error instanceof MopsError) {
        await removeUpload(deps.db, importId);
        throw new PermanentJobError(error.message);
      }
      if (job.attempts >= job.maxAttempts) await removeUpload(deps.db, importId);
      throw error;
    }
  });
}

/**
 * An uploaded file is personal data kept only until its import is done (or can no longer run);
 * files given to `mops import` on the command line are the user's and are never touched.
 */
async function removeUpload(db: Kysely<DB>, importId: string): Promise<void> {
  const row = await db
    .selectFrom('imports')
    .select(['stored_path', 'options'])
    .where('id', '=', importId)
    .executeTakeFirst();
  if (!row?.stored_path || (row.options as { uploaded?: boolean }).uploaded !== true) return;
  await rm(row.stored_path, { force: true });
  await db.updateTable('imports').set({ stored_path: null }).where('id', '=', importId).execute();
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
