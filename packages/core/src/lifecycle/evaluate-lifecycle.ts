import { evaluateCondition } from '../conditions/evaluate-condition.ts';
import type { Subject } from '../model.ts';
import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import type { LifecycleRule } from '../playbook/playbook.schema.ts';

export interface Transition {
  from: string;
  to: string;
  ruleId: string;
  reason: string;
  inputs: Record<string, unknown>;
  backward: boolean;
  reasonCode: string | null;
}

export interface LifecycleResult {
  stage: string;
  transitions: Transition[];
  /**
   * Rules that matched but could not move the person, with why. `routine` marks the everyday case
   * of a rule for an earlier stage (an MQL still "has a name and company"): worth no log entry.
   */
  blocked: { ruleId: string; reason: string; routine: boolean }[];
}

/**
 * Promotion rules run in playbook order, each against the stage the previous rules left, so one
 * event can carry a person known → lead → mql with every step recorded. Stages only move forward
 * unless a rule says `allow_backward` (and then it must carry a reason code).
 */
export function evaluateLifecycle(subject: Subject, playbook: CompiledPlaybook): LifecycleResult {
  let stage = subject.person.stage;
  const transitions: Transition[] = [];
  const blocked: LifecycleResult['blocked'] = [];
  for (const rule of playbook.source.lifecycle.rules) {
    if (rule.to === stage) continue;
    const current = { ...subject, person: { ...subject.person, stage } };
    const evaluation = evaluateCondition(rule.when, current);
    if (!evaluation.matched) continue;
    const move = classifyMove(stage, rule, playbook);
    if (!move.allowed) {
      blocked.push({ ruleId: rule.id, reason: move.why, routine: move.routine });
      continue;
    }
    transitions.push({
      from: stage,
      to: rule.to,
      ruleId: rule.id,
      reason: `${rule.description ?? `rule "${rule.id}" matched`}: ${stage} → ${rule.to}`,
      inputs: evaluation.reads,
      backward: move.backward,
      reasonCode: rule.reason_code ?? null,
    });
    stage = rule.to;
  }
  return { stage, transitions, blocked };
}

function classifyMove(
  from: string,
  rule: LifecycleRule,
  playbook: CompiledPlaybook,
): { allowed: true; backward: boolean } | { allowed: false; why: string; routine: boolean } {
  const fromIndex = playbook.stageIndex.get(from);
  const toIndex = playbook.stageIndex.get(rule.to);
  const targetSide = playbook.sidePaths.get(rule.to);
  if (targetSide) {
    if (targetSide.from.has(from) || rule.allow_backward) return { allowed: true, backward: false };
    return {
      allowed: false,
      why: `${rule.id}: ${rule.to} can only be entered from ${[...targetSide.from].join(', ')} (person is ${from})`,
      routine: false,
    };
  }
  if (toIndex === undefined)
    return { allowed: false, why: `${rule.id}: unknown stage ${rule.to}`, routine: false };
  if (fromIndex === undefined) {
    // On a side path: re-entry is allowed at or after the path's `returns_to` stage.
    const side = playbook.sidePaths.get(from);
    const reentry = side?.returnsTo ? playbook.stageIndex.get(side.returnsTo) : undefined;
    if (reentry !== undefined && toIndex >= reentry) return { allowed: true, backward: false };
    if (rule.allow_backward) return { allowed: true, backward: true };
    return {
      allowed: false,
      why:
        reentry === undefined
          ? `${rule.id}: ${from} is final unless a rule allows moving back`
          : `${rule.id}: people leave ${from} at ${side?.returnsTo} or later`,
      routine: false,
    };
  }
  if (toIndex > fromIndex) return { allowed: true, backward: false };
  if (rule.allow_backward) return { allowed: true, backward: true };
  return {
    allowed: false,
    why: `${rule.id}: ${rule.to} is not ahead of ${from} (stages only move forward)`,
    routine: true,
  };
}
