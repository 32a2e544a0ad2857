import type { Generated, JSONColumnType } from 'kysely';

/** Kysely's view of the tables in migrations/. Keep in step with the SQL. */
type Json<T extends object | null = Record<string, unknown>> = JSONColumnType<T, string, string>;

export interface PlaybookVersionsTable {
  id: Generated<number>;
  hash: string;
  source_yaml: string;
  playbook: Json;
  source_file: string | null;
  applied_by: string;
  applied_at: Generated<Date>;
}

export interface RepsTable {
  id: string;
  name: string;
  email: string;
  timezone: string;
  hours: string;
  out_of_office: Json<string[]>;
  active: boolean;
  in_playbook: boolean;
  playbook_version_id: number;
  updated_at: Generated<Date>;
}

export interface PoolsTable {
  id: string;
  strategy: string;
  config: Json;
  in_playbook: boolean;
  playbook_version_id: number;
  updated_at: Generated<Date>;
}

export interface PoolMembersTable {
  pool_id: string;
  rep_id: string;
  position: number;
  weight: number;
  in_pool: boolean;
  next_turn: Generated<number>;
  day_key: string | null;
  day_count: Generated<number>;
  total_count: Generated<number>;
  last_assigned_at: Date | null;
}

export interface AccountsTable {
  id: string;
  domain: string;
  name: string | null;
  employees: number | null;
  industry: string | null;
  country: string | null;
  owner_rep_id: string | null;
  named: boolean;
  source: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** companyMatchKey(name): how a person with a personal email finds the account. */
  name_key: string | null;
  parent_id: string | null;
}

export interface PeopleTable {
  id: string;
  email: string;
  account_id: string | null;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  title: string | null;
  country: string | null;
  state: string | null;
  phone: string | null;
  city: string | null;
  website: string | null;
  email_domain: string | null;
  is_free_mail: boolean | null;
  job_function: string | null;
  seniority: string | null;
  region: string | null;
  custom: Json;
  stage: string;
  stage_entered_at: Date;
  fit_score: number;
  engagement_score: number;
  engagement_decayed_at: Date | null;
  grade: string | null;
  owner_rep_id: string | null;
  owner_queue: string | null;
  source: string;
  created_at: Date;
  updated_at: Date;
  version: Generated<number>;
  /** Set on a record merged into another (a tombstone that still resolves its email). */
  merged_into: string | null;
}

export interface EventsTable {
  id: Generated<number>;
  person_id: string | null;
  type: string;
  occurred_at: Date;
  received_at: Date;
  form_id: string | null;
  path: string | null;
  source: string;
  message_id: string | null;
  properties: Json;
  visitor_id: string | null;
  session_id: string | null;
  client_at: Date | null;
  url: string | null;
  referrer_domain: string | null;
  utm: Json | null;
  utm_raw: Json | null;
  click_ids: Json | null;
  channel: string | null;
  channel_rule: string | null;
  campaign_id: string | null;
  is_bot: Generated<boolean>;
}

/** Idempotency keys of events (a partitioned table cannot hold a unique message id itself). */
export interface EventMessageIdsTable {
  message_id: string;
  event_id: number;
  received_at: Date;
}

/** A browser (visitor id cookie) and, once it identified, its person. */
export interface VisitorsTable {
  id: string;
  person_id: string | null;
  first_seen_at: Date;
  last_seen_at: Date;
  identified_at: Date | null;
  first_touch: Json | null;
}

export interface ScoreLedgerTable {
  id: Generated<number>;
  person_id: string;
  model: 'fit' | 'engagement';
  rule_id: string;
  points: number;
  reason: string;
  inputs: Json;
  event_id: number | null;
  playbook_version_id: number;
  created_at: Date;
}

export interface StageTransitionsTable {
  id: Generated<number>;
  person_id: string;
  from_stage: string | null;
  to_stage: string;
  rule_id: string;
  reason: string;
  reason_code: string | null;
  backward: boolean;
  inputs: Json;
  event_id: number | null;
  playbook_version_id: number;
  created_at: Date;
}

