// Test support (not part of the package's API): the example playbook every engine test starts from.
import { readFileSync } from 'node:fs';
import { type CompiledPlaybook, compilePlaybook } from '../playbook/compile-playbook.ts';
import { loadPlaybook } from '../playbook/load-playbook.ts';
import type { Playbook } from '../playbook/playbook.schema.ts';

export const EXAMPLE_PLAYBOOK_TEXT = readFileSync(
  new URL('../../../../examples/playbook.yaml', import.meta.url),
  'utf8',
);

const loaded = loadPlaybook(EXAMPLE_PLAYBOOK_TEXT);
if (!loaded.ok) throw new Error(loaded.error.message);

/** The parsed example playbook. Do not mutate: `examplePlaybook(change)` gives an edited copy. */
export const EXAMPLE_SOURCE: Playbook = loaded.value;

/** The example playbook compiled (version 1), optionally edited first. */
export function examplePlaybook(change: (pb: Playbook) => void = () => {}): CompiledPlaybook {
  const source = structuredClone(EXAMPLE_SOURCE);
  change(source);
  return compilePlaybook(source, { id: 1, hash: 'x' });
}

/** The example playbook without engagement decay: scores stay as earned, whatever the dates. */
export const exampleWithoutDecay = (): CompiledPlaybook =>
  examplePlaybook((pb) => {
    delete pb.scoring.engagement.decay;
  });
