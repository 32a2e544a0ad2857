import {
  type CampaignNameCheck,
  type CompiledNaming,
  checkCampaignName,
  compileNamingConvention,
  type ErrorDetail,
  MAX_CAMPAIGN_NAME_LENGTH,
  type NamingConvention,
} from '@mops/core';
import { MopsError } from '../errors.ts';

/** One campaign of the playbook's `campaigns.registry`. */
export interface RegistryEntry {
  name: string;
  channel: string;
  type?: string;
  owner?: string;
  start?: string | Date;
  end?: string | Date;
  budget?: number | string;
  currency?: string;
  status?: string;
  utm_campaign?: string;
}

export interface PlaybookCampaigns {
  naming?: NamingConvention;
  registry?: RegistryEntry[];
}

/** The playbook's campaigns section, read structurally so this works whatever else the schema holds. */
export const playbookCampaigns = (source: unknown): PlaybookCampaigns =>
  ((source as { campaigns?: PlaybookCampaigns } | null)?.campaigns ?? {}) as PlaybookCampaigns;

/** Budgets and costs default to the workspace currency. */
export const workspaceCurrency = (source: unknown): string =>
  (source as { workspace?: { currency?: string } } | null)?.workspace?.currency?.toUpperCase() ?? 'USD';

const compiledByConvention = new WeakMap<NamingConvention, CompiledNaming>();

/** The compiled convention of a playbook, or null when it has none (then any sane name goes). */
export function namingOf(source: unknown): CompiledNaming | null {
  const naming = playbookCampaigns(source).naming;
  if (!naming) return null;
  const cached = compiledByConvention.get(naming);
  if (cached) return cached;
  const compiled = compileNamingConvention(naming);
  // The playbook loader checks the convention; a stored playbook with a broken one is a bug.
  if (!compiled.ok) throw new MopsError('PLAYBOOK_INVALID', `campaigns.naming: ${compiled.error.message}`);
  compiledByConvention.set(naming, compiled.value);
  return compiled.value;
}

/** Checks a name under the playbook's convention (or, without one, that it is sane). */
export function checkName(naming: CompiledNaming | null, name: string): CampaignNameCheck {
  if (naming) return checkCampaignName(naming, name);
  if (name.length === 0 || name.length > MAX_CAMPAIGN_NAME_LENGTH || /\p{Cc}/u.test(name)) {
    return {
      ok: false,
      error: {
        code: 'CAMPAIGN_NAME_INVALID',
        message: `a campaign name is 1–${MAX_CAMPAIGN_NAME_LENGTH} characters without control characters`,
        position: 1,
        expected: `1–${MAX_CAMPAIGN_NAME_LENGTH} printable characters`,
      },
    };
  }
  return { ok: true, parts: {} };
}

/** The precise naming error as an expected failure: 422 over HTTP, exit 1 in the CLI. */
export function nameError(check: Extract<CampaignNameCheck, { ok: false }>, name: string): MopsError {
  const { error } = check;
  return new MopsError(
    'CAMPAIGN_NAME_INVALID',
    `campaign name "${name.slice(0, 80)}" breaks the naming convention: ${error.message}`,
    [
      // The detail carries the checker's fields too (part, position, expected, suggestion), so a
      // client can underline the part and offer the suggestion.
      {
        path: 'name',
        location: `character ${error.position}`,
        ...error,
      } as ErrorDetail,
    ],
  );
}
