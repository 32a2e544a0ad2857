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
 * Each list is indexed once, so a lookup costs a few map reads whatever the list's length.
 */
export function findSite(
  list: readonly ReferrerSite[],
  probe: { host?: string | null; domain?: string | null; source?: string | null },
): ReferrerSite | null {
  const index = indexOf(list);
  if (probe.host) {
    const site = byHost(index, probe.host, probe.domain ?? null);
    if (site) return site;
  } else if (probe.domain) {
    const site = byHost(index, probe.domain, probe.domain);
    if (site) return site;
  }
  if (probe.source) {
    const site = index.names.get(probe.source);
    if (site) return site;
    if (probe.source.includes('.')) {
      // "google.de" as a source: treat it as a host whose registrable part is the host itself.
      const host = probe.source.replace(/^www\./, '');
      return byHost(index, host, host);
    }
  }
  return null;
}

interface SiteIndex {
  hosts: Map<string, ReferrerSite>;
  labels: Map<string, ReferrerSite>;
  names: Map<string, ReferrerSite>;
}

const indexes = new WeakMap<readonly ReferrerSite[], SiteIndex>();

function indexOf(list: readonly ReferrerSite[]): SiteIndex {
  let index = indexes.get(list);
  if (index) return index;
  index = { hosts: new Map(), labels: new Map(), names: new Map() };
  // The first site listing a key wins, as in a linear scan.
  const put = (map: Map<string, ReferrerSite>, key: string, site: ReferrerSite) => {
    if (!map.has(key)) map.set(key, site);
  };
  for (const site of list) {
    for (const d of site.domains ?? []) put(index.hosts, d, site);
    for (const l of site.labels ?? []) put(index.labels, l, site);
    put(index.names, site.name, site);
    for (const a of site.aliases ?? []) put(index.names, a, site);
  }
  indexes.set(list, index);
  return index;
}

function byHost(index: SiteIndex, host: string, domain: string | null): ReferrerSite | null {
  // The host and each parent of it: a.b.linkedin.com, b.linkedin.com, linkedin.com, com.
  for (let at = 0; at !== -1; at = host.indexOf('.', at + 1)) {
    const site = index.hosts.get(at === 0 ? host : host.slice(at + 1));
    if (site) return site;
  }
  if (domain) {
    const dot = domain.indexOf('.');
    const site = index.labels.get(dot === -1 ? domain : domain.slice(0, dot));
    if (site) return site;
  }
  return null;
}
