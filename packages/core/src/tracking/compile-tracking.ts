import { normalizeUtmCampaign } from '../campaigns/normalize-utm-campaign.ts';
import type { CampaignNaming, Page, PlaybookCampaign } from '../playbook/campaigns.schema.ts';
import type { Playbook } from '../playbook/playbook.schema.ts';
import { BUILT_IN_CHANNELS } from './channels.ts';
import { type CompiledChannelRule, compileChannelRules } from './classify-channel.ts';
import { type CompiledUtm, compileUtm } from './normalize-utm.ts';
import { TRACKING_DEFAULTS, type Tracking } from './tracking.schema.ts';

export interface CompiledCampaigns {
  /** The naming convention as written (the campaigns engine compiles and enforces it). */
  naming: CampaignNaming | null;
  registry: readonly PlaybookCampaign[];
  /** Normalised utm_campaign (or name) → campaign, for linking touches. */
  byUtmCampaign: ReadonlyMap<string, PlaybookCampaign>;
}

export interface CompiledTracking {
  tracking: Tracking;
  utm: CompiledUtm;
  /** Every channel a rule or campaign may name: built-in and custom. */
  channels: ReadonlySet<string>;
  channelRules: readonly CompiledChannelRule[];
  campaigns: CompiledCampaigns;
  pages: ReadonlyMap<string, Page>;
}

/** The tracking-related sections with their defaults filled in. The playbook must have passed its checks. */
export function compileTracking(pb: Playbook): CompiledTracking {
  const registry = pb.campaigns?.registry ?? [];
  const byUtmCampaign = new Map<string, PlaybookCampaign>();
  for (const campaign of registry) {
    const key = normalizeUtmCampaign(campaign.utm_campaign ?? campaign.name);
    if (key !== null && !byUtmCampaign.has(key)) byUtmCampaign.set(key, campaign);
  }
  return {
    tracking: { ...TRACKING_DEFAULTS, ...pb.tracking },
    utm: compileUtm(pb.utm),
    channels: new Set([...BUILT_IN_CHANNELS, ...(pb.channels?.custom_channels ?? [])]),
    channelRules: compileChannelRules(pb.channels),
    campaigns: { naming: pb.campaigns?.naming ?? null, registry, byUtmCampaign },
    pages: new Map((pb.pages ?? []).map((page) => [page.slug, page])),
  };
}
