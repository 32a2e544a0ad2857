import type { CompiledPlaybook } from '@mops/core';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import {
  applyPlaybook,
  compileStored,
  currentPlaybook,
  hashPlaybookSource,
} from '../stores/playbook.store.ts';
import { readPlaybookFile } from './playbook-file.ts';

/**
 * The playbook every command works under: the applied one, or — on a database that has none yet,
 * or when `force` asks for it — the configured file (`MOPS_PLAYBOOK`, default the example), applied
 * first. So `mops import …` on a fresh machine behaves exactly as it would after `mops start`.
 */
export async function ensurePlaybook(
  db: Kysely<DB>,
  config: Pick<Config, 'playbookPath'>,
  opts: { actor: string; force?: boolean; log?: (message: string, fields: Record<string, unknown>) => void },
): Promise<CompiledPlaybook> {
  const applied = await currentPlaybook(db);
  if (!applied || opts.force) {
    const file = readPlaybookFile(config.playbookPath);
    if (!applied || applied.hash !== hashPlaybookSource(file.text)) {
      const result = await applyPlaybook(db, {
        text: file.text,
        playbook: file.playbook,
        sourceFile: file.path,
        actor: opts.actor,
      });
      opts.log?.('playbook applied', {
        version: result.version.id,
        file: file.path,
        changes: result.changes.length,
      });
      return compileStored(result.version);
    }
  }
  return compileStored(applied);
}
