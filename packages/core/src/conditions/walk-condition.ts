import type { Condition } from './condition.schema.ts';

export type ConditionLeaf = Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown }>;

/** Visits every leaf of a condition tree with its path relative to the root. */
export function walkCondition(
  condition: Condition,
  path: (string | number)[],
  visit: (leaf: ConditionLeaf, path: (string | number)[]) => void,
): void {
  if ('all' in condition) {
    for (const [i, c] of condition.all.entries()) walkCondition(c, [...path, 'all', i], visit);
  } else if ('any' in condition) {
    for (const [i, c] of condition.any.entries()) walkCondition(c, [...path, 'any', i], visit);
  } else if ('not' in condition) walkCondition(condition.not, [...path, 'not'], visit);
  else visit(condition, path);
}

export function conditionUsesEvent(condition: Condition): boolean {
  let uses = false;
  walkCondition(condition, [], (leaf) => {
    if ('event' in leaf) uses = true;
  });
  return uses;
}
