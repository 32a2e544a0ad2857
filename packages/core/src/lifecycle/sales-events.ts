import { type AppError, err, ok, type Result } from '../result.ts';

// What sales reports back after the hand-off, as track events (from a rep's tool or the CRM).
// Their properties feed the operations reports (speed-to-lead, accept/reject reasons), so they are
// checked on the way in: a rejection without a reason, or a touch by a rep nobody knows, would
// make those reports lie quietly.

export const SALES_EVENTS = [
  'sales_touch',
  'mql_accepted',
  'mql_rejected',
  'sql_qualified',
  'opportunity_created',
  'opportunity_won',
] as const;
export type SalesEvent = (typeof SALES_EVENTS)[number];

export const SALES_ACTIVITIES = ['call', 'email', 'meeting', 'message', 'other'] as const;

export const isSalesEvent = (event: string): event is SalesEvent =>
  (SALES_EVENTS as readonly string[]).includes(event);

const REASON = /^[a-z0-9_]{1,60}$/;

export function checkSalesEvent(
  event: SalesEvent,
  properties: Readonly<Record<string, unknown>>,
  repIds: ReadonlySet<string>,
): Result<null, AppError> {
  const problems: { path: string; code: string; message: string }[] = [];
  const rep = properties.rep;
  if (rep !== undefined && (typeof rep !== 'string' || !repIds.has(rep))) {
    problems.push({
      path: 'properties.rep',
      code: 'UNKNOWN_REP',
      message: `rep must be the id of a rep in the playbook (${[...repIds].slice(0, 12).join(', ')}), got ${JSON.stringify(rep).slice(0, 60)}`,
    });
  }
  if (event === 'sales_touch') {
    const activity = properties.activity;
    if (activity !== undefined && !(SALES_ACTIVITIES as readonly unknown[]).includes(activity)) {
      problems.push({
        path: 'properties.activity',
        code: 'INVALID_ACTIVITY',
        message: `activity must be one of ${SALES_ACTIVITIES.join(', ')}, got ${JSON.stringify(activity).slice(0, 60)}`,
      });
    }
  }
  if (event === 'mql_rejected') {
    const reason = properties.reason;
    if (typeof reason !== 'string' || !REASON.test(reason)) {
      problems.push({
        path: 'properties.reason',
        code: 'REASON_REQUIRED',
        message:
          'a rejected MQL needs a reason code: lower-case letters, digits and _ (e.g. no_budget, not_decision_maker, bad_data)',
      });
    }
  }
  if (problems.length > 0) {
    return err({
      code: 'VALIDATION_FAILED',
      message: `the ${event} event is incomplete: ${problems.map((p) => p.message).join('; ')}`,
      details: problems,
    });
  }
  return ok(null);
}
