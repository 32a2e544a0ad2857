import type { ReferrerSite } from './referrer-site.ts';

// Search engines: a referral from one of these, or a utm_source naming one, is search traffic.
// Written for mops from general knowledge (no third-party list copied).
export const SEARCH_ENGINES: readonly ReferrerSite[] = [
  { name: 'google', aliases: ['google_ads', 'adwords', 'googleads'], labels: ['google'], domains: ['com.google.android.googlequicksearchbox'] },
  { name: 'bing', aliases: ['microsoft_ads', 'msn_search'], labels: ['bing'], domains: ['cn.bing.com'] },
  { name: 'yahoo', labels: ['yahoo'], domains: ['search.yahoo.com', 'search.yahoo.co.jp'] },
  { name: 'duckduckgo', aliases: ['ddg'], domains: ['duckduckgo.com', 'ddg.gg'] },
  { name: 'baidu', labels: ['baidu'] },
  { name: 'yandex', labels: ['yandex', 'ya'] },
  { name: 'ecosia', domains: ['ecosia.org', 'ecosia.com'] },
  { name: 'brave', domains: ['search.brave.com'] },
  { name: 'qwant', domains: ['qwant.com'] },
  { name: 'startpage', domains: ['startpage.com'] },
  { name: 'kagi', domains: ['kagi.com'] },
  { name: 'ask', domains: ['ask.com'] },
  { name: 'aol', domains: ['search.aol.com', 'search.aol.co.uk'] },
  { name: 'naver', domains: ['naver.com', 'search.naver.com'] },
  { name: 'daum', domains: ['daum.net', 'search.daum.net'] },
  { name: 'seznam', domains: ['seznam.cz', 'search.seznam.cz'] },
  { name: 'sogou', domains: ['sogou.com'] },
  { name: 'so', domains: ['so.com'] },
  { name: 'yep', domains: ['yep.com'] },
  { name: 'mojeek', domains: ['mojeek.com'] },
  { name: 'petal', domains: ['petalsearch.com'] },
  { name: 'lycos', domains: ['lycos.com', 'search.lycos.com'] },
  { name: 'dogpile', domains: ['dogpile.com'] },
  { name: 'webcrawler', domains: ['webcrawler.com'] },
  { name: 'msn', domains: ['msn.com'] },
];
