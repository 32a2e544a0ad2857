import { parseDuration } from '../time/duration.ts';
import { parseWorkingHours, type WorkingHours } from '../time/working-hours.ts';
import { type CompiledTracking, compileTracking } from '../tracking/compile-tracking.ts';
import { PERSON_FIELDS, type PersonFieldName } from './person-fields.ts';
import type { Form, Playbook, Pool, Rep } from './playbook.schema.ts';

/**
 * The playbook in the shape engines consume: lookups built once, text parsed once.
 * Compilation assumes the playbook already passed `checkPlaybook` (no dangling references).
 * The tracking sections (`tracking`, `utm`, `channels`, `channelRules`, `campaigns`, `pages`) come
 * from `compileTracking`, with their defaults filled in.
 */
export interface CompiledPlaybook extends CompiledTracking {
  source: Playbook;
  /** Set by the shell once the playbook is stored; every decision records it. */
  version: PlaybookVersionRef;
  /** Main stages in order. */
  stages: string[];
  stageIndex: Map<string, number>;
  sidePaths: Map<string, { from: Set<string>; returnsTo: string | null }>;
  initialStage: string;
  routingStageIndex: number;
  reps: Map<string, CompiledRep>;
  pools: Map<string, Pool>;
  forms: Map<string, CompiledForm>;
  customFields: Set<string>;
  namedAccounts: Map<string, Playbook['accounts'][number]>;
  engagementHalfLifeMs: number | null;
  grades: { fit: [string, number][]; engagement: [string, number][] } | null;
}

export interface PlaybookVersionRef {
  id: number;
  hash: string;
}

export interface CompiledRep extends Rep {
  workingHours: WorkingHours;
  /** Inclusive `YYYY-MM-DD` ranges in the rep's time zone. */
  outOfOffice: { from: string; to: string }[];
}

export interface CompiledFormField {
  name: string;
  required: boolean;
  maxLength: number;
  custom: boolean;
}

export interface CompiledForm extends Form {
  id: string;
  compiledFields: CompiledFormField[];
}

export const DEFAULT_FIELD_MAX_LENGTH = 255;

export function compilePlaybook(source: Playbook, version: PlaybookVersionRef): CompiledPlaybook {
  const stages = source.lifecycle.stages.map((s) => s.id);
  const stageIndex = new Map(stages.map((id, i) => [id, i]));
  const customFields = new Map(source.fields.map((f) => [f.id, f]));
  const halfLife = source.scoring.engagement.decay?.half_life;
  return {
    ...compileTracking(source),
    source,
    version,
    stages,
    stageIndex,
    sidePaths: new Map(
      source.lifecycle.side_paths.map((p) => [
        p.id,
        { from: new Set(p.from), returnsTo: p.returns_to ?? null },
      ]),
    ),
    initialStage: source.lifecycle.initial_stage ?? (stages[0] as string),
    routingStageIndex: stageIndex.get(source.routing.at_stage) ?? Number.POSITIVE_INFINITY,
    reps: new Map(source.reps.map((rep) => [rep.id, compileRep(rep)])),
    pools: new Map(Object.entries(source.routing.pools)),
    forms: new Map(
      Object.entries(source.forms).map(([id, form]) => [
        id,
        { ...form, id, compiledFields: form.fields.map((f) => compileFormField(f, customFields)) },
      ]),
    ),
    customFields: new Set(customFields.keys()),
    namedAccounts: new Map(source.accounts.map((a) => [a.domain.toLowerCase(), a])),
    engagementHalfLifeMs: halfLife ? unwrap(parseDuration(halfLife)) : null,
    grades: source.scoring.grade
      ? {
          fit: sortedThresholds(source.scoring.grade.fit),
          engagement: sortedThresholds(source.scoring.grade.engagement),
        }
      : null,
  };
}

export function compileFormField(
  field: Form['fields'][number],
  customFields: Map<string, { max_length?: number | undefined }>,
): CompiledFormField {
  const spec =
    typeof field === 'string' ? { name: field.replace(/!$/, ''), required: field.endsWith('!') } : field;
  const standard = PERSON_FIELDS[spec.name as PersonFieldName] as { maxLength?: number } | undefined;
  const custom = customFields.get(spec.name);
  const explicitMax = typeof field === 'string' ? undefined : field.max_length;
  return {
    name: spec.name,
    required: spec.required ?? false,
    maxLength: explicitMax ?? standard?.maxLength ?? custom?.max_length ?? DEFAULT_FIELD_MAX_LENGTH,
    custom: standard === undefined,
  };
}

function compileRep(rep: Rep): CompiledRep {
  return {
    ...rep,
    workingHours: unwrap(parseWorkingHours(rep.hours)),
    outOfOffice: rep.out_of_office.map(parseDateRange),
  };
}

/** `2026-12-24..2027-01-02` or a single `2026-12-24`. Validity is checked by `checkPlaybook`. */
export function parseDateRange(text: string): { from: string; to: string } {
  const [from, to] = text.split('..').map((s) => s.trim());
  return { from: from as string, to: to ?? (from as string) };
}

function sortedThresholds(map: Record<string, number>): [string, number][] {
  return Object.entries(map).sort((a, b) => b[1] - a[1]);
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(`compilePlaybook: unchecked playbook: ${result.error}`);
  return result.value;
}
