import type { ReferrerSite } from './referrer-site.ts';
import { SEARCH_ENGINES } from './search-engines.data.ts';
import { SOCIAL_NETWORKS } from './social-networks.data.ts';
import { VIDEO_SITES } from './video-sites.data.ts';
import { WEBMAIL_HOSTS } from './webmail-hosts.data.ts';

/**
 * The channel taxonomy every touch is classified into. A playbook may add its own channels
 * (`channels.custom_channels`); `unassigned` is what no rule matched, and is reported.
 */
export const BUILT_IN_CHANNELS = [
  'paid_search',
  'paid_social',
  'organic_search',
  'organic_social',
  'email',
  'direct',
  'referral',
  'events',
  'partner',
  'content_syndication',
  'display',
  'affiliate',
  'video',
  'sms',
  'unassigned',
] as const;
export type BuiltInChannel = (typeof BUILT_IN_CHANNELS)[number];

/** Built-in referrer lists, by the name a channel rule uses (`referrer_list`, `source_list`). */
export const REFERRER_LISTS = {
  search_engines: SEARCH_ENGINES,
  social_networks: SOCIAL_NETWORKS,
  video_sites: VIDEO_SITES,
  webmail: WEBMAIL_HOSTS,
} as const satisfies Record<string, readonly ReferrerSite[]>;
export type ReferrerListName = keyof typeof REFERRER_LISTS;
export const REFERRER_LIST_NAMES = Object.keys(REFERRER_LISTS) as ReferrerListName[];

/**
 * Click ids that ad and email platforms append to landing-page URLs, lower case, with the
 * platform and the channel the id alone suggests. `fbclid` is added to organic Facebook links
 * too, so it only suggests organic social; `li_fat_id`, `ttclid` and the like are ads-only.
 */
export const CLICK_IDS = {
  gclid: { platform: 'google_ads', suggests: 'paid_search' },
  gbraid: { platform: 'google_ads', suggests: 'paid_search' },
  wbraid: { platform: 'google_ads', suggests: 'paid_search' },
  dclid: { platform: 'google_display', suggests: 'display' },
  msclkid: { platform: 'microsoft_ads', suggests: 'paid_search' },
  yclid: { platform: 'yandex_ads', suggests: 'paid_search' },
  li_fat_id: { platform: 'linkedin_ads', suggests: 'paid_social' },
  ttclid: { platform: 'tiktok_ads', suggests: 'paid_social' },
  twclid: { platform: 'x_ads', suggests: 'paid_social' },
  epik: { platform: 'pinterest_ads', suggests: 'paid_social' },
  sccid: { platform: 'snapchat_ads', suggests: 'paid_social' },
  rdt_cid: { platform: 'reddit_ads', suggests: 'paid_social' },
  fbclid: { platform: 'meta', suggests: 'organic_social' },
  igshid: { platform: 'instagram', suggests: 'organic_social' },
  mc_cid: { platform: 'mailchimp', suggests: 'email' },
  mc_eid: { platform: 'mailchimp', suggests: 'email' },
  _hsenc: { platform: 'hubspot', suggests: 'email' },
  _hsmi: { platform: 'hubspot', suggests: 'email' },
  mkt_tok: { platform: 'marketo', suggests: 'email' },
} as const satisfies Record<string, { platform: string; suggests: BuiltInChannel }>;
export type ClickIdName = keyof typeof CLICK_IDS;
export const CLICK_ID_NAMES = Object.keys(CLICK_IDS) as ClickIdName[];

/**
 * Finds the site of a list that a referrer host/registrable domain or a utm_source names.
 * Hosts match a listed host or any subdomain of it (`www.linkedin.com` → `linkedin.com`), and
 * `labels` match the first label of the registrable domain (`google.co.uk` → `google`). A source
 * matches a site's name, an alias, or — when it looks like a host (`linkedin.com`) — like a host.
 */
export function findSite(
  list: readonly ReferrerSite[],
  probe: { host?: string | null; domain?: string | null; source?: string | null },
): ReferrerSite | null {
  for (const site of list) {
    if (probe.host && hostMatches(site, probe.host, probe.domain ?? null)) return site;
    if (!probe.host && probe.domain && hostMatches(site, probe.domain, probe.domain)) return site;
    if (probe.source && sourceMatches(site, probe.source)) return site;
  }
  return null;
}

function hostMatches(site: ReferrerSite, host: string, domain: string | null): boolean {
  for (const d of site.domains ?? []) {
    if (host === d || host.endsWith(`.${d}`)) return true;
  }
  if (site.labels && domain) {
    const label = domain.slice(0, domain.indexOf('.'));
    if (site.labels.includes(label)) return true;
  }
  return false;
}

function sourceMatches(site: ReferrerSite, source: string): boolean {
  if (source === site.name || site.aliases?.includes(source)) return true;
  if (!source.includes('.')) return false;
  const host = source.replace(/^www\./, '');
  const firstDot = host.indexOf('.');
  // "google.de" as a source: the labels rule needs the registrable part, which for a bare
  // source is simply the text after any subdomain we cannot know; try the host itself.
  return hostMatches(site, host, firstDot > 0 ? host : null);
}
