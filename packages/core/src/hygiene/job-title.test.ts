import { describe, expect, it } from 'vitest';
import { TITLE_HOLDOUT } from './job-title.holdout.ts';
import { type LabelledTitle, TITLE_SAMPLE } from './job-title.sample.ts';
import { classifyTitle, JOB_FUNCTIONS, SENIORITIES } from './job-title.ts';

describe('classifyTitle', () => {
  it.each([
    // cases named in the spec
    ['Marketing Operations Manager', 'marketing', 'manager'],
    ['Director, Marketing', 'marketing', 'director'],
    ['Marketing Director', 'marketing', 'director'],
    ['RevOps Manager', 'operations', 'manager'],
    ['Revenue Operations Lead', 'operations', 'senior_ic'],
    ['Student', null, 'intern'],
    ['Intern', null, 'intern'],
    ['Software Engineer', 'engineering', 'ic'],
    ['Senior Software Engineer', 'engineering', 'senior_ic'],
    ['Staff Engineer', 'engineering', 'senior_ic'],
    ['Principal Engineer', 'engineering', 'senior_ic'],
    ['Lead Engineer', 'engineering', 'senior_ic'],
    ['Account Executive', 'sales', 'ic'],
    ['SDR', 'sales', 'ic'],
    ['BDR', 'sales', 'ic'],
    ['Controller', 'finance', 'manager'],
    ['Recruiter', 'hr', 'ic'],
    ['Talent Partner', 'hr', 'ic'],
    ['CEO', 'executive', 'c_level'],
    ['Founder', 'executive', 'c_level'],
    ['President', 'executive', 'c_level'],
    ['CMO', 'marketing', 'c_level'],
    ['CTO', 'engineering', 'c_level'],
    ['CIO', 'it', 'c_level'],
    ['CISO', 'it', 'c_level'],
    ['CFO', 'finance', 'c_level'],
    ['COO', 'operations', 'c_level'],
    ['CRO', 'sales', 'c_level'],
    ['CDO', 'data', 'c_level'],
    ['Chief Marketing Officer', 'marketing', 'c_level'],
    ['Head of Marketing', 'marketing', 'director'],
    ['Owner', 'executive', 'c_level'],
    ['Partner', 'executive', 'c_level'],
    // abbreviations
    ['SVP Mktg', 'marketing', 'vp'],
    ['EVP, Sales', 'sales', 'vp'],
    ['AVP Finance', 'finance', 'vp'],
    ['V.P. Engineering', 'engineering', 'vp'],
    ['Sr. Mgr., Marketing', 'marketing', 'manager'],
    ['Snr Software Eng.', 'engineering', 'senior_ic'],
    ['Dir. Marketing', 'marketing', 'director'],
    // traps
    ['Vice President', null, 'vp'],
    ['Senior Vice President, Sales', 'sales', 'vp'],
    ['Product Owner', 'product', 'ic'],
    ['Partner Marketing Manager', 'marketing', 'manager'],
    ['Lead Generation Manager', 'marketing', 'manager'],
    ['Executive Assistant to the CEO', 'operations', 'ic'],
    ['Internal Communications Manager', 'marketing', 'manager'],
    ['Interim CFO', 'finance', 'c_level'],
    ['Chief of Staff', 'executive', 'director'],
    ['Staff Accountant', 'finance', 'ic'],
    ['Head of Growth @ Acme Corp', 'marketing', 'director'],
    ['DIRECTOR OF SALES', 'sales', 'director'],
    ['  marketing   manager ', 'marketing', 'manager'],
  ] as const)('%j → %s / %s', (title, fn, seniority) => {
    expect(classifyTitle(title)).toEqual({ function: fn, seniority });
  });

  it.each(['', '   ', '---', 'asdf qwerty', '😀😀', '\u0000\u0000', 'مدير', '<br/>'])(
    '%j → nothing',
    (title) => {
      expect(classifyTitle(title)).toEqual({ function: null, seniority: null });
    },
  );

  it.each([
    ['<b>VP</b> Marketing', 'marketing', 'vp'],
    ['🚀 Head of Growth 🚀', 'marketing', 'director'],
    ['Marketing\u0000Manager', 'marketing', 'manager'],
    ['مدير Sales Manager', 'sales', 'manager'],
  ] as const)('hostile but readable %j → %s / %s', (title, fn, seniority) => {
    expect(classifyTitle(title)).toEqual({ function: fn, seniority });
  });

  it('stays fast on long hostile input', () => {
    const start = performance.now();
    for (const title of [
      ' '.repeat(10_000),
      `${' '.repeat(10_000)}x`,
      'a '.repeat(5_000),
      'vp '.repeat(3_000),
      `${'Sr. '.repeat(2_500)}Manager`,
      'x'.repeat(10_000),
    ]) {
      classifyTitle(title);
    }
    expect(performance.now() - start).toBeLessThan(200);
  });

  it('only ever returns listed values', () => {
    for (const [title] of TITLE_SAMPLE) {
      const { function: fn, seniority } = classifyTitle(title);
      if (fn !== null) expect(JOB_FUNCTIONS).toContain(fn);
      if (seniority !== null) expect(SENIORITIES).toContain(seniority);
    }
  });
});

function accuracy(sample: readonly LabelledTitle[]): { fn: number; seniority: number } {
  let functionHits = 0;
  let seniorityHits = 0;
  for (const [title, fn, seniority] of sample) {
    const result = classifyTitle(title);
    if (result.function === fn) functionHits++;
    if (result.seniority === seniority) seniorityHits++;
  }
  return { fn: functionHits / sample.length, seniority: seniorityHits / sample.length };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

describe('accuracy on the labelled sample', () => {
  it('holds 300+ distinct titles between the tuning and held-out parts', () => {
    const titles = [...TITLE_SAMPLE, ...TITLE_HOLDOUT].map(([title]) => title.toLowerCase());
    expect(titles.length).toBeGreaterThanOrEqual(300);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('fits the tuning part (the titles the tables were built from)', () => {
    const { fn, seniority } = accuracy(TITLE_SAMPLE);
    console.log(
      `job titles, tuning (n=${TITLE_SAMPLE.length}): function ${pct(fn)}, seniority ${pct(seniority)}`,
    );
    expect(fn).toBeGreaterThanOrEqual(0.95);
    expect(seniority).toBeGreaterThanOrEqual(0.95);
  });

  it('generalizes to the held-out part (never tuned on)', () => {
    expect(TITLE_HOLDOUT.length).toBeGreaterThanOrEqual(150);
    const { fn, seniority } = accuracy(TITLE_HOLDOUT);
    console.log(
      `job titles, held out (n=${TITLE_HOLDOUT.length}): function ${pct(fn)}, seniority ${pct(seniority)}`,
    );
    expect(fn).toBeGreaterThanOrEqual(0.9);
    expect(seniority).toBeGreaterThanOrEqual(0.9);
  });
});
