import type { AccountSnapshot, EngineEvent, PersonSnapshot } from '../model.ts';
import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import { DECAY, roundPoints } from '../scoring/ledger.ts';
import { decayEngagement, scoreEngagement } from '../scoring/score-engagement.ts';
import { scoreFit } from '../scoring/score-fit.ts';
import { zonedDate } from '../time/zoned-time.ts';

/** What a backtest knows about one person: who they are today and every event the pipeline scored. */
export interface RescoreInput {
  person: Pick<PersonSnapshot, 'id' | 'email' | 'fields' | 'stage'> & { ownerRepId?: string | null };
  account: AccountSnapshot | null;
  /** Oldest first (the order the pipeline scored them in). */
  events: readonly EngineEvent[];
}

export interface Rescored {
  fit: number;
  engagement: number;
  total: number;
}

/**
 * A person's scores under a playbook, replayed through the same engines the pipeline runs, so a
 * draft scoring model and the current one are compared on equal terms. Fit is derived from the
 * person as they are now (the pipeline re-derives it on every change, so the stored fit is the
 * same function of the same fields). Engagement replays each event at its own time: decay since
 * the previous event, then the rules, with `max_per_day` counted per day in the workspace time
 * zone and `max_total` over the whole history — then decay up to `now`.
 */
export function rescore(input: RescoreInput, playbook: CompiledPlaybook, now: Date): Rescored {
  const timeZone = playbook.source.workspace.timezone;
  const blank: PersonSnapshot = {
    id: input.person.id,
    email: input.person.email,
    fields: input.person.fields,
    stage: input.person.stage,
    ownerRepId: input.person.ownerRepId ?? null,
    fitScore: 0,
    engagementScore: 0,
    engagementDecayedAt: null,
    fitContributions: {},
  };
  const fit = scoreFit({ person: blank, account: input.account, event: null }, playbook).score;
  let person: PersonSnapshot = { ...blank, fitScore: fit };
  const pointsByRule: Record<string, number> = {};
  let entriesTodayByRule: Record<string, number> = {};
  let day: string | null = null;
  let previous: Date | null = null;
  for (const event of input.events) {
    if (previous !== null && event.occurredAt.getTime() < previous.getTime()) {
      throw new Error(
        `rescore ${input.person.email}: events must be oldest first, but ${event.type} at ${event.occurredAt.toISOString()} follows ${previous.toISOString()}`,
      );
    }
    previous = event.occurredAt;
    const eventDay = zonedDate(event.occurredAt, timeZone);
    if (eventDay !== day) {
      // A new day in the workspace time zone: the daily limits start again, as in the pipeline.
      entriesTodayByRule = {};
      day = eventDay;
    }
    const result = scoreEngagement(
      { person, account: input.account, event },
      { entriesTodayByRule, pointsByRule },
      event.occurredAt,
      playbook,
    );
    for (const entry of result.entries) {
      if (entry.ruleId === DECAY) continue;
      pointsByRule[entry.ruleId] = roundPoints((pointsByRule[entry.ruleId] ?? 0) + entry.points);
      entriesTodayByRule[entry.ruleId] = (entriesTodayByRule[entry.ruleId] ?? 0) + 1;
    }
    person = { ...person, engagementScore: result.score, engagementDecayedAt: result.decayedAt };
  }
  const decay = decayEngagement(person.engagementScore, person.engagementDecayedAt, now, playbook);
  const engagement = roundPoints(person.engagementScore + (decay?.points ?? 0));
  return { fit, engagement, total: roundPoints(fit + engagement) };
}
