// Runs a command as a child process and measures its wall time and peak resident memory. Peak RSS
// comes from GNU time (`/usr/bin/time -f %M`, the kernel's ru_maxrss for the child: worker threads
// live in the same process, so they are included); without it, /proc/<pid>/status VmHWM is polled.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Measured {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  wallSec: number;
  peakMb: number | undefined;
  /** How the peak was measured. */
  peakSource: 'gnu-time' | 'proc-vmhwm' | 'none';
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';
const KEEP = 64 * 1024;

export async function measure(
  command: string,
  args: readonly string[],
  options: { cwd: string; timeoutSec: number },
): Promise<Measured> {
  const useTime = fs.existsSync(GNU_TIME);
  const statsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mops-measure-')), 'time.txt');
  const argv = useTime ? ['-f', '%M', '-o', statsFile, command, ...args] : [...args];
  const started = performance.now();
  // Own process group, so a timeout (or Ctrl-C of the bench) stops the CLI, not only GNU time.
  const child = spawn(useTime ? GNU_TIME : command, argv, {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const onSigint = () => {
    killGroup();
    process.exit(130);
  };
  process.once('exit', killGroup);
  process.once('SIGINT', onSigint);
  let stdout = '';
  let stderr = '';
  // Keep the tail: the useful part of a long log (an error) is at its end.
  child.stdout.on('data', (chunk: Buffer) => {
    stdout = (stdout + chunk.toString()).slice(-KEEP);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-KEEP);
  });
  let polledKb = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        polledKb = Math.max(polledKb, readVmHwmKb(child.pid) ?? 0);
      }, 25);
  const timer = setTimeout(killGroup, options.timeoutSec * 1000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('close', (code, sig) => resolve([code, sig])),
  );
  const wallSec = (performance.now() - started) / 1000;
  clearTimeout(timer);
  process.removeListener('exit', killGroup);
  process.removeListener('SIGINT', onSigint);
  if (poll !== undefined) clearInterval(poll);
  let peakMb: number | undefined;
  let peakSource: Measured['peakSource'] = 'none';
  if (useTime) {
    // GNU time writes "Command exited with non-zero status N" before the figures on failure.
    const text = fs.existsSync(statsFile) ? fs.readFileSync(statsFile, 'utf8').trim().split('\n') : [];
    const kb = Number(text.at(-1));
    if (Number.isFinite(kb) && kb > 0) {
      peakMb = kb / 1024;
      peakSource = 'gnu-time';
    }
  } else if (polledKb > 0) {
    peakMb = polledKb / 1024;
    peakSource = 'proc-vmhwm';
  }
  fs.rmSync(path.dirname(statsFile), { recursive: true, force: true });
  return { exitCode, signal, wallSec, peakMb, peakSource, stdout, stderr };
}

function readVmHwmKb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}
