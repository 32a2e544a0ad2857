import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyText } from '../src/db/copy-text.ts';
import { inTransaction } from '../src/db/in-transaction.ts';
import {
  batchCopies,
  batchStatementInput,
  COPY_DECISIONS_SQL,
  COPY_LEDGER_SQL,
  COPY_PEOPLE_SQL,
  COPY_TRANSITIONS_SQL,
  type ImportDocument,
} from '../src/imports/batch-copy.ts';
import {
  DECISION_ROWS,
  LEDGER_ROWS,
  PERSON_STATE_COLUMNS,
  PERSON_STATE_VALUES,
  TRANSITION_ROWS,
} from '../src/pipeline/person-statements.ts';
import { createTestDatabase } from './helpers.ts';

// An import batch's new people and explanation rows go by COPY; every other writer (the form
// pipeline's RECORD, and the import before) builds the same rows in SQL from the JSON document.
// Both must store a document identically: each table is written both ways from one document and
// compared column by column — with values COPY must escape, custom fields, and nulls.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const NOW = '2026-11-23T15:00:00.123Z';

function doc(id: string, email: string): ImportDocument {
  return {
    now: NOW,
    captured_at: NOW,
    routed_at: NOW,
    version: 7,
    source: 'import',
    account: null,
    person: {
      id,
      email,
      is_new: true,
      seen_version: null,
      columns: {
        first_name: 'Tab\there',
        last_name: "O'Neil \\ back",
        company: 'Line\nbreak, Inc.',
        title: 'VP\r\nMarketing',
        country: 'US',
        state: 'CA',
        phone: '+14155550199',
        city: 'ünïcödé — ✓',
        // Not what washing produces, but a field may hold a number: stored as jsonb would print it.
        website: 1e21,
        email_domain: 'example.com',
        is_free_mail: true,
        job_function: 'marketing',
        seniority: 'vp',
        region: 'NA',
      },
      custom: { nps: 7, band: 'a\tb "quoted" \\', flag: false },
      stage: 'lead',
      stage_changed: true,
      fit_delta: 42.5,
      engagement_delta: 0,
      decayed_at: '2026-11-20T00:00:00.000Z',
      grade: 'B2',
    },
    event: null,
    enrich: true,
    ledger: [
      {
        model: 'fit',
        ruleId: 'senior',
        points: 25,
        reason: 'Director or above: +25',
        inputs: { seniority: 'vp' },
      },
      {
        model: 'fit',
        ruleId: 'odd',
        points: -0.25,
        reason: 'tab\tand\\slash',
        inputs: { 'key\nwith': ['x', 1, null] },
      },
      { model: 'engagement', ruleId: 'tiny', points: 1e-7, reason: 'rounds to nothing', inputs: {} },
    ],
    transitions: [
      {
        from: null,
        to: 'known',
        ruleId: '_created',
        reason: 'new person enters known',
        reasonCode: null,
        backward: false,
        inputs: {},
      },
      {
        from: 'known',
        to: 'lead',
        ruleId: 'identified',
        reason: 'Name and company known',
        reasonCode: 'named',
        backward: false,
        inputs: { first_name: 'Tab\there' },
      },
    ],
    decisions: [
      {
        kind: 'intake',
        reason: 'new person; from "list.csv" line 2',
        inputs: { email: 'listed@example.com', origin: { lines: [2, 4], file: 'a\\b.csv' } },
        outputs: { identity: { created: true }, wash: [{ field: 'phone', from: '415\t555', to: '+1' }] },
        about_account: false,
      },
    ],
    routing: null,
    defer_routing: false,
  };
}

/** The columns compared: all but the ids each table generates itself. */
const sameColumns = async (table: string, key: string, a: string, b: string) => {
  const { rows } = await database.pool.query(`SELECT * FROM ${table} WHERE ${key} IN ($1, $2) ORDER BY id`, [
    a,
    b,
  ]);
  const strip = (row: Record<string, unknown>) => {
    const { id: _id, email: _email, person_id: _person, ...rest } = row;
    return rest;
  };
  const byKey = (value: string) => rows.filter((row) => row[key] === value).map(strip);
  return [byKey(a), byKey(b)];
};

