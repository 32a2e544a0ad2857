import { z } from 'zod';

/**
 * Conditions are data: a small, closed language a Marketing Ops manager can read in a pull request.
 *
 *   { field: country, in: [US, CA] }                 a person field
 *   { account: employees, gte: 5000 }                an attribute of the person's account
 *   { score: fit, gte: 40 }                          a score
 *   { event: form_submit, form: demo-request }       the event being processed right now
 *   { all: [...] } / { any: [...] } / { not: {...} } combinators
 */
export const Scalar = z.union([z.string(), z.number(), z.boolean()]);
export type Scalar = z.infer<typeof Scalar>;

export const Region = z.enum(['NA', 'LATAM', 'EMEA', 'APAC']);
export type Region = z.infer<typeof Region>;

/** The comparison operators; a leaf condition uses exactly one of them. */
const operatorShape = {
  eq: Scalar.optional().describe('equals (case-insensitive for text)'),
  neq: Scalar.optional().describe('does not equal'),
  in: z.array(Scalar).min(1).optional().describe('equals one of'),
  not_in: z.array(Scalar).min(1).optional().describe('equals none of'),
  exists: z.boolean().optional().describe('has a value (true) or is empty (false)'),
  gt: z.number().optional(),
  gte: z.number().optional(),
  lt: z.number().optional(),
  lte: z.number().optional(),
  between: z.tuple([z.number(), z.number()]).optional().describe('inclusive range [low, high]'),
  matches: z.string().optional().describe('regular expression; a leading (?i) makes it case-insensitive'),
  contains: z.string().optional().describe('contains this text (case-insensitive)'),
  in_region: z
    .union([Region, z.array(Region).min(1)])
    .optional()
    .describe('country is in the sales region(s)'),
};

export const OPERATORS = Object.keys(operatorShape) as (keyof typeof operatorShape)[];
export type Operator = (typeof OPERATORS)[number];

const exactlyOneOperator = (value: Record<string, unknown>) =>
  OPERATORS.filter((op) => value[op] !== undefined).length === 1;
const oneOperatorMessage = `use exactly one operator: ${OPERATORS.join(', ')}`;

export const FieldCondition = z
  .strictObject({ field: z.string().min(1).describe('person field'), ...operatorShape })
  .refine(exactlyOneOperator, { message: oneOperatorMessage });
export type FieldCondition = z.infer<typeof FieldCondition>;

export const AccountCondition = z
  .strictObject({ account: z.string().min(1).describe('account attribute'), ...operatorShape })
  .refine(exactlyOneOperator, { message: oneOperatorMessage });
export type AccountCondition = z.infer<typeof AccountCondition>;

export const ScoreCondition = z
  .strictObject({
    score: z.enum(['fit', 'engagement', 'total']),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    between: z.tuple([z.number(), z.number()]).optional(),
  })
  .refine(
    (v) => ['gt', 'gte', 'lt', 'lte', 'between'].filter((op) => v[op as 'gt'] !== undefined).length === 1,
    {
      message: 'use exactly one of gt, gte, lt, lte, between',
    },
  );
export type ScoreCondition = z.infer<typeof ScoreCondition>;

export const EventCondition = z.strictObject({
  event: z.string().min(1).describe('event type, e.g. form_submit, page_view, webinar_attended'),
  form: z.string().optional().describe('for form_submit: the form id'),
  path: z.string().optional().describe('for page_view: the URL path (exact, or a prefix ending in *)'),
  properties: z.record(z.string(), Scalar).optional().describe('event properties that must be equal'),
});
export type EventCondition = z.infer<typeof EventCondition>;

export type Condition =
  | FieldCondition
  | AccountCondition
  | ScoreCondition
  | EventCondition
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    FieldCondition,
    AccountCondition,
    ScoreCondition,
    EventCondition,
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ not: Condition }),
  ]),
);

/** The key that tells which kind of condition an object is meant to be (for readable errors). */
export const CONDITION_KINDS = ['field', 'account', 'score', 'event', 'all', 'any', 'not'] as const;
