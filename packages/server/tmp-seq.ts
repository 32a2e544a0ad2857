import pg from 'pg';
const stats = new Map<string, { n: number; ms: number }>();
const orig = pg.Client.prototype.query as any;
(pg.Client.prototype as any).query = function (this: any, ...args: any[]) {
  const text = typeof args[0] === 'string' ? args[0] : args[0]?.text ?? '?';
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
  const s = performance.now();
  const res = orig.apply(this, args);
  if (res && typeof res.then === 'function') res.then(() => { const e = stats.get(key) ?? { n: 0, ms: 0 }; e.n++; e.ms += performance.now() - s; stats.set(key, e); }, () => {});
  return res;
};
import { connect } from './src/db/database.ts';
import { PlaybookRuntime } from './src/playbook/playbook-runtime.ts';
import { submitForm } from './src/pipeline/submit-form.ts';
import { demoSubmission } from '../../bench/speed-to-lead/submissions.ts';
import { systemClock } from './src/clock.ts';
const d = await connect('postgres://mops:M_D6KyO__Ua8aWfs32jL56In@127.0.0.1:54329/mops', null, 20);
const rt = new PlaybookRuntime(d.db); await rt.refresh();
const run = Date.now().toString(36);
const N = Number(process.argv[2] ?? 400);
const conc = Number(process.argv[3] ?? 1);
let i = 0;
const lat: number[] = [];
const t0 = performance.now();
await Promise.all(Array.from({ length: conc }, async () => {
  while (i < N) {
    const spec = demoSubmission(run, i++);
    const s = performance.now();
    await submitForm(d.db, rt.current(), { formId: 'demo-request', body: JSON.parse(String(spec.body)), clientIp: null, userAgent: null, idempotencyKey: null, receivedAt: new Date() }, systemClock);
    lat.push(performance.now() - s);
  }
}));
const total = performance.now() - t0;
lat.sort((a, b) => a - b);
console.log('conc', conc, 'n', N, 'per sec', (N / total * 1000).toFixed(0), 'p50', lat[Math.floor(N / 2)]?.toFixed(2), 'p99', lat[Math.floor(N * 0.99)]?.toFixed(2));
for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) console.log(v.n, (v.ms / v.n).toFixed(3), k);
await d.close();
