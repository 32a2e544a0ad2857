// Worker thread: validates, washes and folds an import's batches (the pure steps, no IO) off the
// thread that decides and writes them, so that thread keeps driving PostgreSQL's round trips while
// the next batch is prepared. One worker per import; batches arrive and are answered in file order.
import { parentPort } from 'node:worker_threads';
import { compilePlaybook, type ImportColumnMapping, importForm, type Playbook } from '@mops/core';
import type { CsvRecord } from '../csv/read-csv.ts';
import { type PrepareContext, prepareBatch } from './prepare-batch.ts';
import type { LaterRow } from './repeated-emails.ts';

export type PrepareRequest =
  | {
      kind: 'start';
      source: Playbook;
      version: { id: number; hash: string };
      mapping: ImportColumnMapping;
      later: Map<string, LaterRow[]>;
    }
  | { kind: 'prepare'; id: number; records: CsvRecord[] };

let ctx: PrepareContext | null = null;

parentPort?.on('message', (message: PrepareRequest) => {
  if (message.kind === 'start') {
    const playbook = compilePlaybook(message.source, message.version);
    ctx = {
      mapping: message.mapping,
      form: importForm(message.mapping, playbook),
      playbook,
      seen: new Set(),
      later: message.later,
      applied: new Set(),
    };
    return;
  }
  try {
    if (!ctx) throw new Error('the preparing worker was not started');
    parentPort?.postMessage({ id: message.id, prepared: prepareBatch(message.records, ctx) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, failure: (error as Error).message });
  }
});
