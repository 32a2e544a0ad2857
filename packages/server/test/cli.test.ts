import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMops } from './cli-helpers.ts';
import {
  createTestApp,
  demoRequest,
  EXAMPLE_PLAYBOOK,
  examplePlaybookText,
  type TestApp,
} from './helpers.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-cli-'));
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('mops playbook validate (files only, no database)', () => {
  it('accepts the example playbook', async () => {
    const result = await runMops(['playbook', 'validate', EXAMPLE_PLAYBOOK]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('is valid — "Northwind Analytics"');
    const json = await runMops(['playbook', 'validate', EXAMPLE_PLAYBOOK, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, reps: 8, forms: 2 });
  });

  it('points at the line of a YAML syntax error', async () => {
    const file = write('broken.yaml', 'workspace:\n  name: X\n  timezone: [unclosed\n');
    const result = await runMops(['playbook', 'validate', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.yaml:\d+:\d+/);
  });

  it('names an unknown pool with its YAML path, line and a suggestion', async () => {
    const text = examplePlaybookText().replace('      pool: emea\n', '      pool: emae\n');
    const line = text.split('\n').findIndex((l) => l.includes('pool: emae')) + 1;
    const result = await runMops(['playbook', 'validate', write('typo.yaml', text)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`typo.yaml:${line}:`);
    expect(result.stderr).toContain('routing.rules[4].pool: unknown pool "emae"');
    expect(result.stderr).toContain('Did you mean "emea"?');
  });

  it('reports a missing file as an environment error (exit 3)', async () => {
    const result = await runMops(['playbook', 'validate', path.join(tmp, 'nope.yaml')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('playbook file not found');
  });

  it('prints the JSON Schema', async () => {
    const result = await runMops(['playbook', 'schema']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ title: 'mops playbook', type: 'object' });
  });

  it('exits 2 on a usage error', async () => {
    const result = await runMops(['playbook', 'frobnicate']);
    expect(result.code).toBe(2);
  });
});

describe('commands that need the database', () => {
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    env = { DATABASE_URL: t.database.url };
    await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({ email: 'cli.person@initech.example', first_name: 'grace', last_name: 'hopper' }),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('person show: state, owner and the reasoned timeline', async () => {
    const result = await runMops(['person', 'show', 'CLI.Person@initech.example'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Grace Hopper <cli.person@initech.example>');
    expect(result.stdout).toMatch(/stage {5}mql/);
    expect(result.stdout).toMatch(/owner {5}\w+ \w+ \((dana|eli|fay)/);
    expect(result.stdout).toContain('lead → mql (hand-raiser)');
    expect(result.stdout).toMatch(/✓ (dana|eli): available/);
    const json = JSON.parse(
      (await runMops(['person', 'show', 'cli.person@initech.example', '--json'], env)).stdout,
    );
    expect(json.person.stage).toBe('mql');
    expect(json.timeline.length).toBeGreaterThan(5);
  });

  it('person show: an unknown email exits 1 with a clear message', async () => {
    const result = await runMops(['person', 'show', 'nobody@initech.example'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nobody with the email nobody@initech.example');
  });

  it('playbook diff and apply: a reviewer sees exactly which rule changed', async () => {
    const file = write(
      'changed.yaml',
      examplePlaybookText().replace(
        'points: 25 }\n      - { id: manager',
        'points: 30 }\n      - { id: manager',
      ),
    );
    const diff = await runMops(['playbook', 'diff', file], env);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('~ scoring.fit.rules[senior-buyer].points: 25 → 30');
    const apply = await runMops(['playbook', 'apply', file], env);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/applied .*changed\.yaml as playbook v2/);
    const again = await runMops(['playbook', 'apply', file], env);
    expect(again.stdout).toContain('unchanged');
    const none = await runMops(['playbook', 'diff', file, '--json'], env);
    expect(JSON.parse(none.stdout)).toEqual({ against: 'v2', changes: [] });
  });

  it('apikey create: a key that works against the API', async () => {
    const result = await runMops(
      ['apikey', 'create', '--name', 'crm-sync', '--scopes', 'people:read,events:write', '--json'],
      env,
    );
    expect(result.code).toBe(0);
    const key = JSON.parse(result.stdout) as { token: string; scopes: string[] };
    expect(key.scopes).toEqual(['people:read', 'events:write']);
    const response = await t.request('/v1/people?email=cli.person%40initech.example', {
      headers: { authorization: `Bearer ${key.token}` },
    });
    expect(response.status).toBe(200);
    const bad = await runMops(['apikey', 'create', '--scopes', 'root'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown scope root');
  });

  it('migrate: reports the schema is up to date', async () => {
    const result = await runMops(['migrate'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('schema is up to date');
  });

  it('an unreachable DATABASE_URL is a clear error with the password hidden (exit 3)', async () => {
    const result = await runMops(['migrate'], { DATABASE_URL: 'postgres://mops:secret@127.0.0.1:1/mops' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('cannot connect to PostgreSQL at postgres://mops:***@127.0.0.1:1/mops');
    expect(result.stderr).toContain('connection refused');
    expect(result.stderr).not.toContain('secret');
  });
});
