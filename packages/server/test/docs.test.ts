import fs from 'node:fs';
import path from 'node:path';
import { playbookJsonSchema } from '@mops/core';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config.ts';

describe('published documents', () => {
  it('docs/playbook.schema.json matches the playbook schema (regenerate: npx mops playbook schema --out docs/playbook.schema.json)', () => {
    const published = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'docs/playbook.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(playbookJsonSchema())));
  });
});
