import type pg from 'pg';
import { copyText } from '../db/copy-text.ts';
import { inTransaction } from '../db/in-transaction.ts';
import { pgCode } from '../db/pg-errors.ts';
import {
  type BatchCopies,
  batchStatementInput,
  COPY_DECISIONS_SQL,
  COPY_JOBS_SQL,
  COPY_LEDGER_SQL,
  COPY_PEOPLE_SQL,
  COPY_TRANSITIONS_SQL,
  mergeCopies,
} from './batch-copy.ts';
import {
  type BatchCounts,
  type BatchDecision,
  countsOf,
  type DecideContext,
  decideBatch,
  docsOf,
} from './decide-batch.ts';
import { CREATE_ACCOUNTS_SQL, WRITE_BATCH_SQL } from './import-statements.ts';
import type { PrepareContext } from './prepare-batch.ts';
import { type Footprint, footprintOf, redecideAfter } from './redecide-after.ts';

export interface BatchContext extends PrepareContext, DecideContext {
  headers: string[];
}

const MAX_ATTEMPTS = 6;
const RETRYABLE = new Set(['MO001', '40P01', '40001']);

export interface WrittenBatch {
  counts: BatchCounts;
  /** What this batch wrote, for bringing the next batch's early decision up to date. */
  footprint: Footprint;
  /** Prepared people decided again because the batch before wrote them or their account. */
  redecided: number;
  /** Writes tried: more than one when someone else changed these people or accounts meanwhile. */
  attempts: number;
}

/**
 * Writes a decided batch in one transaction. A decision made while the previous batch was being
 * written is first brought up to date with what that batch wrote (`previous`). If someone else
 * changed one of these people or created one of these accounts since the read, the write aborts
 * and the batch is read and decided again.
 */
export async function writeBatch(
  pool: pg.Pool,
  decision: BatchDecision,
  previous: Footprint | null,
  ctx: BatchContext,
  now: () => Date,
): Promise<WrittenBatch> {
  let redecided = 0;
  let current = decision;
  if (previous)
    ({ decision: current, redecided } = await redecideAfter(pool, decision, previous, ctx, now()));
  for (let attempt = 1; ; attempt++) {
    try {
      const docs = docsOf(current);
      const counts = countsOf(current);
      const { newAccounts, updates, enrichExisting, route } = batchStatementInput(docs);
      const statementInput = JSON.stringify({
        updates,
        enrich_existing: enrichExisting,
        route,
        rejects: current.batch.rejects,
        import: { id: ctx.importId, through_line: current.batch.throughLine, ...counts },
      });
      const copies = mergeCopies(current.people.flatMap((person) => (person.copies ? [person.copies] : [])));
      await writeDecided(
        pool,
        newAccounts.length > 0 ? JSON.stringify(newAccounts) : null,
        statementInput,
        copies,
      );
      return { counts, footprint: footprintOf(current), redecided, attempts: attempt };
    } catch (error) {
      // Someone changed these people meanwhile (MO001) or created one of them (the COPY meets
      // their email), or a merge locked them in another order (deadlock, serialization): decide
      // the batch again on fresh state.
      if (retryable(error) && attempt < MAX_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        current = await decideBatch(pool, current.batch, ctx, now());
        continue;
      }
      throw error;
    }
  }
}

const retryable = (error: unknown) => {
  const code = pgCode(error);
  // The import's own row gone is not a race that another try could win.
  if (code === 'MO001') return (error as { message?: unknown }).message !== 'IMPORT_MISSING';
  return (
    RETRYABLE.has(code ?? '') ||
    (code === '23505' && (error as { constraint?: unknown }).constraint === 'people_email_key')
  );
};

/**
 * One transaction, in the form pipeline's lock order: new accounts (its people point at them),
 * new people and the explanation rows by COPY, then the write statement — updates of existing
 * people, jobs that may be pending already, the quarantine and the counters — so existing people
 * are locked only from that statement to the commit. `work_mem` is raised for it so a batch of
 * many updates keeps its parsed documents in memory.
 */
async function writeDecided(
  pool: pg.Pool,
  newAccounts: string | null,
  statementInput: string,
  copies: BatchCopies,
): Promise<void> {
  await inTransaction(pool, async (tx) => {
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    if (newAccounts !== null) await tx.query(CREATE_ACCOUNTS_SQL, [newAccounts]);
    const copy = async (sql: string, lines: string[]) => {
      if (lines.length > 0) await copyText(tx, sql, `${lines.join('\n')}\n`);
    };
    await copy(COPY_PEOPLE_SQL, copies.people);
    await copy(COPY_LEDGER_SQL, copies.ledger);
    await copy(COPY_TRANSITIONS_SQL, copies.transitions);
    await copy(COPY_DECISIONS_SQL, copies.decisions);
    await copy(COPY_JOBS_SQL, copies.jobs);
    await tx.query(WRITE_BATCH_SQL, [statementInput]);
  });
}
