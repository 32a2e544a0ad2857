import { describe, expect, it } from 'vitest';
import { playbookJsonSchema } from './playbook-json-schema.ts';

type Json = Record<string, unknown>;

describe('playbookJsonSchema', () => {
  const schema = playbookJsonSchema();
  const roundTripped = JSON.parse(JSON.stringify(schema)) as Json;
  const properties = roundTripped.properties as Record<string, Json>;

  it('survives JSON serialisation unchanged (no functions, no undefined, no cycles)', () => {
    expect(roundTripped).toEqual(schema);
  });

  it('names itself and follows a JSON Schema draft', () => {
    expect(roundTripped.title).toBe('mops playbook');
    expect(roundTripped.description).toMatch(/lifecycle, scoring, routing, forms/);
    expect(roundTripped.$schema).toMatch(/^https:\/\/json-schema\.org\//);
    expect(roundTripped.type).toBe('object');
  });

  it.each(['workspace', 'fields', 'lifecycle', 'scoring', 'routing', 'reps', 'accounts', 'hygiene', 'forms'])(
    'describes the top-level key %s',
    (key) => {
      expect(properties[key]).toBeTypeOf('object');
    },
  );

  it('rejects unknown top-level keys, as the loader does', () => {
    expect(roundTripped.additionalProperties).toBe(false);
  });

  it('lists as required only what has no default (input shape)', () => {
    expect(new Set(roundTripped.required as string[])).toEqual(
      new Set(['workspace', 'lifecycle', 'scoring', 'routing', 'reps', 'forms']),
    );
    const workspace = properties.workspace as Json;
    expect(workspace.required).toEqual(['name', 'timezone']);
    expect((workspace.properties as Record<string, Json>).timezone?.description).toMatch(/IANA/);
  });

  it('offers the enum values editors complete', () => {
    const text = JSON.stringify(roundTripped);
    for (const value of [
      'round_robin',
      'lowest_count',
      'existing_owner',
      'account_owner',
      'inventory',
      'sla',
    ]) {
      expect(text).toContain(`"${value}"`);
    }
  });

  it('is built fresh on each call (callers may change their copy)', () => {
    expect(playbookJsonSchema()).not.toBe(schema);
    expect(playbookJsonSchema()).toEqual(schema);
  });
});
