import { err, ok, type Result } from '../result.ts';

/**
 * HTTP provider URLs are templates with one placeholder, `{domain}`. Checked when the playbook
 * loads (so a typo is a validation error with a line number, not a failed job at 3 a.m.) and
 * expanded per lookup with the domain percent-encoded, so a hostile domain cannot add a path,
 * a query parameter or another host.
 */
export function checkUrlTemplate(template: string): Result<null, string> {
  const scheme = /^(https?):\/\/([^/?#]+)/i.exec(template);
  if (!scheme) return err(`"${template}" must start with http:// or https:// and a host`);
  const host = scheme[2] as string;
  if (host.includes('{')) return err('the host must be written out; only the path or query may use {domain}');
  if (/\s/.test(template)) return err('a URL has no spaces (write %20)');
  const placeholders = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
  const unknown = placeholders.filter((p) => p !== 'domain');
  if (unknown.length > 0) return err(`unknown placeholder {${unknown[0]}}; the only placeholder is {domain}`);
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ''))) return err('unbalanced "{" or "}" in the URL');
  if (placeholders.length === 0) return err('the URL needs a {domain} placeholder, e.g. ?domain={domain}');
  return ok(null);
}

/** The lookup URL for one domain; the template must have passed `checkUrlTemplate`. */
export function expandUrlTemplate(template: string, domain: string): string {
  return template.replace(/\{domain\}/g, encodeURIComponent(domain));
}
