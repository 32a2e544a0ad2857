/**
 * One redrawn line on stderr: `label  [#####-----]  42%  detail`, at most every 100 ms, for long
 * commands (imports, the demo). The caller says how far along it is and what to show beside it.
 */
export function progressBar(label: string): {
  update: (share: number, detail: string) => void;
  done: () => void;
} {
  let last = 0;
  return {
    update: (share, detail) => {
      if (share < 1 && Date.now() - last < 100) return;
      last = Date.now();
      const width = 28;
      const filled = Math.round(Math.min(1, Math.max(0, share)) * width);
      process.stderr.write(
        `\r${label}  [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${detail} `,
      );
    },
    done: () => process.stderr.write('\n'),
  };
}

/** Items per second since `started` (ms since the epoch), for a progress line. */
export const perSecond = (count: number, started: number): string =>
  Math.round(count / Math.max((Date.now() - started) / 1000, 0.001)).toLocaleString('en');
