import { describe, expect, it } from 'vitest';
import { type BotReason, detectBot } from './detect-bot.ts';

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('detectBot', () => {
  const people: [string, string][] = [
    ['Chrome on macOS', CHROME_MAC],
    [
      'Chrome on Windows',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
    ],
    [
      'Edge',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    ],
    ['Firefox on Linux', 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'],
    [
      'Safari on iPhone',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    ],
    [
      'Samsung Internet',
      'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
    ],
    [
      'CUBOT phone',
      'Mozilla/5.0 (Linux; Android 10; CUBOT_X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.104 Mobile Safari/537.36',
    ],
    [
      'CUBOT phone with a space',
      'Mozilla/5.0 (Linux; Android 9; CUBOT P30 Build/PPR1.180610.011) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0.4430.210 Mobile Safari/537.36',
    ],
    [
      'LinkedIn in-app browser',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.9176',
    ],
    [
      'Facebook in-app browser',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/459.0.0.38.110;FBBV/590113470;FBDV/iPhone15,3;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]',
    ],
    [
      'Instagram in-app browser',
      'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.5845.163 Mobile Safari/537.36 Instagram 298.0.0.31.110 Android',
    ],
    [
      'Gmail image proxy (an email open)',
      'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
    ],
    ['Opera Mini', 'Opera/9.80 (Android; Opera Mini/36.2.2254/119.132; U; id) Presto/2.12.423 Version/12.16'],
  ];
  it.each(people)('%s is a person', (_name, ua) => {
    expect(detectBot(ua)).toEqual({ bot: false, reason: null, evidence: null });
  });

  const bots: [string, string, BotReason][] = [
    ['empty', '', 'empty_user_agent'],
    ['blank', '   ', 'empty_user_agent'],
    ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'crawler'],
    [
      'Googlebot smartphone',
      'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'crawler',
    ],
    ['bingbot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'crawler'],
    ['AdsBot', 'AdsBot-Google (+http://www.google.com/adsbot.html)', 'crawler'],
    [
      'Baiduspider',
      'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
      'crawler',
    ],
    ['YandexBot', 'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)', 'crawler'],
    [
      'Applebot',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
      'crawler',
    ],
    [
      'GPTBot',
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
      'crawler',
    ],
    [
      'ClaudeBot',
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)',
      'crawler',
    ],
    ['AhrefsBot', 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', 'crawler'],
    ['SemrushBot', 'Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)', 'crawler'],
    [
      'Bytespider',
      'Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)',
      'crawler',
    ],
    ['Screaming Frog', 'Screaming Frog SEO Spider/20.0', 'crawler'],
    [
      'facebookexternalhit',
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'link_preview',
    ],
    [
      'LinkedInBot',
      'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
      'link_preview',
    ],
    ['Twitterbot', 'Twitterbot/1.0', 'link_preview'],
    ['Slackbot', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'link_preview'],
    ['Discordbot', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)', 'link_preview'],
    ['WhatsApp preview', 'WhatsApp/2.23.20.0 A', 'link_preview'],
    [
      'Teams/Skype preview',
      'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com',
      'link_preview',
    ],
    [
      'HeadlessChrome',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'headless_browser',
    ],
    [
      'PhantomJS',
      'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1',
      'headless_browser',
    ],
    ['curl', 'curl/8.5.0', 'http_library'],
    ['Wget', 'Wget/1.21.4', 'http_library'],
    ['python-requests', 'python-requests/2.31.0', 'http_library'],
    ['Go', 'Go-http-client/1.1', 'http_library'],
    ['axios', 'axios/1.7.7', 'http_library'],
    ['node-fetch', 'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)', 'http_library'],
    ['Java', 'Java/17.0.9', 'http_library'],
    ['okhttp', 'okhttp/4.12.0', 'http_library'],
    ['Postman', 'PostmanRuntime/7.42.0', 'http_library'],
    ['Scrapy', 'Scrapy/2.11.2 (+https://scrapy.org)', 'http_library'],
    ['UptimeRobot', 'Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)', 'monitoring'],
    ['Pingdom', 'Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)', 'monitoring'],
    [
      'Datadog synthetics',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 DatadogSynthetics',
      'monitoring',
    ],
    [
      'Lighthouse',
      'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse',
      'monitoring',
    ],
    [
      'StatusCake',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0.4430.93 Safari/537.36 StatusCake',
      'monitoring',
    ],
    ['Barracuda link scanner', 'Mozilla/5.0 (compatible; Barracuda Sentinel (EE))', 'security_scanner'],
    ['unknown program', 'MyCompanyIntegration/3.2', 'not_a_browser'],
  ];
  it.each(bots)('%s is a bot', (_name, ua, reason) => {
    const verdict = detectBot(ua);
    expect(verdict.bot).toBe(true);
    expect(verdict.reason).toBe(reason);
  });

  it('is fast on a huge user agent', () => {
    const started = performance.now();
    expect(detectBot(`Mozilla/5.0 ${'(a) '.repeat(50_000)}`).bot).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });
  it('treats null as empty', () => {
    expect(detectBot(null).reason).toBe('empty_user_agent');
  });
});
