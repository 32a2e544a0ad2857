import { type CompiledNaming, normalizeUtmCampaign } from '@mops/core';
import { MopsError } from '../errors.ts';
import { checkName, nameError } from './campaign-naming.ts';
import {
  FieldErrors,
  readCurrency,
  readDate,
  readEnum,
  readKey,
  readMoney,
  readText,
} from './parse-values.ts';

export const CAMPAIGN_STATUSES = ['planned', 'active', 'paused', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** A campaign as checked, ready to store. */
export interface CampaignInput {
  name: string;
  utmCampaign: string | null;
  channel: string;
  type: string | null;
  owner: string | null;
  startDate: string | null;
  endDate: string | null;
  budget: number | null;
  currency: string;
  status: CampaignStatus;
  parts: Record<string, string>;
}

const KNOWN_FIELDS = new Set([
  'name',
  'channel',
  'type',
  'owner',
  'owner_rep_id',
  'start',
  'start_date',
  'end',
  'end_date',
  'budget',
  'currency',
  'status',
  'utm_campaign',
  // The playbook's registry may describe a campaign; the description is not stored.
  'description',
]);

/**
 * Checks a campaign from the API, the CLI or the playbook registry. The name must follow the
 * playbook's convention (CAMPAIGN_NAME_INVALID with the precise error); every other problem is
 * listed at once (VALIDATION_FAILED). `type` and `channel` default to the name's parts of the
 * same name and must agree with them.
 */
export function readCampaignInput(
  body: Record<string, unknown>,
  naming: CompiledNaming | null,
  /** The workspace currency (playbook `workspace.currency`). */
  defaultCurrency = 'USD',
): CampaignInput {
  const errors = new FieldErrors();
  for (const key of Object.keys(body)) {
    if (!KNOWN_FIELDS.has(key))
      errors.add(
        key,
        'UNKNOWN_FIELD',
        `unknown field "${key.slice(0, 60)}"; fields: ${[...KNOWN_FIELDS].join(', ')}`,
      );
  }
  const rawName = typeof body.name === 'string' ? body.name : undefined;
  if (body.name !== undefined && rawName === undefined)
    errors.add('name', 'INVALID_TYPE', 'name must be text');
  const name = rawName ?? '';
  const check = checkName(naming, name);
  const parts = check.ok ? check.parts : {};
  const type = readKey(errors, 'type', body.type) ?? parts.type ?? null;
  const channel = readKey(errors, 'channel', body.channel) ?? parts.channel;
  if (!channel) errors.add('channel', 'REQUIRED', 'channel is required (e.g. paid_social)');
  for (const [field, value] of [
    ['type', type],
    ['channel', channel],
  ] as const) {
    const fromName = parts[field];
    if (fromName !== undefined && value && value !== fromName) {
      errors.add(
        field,
        'DISAGREES_WITH_NAME',
        `${field} "${value}" disagrees with the name, whose ${field} part is "${fromName}"`,
      );
    }
  }
  const owner = readText(errors, 'owner', body.owner ?? body.owner_rep_id, { max: 100 }) ?? null;
  const startDate = readDate(errors, 'start', body.start ?? body.start_date) ?? null;
  const endDate = readDate(errors, 'end', body.end ?? body.end_date) ?? null;
  if (startDate && endDate && endDate < startDate) {
    errors.add('end', 'END_BEFORE_START', `end ${endDate} is before start ${startDate}`);
  }
  const budget = readMoney(errors, 'budget', body.budget) ?? null;
  const currency = readCurrency(errors, 'currency', body.currency) ?? defaultCurrency;
  const status = readEnum(errors, 'status', body.status, CAMPAIGN_STATUSES) ?? 'planned';
  const utmText = readText(errors, 'utm_campaign', body.utm_campaign, { max: 200 });
  if (!check.ok) {
    const error = nameError(check, name);
    throw new MopsError(error.code, error.message, [...(error.details ?? []), ...errors.details]);
  }
  errors.throwIfAny(`campaign "${name.slice(0, 80)}" is invalid`);
  return {
    name,
    // A campaign is found from a link's utm_campaign; by default that is its own name.
    utmCampaign: normalizeUtmCampaign(utmText ?? name),
    channel: channel as string,
    type,
    owner,
    startDate,
    endDate,
    budget,
    currency,
    status,
    parts,
  };
}
