import { Worker } from 'node:worker_threads';

/** Runs a one-shot worker-thread script: it gets `workerData`, posts one message back, and ends. */
export function runInWorker<T>(script: URL, workerData: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData });
    worker.once('message', (message: T) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${script.pathname.split('/').pop()} exited with code ${code}`));
    });
  });
}
