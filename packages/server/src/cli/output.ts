import type { ErrorDetail } from '@mops/core';
import { exitCodeOf, MopsError } from '../errors.ts';

export interface Output {
  json: boolean;
}

export const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** Prints an error the way the user needs it (JSON on --json) and returns the exit code. */
export function reportError(error: unknown, json: boolean): number {
  if (error instanceof MopsError) {
    if (json) printJson({ error: error.toJSON() });
    else {
      process.stderr.write(`error: ${error.message}\n`);
      if (error.details && !error.message.includes('\n')) {
        for (const d of error.details as ErrorDetail[])
          process.stderr.write(`  ${d.location ? `${d.location}  ` : ''}${d.path}: ${d.message}\n`);
      }
    }
    return exitCodeOf(error.code);
  }
  const message = (error as Error)?.stack ?? String(error);
  if (json) printJson({ error: { code: 'INTERNAL', message: (error as Error)?.message ?? String(error) } });
  else process.stderr.write(`error: unexpected failure (a bug — please report it):\n${message}\n`);
  return 70;
}

export const pad = (text: string, width: number): string =>
  text.length >= width ? text : text + ' '.repeat(width - text.length);

export function formatTime(date: Date | string | null | undefined): string {
  if (!date) return '—';
  const d = typeof date === 'string' ? new Date(date) : date;
  return `${d.toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}
