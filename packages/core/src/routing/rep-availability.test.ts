import { describe, expect, it } from 'vitest';
import type { CompiledRep } from '../playbook/compile-playbook.ts';
import { examplePlaybook } from '../testing/example-playbook.ts';
import { repAvailability } from './rep-availability.ts';

const example = examplePlaybook();

function rep(id: string, change: Partial<CompiledRep> = {}): CompiledRep {
  const found = example.reps.get(id);
  if (!found) throw new Error(`test setup: no rep ${id}`);
  return { ...found, ...change };
}

describe('repAvailability', () => {
  it.each<{ name: string; rep: CompiledRep; at: string; hours: boolean; available: boolean; why: string }>([
    {
      name: 'in working hours',
      rep: rep('eli'),
      at: '2026-11-23T15:00:00Z',
      hours: true,
      available: true,
      why: 'available (local time Mon 10:00)',
    },
    {
      name: 'before working hours in the rep’s own zone',
      rep: rep('fay'),
      at: '2026-11-23T15:00:00Z',
      hours: true,
      available: false,
      why: 'outside working hours (Mon-Fri 08:00-17:00, America/Los_Angeles; local time Mon 07:00)',
    },
    {
      name: 'outside working hours, but hours are not asked about',
      rep: rep('fay'),
      at: '2026-11-23T15:00:00Z',
      hours: false,
      available: true,
      why: 'available (local time Mon 07:00)',
    },
    {
      name: 'inactive always blocks',
      rep: rep('eli', { active: false }),
      at: '2026-11-23T15:00:00Z',
      hours: false,
      available: false,
      why: 'inactive',
    },
    {
      name: 'out of office on the first day, in the rep’s own zone (Berlin is already on the 24th)',
      rep: rep('gus'),
      at: '2026-12-23T23:30:00Z',
      hours: false,
      available: false,
      why: 'out of office 2026-12-24..2027-01-02',
    },
    {
      name: 'the evening before out of office',
      rep: rep('gus'),
      at: '2026-12-23T22:30:00Z',
      hours: false,
      available: true,
      why: 'available (local time Wed 23:30)',
    },
    {
      name: 'out of office on the last day (inclusive)',
      rep: rep('gus'),
      at: '2027-01-02T12:00:00Z',
      hours: false,
      available: false,
      why: 'out of office 2026-12-24..2027-01-02',
    },
    {
      name: 'back after out of office',
      rep: rep('gus'),
      at: '2027-01-04T09:00:00Z',
      hours: true,
      available: true,
      why: 'available (local time Mon 10:00)',
    },
    {
      name: 'a single out-of-office day',
      rep: rep('hana', { outOfOffice: [{ from: '2026-11-23', to: '2026-11-23' }] }),
      at: '2026-11-23T15:00:00Z',
      hours: true,
      available: false,
      why: 'out of office 2026-11-23..2026-11-23',
    },
  ])('$name', ({ rep: r, at, hours, available, why }) => {
    const result = repAvailability(r, new Date(at), hours);
    expect(result.available).toBe(available);
    expect(result.why).toBe(why);
    expect(result.local.label).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d$/);
  });
});
