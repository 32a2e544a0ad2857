import {
  type AccountKey,
  type AccountSnapshot,
  type CompiledPlaybook,
  companyMatchKey,
  describeAccountKey,
  type FieldUpdate,
  type FieldValue,
  type PersonEvaluation,
  type PersonSnapshot,
  type PoolTrace,
  type Transition,
} from '@mops/core';
import { columnsOfFields } from '../stores/person.store.ts';
import type { PoolClaim } from './claim-pool.ts';
import type { PersonInput } from './process-person.ts';

/**
 * Builds the one JSON document RECORD_SQL writes: the event, ledger rows, stage transitions,
 * decisions, the person's new state, the account, and the routing decision (for a pool: the
 * ranked candidates the statement claims from, and the trace it completes with the picked rep).
 */
export interface RecordContext {
  playbook: CompiledPlaybook;
  input: PersonInput;
  person: PersonSnapshot;
  isNew: boolean;
  /** `people.version` as read by IDENTIFY: the write only applies if the row is unchanged. */
  seenVersion: number | null;
  previousStage: string;
  account: AccountSnapshot | null;
  accountIsNew: boolean;
  /** How the account was found (email domain, website, company name) and how many matched the name. */
  accountMatch?: AccountMatch | null;
  accountChanged: boolean;
  fieldUpdates: FieldUpdate[];
  evaluation: PersonEvaluation;
  /** For pool routing: the rep claimed (null: nobody available) and how each pool was ranked. */
  poolClaim: PoolClaim | null;
  poolTraces: PoolTrace[];
  now: Date;
  /** When the routing decision was complete (after the claim): captured → routed is our share of speed to lead. */
  routedAt: Date;
}

export interface AccountMatch {
  key: AccountKey;
  nameMatches: number;
}

/** The document's parts the bulk writers read field by field (the import's COPY); RECORD_SQL reads it as JSON. */
export interface RecordDocument {
  now: string;
  captured_at: string;
  routed_at: string;
  version: number;
  source: string;
  account: {
    id: string;
    domain: string;
    name: string | null;
    name_key: string | null;
    is_new: boolean;
    claim: boolean;
  } | null;
  person: {
    id: string;
    email: string;
    is_new: boolean;
    seen_version: number | null;
    columns: Record<string, FieldValue>;
    custom: Record<string, FieldValue>;
    stage: string;
    stage_changed: boolean;
    fit_delta: number;
    engagement_delta: number;
    decayed_at: string | null;
    grade: string | null;
  };
  event: Record<string, unknown> | null;
  enrich: boolean;
  ledger: PersonEvaluation['ledger'];
  transitions: (Omit<Transition, 'from'> & { from: string | null })[];
  decisions: DecisionRow[];
  routing: RoutingSection | null;
}

export function recordDocument(ctx: RecordContext): RecordDocument {
  const { evaluation, input, person, account, now } = ctx;
  const { columns, custom } = columnsOfFields(person.fields);
  const fitDelta = sum(evaluation.ledger.filter((e) => e.model === 'fit').map((e) => e.points));
  const engagementDelta = sum(evaluation.ledger.filter((e) => e.model === 'engagement').map((e) => e.points));
  const routing = routingSection(ctx);
  return {
    now: now.toISOString(),
    captured_at: input.capturedAt.toISOString(),
    routed_at: ctx.routedAt.toISOString(),
    version: ctx.playbook.version.id,
    source: input.source,
    account: account
      ? {
          id: account.id,
          domain: account.domain,
          name: account.name,
          // Only a new account's row is written from here; an existing one keeps its key.
          name_key: ctx.accountIsNew && account.name ? companyMatchKey(account.name) || null : null,
          is_new: ctx.accountIsNew,
          claim: routing?.claim_account ?? false,
        }
      : null,
    person: {
      id: person.id,
      email: person.email,
      is_new: ctx.isNew,
      seen_version: ctx.seenVersion,
      columns,
      custom,
      stage: evaluation.lifecycle.stage,
      stage_changed: evaluation.lifecycle.stage !== ctx.previousStage,
      fit_delta: fitDelta,
      engagement_delta: engagementDelta,
      decayed_at: evaluation.engagementDecayedAt?.toISOString() ?? null,
      grade: evaluation.grade,
    },
    event: input.event
      ? {
          type: input.event.type,
          occurred_at: input.event.occurredAt.toISOString(),
          form_id: input.event.formId ?? null,
          path: input.event.path ?? null,
          message_id: input.event.messageId,
          properties: input.event.properties,
          touch: input.event.touch ?? null,
        }
      : null,
    enrich: enrichmentDue(ctx),
    ledger: evaluation.ledger,
    transitions: transitionsOf(ctx),
    decisions: decisionsOf(ctx),
    routing,
  };
}