export interface RoutingAssignmentsTable {
  id: Generated<number>;
  person_id: string;
  rule_id: string | null;
  via: 'existing_owner' | 'account_owner' | 'pool' | 'fallback';
  pool_id: string | null;
  rep_id: string | null;
  queue: string | null;
  captured_at: Date;
  routed_at: Date;
  assigned_at: Date | null;
  reason: string;
  trace: Json;
  event_id: number | null;
  playbook_version_id: number;
}

export interface DecisionsTable {
  id: Generated<number>;
  person_id: string | null;
  account_id: string | null;
  kind: string;
  reason: string;
  inputs: Json;
  outputs: Json;
  event_id: number | null;
  playbook_version_id: number | null;
  created_at: Date;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor: string;
  action: string;
  target: string | null;
  details: Json;
  created_at: Generated<Date>;
}

export interface FormRejectionsTable {
  id: Generated<number>;
  form_id: string;
  code: string;
  details: Json<unknown[]>;
  payload: Json;
  client_ip: string | null;
  created_at: Generated<Date>;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: string[];
  created_by: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface JobsTable {
  id: Generated<number>;
  task: string;
  payload: Json;
  status: Generated<'pending' | 'running' | 'done' | 'failed'>;
  run_at: Generated<Date>;
  priority: Generated<number>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  unique_key: string | null;
  locked_by: string | null;
  locked_at: Date | null;
  last_error: string | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  job_id: number | null;
  kind: string;
  recipient: string;
  person_id: string | null;
  subject: string;
  body: string;
  created_at: Generated<Date>;
  delivered_at: Date | null;
  delivery: Json | null;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface ImportsTable {
  id: string;
  kind: 'people' | 'accounts';
  status: Generated<'queued' | 'running' | 'completed' | 'failed'>;
  source: string;
  file_name: string;
  stored_path: string | null;
  file_bytes: Generated<number>;
  file_sha256: string | null;
  options: Json;
  rows_read: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  merged: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  committed_through_line: Generated<number>;
  heartbeat_at: Date | null;
  error: string | null;
  playbook_version_id: number | null;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface ImportRejectsTable {
  import_id: string;
  line: number;
  reasons: Json<{ path: string; code: string; message: string }[]>;
  raw: Json<string[]>;
}

export interface PersonMergesTable {
  id: string;
  survivor_id: string;
  merged_id: string;
  probability: number | null;
  evidence: Json<Record<string, unknown> | null>;
  choices: Json<unknown[]>;
  undo: Json;
  actor: string;
  playbook_version_id: number;
  created_at: Date;
  undone_at: Date | null;
  undone_by: string | null;
}

export interface MergeReviewsTable {
  id: string;
  person_a: string;
  person_b: string;
  probability: number;
  evidence: Json;
  status: Generated<'open' | 'merged' | 'rejected'>;
  found_by: string;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  merge_id: string | null;
}

export interface DB {
  person_merges: PersonMergesTable;
  merge_reviews: MergeReviewsTable;
  imports: ImportsTable;
  import_rejects: ImportRejectsTable;
  playbook_versions: PlaybookVersionsTable;
  reps: RepsTable;
  pools: PoolsTable;
  pool_members: PoolMembersTable;
  accounts: AccountsTable;
  people: PeopleTable;
  events: EventsTable;
  event_message_ids: EventMessageIdsTable;
  visitors: VisitorsTable;
  score_ledger: ScoreLedgerTable;
  stage_transitions: StageTransitionsTable;
  routing_assignments: RoutingAssignmentsTable;
  decisions: DecisionsTable;
  audit_log: AuditLogTable;
  form_rejections: FormRejectionsTable;
  api_keys: ApiKeysTable;
  jobs: JobsTable;
  notifications: NotificationsTable;
  schema_migrations: SchemaMigrationsTable;
}
