import { describe, expect, it } from 'vitest';
import { EXAMPLE_SOURCE } from '../testing/example-playbook.ts';
import { deepEqual, diffPlaybooks, type PlaybookChange } from './diff-playbook.ts';
import type { Playbook } from './playbook.schema.ts';

const EXAMPLE: Playbook = EXAMPLE_SOURCE;

/** A copy of the example with one change applied: the example itself is never touched. */
function changed(change: (pb: Playbook) => void): Playbook {
  const copy = structuredClone(EXAMPLE);
  change(copy);
  return copy;
}

const fitRule = (pb: Playbook, id: string) => {
  const rule = pb.scoring.fit.rules.find((r) => r.id === id);
  if (!rule) throw new Error(`test setup: no fit rule ${id}`);
  return rule;
};

describe('diffPlaybooks', () => {
  it.each<{ name: string; after: Playbook; changes: PlaybookChange[] }>([
    {
      name: 'identical playbooks',
      after: structuredClone(EXAMPLE),
      changes: [],
    },
    {
      name: 'the points of a fit rule',
      after: changed((pb) => {
        fitRule(pb, 'senior-buyer').points = 30;
      }),
      changes: [{ op: 'changed', path: 'scoring.fit.rules[senior-buyer].points', before: 25, after: 30 }],
    },
    {
      name: 'the condition of a fit rule',
      after: changed((pb) => {
        fitRule(pb, 'manager').when = { field: 'seniority', in: ['manager', 'lead'] };
      }),
      changes: [
        { op: 'removed', path: 'scoring.fit.rules[manager].when.eq', before: 'manager' },
        { op: 'added', path: 'scoring.fit.rules[manager].when.in', after: ['manager', 'lead'] },
      ],
    },
    {
      name: 'an added rep',
      after: changed((pb) => {
        pb.reps.push({
          id: 'zoe',
          name: 'Zoe Park',
          email: 'zoe@northwind.example',
          timezone: 'America/Denver',
          hours: 'Mon-Fri 08:00-17:00',
          out_of_office: [],
          active: true,
        });
      }),
      changes: [
        {
          op: 'added',
          path: 'reps[zoe]',
          after: {
            id: 'zoe',
            name: 'Zoe Park',
            email: 'zoe@northwind.example',
            timezone: 'America/Denver',
            hours: 'Mon-Fri 08:00-17:00',
            out_of_office: [],
            active: true,
          },
        },
      ],
    },
    {
      name: 'a rep made inactive',
      after: changed((pb) => {
        const rep = pb.reps.find((r) => r.id === 'fay');
        if (rep) rep.active = false;
      }),
      changes: [{ op: 'changed', path: 'reps[fay].active', before: true, after: false }],
    },
    {
      name: 'a removed pool',
      after: changed((pb) => {
        delete pb.routing.pools['follow-the-sun'];
      }),
      changes: [
        {
          op: 'removed',
          path: 'routing.pools.follow-the-sun',
          before: EXAMPLE.routing.pools['follow-the-sun'],
        },
      ],
    },
    {
      name: 'a pool member weight (members are matched by rep)',
      after: changed((pb) => {
        const member = pb.routing.pools.na?.members.find((m) => m.rep === 'eli');
        if (member) member.weight = 3;
      }),
      changes: [{ op: 'changed', path: 'routing.pools.na.members[eli].weight', before: 1, after: 3 }],
    },
    {
      name: 'reordered routing rules (order matters: first match wins)',
      after: changed((pb) => {
        const [first, second] = pb.routing.rules;
        if (first && second) pb.routing.rules.splice(0, 2, second, first);
      }),
      changes: [
        {
          op: 'changed',
          path: 'routing.rules (order)',
          before: ['existing-owner', 'account-owner', 'enterprise', 'north-america', 'emea', 'apac'],
          after: ['account-owner', 'existing-owner', 'enterprise', 'north-america', 'emea', 'apac'],
        },
      ],
    },
    {
      name: 'a removed routing rule does not count as reordering',
      after: changed((pb) => {
        pb.routing.rules = pb.routing.rules.filter((r) => r.id !== 'enterprise');
      }),
      changes: [
        {
          op: 'removed',
          path: 'routing.rules[enterprise]',
          before: EXAMPLE.routing.rules.find((r) => r.id === 'enterprise'),
        },
      ],
    },
    {
      name: 'an account matched by domain',
      after: changed((pb) => {
        const account = pb.accounts.find((a) => a.domain === 'initech.example');
        if (account) account.owner = 'dana';
      }),
      changes: [{ op: 'added', path: 'accounts[initech.example].owner', after: 'dana' }],
    },
    {
      name: 'a scalar setting',
      after: changed((pb) => {
        pb.routing.at_stage = 'sal';
      }),
      changes: [{ op: 'changed', path: 'routing.at_stage', before: 'mql', after: 'sal' }],
    },
    {
      name: 'a list of plain values is compared whole',
      after: changed((pb) => {
        const form = pb.forms.newsletter;
        if (form) form.fields = ['email!', 'first_name', 'country'];
      }),
      changes: [
        {
          op: 'changed',
          path: 'forms.newsletter.fields',
          before: ['email!', 'first_name'],
          after: ['email!', 'first_name', 'country'],
        },
      ],
    },
  ])('$name', ({ after, changes }) => {
    expect(diffPlaybooks(EXAMPLE, after)).toEqual(changes);
  });

  it('reports several changes in one pass', () => {
    const after = changed((pb) => {
      fitRule(pb, 'senior-buyer').points = 30;
      delete pb.routing.pools.apac;
      pb.workspace.name = 'Northwind';
    });
    expect(diffPlaybooks(EXAMPLE, after).map((c) => `${c.op} ${c.path}`)).toEqual([
      'changed workspace.name',
      'changed scoring.fit.rules[senior-buyer].points',
      'removed routing.pools.apac',
    ]);
  });

  it('is symmetric: swapping the sides swaps added and removed', () => {
    const after = changed((pb) => {
      delete pb.routing.pools.apac;
    });
    expect(diffPlaybooks(after, EXAMPLE)).toEqual([
      { op: 'added', path: 'routing.pools.apac', after: EXAMPLE.routing.pools.apac },
    ]);
  });
});

describe('deepEqual', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['equal scalars', 1, 1, true],
    ['different scalars', 1, '1', false],
    ['nested objects, any key order', { a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] }, true],
    ['lists in another order', [1, 2], [2, 1], false],
    ['lists of different length', [1], [1, 1], false],
    ['a missing key vs undefined', { a: 1 }, { a: 1, b: undefined }, true],
    ['list vs object', [], {}, false],
    ['null vs object', null, {}, false],
  ])('%s → %s', (_name, a, b, equal) => {
    expect(deepEqual(a, b)).toBe(equal);
  });
});
