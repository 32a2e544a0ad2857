import { evaluateCondition } from '../conditions/evaluate-condition.ts';
import type { EngagementHistory, Subject } from '../model.ts';
import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import { formatDuration } from '../time/duration.ts';
import { clamp, DECAY, type LedgerEntry, roundPoints, type SkippedRule, signed } from './ledger.ts';

export interface EngagementResult {
  entries: LedgerEntry[];
  skipped: SkippedRule[];
  score: number;
  /** Set when decay was brought up to `now` (the shell stores it on the person). */
  decayedAt: Date;
}

/**
 * Engagement accumulates from what a person does. Before new points are added, decay since the
 * last write is booked as its own ledger row, so the score stays equal to the ledger's sum.
 */
export function decayEngagement(
  score: number,
  decayedAt: Date | null,
  now: Date,
  playbook: CompiledPlaybook,
): LedgerEntry | null {
  const halfLife = playbook.engagementHalfLifeMs;
  if (halfLife === null || decayedAt === null || score === 0) return null;
  const elapsed = now.getTime() - decayedAt.getTime();
  if (elapsed <= 0) return null;
  const decayed = roundPoints(score * 2 ** (-elapsed / halfLife));
  const delta = roundPoints(decayed - score);
  if (delta === 0) return null;
  return {
    model: 'engagement',
    ruleId: DECAY,
    points: delta,
    reason: `decay with half-life ${formatDuration(halfLife)} over ${formatDuration(elapsed)}: ${score} → ${decayed}`,
    inputs: { from: score, to: decayed, elapsed_ms: elapsed, half_life_ms: halfLife },
  };
}

export function scoreEngagement(
  subject: Subject,
  history: EngagementHistory,
  now: Date,
  playbook: CompiledPlaybook,
): EngagementResult {
  const { cap, floor, rules } = playbook.source.scoring.engagement;
  const entries: LedgerEntry[] = [];
  const skipped: SkippedRule[] = [];
  const entriesToday = { ...history.entriesTodayByRule };
  const pointsByRule = { ...history.pointsByRule };
  let score = subject.person.engagementScore;
  const decay = decayEngagement(score, subject.person.engagementDecayedAt, now, playbook);
  if (decay) {
    entries.push(decay);
    score = roundPoints(score + decay.points);
  }
  if (!subject.event) return { entries, skipped, score, decayedAt: now };

  for (const rule of rules) {
    const evaluation = evaluateCondition(rule.when, subject);
    if (!evaluation.matched) continue;
    const label = rule.description ?? rule.id;
    const today = entriesToday[rule.id] ?? 0;
    if (rule.max_per_day !== undefined && today >= rule.max_per_day) {
      skipped.push({
        model: 'engagement',
        ruleId: rule.id,
        reason: `${label}: already scored ${today}× today (max ${rule.max_per_day} per day)`,
      });
      continue;
    }
    let points = rule.points;
    const notes: string[] = [];
    if (rule.max_total !== undefined && points > 0) {
      const remaining = Math.max(0, rule.max_total - (pointsByRule[rule.id] ?? 0));
      if (remaining < points) {
        points = remaining;
        notes.push(`rule total limited to ${rule.max_total}`);
      }
    }
    // A rule never moves the score against its own sign, even when the score sits outside the
    // limits (after the cap was lowered or the floor raised): it adds nothing instead.
    const bounded = roundPoints(clamp(score + points, floor, cap) - score);
    const applied = points >= 0 ? Math.max(0, bounded) : Math.min(0, bounded);
    if (applied !== points) notes.push(`engagement held within ${floor}..${cap ?? '∞'}`);
    if (applied === 0) {
      skipped.push({
        model: 'engagement',
        ruleId: rule.id,
        reason: `${label}: ${signed(rule.points)} not added (${notes.join('; ')})`,
      });
      continue;
    }
    entries.push({
      model: 'engagement',
      ruleId: rule.id,
      points: applied,
      reason: `${label}: ${signed(applied)}${notes.length > 0 ? ` (of ${signed(rule.points)}: ${notes.join('; ')})` : ''}`,
      inputs: evaluation.reads,
    });
    score = roundPoints(score + applied);
    entriesToday[rule.id] = today + 1;
    pointsByRule[rule.id] = (pointsByRule[rule.id] ?? 0) + applied;
  }
  return { entries, skipped, score, decayedAt: now };
}
