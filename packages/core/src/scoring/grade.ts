import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';

/** A combined grade such as `A1`: fit letter × engagement digit, from the playbook's thresholds. */
export function gradeOf(fit: number, engagement: number, playbook: CompiledPlaybook): string | null {
  const grades = playbook.grades;
  if (!grades) return null;
  const pick = (thresholds: [string, number][], score: number) =>
    thresholds.find(([, min]) => score >= min)?.[0] ?? thresholds[thresholds.length - 1]?.[0] ?? '';
  return `${pick(grades.fit, fit)}${pick(grades.engagement, engagement)}`;
}
