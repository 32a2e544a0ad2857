// Self-test of the load library against a trivial in-process server with a known delay.
//   node bench/lib/load.selftest.ts [--delay-ms 2] [--rate 500] [--concurrency 16] [--duration 3]
// Prints the summaries, then the results as JSON, and exits 1 when a figure is implausible. The
// server shares the client's event loop on purpose: the stall check then also proves that time the
// client itself spends blocked is charged to the requests scheduled during it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { formatSummaries, formatSummary } from './format.ts';
import { closedLoop, type LoadResult, openLoop, probeLatency } from './load.ts';

const { values: args } = parseArgs({
  options: {
    'delay-ms': { type: 'string', default: '2' },
    rate: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '16' },
    duration: { type: 'string', default: '3' },
  },
});
const delayMs = Number(args['delay-ms']);
const rate = Number(args.rate);
const concurrency = Number(args.concurrency);
const durationSec = Number(args.duration);
const STALL_MS = 100;

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url === '/healthz') return void res.end('ok');
    if (req.url === '/stall') {
      // Busy-wait, not setTimeout: a blocked event loop is the stall a real server has under GC
      // or a slow synchronous handler.
      const until = performance.now() + STALL_MS;
      while (performance.now() < until) {}
    }
    setTimeout(() => res.end('ok'), delayMs);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const failures: string[] = [];
const expect = (ok: boolean, what: string): void => {
  if (!ok) failures.push(what);
};
const noErrors = (name: string, r: LoadResult): void => {
  expect(Object.keys(r.errors).length === 0, `${name}: errors ${JSON.stringify(r.errors)}`);
  expect(r.dropped === 0, `${name}: dropped ${r.dropped}`);
};
const near = (actual: number, expected: number, tolerance: number): boolean =>
  Math.abs(actual - expected) <= expected * tolerance;

// 1. Open loop with a concurrent /healthz probe.
const [open, probe] = await Promise.all([
  openLoop({
    ratePerSec: rate,
    durationSec,
    warmupSec: 0.5,
    baseUrl,
    makeRequest: (i) => ({ method: 'POST', path: '/work', body: `{"i":${i}}` }),
  }),
  probeLatency({ baseUrl, path: '/healthz', intervalMs: 50, durationSec: durationSec + 0.5 }),
]);
noErrors('open', open);
expect(near(open.sent, rate * durationSec, 0.05), `open: sent ${open.sent}, expected ~${rate * durationSec}`);
expect(near(open.throughputPerSec, rate, 0.05), `open: ${open.throughputPerSec}/s, expected ~${rate}/s`);
expect(open.latency.p50 >= delayMs, `open: p50 ${open.latency.p50} ms below the server delay ${delayMs} ms`);
expect(open.latency.p50 < delayMs + 50, `open: p50 ${open.latency.p50} ms, far above the delay`);
noErrors('probe', probe);
// A probe slower than its interval skips the slots it overran, so a few fewer is fine.
const probeSlots = Math.ceil(((durationSec + 0.5) * 1000) / 50);
expect(
  probe.sent <= probeSlots && probe.sent >= probeSlots * 0.9,
  `probe: sent ${probe.sent} of ${probeSlots}`,
);
expect(probe.latency.p50 < open.latency.p50, 'probe: /healthz (no delay) not faster than the delayed route');

// 2. Closed loop.
const closed = await closedLoop({
  concurrency,
  durationSec,
  warmupSec: 0.5,
  baseUrl,
  makeRequest: () => ({ method: 'GET', path: '/work' }),
});
noErrors('closed', closed);
expect(closed.ok > 0, 'closed: no successful requests');
expect(closed.latency.p50 >= delayMs, `closed: p50 ${closed.latency.p50} ms below the delay`);
// No server with a fixed delay d can complete more than concurrency / d requests per second.
const ceiling = (concurrency * 1000) / delayMs;
expect(closed.throughputPerSec <= ceiling * 1.02, `closed: ${closed.throughputPerSec}/s above ${ceiling}/s`);
// Little's law: with every worker always busy, throughput × mean latency = concurrency.
const littles = (closed.throughputPerSec * closed.latency.mean) / 1000 / concurrency;
expect(
  littles > 0.85 && littles < 1.03,
  `closed: throughput × mean latency = ${littles.toFixed(2)} × concurrency`,
);
expect(
  Math.abs(closed.sent - closed.throughputPerSec * durationSec) <= concurrency + closed.sent * 0.01,
  `closed: sent ${closed.sent} inconsistent with ${closed.throughputPerSec}/s`,
);

// 3. Coordinated omission: a 100 ms server stall in the middle of a 2 s open-loop run. About 5%
// of arrivals fall inside it and must show up to 100 ms of latency; a client that measured from
// its actual (late) send time would report one slow request and a clean p99.
const stallAt = rate; // one second in
const stall = await openLoop({
  ratePerSec: rate,
  durationSec: 2,
  baseUrl,
  makeRequest: (i) => ({ method: 'GET', path: i === stallAt ? '/stall' : '/work' }),
});
noErrors('stall', stall);
expect(stall.latency.max >= STALL_MS, `stall: max ${stall.latency.max} ms below the ${STALL_MS} ms stall`);
expect(stall.latency.p99 >= STALL_MS / 2, `stall: p99 ${stall.latency.p99} ms hides the stall`);
expect(
  stall.latency.p50 < delayMs + 50,
  `stall: p50 ${stall.latency.p50} ms, the stall leaked into the median`,
);

server.closeAllConnections();
server.close();

console.log(
  formatSummaries([
    [`open ${rate}/s`, open],
    ['probe /healthz during open', probe],
  ]),
);
console.log(`\n${formatSummary(`closed c=${concurrency}`, closed)}`);
console.log(`\n${formatSummary(`open ${rate}/s, ${STALL_MS} ms stall`, stall)}\n`);
console.log(JSON.stringify({ delayMs, open, probe, closed, stall }));
if (failures.length > 0) {
  console.error(`\nFAIL\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log('\nself-test passed');
}