/** Enrichment is worth a job when there is a new person or new company facts to look up. */
const enrichmentDue = (ctx: RecordContext): boolean =>
  ctx.playbook.source.enrichment !== undefined &&
  (ctx.isNew ||
    ctx.accountIsNew ||
    ctx.accountChanged ||
    ctx.fieldUpdates.some((u) => u.field === 'company' || u.field === 'country' || u.field === 'website'));

type RoutingSection = Record<string, unknown> & { claim_account: boolean };

function routingSection(ctx: RecordContext): RoutingSection | null {
  const plan = ctx.evaluation.routing;
  if (!plan) return null;
  const who =
    `${String(ctx.person.fields.first_name ?? '')} ${String(ctx.person.fields.last_name ?? '')}`.trim() ||
    ctx.person.email;
  const job = (repId: string | null, queue: string | null, reason: string) => ({
    personId: ctx.person.id,
    stage: ctx.evaluation.lifecycle.stage,
    who,
    repId,
    queue,
    reason,
  });
  const trace = { note: ctx.evaluation.routingNote, rules: plan.trace, pools: ctx.poolTraces };
  if (plan.kind === 'owner') {
    return {
      kind: 'owner',
      via: plan.via,
      rule_id: plan.ruleId,
      rep_id: plan.repId,
      queue: null,
      reason: plan.reason,
      trace,
      job: job(plan.repId, null, plan.reason),
      claim_account: false,
    };
  }
  if (plan.kind === 'pools' && ctx.poolClaim) {
    const { poolId, repId } = ctx.poolClaim;
    const overflow = poolId !== plan.poolIds[0] ? ` (overflow: nobody available in ${plan.poolIds[0]})` : '';
    const reason = `${plan.reason}: pool ${poolId}${overflow} → ${repId}`;
    return {
      kind: 'pool',
      via: 'pool',
      rule_id: plan.ruleId,
      pool_id: poolId,
      rep_id: repId,
      queue: null,
      reason,
      trace,
      job: job(repId, null, reason),
      claim_account: plan.claimAccount && ctx.account !== null && ctx.account.ownerRepId === null,
    };
  }
  const queue = ctx.playbook.source.routing.fallback.queue;
  const why =
    plan.kind === 'pools' ? `${plan.reason}: nobody available in ${plan.poolIds.join(', ')}` : plan.reason;
  const reason = `${why} → fallback queue ${queue}`;
  return {
    kind: 'fallback',
    via: 'fallback',
    rule_id: plan.kind === 'pools' ? plan.ruleId : null,
    rep_id: null,
    queue,
    reason,
    trace,
    job: job(null, queue, reason),
    claim_account: false,
  };
}

function transitionsOf(ctx: RecordContext): (Omit<Transition, 'from'> & { from: string | null })[] {
  const created = ctx.isNew
    ? [
        {
          from: null,
          to: ctx.previousStage,
          ruleId: '_created',
          reason: `new person enters ${ctx.previousStage}`,
          reasonCode: null,
          backward: false,
          inputs: {},
        },
      ]
    : [];
  return [...created, ...ctx.evaluation.lifecycle.transitions];
}

