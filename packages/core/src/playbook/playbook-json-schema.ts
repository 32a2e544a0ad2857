import { z } from 'zod';
import { Playbook } from './playbook.schema.ts';

/** The JSON Schema editors use for autocompletion of playbook.yaml (input shape: defaults optional). */
export function playbookJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Playbook, { io: 'input', unrepresentable: 'any', cycles: 'ref' }),
    title: 'mops playbook',
    description:
      'One file where marketing and sales agree on definitions: lifecycle, scoring, routing, forms.',
  };
}
