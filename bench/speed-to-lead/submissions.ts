// Realistic, unique demo-request submissions: a spread of countries (every territory and pool),
// titles, and some colleagues from the same company (account-owner matching).
import type { RequestSpec } from '../lib/load.ts';

const PROSPECTS = [
  { country: 'United States', state: 'California' },
  { country: 'US', state: 'NY' },
  { country: 'USA', state: 'Texas' },
  { country: 'Canada', state: 'Ontario' },
  { country: 'United Kingdom', state: '' },
  { country: 'Germany', state: '' },
  { country: 'France', state: '' },
  { country: 'Netherlands', state: '' },
  { country: 'Japan', state: '' },
  { country: 'Australia', state: '' },
  { country: 'India', state: '' },
  { country: 'Brazil', state: '' },
];
const TITLES = [
  'VP Marketing',
  'Director of Demand Generation',
  'Marketing Operations Manager',
  'CMO',
  'Head of Sales',
  'RevOps Lead',
  'Sr. Software Engineer',
  'Growth Marketer',
];
const FIRST = ['ada', 'grace', 'alan', 'katherine', 'linus', 'margaret', 'tim', 'barbara', 'dennis', 'radia'];
const LAST = [
  'lovelace',
  'hopper',
  "o'neil",
  'mcdonald',
  'van der berg',
  'johnson',
  'berners-lee',
  'liskov',
  'ritchie',
  'perlman',
];

/** Submission `i` of run `runId`; every 10th person joins a colleague's company. */
export function demoSubmission(runId: string, i: number): RequestSpec {
  const prospect = PROSPECTS[i % PROSPECTS.length] as (typeof PROSPECTS)[number];
  const company = i % 10 === 9 ? i - 9 : i;
  const body = {
    email: `p${i}.${runId}@company${company}-${runId}.example`,
    first_name: FIRST[i % FIRST.length],
    last_name: LAST[(i * 7) % LAST.length],
    company: `Company ${company}`,
    title: TITLES[(i * 3) % TITLES.length],
    country: prospect.country,
    state: prospect.state,
    phone: '+1 415 555 0100',
    utm_source: 'LinkedIn',
    utm_medium: 'paid-social',
  };
  return {
    method: 'POST',
    path: '/v1/forms/demo-request/submissions',
    // A unique client address per submission: behind a proxy (MOPS_TRUST_PROXY=1), as in production.
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    },
    body: JSON.stringify(body),
  };
}
