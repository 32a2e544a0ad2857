import { comparePair, FIELD_COMPARISONS, FIELD_INDEX } from './compare-records.ts';
import type { FsParameters } from './estimate-weights.ts';
import type { PreparedRecords } from './prepare-records.ts';

// Turning comparison levels into evidence: weight = log2(m / u) per field and level, plus the
// prior log2-odds of a random pair matching, plus term-frequency adjustments on exact matches of
// skewed fields, minus hard rules that no amount of other agreement overrides.

export interface MatchModel {
  /** weights[f][level], log2(m/u); level 0 (missing) is 0. */
  weights: number[][];
  m: number[][];
  u: number[][];
  /** log2 odds that a random pair of records is a match. */
  prior: number;
  /** u of the exact level per field (for term-frequency adjustment). */
  exactU: number[];
  /** Records in the column per field with a value (tf denominators). */
  present: number[];
  parameters: FsParameters;
}

const F = FIELD_COMPARISONS.length;
const TF_CAP = 6;
const M_FLOOR = 0.01;
const FIRST = FIELD_INDEX.first_name as number;
const LAST = FIELD_INDEX.last_name as number;
const GENERATION = FIELD_INDEX.generation as number;
const EMAIL = FIELD_INDEX.email as number;
const COMPANY = FIELD_INDEX.company as number;
const DOMAIN = FIELD_INDEX.domain as number;
const DOB = FIELD_INDEX.birth_date as number;
const EXTERNAL = FIELD_INDEX.external_id as number;

export function buildModel(
  prep: PreparedRecords,
  u: number[][],
  params: FsParameters,
  candidatePairs: number,
): MatchModel {
  const weights = FIELD_COMPARISONS.map((field, f) => {
    const top = field.levels.length - 1;
    return field.levels.map((_, l) => {
      if (l === 0) return 0;
      // Any field can be wrong in a true match now and then (typos, stale data): m never drops
      // below M_FLOOR, so one disagreeing field costs at most ~log2(1/M_FLOOR) bits.
      const m = Math.max((params.m[f] as number[])[l] as number, M_FLOOR);
      const uu = Math.max((u[f] as number[])[l] as number, 1e-9);
      let w = Math.log2(m / uu);
      // Guard rails against EM oddities: disagreement is never evidence FOR a match, exact
      // agreement never evidence against.
      if (l === 1) w = Math.min(w, 0);
      if (l === top) w = Math.max(w, 0);
      return w;
    });
  });
  const n = prep.size;
  const allPairs = (n * (n - 1)) / 2;
  const expectedMatches = params.lambda * candidatePairs;
  const lambdaAll = Math.min(Math.max(expectedMatches / Math.max(allPairs, 1), 1e-12), 0.5);
  const present = FIELD_COMPARISONS.map((field) => {
    const ids = prep.columns[field.column].ids;
    let k = 0;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) k++;
    return k;
  });
  return {
    weights,
    m: params.m,
    u,
    prior: Math.log2(lambdaAll / (1 - lambdaAll)),
    exactU: FIELD_COMPARISONS.map((field, f) => (u[f] as number[])[field.levels.length - 1] as number),
    present,
    parameters: params,
  };
}

