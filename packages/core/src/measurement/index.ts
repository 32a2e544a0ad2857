// Measurement: the pure halves of mops's reports (funnel, response times, lead aging, scoring
// evaluation, budget planning). The database counts; these turn counts into defensible numbers.
export * from './business-time.ts';
export * from './funnel.ts';
export * from './lead-aging.ts';
export * from './percentiles.ts';
export * from './plan.ts';
export * from './rescore.ts';
export * from './response-times.ts';
export * from './scoring-evaluation.ts';
