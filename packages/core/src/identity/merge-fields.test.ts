import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../model.ts';
import { type FieldUpdate, mergePersonFields } from './merge-fields.ts';

describe('mergePersonFields', () => {
  it.each<{
    name: string;
    existing: Record<string, FieldValue>;
    incoming: Record<string, FieldValue>;
    fields: Record<string, FieldValue>;
    updates: FieldUpdate[];
  }>([
    {
      name: 'a new value replaces the stored one',
      existing: { title: 'Marketing Manager', company: 'Initech' },
      incoming: { title: 'VP of Marketing' },
      fields: { title: 'VP of Marketing', company: 'Initech' },
      updates: [{ field: 'title', from: 'Marketing Manager', to: 'VP of Marketing' }],
    },
    {
      name: 'a new field is added',
      existing: { company: 'Initech' },
      incoming: { phone: '+1 555 0100' },
      fields: { company: 'Initech', phone: '+1 555 0100' },
      updates: [{ field: 'phone', from: null, to: '+1 555 0100' }],
    },
    {
      name: 'empty and null never erase',
      existing: { company: 'Initech', phone: '+1 555 0100' },
      incoming: { company: '', phone: null },
      fields: { company: 'Initech', phone: '+1 555 0100' },
      updates: [],
    },
    {
      name: 'the same value is not an update',
      existing: { country: 'US', is_free_mail: false },
      incoming: { country: 'US', is_free_mail: false },
      fields: { country: 'US', is_free_mail: false },
      updates: [],
    },
    {
      name: 'false and 0 are values, not blanks',
      existing: { is_free_mail: true, employees: 10 },
      incoming: { is_free_mail: false, employees: 0 },
      fields: { is_free_mail: false, employees: 0 },
      updates: [
        { field: 'is_free_mail', from: true, to: false },
        { field: 'employees', from: 10, to: 0 },
      ],
    },
    {
      name: 'email is the identity key and never changes here',
      existing: { email: 'ann@initech.example' },
      incoming: { email: 'ann.lee@initech.example' },
      fields: { email: 'ann@initech.example' },
      updates: [],
    },
    {
      name: 'the comparison is exact (case changes are updates)',
      existing: { last_name: 'Mcdonald' },
      incoming: { last_name: 'McDonald' },
      fields: { last_name: 'McDonald' },
      updates: [{ field: 'last_name', from: 'Mcdonald', to: 'McDonald' }],
    },
  ])('$name', ({ existing, incoming, fields, updates }) => {
    const before = structuredClone(existing);
    const result = mergePersonFields(existing, incoming);
    expect(result.fields).toEqual(fields);
    expect(result.updates).toEqual(updates);
    expect(existing).toEqual(before);
  });
});

describe('mergePersonFields: derived fields travel with their source', () => {
  const cases: {
    name: string;
    existing: Record<string, FieldValue>;
    incoming: Record<string, FieldValue>;
    expect: Record<string, FieldValue>;
  }[] = [
    {
      name: 'a new title replaces function and seniority, even with nothing',
      existing: { title: 'VP Marketing', function: 'marketing', seniority: 'vp' },
      incoming: { title: 'Barista', function: null, seniority: null },
      expect: { title: 'Barista', function: null, seniority: null },
    },
    {
      name: 'a new country drops the old state and region when the submission has none',
      existing: { country: 'US', state: 'CA', region: 'NA' },
      incoming: { country: 'DE', region: 'EMEA' },
      expect: { country: 'DE', state: null, region: 'EMEA' },
    },
    {
      name: 'the same country with another state updates the state',
      existing: { country: 'US', state: 'CA', region: 'NA' },
      incoming: { country: 'US', state: 'NY', region: 'NA' },
      expect: { country: 'US', state: 'NY', region: 'NA' },
    },
    {
      name: 'an unchanged title keeps a classification the submission did not repeat',
      existing: { title: 'CMO', function: 'marketing', seniority: 'c_level' },
      incoming: { title: 'CMO' },
      expect: { title: 'CMO', function: 'marketing', seniority: 'c_level' },
    },
  ];
  it.each(cases)('$name', ({ existing, incoming, expect: expected }) => {
    expect(mergePersonFields(existing, incoming).fields).toMatchObject(expected);
  });
});
