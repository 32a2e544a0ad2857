import { describe, expect, it } from 'vitest';
import { TITLE_SAMPLE } from './job-title.sample.ts';
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

  it.each(['', '   ', '---', 'asdf qwerty'])('%j → nothing', (title) => {
    expect(classifyTitle(title)).toEqual({ function: null, seniority: null });
  });

  it('only ever returns listed values', () => {
    for (const [title] of TITLE_SAMPLE) {
      const { function: fn, seniority } = classifyTitle(title);
      if (fn !== null) expect(JOB_FUNCTIONS).toContain(fn);
      if (seniority !== null) expect(SENIORITIES).toContain(seniority);
    }
  });
});

describe('accuracy on the labelled sample', () => {
  it('gets function and seniority right at least 90% of the time', () => {
    expect(TITLE_SAMPLE.length).toBeGreaterThanOrEqual(150);
    let functionHits = 0;
    let seniorityHits = 0;
    for (const [title, fn, seniority] of TITLE_SAMPLE) {
      const result = classifyTitle(title);
      if (result.function === fn) functionHits++;
      if (result.seniority === seniority) seniorityHits++;
    }
    const functionAccuracy = functionHits / TITLE_SAMPLE.length;
    const seniorityAccuracy = seniorityHits / TITLE_SAMPLE.length;
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.log(
      `job titles (n=${TITLE_SAMPLE.length}): function ${pct(functionAccuracy)}, seniority ${pct(seniorityAccuracy)}`,
    );
    expect(functionAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(seniorityAccuracy).toBeGreaterThanOrEqual(0.9);
  });
});
