import type { ReferrerSite } from './referrer-site.ts';

// Video platforms: traffic from these is the video channel. Written for mops from general knowledge.
export const VIDEO_SITES: readonly ReferrerSite[] = [
  { name: 'youtube', aliases: ['yt', 'youtube_ads'], domains: ['youtube.com', 'youtu.be', 'youtube-nocookie.com', 'com.google.android.youtube'] },
  { name: 'vimeo', domains: ['vimeo.com'] },
  { name: 'twitch', domains: ['twitch.tv'] },
  { name: 'wistia', domains: ['wistia.com', 'wistia.net'] },
  { name: 'vidyard', domains: ['vidyard.com'] },
  { name: 'dailymotion', domains: ['dailymotion.com'] },
  { name: 'loom', domains: ['loom.com'] },
  { name: 'brightcove', domains: ['brightcove.com', 'brightcove.net'] },
];
