import { evaluateLifecycle, type LifecycleResult } from '../lifecycle/evaluate-lifecycle.ts';
import type { AccountSnapshot, EngagementHistory, EngineEvent, PersonSnapshot } from '../model.ts';
import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import { planRouting, type RoutingPlan } from '../routing/plan-routing.ts';
import { gradeOf } from '../scoring/grade.ts';
import type { LedgerEntry, SkippedRule } from '../scoring/ledger.ts';
import { scoreEngagement } from '../scoring/score-engagement.ts';
import { scoreFit } from '../scoring/score-fit.ts';

export interface PersonEvaluationInput {
  person: PersonSnapshot;
  account: AccountSnapshot | null;
  /** The event being processed (a form submission, a tracked event), or null for a re-evaluation. */
  event: EngineEvent | null;
  history: EngagementHistory;
  /** Route an unowned person already at the routing stage (routing deferred by an import). */
  reroute?: boolean;
}

export interface PersonEvaluation {
  ledger: LedgerEntry[];
  skipped: SkippedRule[];
  fitScore: number;
  engagementScore: number;
  engagementDecayedAt: Date | null;
  grade: string | null;
  lifecycle: LifecycleResult;
  /** Null when routing is not due; `routingNote` says why either way. */
  routing: RoutingPlan | null;
  routingNote: string;
}

/**
 * The synchronous heart of the lead pipeline: score (fit, then engagement), run the lifecycle
 * rules against the new scores, and decide whether — and by which rule — the person is routed.
 * Pure: the shell supplies the state and the clock, and writes whatever comes back.
 */
export function evaluatePerson(
  input: PersonEvaluationInput,
  now: Date,
  playbook: CompiledPlaybook,
): PersonEvaluation {
  const subject = { person: input.person, account: input.account, event: input.event };
  const fit = scoreFit(subject, playbook);
  const scored = { ...subject, person: { ...subject.person, fitScore: fit.score } };
  const touchesEngagement = input.event !== null || input.person.engagementDecayedAt !== null;
  const engagement = touchesEngagement ? scoreEngagement(scored, input.history, now, playbook) : null;
  const person: PersonSnapshot = {
    ...scored.person,
    engagementScore: engagement?.score ?? input.person.engagementScore,
  };
  const lifecycle = evaluateLifecycle({ ...subject, person }, playbook);
  const routed = { ...subject, person: { ...person, stage: lifecycle.stage } };
  const due = routingDue(input.person.stage, lifecycle.stage, input.person.ownerRepId, input, playbook);
  return {
    ledger: [...fit.entries, ...(engagement?.entries ?? [])],
    skipped: engagement?.skipped ?? [],
    fitScore: fit.score,
    engagementScore: person.engagementScore,
    engagementDecayedAt: engagement?.decayedAt ?? input.person.engagementDecayedAt,
    grade: gradeOf(fit.score, person.engagementScore, playbook),
    lifecycle,
    routing: due.due ? planRouting(routed, now, playbook) : null,
    routingNote: due.note,
  };
}

/**
 * Routing happens when a person enters the routing stage (or beyond) — and again when an unowned
 * person at that stage raises a hand, so a lead parked in the fallback queue gets another chance.
 */
function routingDue(
  before: string,
  after: string,
  ownerRepId: string | null,
  { event, reroute }: Pick<PersonEvaluationInput, 'event' | 'reroute'>,
  playbook: CompiledPlaybook,
): { due: boolean; note: string } {
  const atStage = playbook.source.routing.at_stage;
  const inZone = (stage: string) => (playbook.stageIndex.get(stage) ?? -1) >= playbook.routingStageIndex;
  if (!inZone(after)) return { due: false, note: `routing starts at ${atStage}; person is ${after}` };
  if (!inZone(before)) return { due: true, note: `entered ${after} (routing starts at ${atStage})` };
  if (ownerRepId === null && event?.type === 'form_submit') {
    return { due: true, note: `unowned ${after} submitted a form: routing again` };
  }
  if (ownerRepId === null && reroute) {
    return { due: true, note: `unowned ${after}: routing deferred by an import` };
  }
  return { due: false, note: ownerRepId ? `already owned by ${ownerRepId}` : `already routed at ${after}` };
}
