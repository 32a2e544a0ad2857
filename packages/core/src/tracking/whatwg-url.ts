/**
 * The WHATWG URL parser, typed locally. Core is type-checked without DOM or Node types, but
 * `URL` is a pure, deterministic global in every runtime core runs in (Node, browsers, workers);
 * declaring it globally would clash with Node's own declaration in the server, so only the few
 * members used here are typed, and only here.
 */
export interface WhatwgUrl {
  href: string;
  protocol: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
  hash: string;
  searchParams: { get(name: string): string | null; forEach(fn: (value: string, key: string) => void): void };
}

const UrlConstructor = (globalThis as unknown as { URL: new (input: string) => WhatwgUrl }).URL;

/** Parses an absolute http(s) URL; anything else (relative, `javascript:`, `data:`, garbage) is null. */
export function parseHttpUrl(input: string): WhatwgUrl | null {
  let url: WhatwgUrl;
  try {
    url = new UrlConstructor(input);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  return url;
}

/** The scheme of something that looks like a URL (`javascript`, `data`, `ftp`), lower case, or null. */
export function schemeOf(input: string): string | null {
  const match = /^\s*([a-z][a-z0-9+.-]*):/i.exec(input);
  return match ? (match[1] as string).toLowerCase() : null;
}

/**
 * Percent-decoding that never throws: each run of valid `%XX` escapes is decoded on its own, and
 * a run that is not valid UTF-8 (or a stray `%`) is left as it was.
 */
export function decodePercent(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * Whether two hosts belong to one site: the same registrable domain (`www.acme.com` and
 * `blog.acme.com`), or — for hosts the Public Suffix List cannot place (`localhost`,
 * `acme.example`, IPs) — the same host give or take `www.`, or one a subdomain of the other.
 */
export function isSameSite(a: string, b: string, registrable: (host: string) => string | null): boolean {
  const x = a.toLowerCase().replace(/^www\./, '');
  const y = b.toLowerCase().replace(/^www\./, '');
  if (x === y) return true;
  const dx = registrable(x);
  const dy = registrable(y);
  if (dx !== null && dy !== null) return dx === dy;
  return x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}
