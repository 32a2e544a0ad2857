/**
 * Whether a user agent is a machine rather than a person, so its page views and clicks are stored
 * but flagged and left out of counts. Tuned for precision on real browsers: in-app browsers
 * (LinkedInApp, FBAN) and phones whose brand contains "bot" (CUBOT) are people.
 */

export type BotReason =
  | 'empty_user_agent'
  | 'crawler'
  | 'link_preview'
  | 'http_library'
  | 'headless_browser'
  | 'monitoring'
  | 'security_scanner'
  | 'not_a_browser';

export interface BotVerdict {
  bot: boolean;
  /** Null for a person. */
  reason: BotReason | null;
  /** The part of the user agent that gave it away. */
  evidence: string | null;
}

// User agents longer than this are cut before matching (no browser sends more than ~500 characters).
const MAX_UA = 2_000;

// Checked in order; the first pattern that matches names the reason. Specific families come
// before the generic crawler words so the reason is as precise as possible.
const PATTERNS: [BotReason, RegExp][] = [
  [
    'monitoring',
    /uptimerobot|pingdom|statuscake|site24x7|newrelicpinger|new relic synthetics|datadog(?:synthetics|agent)|checkly|betteruptime|better stack|freshping|hetrixtools|nodeping|uptime-kuma|catchpoint|dynatrace|gtmetrix|chrome-lighthouse|pagespeed|speedcurve|webpagetest/i,
  ],
  [
    'security_scanner',
    /barracuda|mimecast|proofpoint|urldefense|safelinks|trendmicro|fortiguard|zscaler|cisco.*(?:ironport|umbrella)|mcafee.*(?:web|gateway)|symantec.*(?:scanner|messagelabs)|urlscan|virustotal|qualys|nessus|nikto|sqlmap|nmap|acunetix|burp|zgrab|masscan|censys|shodan/i,
  ],
  [
    'link_preview',
    /facebookexternalhit|facebookcatalog|meta-externalagent|linkedinbot|twitterbot|slackbot|slack-imgproxy|discordbot|telegrambot|whatsapp\/|skypeuripreview|microsoftpreview|iframely|embedly|redditbot|pinterestbot|bitlybot|google-pagerenderer|googleimageproxy.*preview|outlook-ios-linkpreview/i,
  ],
  [
    'headless_browser',
    /headlesschrome|phantomjs|slimerjs|electron\/.*(?:headless|puppeteer)|puppeteer|playwright|selenium|webdriver|cypress|htmlunit|splash\b|prerender/i,
  ],
  [
    'http_library',
    /^(?:curl|wget|python-requests|python-urllib|python-httpx|aiohttp|go-http-client|java\/|okhttp|apache-httpclient|axios|node-fetch|undici|got\b|superagent|libwww-perl|lwp::|php\/|guzzlehttp|ruby|faraday|httpie|postmanruntime|insomnia|powershell|rest-client|dart:io|scrapy|colly|http\.rb|reqwest|deno\/|bun\/)|\b(?:python-requests|scrapy|httpclient|libcurl)\b/i,
  ],
  [
    'crawler',
    /bot\b|bot[/;_-]|crawl|spider|slurp|archiver|scraper|indexer|fetcher|mediapartners-google|adsbot|feedfetcher|google-inspectiontool|google-read-aloud|googleother|google-extended|bingpreview|yahoo! ?slurp|yandex(?:images|metrika|direct)?\/|baiduspider|ahrefs|semrush|mj12|dotbot|petalbot|bytespider|gptbot|chatgpt-user|oai-searchbot|claudebot|claude-web|anthropic-ai|perplexity|ccbot|amazonbot|applebot|duckduckbot|ia_archiver|seznambot|sogou|exabot|facebot|rogerbot|screaming frog|sitebulb|deepcrawl|oncrawl|netcraft|w3c_validator|w3c-checklink|validator\.nu|feedly|feedburner|newsblur|inoreader|tiny tiny rss|nutch|heritrix|httrack|crawler4j|apachebench|jmeter|locust|k6\//i,
  ],
];

// Real devices and apps whose user agents contain a crawler word.
const PEOPLE = /cubot|\b(?:linkedinapp|fban|fbav|instagram|pinterest\/|twitter for)\b/i;

export function detectBot(userAgent: string | null | undefined): BotVerdict {
  const ua = (userAgent ?? '').slice(0, MAX_UA).trim();
  if (ua === '') return { bot: true, reason: 'empty_user_agent', evidence: null };
  for (const [reason, pattern] of PATTERNS) {
    const match = pattern.exec(ua);
    if (match === null) continue;
    if (
      reason === 'crawler' &&
      PEOPLE.test(ua) &&
      !/(?:bot|crawl|spider)(?:\/|\b)/i.test(ua.replace(PEOPLE, ''))
    )
      continue;
    return { bot: true, reason, evidence: match[0] };
  }
  // Every browser, in-app browser and webview announces itself as Mozilla/… (Opera/… for old
  // Opera); an agent that does not is a program.
  if (!/^(?:mozilla|opera)\//i.test(ua))
    return { bot: true, reason: 'not_a_browser', evidence: ua.slice(0, 40) };
  return { bot: false, reason: null, evidence: null };
}