/** Why a pair can never match, whatever its weight — or null. */
export function hardConflict(levels: Uint8Array): string | null {
  if (levels[GENERATION] === 1) return 'generational suffixes differ (Jr. vs Sr.)';
  const firstDiffers = levels[FIRST] === 1;
  const lastDiffers = levels[LAST] === 1;
  // Personal identifiers: things colleagues never share; an exact external id (national id,
  // customer number) is unique to one person and counts twice.
  // Personal identifiers: things colleagues never share (a switchboard phone, a company domain or
  // an office address are deliberately NOT on this list).
  const personalIds =
    (levels[EMAIL] === 4 ? 1 : 0) +
    (levels[EXTERNAL] === 4 ? 2 : (levels[EXTERNAL] as number) >= 3 ? 1 : 0) +
    (levels[DOB] === 4 ? 1 : 0);
  if (firstDiffers && lastDiffers && personalIds < 2) return 'first and last names both differ';
  if (lastDiffers && personalIds < 1) return 'last names differ and no shared email, id or birth date';
  // Colleagues: at one company a different first name means a different person (outside a
  // company context first names are too noisy — nicknames, middle names — to veto on their own).
  const sameOrganisation = (levels[COMPANY] as number) >= 3 || levels[DOMAIN] === 2;
  if (firstDiffers && personalIds < 1 && (sameOrganisation || levels[EMAIL] === 1))
    return 'different first names at the same company, or with different emails';
  // Namesakes: same name at different companies with different email addresses.
  if (levels[COMPANY] === 1 && levels[DOMAIN] !== 2 && levels[EMAIL] !== 0 && (levels[EMAIL] as number) < 4)
    return 'different companies and different emails';
  return null;
}

/** Term-frequency adjustment (log2) for field f at the exact level, value id v. */
function tfAdjustment(prep: PreparedRecords, model: MatchModel, f: number, i: number): number {
  const field = FIELD_COMPARISONS[f];
  if (field === undefined || !field.tf) return 0;
  const col = prep.columns[field.column];
  const count = col.counts[col.ids[i] as number] as number;
  const present = model.present[f] as number;
  if (present === 0 || count === 0) return 0;
  const adj = Math.log2((model.exactU[f] as number) / (count / present));
  return Math.max(-TF_CAP, Math.min(TF_CAP, adj));
}

/** Log2-odds of a match given levels (already compared); -Infinity for hard conflicts. */
export function weighLevels(prep: PreparedRecords, model: MatchModel, i: number, levels: Uint8Array): number {
  if (hardConflict(levels) !== null) return Number.NEGATIVE_INFINITY;
  let w = model.prior;
  for (let f = 0; f < F; f++) {
    const l = levels[f] as number;
    if (l === 0) continue;
    w += (model.weights[f] as number[])[l] as number;
    if (l === (FIELD_COMPARISONS[f] as { levels: readonly string[] }).levels.length - 1)
      w += tfAdjustment(prep, model, f, i);
  }
  return w;
}

const scratch = new Uint8Array(F);

export function scorePair(prep: PreparedRecords, model: MatchModel, i: number, j: number): number {
  comparePair(prep, i, j, scratch);
  return weighLevels(prep, model, i, scratch);
}

export interface FieldEvidence {
  field: string;
  level: string;
  /** log2(m/u) including any term-frequency adjustment. */
  weight: number;
  left: string;
  right: string;
}

export interface PairExplanation {
  /** log2 odds (prior + fields); -Infinity when a hard rule forbids the match. */
  weight: number;
  probability: number;
  prior: number;
  conflict: string | null;
  fields: FieldEvidence[];
}

/** The full score breakdown of one pair, as data (stored as merge evidence by the DB mode). */
export function explainPair(prep: PreparedRecords, model: MatchModel, i: number, j: number): PairExplanation {
  const levels = new Uint8Array(F);
  comparePair(prep, i, j, levels);
  const fields: FieldEvidence[] = FIELD_COMPARISONS.map((field, f) => {
    const l = levels[f] as number;
    const col = prep.columns[field.column];
    let weight = (model.weights[f] as number[])[l] as number;
    if (l === field.levels.length - 1) weight += tfAdjustment(prep, model, f, i);
    return {
      field: field.name,
      level: field.levels[l] as string,
      weight,
      left: col.values[col.ids[i] as number] as string,
      right: col.values[col.ids[j] as number] as string,
    };
  });
  const conflict = hardConflict(levels);
  const weight = weighLevels(prep, model, i, levels);
  return {
    weight,
    probability: weight === Number.NEGATIVE_INFINITY ? 0 : 1 / (1 + 2 ** -weight),
    prior: model.prior,
    conflict,
    fields: fields.filter((e) => e.left !== '' || e.right !== ''),
  };
}
