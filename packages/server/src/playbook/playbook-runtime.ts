import type { CompiledPlaybook } from '@mops/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { compileStored, currentPlaybook, currentVersionId } from '../stores/playbook.store.ts';

/**
 * The applied playbook, compiled once per version. `mops playbook apply` may run in another
 * process, so a running server checks for a newer version every few seconds and swaps it in;
 * each decision records the version it was made under.
 */
export class PlaybookRuntime {
  private compiled: CompiledPlaybook | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly db: Kysely<DB>;
  private readonly onChange: (playbook: CompiledPlaybook) => void;

  constructor(db: Kysely<DB>, onChange: (playbook: CompiledPlaybook) => void = () => {}) {
    this.db = db;
    this.onChange = onChange;
  }

  current(): CompiledPlaybook {
    if (!this.compiled) {
      throw new MopsError(
        'NO_PLAYBOOK',
        'no playbook has been applied yet; run `mops playbook apply <file>`',
      );
    }
    return this.compiled;
  }

  /** Loads the newest applied version if it differs from the one in memory. */
  async refresh(): Promise<CompiledPlaybook | null> {
    const latest = await currentVersionId(this.db);
    if (latest === null || latest === this.compiled?.version.id) return this.compiled;
    const stored = await currentPlaybook(this.db);
    if (stored) {
      this.compiled = compileStored(stored);
      this.onChange(this.compiled);
    }
    return this.compiled;
  }

  watch(intervalMs = 2000): void {
    this.timer = setInterval(() => {
      this.refresh().catch(() => {
        // A transient database error: keep serving the version we have and try again next tick.
      });
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
