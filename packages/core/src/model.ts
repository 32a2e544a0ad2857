/**
 * The data engines reason about. The shell loads these from the database; engines never see SQL.
 */
export type FieldValue = string | number | boolean | null;

export interface PersonSnapshot {
  id: string;
  email: string;
  /** Washed standard fields, derived fields and custom fields. */
  fields: Record<string, FieldValue>;
  stage: string;
  ownerRepId: string | null;
  fitScore: number;
  engagementScore: number;
  /** When engagement decay was last written to the ledger (null: never scored). */
  engagementDecayedAt: Date | null;
  /** Current ledger sum per fit rule id (incl. the cap adjustment), so fit re-evaluation writes only deltas. */
  fitContributions: Record<string, number>;
}

export interface AccountSnapshot {
  id: string;
  domain: string;
  name: string | null;
  employees: number | null;
  industry: string | null;
  country: string | null;
  ownerRepId: string | null;
  named: boolean;
}

export interface EngineEvent {
  type: string;
  occurredAt: Date;
  formId?: string | undefined;
  /** For page views: the URL path. */
  path?: string | undefined;
  properties: Record<string, unknown>;
}

/** What engagement rules need to know about a person's scoring history. */
export interface EngagementHistory {
  /** Ledger entries with points per rule id on the event's day (workspace time zone). */
  entriesTodayByRule: Record<string, number>;
  /** Points ever added per rule id (for `max_total`). */
  pointsByRule: Record<string, number>;
}

/** Everything a condition may read. */
export interface Subject {
  person: PersonSnapshot;
  account: AccountSnapshot | null;
  event: EngineEvent | null;
}
