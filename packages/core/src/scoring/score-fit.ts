import { evaluateCondition } from '../conditions/evaluate-condition.ts';
import type { Subject } from '../model.ts';
import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import { CAP_ADJUSTMENT, clamp, type LedgerEntry, roundPoints, signed } from './ledger.ts';

/**
 * Fit describes who a person is, so it is re-derived from their fields whenever they change and
 * only the difference is written: a rule that starts matching adds its points, a rule that stops
 * matching (or was removed from the playbook) takes them back, and the cap is one explicit row.
 */
export function scoreFit(
  subject: Subject,
  playbook: CompiledPlaybook,
): { entries: LedgerEntry[]; score: number } {
  const { cap, floor, rules } = playbook.source.scoring.fit;
  const current = subject.person.fitContributions;
  const entries: LedgerEntry[] = [];
  let raw = 0;
  const seen = new Set<string>();
  for (const rule of rules) {
    seen.add(rule.id);
    const evaluation = evaluateCondition(rule.when, subject);
    const desired = evaluation.matched ? rule.points : 0;
    raw += desired;
    const delta = roundPoints(desired - (current[rule.id] ?? 0));
    if (delta === 0) continue;
    const label = rule.description ?? rule.id;
    entries.push({
      model: 'fit',
      ruleId: rule.id,
      points: delta,
      reason: evaluation.matched
        ? `${label}: ${signed(delta)}`
        : `${label} no longer matches: ${signed(delta)}`,
      inputs: evaluation.reads,
    });
  }
  for (const [ruleId, points] of Object.entries(current)) {
    if (seen.has(ruleId) || ruleId === CAP_ADJUSTMENT || points === 0) continue;
    entries.push({
      model: 'fit',
      ruleId,
      points: roundPoints(-points),
      reason: `rule "${ruleId}" is no longer in the playbook (v${playbook.version.id}): ${signed(-points)}`,
      inputs: {},
    });
  }
  const score = clamp(raw, floor, cap);
  const capDelta = roundPoints(score - raw - (current[CAP_ADJUSTMENT] ?? 0));
  if (capDelta !== 0) {
    entries.push({
      model: 'fit',
      ruleId: CAP_ADJUSTMENT,
      points: capDelta,
      reason:
        score === raw
          ? `rules no longer exceed the limits (${floor}..${cap ?? '∞'})`
          : `fit rules add up to ${raw}; held at ${score} (limits ${floor}..${cap ?? '∞'})`,
      inputs: { raw, floor, cap: cap ?? null },
    });
  }
  return { entries, score: roundPoints(score) };
}