describe('an import batch by COPY', () => {
  it('stores a document exactly as the statements build it from JSON', async () => {
    const viaCopy = doc('00000000-0000-4000-8000-000000000001', 'copy@example.com');
    const viaSql = doc('00000000-0000-4000-8000-000000000002', 'sql@example.com');
    const copies = batchCopies([viaCopy]);
    expect(copies.jobs).toHaveLength(1);
    await inTransaction(database.pool, async (tx) => {
      const lines = (list: string[]) => `${list.join('\n')}\n`;
      await copyText(tx, COPY_PEOPLE_SQL, lines(copies.people));
      await copyText(tx, COPY_LEDGER_SQL, lines(copies.ledger));
      await copyText(tx, COPY_TRANSITIONS_SQL, lines(copies.transitions));
      await copyText(tx, COPY_DECISIONS_SQL, lines(copies.decisions));
      await tx.query(
        `WITH docs AS (SELECT d, d->'person' AS p, d->'person'->'columns' AS c, (d->>'now')::timestamptz AS now,
                              (d->'person'->>'id')::uuid AS person_id, (d->>'version')::int AS version
                         FROM (SELECT $1::jsonb AS d) x),
         people_row AS (
           INSERT INTO people (id, email, account_id, ${PERSON_STATE_COLUMNS}, source, created_at, updated_at)
           SELECT person_id, p->>'email', NULL, ${PERSON_STATE_VALUES}, 'import', now, now FROM docs),
         ledger AS (
           INSERT INTO score_ledger (person_id, model, rule_id, points, reason, inputs, playbook_version_id, created_at)
           SELECT person_id, x.model, x."ruleId", x.points, x.reason, COALESCE(x.inputs, '{}'), version, now
             FROM docs, jsonb_to_recordset(d->'ledger') AS ${LEDGER_ROWS}),
         transitions AS (
           INSERT INTO stage_transitions (person_id, from_stage, to_stage, rule_id, reason, reason_code, backward,
                                          inputs, playbook_version_id, created_at)
           SELECT person_id, x."from", x."to", x."ruleId", x.reason, x."reasonCode", x.backward,
                  COALESCE(x.inputs, '{}'), version, now
             FROM docs, jsonb_to_recordset(d->'transitions') AS ${TRANSITION_ROWS})
         INSERT INTO decisions (person_id, account_id, kind, reason, inputs, outputs, playbook_version_id, created_at)
         SELECT person_id, NULL, x.kind, x.reason, x.inputs, x.outputs, version, now
           FROM docs, jsonb_to_recordset(d->'decisions') AS ${DECISION_ROWS}`,
        [JSON.stringify(viaSql)],
      );
    });
    const [copiedPerson, builtPerson] = await sameColumns(
      'people',
      'email',
      viaCopy.person.email,
      viaSql.person.email,
    );
    expect(copiedPerson).toEqual(builtPerson);
    expect(copiedPerson?.[0]).toMatchObject({
      first_name: 'Tab\there',
      custom: viaCopy.person.custom,
      grade: 'B2',
    });
    for (const table of ['score_ledger', 'stage_transitions', 'decisions']) {
      const [copied, built] = await sameColumns(table, 'person_id', viaCopy.person.id, viaSql.person.id);
      expect(copied, table).toEqual(built);
      expect(copied?.length, table).toBeGreaterThan(0);
    }
  });

  it('leaves existing people, their pending jobs and new accounts to the statement', () => {
    const fresh = doc('00000000-0000-4000-8000-000000000003', 'fresh@example.com');
    const known = doc('00000000-0000-4000-8000-000000000004', 'known@example.com');
    known.person.is_new = false;
    known.person.seen_version = 3;
    const account = {
      id: '00000000-0000-4000-8000-0000000000aa',
      domain: 'example.com',
      name: 'Ex',
      name_key: 'ex',
      is_new: true,
      claim: false,
    };
    fresh.account = account;
    known.account = account;
    known.defer_routing = true;
    const copies = batchCopies([fresh, known]);
    expect(copies.people).toHaveLength(1);
    expect(copies.jobs).toHaveLength(1);
    expect(copies.ledger).toHaveLength(6); // both people's explanation rows are appended by COPY
    const input = batchStatementInput([fresh, known]);
    expect(input.updates.map((u) => u.person.email)).toEqual(['known@example.com']);
    expect(input.newAccounts).toHaveLength(1);
    expect(input.enrichExisting).toEqual([known.person.id]);
    expect(input.route).toEqual([{ email: 'known@example.com', captured_at: NOW }]);
  });
});
