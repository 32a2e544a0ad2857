import type { Condition } from '../conditions/condition.schema.ts';
import { compileRegex } from '../conditions/regex.ts';
import { walkCondition } from '../conditions/walk-condition.ts';
import { checkEnrichment } from '../enrichment/check-enrichment.ts';
import { didYouMean } from '../text/suggest.ts';
import { parseDuration } from '../time/duration.ts';
import { parseWorkingHours } from '../time/working-hours.ts';
import { isValidTimeZone } from '../time/zoned-time.ts';
import { checkTracking } from '../tracking/check-tracking.ts';
import { parseDateRange } from './compile-playbook.ts';
import { ACCOUNT_ATTRIBUTES, INPUT_FIELDS, PERSON_FIELDS, TRACKING_FIELDS } from './person-fields.ts';
import type { Playbook } from './playbook.schema.ts';

export interface PlaybookIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

/**
 * Checks what a schema cannot: that every name a rule uses refers to something that exists.
 * Each issue carries the YAML path so the loader can point at the exact line.
 */
export function checkReferences(pb: Playbook): PlaybookIssue[] {
  const issues: PlaybookIssue[] = [];
  const add = (path: (string | number)[], code: string, message: string) =>
    issues.push({ path, code, message });

  const stageIds = pb.lifecycle.stages.map((s) => s.id);
  const sideIds = pb.lifecycle.side_paths.map((s) => s.id);
  const allStages = [...stageIds, ...sideIds];
  const repIds = pb.reps.map((r) => r.id);
  const poolIds = Object.keys(pb.routing.pools);
  const formIds = Object.keys(pb.forms);
  const customIds = pb.fields.map((f) => f.id);
  const personFields = [...Object.keys(PERSON_FIELDS), ...customIds];

  const unknown = (path: (string | number)[], what: string, name: string, known: string[]) =>
    add(
      path,
      `UNKNOWN_${what.toUpperCase().replace(/ /g, '_')}`,
      `unknown ${what} "${name}"; known: ${known.join(', ') || '(none)'}.${didYouMean(name, known)}`,
    );

  checkUnique(
    stageIds.map((id, i) => [id, ['lifecycle', 'stages', i, 'id']]),
    'stage',
    add,
  );
  checkUnique(
    allStages.map((id, i) => [
      id,
      i < stageIds.length
        ? ['lifecycle', 'stages', i, 'id']
        : ['lifecycle', 'side_paths', i - stageIds.length, 'id'],
    ]),
    'stage or side path',
    add,
  );
  if (pb.lifecycle.initial_stage && !stageIds.includes(pb.lifecycle.initial_stage)) {
    unknown(['lifecycle', 'initial_stage'], 'stage', pb.lifecycle.initial_stage, stageIds);
  }
  pb.lifecycle.side_paths.forEach((side, i) => {
    side.from.forEach((from, j) => {
      if (!stageIds.includes(from))
        unknown(['lifecycle', 'side_paths', i, 'from', j], 'stage', from, stageIds);
    });
    if (side.returns_to && !stageIds.includes(side.returns_to)) {
      unknown(['lifecycle', 'side_paths', i, 'returns_to'], 'stage', side.returns_to, stageIds);
    }
  });

  const checkCondition = (condition: Condition, path: (string | number)[], allowEvents: boolean) => {
    walkCondition(condition, path, (leaf, leafPath) => {
      if ('field' in leaf) {
        if (!personFields.includes(leaf.field))
          unknown([...leafPath, 'field'], 'field', leaf.field, personFields);
        if (leaf.in_region !== undefined && !['country', 'region'].includes(leaf.field)) {
          add(
            [...leafPath, 'in_region'],
            'IN_REGION_NEEDS_COUNTRY',
            'in_region only applies to the country field',
          );
        }
      }
      if ('account' in leaf) {
        const attributes = Object.keys(ACCOUNT_ATTRIBUTES);
        if (!attributes.includes(leaf.account))
          unknown([...leafPath, 'account'], 'account attribute', leaf.account, attributes);
        if (leaf.in_region !== undefined && leaf.account !== 'country') {
          add(
            [...leafPath, 'in_region'],
            'IN_REGION_NEEDS_COUNTRY',
            'in_region only applies to the account country',
          );
        }
      }
      if (('field' in leaf || 'account' in leaf) && leaf.matches !== undefined) {
        const compiled = compileRegex(leaf.matches);
        if (!compiled.ok) add([...leafPath, 'matches'], 'INVALID_REGEX', compiled.error);
      }
      if ('event' in leaf) {
        if (!allowEvents) {
          add(
            [...leafPath, 'event'],
            'EVENT_NOT_ALLOWED',
            'fit rules describe who a person is; score events with engagement rules instead',
          );
        }
        if (leaf.form !== undefined && !formIds.includes(leaf.form))
          unknown([...leafPath, 'form'], 'form', leaf.form, formIds);
      }
    });
  };

  checkUnique(
    pb.lifecycle.rules.map((r, i) => [r.id, ['lifecycle', 'rules', i, 'id']]),
    'lifecycle rule',
    add,
  );
  pb.lifecycle.rules.forEach((rule, i) => {
    if (!allStages.includes(rule.to)) unknown(['lifecycle', 'rules', i, 'to'], 'stage', rule.to, allStages);
    if (rule.allow_backward && !rule.reason_code) {
      add(
        ['lifecycle', 'rules', i, 'reason_code'],
        'REASON_CODE_REQUIRED',
        'a rule that may move people backward needs a reason_code for the audit trail',
      );
    }
    checkCondition(rule.when, ['lifecycle', 'rules', i, 'when'], true);
  });

  checkUnique(
    pb.scoring.fit.rules.map((r, i) => [r.id, ['scoring', 'fit', 'rules', i, 'id']]),
    'fit rule',
    add,
  );
  for (const [i, rule] of pb.scoring.fit.rules.entries()) {
    checkCondition(rule.when, ['scoring', 'fit', 'rules', i, 'when'], false);
  }
  checkUnique(
    pb.scoring.engagement.rules.map((r, i) => [r.id, ['scoring', 'engagement', 'rules', i, 'id']]),
    'engagement rule',
    add,
  );
  for (const [i, rule] of pb.scoring.engagement.rules.entries()) {
    checkCondition(rule.when, ['scoring', 'engagement', 'rules', i, 'when'], true);
  }
  for (const model of ['fit', 'engagement'] as const) {
    const bounds = pb.scoring[model];
    if (bounds.cap !== undefined && bounds.cap <= bounds.floor) {
      add(
        ['scoring', model, 'cap'],
        'CAP_BELOW_FLOOR',
        `cap (${bounds.cap}) must be above floor (${bounds.floor})`,
      );
    }
  }
  const halfLife = pb.scoring.engagement.decay?.half_life;
  if (halfLife !== undefined) {
    const parsed = parseDuration(halfLife);
    if (!parsed.ok) add(['scoring', 'engagement', 'decay', 'half_life'], 'INVALID_DURATION', parsed.error);
    else if (parsed.value < 3_600_000) {
      add(
        ['scoring', 'engagement', 'decay', 'half_life'],
        'HALF_LIFE_TOO_SHORT',
        `a half-life of ${halfLife} would wipe engagement out between two events; use 1h or more`,
      );
    }
  }

  const sla = parseDuration(pb.routing.sla.first_touch);
  if (!sla.ok) add(['routing', 'sla', 'first_touch'], 'INVALID_DURATION', sla.error);

  if (!stageIds.includes(pb.routing.at_stage))
    unknown(['routing', 'at_stage'], 'stage', pb.routing.at_stage, stageIds);
  checkUnique(
    pb.routing.rules.map((r, i) => [r.id, ['routing', 'rules', i, 'id']]),
    'routing rule',
    add,
  );
  pb.routing.rules.forEach((rule, i) => {
    if (rule.pool !== undefined && !poolIds.includes(rule.pool))
      unknown(['routing', 'rules', i, 'pool'], 'pool', rule.pool, poolIds);
    rule.overflow.forEach((pool, j) => {
      if (!poolIds.includes(pool)) unknown(['routing', 'rules', i, 'overflow', j], 'pool', pool, poolIds);
    });
    if (rule.when) checkCondition(rule.when, ['routing', 'rules', i, 'when'], true);
  });
  for (const [poolId, pool] of Object.entries(pb.routing.pools)) {
    const seen = new Set<string>();
    pool.members.forEach((member, j) => {
      const path = ['routing', 'pools', poolId, 'members', j, 'rep'];
      if (!repIds.includes(member.rep)) unknown(path, 'rep', member.rep, repIds);
      if (seen.has(member.rep))
        add(
          path,
          'DUPLICATE_MEMBER',
          `rep "${member.rep}" is listed twice in pool "${poolId}"; use weight instead`,
        );
      seen.add(member.rep);
    });
  }

  checkUnique(
    pb.reps.map((r, i) => [r.id, ['reps', i, 'id']]),
    'rep',
    add,
  );
  pb.reps.forEach((rep, i) => {
    if (!isValidTimeZone(rep.timezone)) {
      add(
        ['reps', i, 'timezone'],
        'INVALID_TIMEZONE',
        `"${rep.timezone}" is not an IANA time zone (e.g. America/Chicago, Europe/Berlin)`,
      );
    }
    const hours = parseWorkingHours(rep.hours);
    if (!hours.ok) add(['reps', i, 'hours'], 'INVALID_HOURS', hours.error);
    rep.out_of_office.forEach((text, j) => {
      const range = parseDateRange(text);
      if (!isIsoDate(range.from) || !isIsoDate(range.to) || range.from > range.to) {
        add(
          ['reps', i, 'out_of_office', j],
          'INVALID_DATE_RANGE',
          `"${text}" is not a date or range; write 2026-12-24 or 2026-12-24..2027-01-02`,
        );
      }
    });
  });
  if (!isValidTimeZone(pb.workspace.timezone)) {
    add(
      ['workspace', 'timezone'],
      'INVALID_TIMEZONE',
      `"${pb.workspace.timezone}" is not an IANA time zone (e.g. America/New_York)`,
    );
  }

  checkUnique(
    pb.accounts.map((a, i) => [a.domain.toLowerCase(), ['accounts', i, 'domain']]),
    'account domain',
    add,
  );
  pb.accounts.forEach((account, i) => {
    if (account.owner !== undefined && !repIds.includes(account.owner))
      unknown(['accounts', i, 'owner'], 'rep', account.owner, repIds);
  });

  const formFields = [...INPUT_FIELDS, ...customIds];
  for (const [formId, form] of Object.entries(pb.forms)) {
    const names = form.fields.map((f) => (typeof f === 'string' ? f.replace(/!$/, '') : f.name));
    names.forEach((name, j) => {
      const path = ['forms', formId, 'fields', j];
      if (!formFields.includes(name)) unknown(path, 'field', name, formFields);
      if (names.indexOf(name) !== j) add(path, 'DUPLICATE_FIELD', `field "${name}" is listed twice`);
    });
    const email = form.fields.find((f) => (typeof f === 'string' ? f.replace(/!$/, '') : f.name) === 'email');
    if (!email || (typeof email === 'string' ? !email.endsWith('!') : !email.required)) {
      add(
        ['forms', formId, 'fields'],
        'EMAIL_REQUIRED',
        'every form needs a required email field ("email!"): it is how people are identified',
      );
    }
    if ([...formFields, ...TRACKING_FIELDS].includes(form.honeypot as never)) {
      add(
        ['forms', formId, 'honeypot'],
        'HONEYPOT_IS_A_FIELD',
        `honeypot "${form.honeypot}" must not be a real field name`,
      );
    }
  }
  issues.push(...checkEnrichment(pb.enrichment));
  issues.push(...checkTracking(pb));

  const dedupe = pb.hygiene.dedupe;
  const mergeable = ['default', ...INPUT_FIELDS, ...customIds];
  for (const field of Object.keys(dedupe.survivorship)) {
    if (!mergeable.includes(field))
      unknown(['hygiene', 'dedupe', 'survivorship', field], 'field', field, mergeable);
  }
  if (dedupe.review_above > dedupe.auto_merge_above) {
    add(
      ['hygiene', 'dedupe', 'review_above'],
      'REVIEW_ABOVE_AUTO_MERGE',
      `review_above (${dedupe.review_above}) must not exceed auto_merge_above (${dedupe.auto_merge_above}): pairs between the two go to review`,
    );
  }
  checkUnique(
    dedupe.source_priority.map((source, i) => [source, ['hygiene', 'dedupe', 'source_priority', i]]),
    'source',
    add,
  );
  return issues;
}

function checkUnique(
  entries: [string, (string | number)[]][],
  what: string,
  add: (path: (string | number)[], code: string, message: string) => void,
) {
  const seen = new Set<string>();
  for (const [id, path] of entries) {
    if (seen.has(id)) add(path, 'DUPLICATE_ID', `${what} id "${id}" is used more than once`);
    seen.add(id);
  }
}

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
