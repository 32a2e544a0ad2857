// Probabilistic dedupe of person-like records (Fellegi–Sunter with EM, multi-key blocking,
// chaining-resistant clustering). See docs/dedupe.md.
export {
  BLOCKING_KEYS,
  type BlockingKey,
  type BlockingStats,
  blockRecords,
  type CandidatePairs,
} from './block-records.ts';
export {
  type ClusterOptions,
  type ClusterResult,
  clusterRecords,
  type PairScorer,
} from './cluster-records.ts';
export { comparePair, FIELD_COMPARISONS, type FieldComparison } from './compare-records.ts';
export { damerauLevenshtein, jaro, jaroWinkler } from './compare-strings.ts';
export {
  type ComparedPairs,
  compareCandidates,
  type DedupeOptions,
  type DedupeResult,
  type DedupeStats,
  dedupeRecords,
  estimateModel,
  finishDedupe,
  mergeCompared,
} from './dedupe-records.ts';
export {
  estimateM,
  estimateU,
  type FsParameters,
  type PatternTable,
  seededRandom,
} from './estimate-weights.ts';
export { DEDUPE_FIELDS, type DedupeField, type DedupeInput, isDedupeField } from './fields.ts';
export { type ColumnMapping, headerKey, type MapHeadersResult, mapHeaders } from './map-headers.ts';
export { areNicknames, nameRoots, nicknameKey } from './nicknames.ts';
export { nysiis } from './phonetic.ts';
export {
  COLUMN_NAMES,
  type Column,
  type ColumnName,
  joinParts,
  type PreparationPart,
  type PreparedPart,
  type PreparedRecords,
  prepareRecords,
  RecordPreparer,
} from './prepare-records.ts';
export {
  buildModel,
  explainPair,
  type FieldEvidence,
  hardConflict,
  type MatchModel,
  type PairExplanation,
  scorePair,
} from './score-pairs.ts';
