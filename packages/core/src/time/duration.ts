import { err, ok, type Result } from '../result.ts';

const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses playbook durations such as `30d`, `4h`, `90m`, `1.5h` into milliseconds. */
export function parseDuration(text: string): Result<number, string> {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/.exec(text);
  if (!match)
    return err(`"${text}" is not a duration; write a number and a unit, e.g. 30d, 4h, 90m, 45s, 2w`);
  const amount = Number(match[1]);
  const unit = UNIT_MS[match[2] as string] as number;
  return ok(amount * unit);
}

export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 86_400_000) return `${round1(ms / 86_400_000)}d`;
  if (abs >= 3_600_000) return `${round1(ms / 3_600_000)}h`;
  if (abs >= 60_000) return `${round1(ms / 60_000)}m`;
  return `${round1(ms / 1000)}s`;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
