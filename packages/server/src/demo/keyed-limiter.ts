/**
 * Runs tasks with at most a lane's limit in flight, where a task waits for every earlier task that
 * shares one of its keys (a browser, a person, a deal): concurrency across stories, order within
 * each, whatever lane each task is in. Lanes let cheap work that is grouped downstream (page views,
 * stored many browsers to a transaction) keep many tasks waiting without starving the rest.
 * `run` resolves once the task has been admitted, so a producer naturally slows to the pace of
 * the work. The first failure is kept and rethrown by `idle()` (and by later `run` calls).
 */
export class KeyedLimiter {
  private readonly lanes = new Map<string, { limit: number; inFlight: number; slots: (() => void)[] }>();
  private readonly tails = new Map<string, Promise<void>>();
  private failure: unknown = null;
  private readonly running = new Set<Promise<void>>();

  /** `limit` for the default lane; `laneLimits` for named ones. */
  constructor(limit: number, laneLimits: Record<string, number> = {}) {
    for (const [name, max] of Object.entries({ ...laneLimits, default: limit })) {
      this.lanes.set(name, { limit: max, inFlight: 0, slots: [] });
    }
  }

  async run(keys: readonly string[], task: () => Promise<void>, laneName = 'default'): Promise<void> {
    if (this.failure !== null) throw this.failure;
    const lane = this.lanes.get(laneName);
    if (!lane) throw new Error(`KeyedLimiter: no lane "${laneName}"`);
    while (lane.inFlight >= lane.limit) await new Promise<void>((resolve) => lane.slots.push(resolve));
    lane.inFlight++;
    const before = keys.map((k) => this.tails.get(k)).filter((p): p is Promise<void> => p !== undefined);
    const done: Promise<void> = Promise.all(before)
      .then(task)
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        lane.inFlight--;
        this.running.delete(done);
        for (const k of keys) if (this.tails.get(k) === done) this.tails.delete(k);
        lane.slots.shift()?.();
      });
    this.running.add(done);
    for (const k of keys) this.tails.set(k, done);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
    if (this.failure !== null) throw this.failure;
  }
}
