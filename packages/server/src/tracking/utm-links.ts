import {
  buildUtmLink,
  type CompiledPlaybook,
  checkCampaignName,
  compileNamingConvention,
  normalizeUtmCampaign,
  suggest,
  type UtmLink,
  type UtmLinkInput,
} from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';

/**
 * The UTM link builder (`mops utm build`, `POST /v1/utm/links`): a link only when every value
 * conforms — source and medium canonical (aliases become their canonical value), and
 * utm_campaign a registered campaign, so every click lands on a campaign that reports can find.
 * Otherwise a 422 naming each parameter, what is wrong and what to use instead.
 */
export async function buildConformingLink(
  db: Kysely<DB>,
  playbook: CompiledPlaybook,
  input: UtmLinkInput,
): Promise<UtmLink> {
  const { rows: campaigns } = await sql<{ name: string; utm_campaign: string | null; status: string }>`
    SELECT name, utm_campaign, status FROM campaigns`.execute(db);
  const registered = new Map(
    campaigns.flatMap((c) => {
      const key = normalizeUtmCampaign(c.utm_campaign ?? c.name);
      return key ? [[key, c] as const] : [];
    }),
  );
  const naming = playbook.campaigns.naming ? compileNamingConvention(playbook.campaigns.naming) : null;
  const built = buildUtmLink(input, playbook.utm, {
    checkCampaign: (value) => {
      const campaign = registered.get(value);
      if (campaign) {
        return campaign.status === 'cancelled'
          ? `campaign ${campaign.name} is cancelled; links to it are not built`
          : null;
      }
      const convention = naming?.ok ? checkCampaignName(naming.value, value) : null;
      const closest = suggest(value, registered.keys());
      return [
        `"${value}" is not a registered campaign`,
        convention && !convention.ok
          ? `and does not follow the naming convention: ${convention.error.message}`
          : null,
        closest
          ? `did you mean "${closest}"?`
          : 'create it first (mops campaign create or POST /v1/campaigns)',
      ]
        .filter(Boolean)
        .join('; ');
    },
  });
  if (!built.ok) throw MopsError.from(built.error);
  return built.value;
}