export interface DecisionRow {
  kind: string;
  reason: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  about_account: boolean;
}

function decisionsOf(ctx: RecordContext): DecisionRow[] {
  const { input, evaluation, account } = ctx;
  // Intake — identity, washing and the account link — is one decision: one row per submission
  // instead of three on the hot path, with each step's evidence under its own key.
  const identity = ctx.isNew
    ? `new person: nobody had the email ${input.email}`
    : ctx.person.email !== input.email
      ? `${input.email} was merged into ${ctx.person.email}: matched that person`
      : `matched the existing person with the email ${input.email}`;
  const linkAccount = ctx.isNew || ctx.accountIsNew || ctx.accountChanged;
  const match = ctx.accountMatch;
  const matchedBy = match
    ? ` by ${describeAccountKey(match.key)}${match.nameMatches > 1 ? ` — ${match.nameMatches} accounts share that name; a named account first, then the oldest` : ''}`
    : '';
  const accountText = account
    ? `linked to the account for ${account.domain}${matchedBy}${ctx.accountIsNew ? ' (new account)' : ''}${account.named ? ', a named account' : ''}`
    : match?.key.by === 'company_name'
      ? `no account: ${input.emailDomain} is a free-mail provider and no account is called "${match.key.from}"`
      : `no account: ${input.emailDomain} is a free-mail provider`;
  const washed =
    input.washChanges.length > 0
      ? `washed ${[...new Set(input.washChanges.map((c) => c.field))].join(', ')}`
      : null;
  const lines = input.origin?.lines as number[] | undefined;
  const moreLines = Number(input.origin?.lines_total ?? 0) - (lines?.length ?? 0);
  const origin = input.origin?.file
    ? `from ${String(input.origin.file)} line ${lines?.join(', ') ?? '?'}${moreLines > 0 ? ` and ${moreLines} more` : ''}`
    : null;
  const rows: DecisionRow[] = [
    {
      kind: 'intake',
      reason: [identity, origin, washed, linkAccount ? accountText : null].filter(Boolean).join('; '),
      inputs: {
        email: input.email,
        source: input.source,
        email_domain: input.emailDomain,
        free_mail: input.isFreeMail,
        ...(input.origin ? { origin: input.origin } : {}),
      },
      outputs: {
        identity: { created: ctx.isNew },
        ...(washed ? { wash: input.washChanges } : {}),
        ...(linkAccount
          ? {
              account: account
                ? {
                    account_id: account.id,
                    matched_by: match?.key.by ?? null,
                    ...(match && match.nameMatches > 1 ? { name_matches: match.nameMatches } : {}),
                    created: ctx.accountIsNew,
                    owner: account.ownerRepId,
                    named: account.named,
                  }
                : null,
            }
          : {}),
      },
      about_account: linkAccount && account !== null,
    },
  ];
  if (ctx.fieldUpdates.length > 0) {
    rows.push({
      kind: 'field_update',
      reason: `updated ${ctx.fieldUpdates.map((u) => u.field).join(', ')} (the most recent value wins)`,
      inputs: {},
      outputs: { updates: ctx.fieldUpdates },
      about_account: false,
    });
  }
  if (evaluation.skipped.length > 0) {
    rows.push({
      kind: 'score_skipped',
      reason: evaluation.skipped.map((s) => s.reason).join('; '),
      inputs: {},
      outputs: { skipped: evaluation.skipped },
      about_account: false,
    });
  }
  const held = evaluation.lifecycle.blocked.filter((b) => !b.routine);
  if (held.length > 0) {
    rows.push({
      kind: 'lifecycle_held',
      reason: held.map((b) => b.reason).join('; '),
      inputs: {},
      outputs: { blocked: held },
      about_account: false,
    });
  }
  return rows;
}

const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
