import { evaluateCondition } from '../conditions/evaluate-condition.ts';
import type { Subject } from '../model.ts';
import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import { repAvailability } from './rep-availability.ts';

export interface RuleTrace {
  ruleId: string;
  matched: boolean;
  note: string;
  inputs: Record<string, unknown>;
}

export type RoutingPlan =
  | {
      kind: 'owner';
      ruleId: string;
      repId: string;
      via: 'existing_owner' | 'account_owner';
      reason: string;
      trace: RuleTrace[];
    }
  | {
      kind: 'pools';
      ruleId: string;
      poolIds: string[];
      claimAccount: boolean;
      reason: string;
      trace: RuleTrace[];
    }
  | { kind: 'fallback'; reason: string; trace: RuleTrace[] };

/**
 * First match wins. Owner rules (existing owner, account owner) only match when that owner can
 * actually take the lead — an inactive or out-of-office owner falls through to the next rule —
 * so the trace shows each rule that was considered and why it did or did not apply.
 */
export function planRouting(subject: Subject, now: Date, playbook: CompiledPlaybook): RoutingPlan {
  const trace: RuleTrace[] = [];
  for (const rule of playbook.source.routing.rules) {
    const evaluation = rule.when ? evaluateCondition(rule.when, subject) : { matched: true, reads: {} };
    if (!evaluation.matched) {
      trace.push({ ruleId: rule.id, matched: false, note: 'condition not met', inputs: evaluation.reads });
      continue;
    }
    if (rule.assign) {
      const ownerId =
        rule.assign === 'existing_owner' ? subject.person.ownerRepId : (subject.account?.ownerRepId ?? null);
      const what = rule.assign === 'existing_owner' ? 'person' : 'account';
      if (!ownerId) {
        trace.push({
          ruleId: rule.id,
          matched: false,
          note: `the ${what} has no owner`,
          inputs: evaluation.reads,
        });
        continue;
      }
      const rep = playbook.reps.get(ownerId);
      const availability = rep ? repAvailability(rep, now, false) : null;
      if (!availability?.available) {
        const note = `${what} owner ${ownerId} is ${availability?.why ?? 'not a rep in this playbook'}`;
        trace.push({ ruleId: rule.id, matched: false, note, inputs: evaluation.reads });
        continue;
      }
      trace.push({
        ruleId: rule.id,
        matched: true,
        note: `${what} owner ${ownerId}`,
        inputs: evaluation.reads,
      });
      return {
        kind: 'owner',
        ruleId: rule.id,
        repId: ownerId,
        via: rule.assign,
        reason: `${rule.description ?? rule.id}: assigned to the ${what} owner ${ownerId}`,
        trace,
      };
    }
    const pool = rule.pool as string;
    trace.push({
      ruleId: rule.id,
      matched: true,
      note: `pool ${[pool, ...rule.overflow].join(' → ')}`,
      inputs: evaluation.reads,
    });
    return {
      kind: 'pools',
      ruleId: rule.id,
      poolIds: [pool, ...rule.overflow.filter((p) => p !== pool)],
      claimAccount: rule.claim_account,
      reason: rule.description ?? rule.id,
      trace,
    };
  }
  return { kind: 'fallback', reason: 'no routing rule matched', trace };
}
