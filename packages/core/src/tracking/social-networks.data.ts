import type { ReferrerSite } from './referrer-site.ts';

// Social networks and communities: a referral from one of these, or a utm_source naming one, is
// social traffic (paid or organic depending on the medium and click ids). Video platforms are in
// video-sites.data.ts. Written for mops from general knowledge.
export const SOCIAL_NETWORKS: readonly ReferrerSite[] = [
  { name: 'linkedin', aliases: ['li', 'lnkd', 'linked_in', 'linkedin_ads'], domains: ['linkedin.com', 'lnkd.in', 'linkedin.cn', 'com.linkedin.android'] },
  { name: 'facebook', aliases: ['fb', 'meta', 'facebook_ads', 'meta_ads'], domains: ['facebook.com', 'fb.com', 'fb.me', 'messenger.com', 'com.facebook.katana', 'com.facebook.orca'] },
  { name: 'instagram', aliases: ['ig', 'insta'], domains: ['instagram.com', 'ig.me', 'com.instagram.android'] },
  { name: 'twitter', aliases: ['x', 'tw', 'x_ads', 'twitter_ads'], domains: ['twitter.com', 'x.com', 't.co', 'com.twitter.android'] },
  { name: 'threads', domains: ['threads.net', 'threads.com'] },
  { name: 'bluesky', aliases: ['bsky'], domains: ['bsky.app', 'bsky.social'] },
  { name: 'mastodon', domains: ['mastodon.social', 'mastodon.online', 'fosstodon.org', 'hachyderm.io'] },
  { name: 'reddit', domains: ['reddit.com', 'redd.it', 'com.reddit.frontpage'] },
  { name: 'pinterest', domains: ['pinterest.com', 'pin.it'], labels: ['pinterest'] },
  { name: 'tiktok', domains: ['tiktok.com', 'com.zhiliaoapp.musically'] },
  { name: 'snapchat', aliases: ['snap'], domains: ['snapchat.com'] },
  { name: 'quora', domains: ['quora.com'] },
  { name: 'tumblr', domains: ['tumblr.com'] },
  { name: 'xing', domains: ['xing.com'] },
  { name: 'vk', aliases: ['vkontakte'], domains: ['vk.com'] },
  { name: 'weibo', domains: ['weibo.com', 'weibo.cn'] },
  { name: 'wechat', domains: ['wechat.com', 'weixin.qq.com'] },
  { name: 'whatsapp', aliases: ['wa'], domains: ['whatsapp.com', 'wa.me', 'com.whatsapp'] },
  { name: 'telegram', domains: ['telegram.org', 't.me'] },
  { name: 'line', domains: ['line.me'] },
  { name: 'discord', domains: ['discord.com', 'discord.gg', 'discordapp.com'] },
  { name: 'slack', domains: ['slack.com', 'com.slack', 'com.tinyspeck.chatlyio'] },
  { name: 'hacker_news', aliases: ['hackernews', 'hn'], domains: ['news.ycombinator.com'] },
  { name: 'product_hunt', aliases: ['producthunt'], domains: ['producthunt.com'] },
  { name: 'stackoverflow', domains: ['stackoverflow.com', 'stackexchange.com'] },
  { name: 'github', domains: ['github.com'] },
  { name: 'medium', domains: ['medium.com'] },
  { name: 'substack', domains: ['substack.com'] },
  { name: 'glassdoor', domains: ['glassdoor.com'] },
  { name: 'nextdoor', domains: ['nextdoor.com'] },
];
