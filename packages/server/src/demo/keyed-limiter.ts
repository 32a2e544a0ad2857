/**
 * Runs tasks with at most `limit` in flight, where a task waits for every earlier task that shares
 * one of its keys (a browser, a person, a deal): concurrency across stories, order within each.
 * `run` resolves once the task has been admitted, so a producer naturally slows to the pace of
 * the work. The first failure is kept and rethrown by `idle()` (and by later `run` calls).
 */
export class KeyedLimiter {
  private readonly limit: number;
  private inFlight = 0;
  private readonly tails = new Map<string, Promise<void>>();
  private readonly slots: (() => void)[] = [];
  private failure: unknown = null;
  private readonly running = new Set<Promise<void>>();

  constructor(limit: number) {
    this.limit = limit;
  }

  async run(keys: readonly string[], task: () => Promise<void>): Promise<void> {
    if (this.failure !== null) throw this.failure;
    while (this.inFlight >= this.limit) await new Promise<void>((resolve) => this.slots.push(resolve));
    this.inFlight++;
    const before = keys.map((k) => this.tails.get(k)).filter((p): p is Promise<void> => p !== undefined);
    const done: Promise<void> = Promise.all(before)
      .then(task)
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        this.inFlight--;
        this.running.delete(done);
        for (const k of keys) if (this.tails.get(k) === done) this.tails.delete(k);
        this.slots.shift()?.();
      });
    this.running.add(done);
    for (const k of keys) this.tails.set(k, done);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
    if (this.failure !== null) throw this.failure;
  }
}
