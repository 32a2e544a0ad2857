import { describe, expect, it } from 'vitest';
import type { Dedupe } from '../playbook/playbook.schema.ts';
import { chooseSurvivor, type MergeRecord, planMerge } from './plan-merge.ts';

const dedupe: Dedupe = {
  auto_merge_above: 0.95,
  review_above: 0.8,
  survivorship: {
    default: 'most_recent',
    email: 'never_overwrite',
    title: 'most_complete',
    phone: 'source_priority',
  },
  source_priority: ['crm', 'form', 'api', 'enrichment', 'import'],
};

const record = (over: Partial<MergeRecord> & { id: string }): MergeRecord => ({
  email: `${over.id}@acme.com`,
  fields: {},
  source: 'form',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  ...over,
});

describe('chooseSurvivor', () => {
  it('keeps the older record, whatever the argument order', () => {
    const old = record({ id: 'b', createdAt: new Date('2025-01-01') });
    const young = record({ id: 'a', createdAt: new Date('2026-01-01') });
    expect(chooseSurvivor(old, young)[0].id).toBe('b');
    expect(chooseSurvivor(young, old)[0].id).toBe('b');
  });
  it('breaks a tie by id', () => {
    expect(chooseSurvivor(record({ id: 'b' }), record({ id: 'a' }))[0].id).toBe('a');
  });
});

describe('planMerge', () => {
  const survivor = record({
    id: 's',
    source: 'import',
    updatedAt: new Date('2026-02-01'),
    fields: {
      first_name: 'Bob',
      company: 'Acme',
      title: 'VP Mktg',
      function: 'marketing',
      seniority: 'vp',
      phone: '+14155550100',
      city: null,
    },
  });
  const merged = record({
    id: 'm',
    source: 'form',
    updatedAt: new Date('2026-03-01'),
    fields: {
      first_name: 'Robert',
      company: 'Acme Inc.',
      title: 'Vice President, Marketing',
      function: 'marketing',
      seniority: 'vp',
      phone: '+14155550199',
      city: 'Oakland',
      email_domain: 'gmail.com',
    },
  });
  const plan = planMerge(survivor, merged, dedupe);
  const choice = (field: string) => plan.choices.find((c) => c.field === field);

  it.each([
    ['first_name', 'Robert', 'merged', 'most_recent'],
    ['company', 'Acme Inc.', 'merged', 'most_recent'],
    ['title', 'Vice President, Marketing', 'merged', 'most_complete'],
    ['phone', '+14155550199', 'merged', 'source_priority'],
    ['city', 'Oakland', 'merged', 'most_recent'],
  ])('%s → %s (from %s by %s)', (field, value, from, rule) => {
    expect(choice(field)).toMatchObject({ value, from, rule });
    expect(plan.fields[field]).toBe(value);
  });

  it('never moves identity or email-derived fields', () => {
    expect(plan.fields.email_domain).toBeUndefined();
    expect(choice('email_domain')).toBeUndefined();
  });

  it('an empty value never erases, and never_overwrite keeps the survivor', () => {
    const keep = planMerge(
      record({ id: 's', fields: { first_name: 'Ann', last_name: 'Lee' } }),
      record({ id: 'm', updatedAt: new Date('2027-01-01'), fields: { first_name: 'Anne', last_name: '' } }),
      { ...dedupe, survivorship: { default: 'never_overwrite' } },
    );
    expect(keep.fields).toEqual({ first_name: 'Ann', last_name: 'Lee' });
    expect(keep.updates).toEqual([]);
    expect(keep.choices[0]).toMatchObject({ field: 'first_name', from: 'survivor', rule: 'never_overwrite' });
  });

  it('derived fields travel with their source', () => {
    const p = planMerge(
      record({ id: 's', fields: { title: 'Engineer', function: 'engineering', seniority: 'ic' } }),
      record({
        id: 'm',
        updatedAt: new Date('2027-01-01'),
        fields: { title: 'CFO', function: 'finance', seniority: 'c_level' },
      }),
      { ...dedupe, survivorship: { default: 'most_recent' } },
    );
    expect(p.fields).toMatchObject({ title: 'CFO', function: 'finance', seniority: 'c_level' });
    expect(p.updates.map((u) => u.field)).toEqual(['title', 'function', 'seniority']);
  });
});
