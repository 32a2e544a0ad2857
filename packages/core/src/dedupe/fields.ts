// The person fields the matcher understands. Every input column maps to at most one of these
// (several columns may feed one field: "street_number" + "address_1" → street).

export const DEDUPE_FIELDS = [
  'first_name',
  'last_name',
  'full_name',
  'email',
  'company',
  'domain',
  'title',
  'phone',
  'street',
  'city',
  'state',
  'postcode',
  'country',
  'birth_date',
  'external_id',
] as const;

export type DedupeField = (typeof DEDUPE_FIELDS)[number];

/** One input record: raw strings per field ('' or absent = missing). */
export type DedupeInput = Partial<Record<DedupeField, string>>;

export function isDedupeField(name: string): name is DedupeField {
  return (DEDUPE_FIELDS as readonly string[]).includes(name);
}
