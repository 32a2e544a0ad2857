/**
 * The shell's source of time, injected so tests can pin "now" (working hours, daily caps and decay
 * all depend on it). Production uses the system clock.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock tests can set and advance. */
export function manualClock(
  start: Date | string,
): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  const clock = (() => new Date(current)) as Clock & {
    set(at: Date | string): void;
    advance(ms: number): void;
  };
  clock.set = (at) => {
    current = new Date(at);
  };
  clock.advance = (ms) => {
    current = new Date(current.getTime() + ms);
  };
  return clock;
}
