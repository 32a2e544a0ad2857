import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

// The nice value of a thread: field 19 of /proc/thread-self/stat (after the parenthesised name).
const NICE_OF_THREAD = `
  const fs = require('node:fs');
  const nice = () => Number(fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ')[16]);
`;

const niceOfThisThread = () =>
  Number(fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]?.split(' ')[16]);

describe.skipIf(!fs.existsSync('/proc/thread-self'))('lowerThisThreadsPriority (Linux)', () => {
  it('lowers the calling worker thread to nice 19 and leaves the rest of the process alone', async () => {
    const mainBefore = niceOfThisThread();
    const url = new URL('../src/background-priority.ts', import.meta.url).href;
    const worker = new Worker(
      `${NICE_OF_THREAD}
       import(${JSON.stringify(url)}).then(({ lowerThisThreadsPriority }) => {
         const before = nice();
         const lowered = lowerThisThreadsPriority();
         require('node:worker_threads').parentPort.postMessage({ before, lowered, after: nice() });
       });`,
      { eval: true },
    );
    const seen = await new Promise<{ before: number; lowered: boolean; after: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(seen).toEqual({ before: mainBefore, lowered: true, after: 19 });
    expect(niceOfThisThread()).toBe(mainBefore);
  });
});
