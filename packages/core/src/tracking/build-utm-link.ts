import { type AppError, type ErrorDetail, err, ok, type Result } from '../result.ts';
import { type CompiledUtm, normalizeUtm, UNGOVERNED_UTM } from './normalize-utm.ts';
import { suggestUtmMapping } from './suggest-utm-mapping.ts';
import { UTM_PARAMETERS, type UtmParameter } from './tracking.schema.ts';
import { decodePercent, parseHttpUrl, schemeOf } from './whatwg-url.ts';

export type UtmLinkInput = { url: string } & Partial<Record<UtmParameter, string | null>>;

export interface UtmLink {
  url: string;
  /** The values on the link: normalised, canonical where governed; null when not given. */
  utm: Record<UtmParameter, string | null>;
}

export interface BuildUtmLinkOptions {
  /** Parameters that must be given; default source, medium and campaign. */
  required?: readonly UtmParameter[];
  /** Checks utm_campaign against the registry / naming convention: an error message, or null when fine. */
  checkCampaign?: (value: string) => string | null;
}

const DEFAULT_REQUIRED: readonly UtmParameter[] = ['source', 'medium', 'campaign'];

/**
 * Builds a tagged link that is conforming by construction: every value is normalised, aliases
 * become their canonical value, and a value that is still not canonical (or a campaign the
 * campaign check rejects) is an error naming the parameter with a suggestion — no link at all
 * rather than a link that pollutes the reports. The page's own query parameters and `#fragment`
 * are kept as they were; UTM parameters already on it are replaced.
 */
export function buildUtmLink(
  input: UtmLinkInput,
  utm: CompiledUtm = UNGOVERNED_UTM,
  options: BuildUtmLinkOptions = {},
): Result<UtmLink, AppError> {
  const text = typeof input.url === 'string' ? input.url.trim() : '';
  const parsed = text === '' ? null : parseHttpUrl(text);
  if (parsed === null) {
    const scheme = schemeOf(text);
    return err(
      scheme !== null && scheme !== 'http' && scheme !== 'https'
        ? { code: 'UNSUPPORTED_URL_SCHEME', message: `a tagged link must be http or https, not "${scheme}:"` }
        : {
            code: 'INVALID_URL',
            message: 'the link needs an absolute URL such as https://www.example.com/page',
          },
    );
  }

  const required = options.required ?? DEFAULT_REQUIRED;
  const check = options.checkCampaign;
  const details: ErrorDetail[] = [];
  const values = {} as Record<UtmParameter, string | null>;
  for (const param of UTM_PARAMETERS) {
    const path = `utm_${param}`;
    const normalized = normalizeUtm(param, input[param], utm, {
      ...(check ? { isConformingCampaign: (v: string) => check(v) === null } : {}),
    });
    values[param] = normalized.value;
    if (normalized.value === null) {
      if (required.includes(param))
        details.push({ path, code: 'MISSING_UTM', message: `${path} is required` });
      continue;
    }
    if (normalized.issues.includes('too_long')) {
      details.push({ path, code: 'UTM_TOO_LONG', message: `${path} is longer than 200 characters` });
    } else if (normalized.conforming === false) {
      details.push({
        path,
        code: 'NON_CONFORMING_UTM',
        message: nonConformingMessage(param, normalized.value, utm, check),
      });
    }
  }
  if (details.length > 0) {
    return err({
      code: 'NON_CONFORMING_UTM',
      message: `the link would not conform: ${details.map((d) => d.message).join('; ')}`,
      details,
    });
  }

  const href = parsed.href;
  const hashAt = href.indexOf('#');
  const beforeHash = hashAt === -1 ? href : href.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : href.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const kept = (queryAt === -1 ? '' : beforeHash.slice(queryAt + 1))
    .split('&')
    .filter((pair) => pair !== '' && !isUtmPair(pair));
  const added = UTM_PARAMETERS.flatMap((p) => {
    const v = values[p];
    return v === null ? [] : [`utm_${p}=${encodeURIComponent(v)}`];
  });
  return ok({ url: `${base}?${[...kept, ...added].join('&')}${hash}`, utm: values });
}

function isUtmPair(pair: string): boolean {
  const key = decodePercent(pair.split('=')[0] as string).toLowerCase();
  return (UTM_PARAMETERS as readonly string[]).some((p) => key === `utm_${p}`);
}

function nonConformingMessage(
  param: UtmParameter,
  value: string,
  utm: CompiledUtm,
  check: ((value: string) => string | null) | undefined,
): string {
  if (param === 'campaign' && utm.campaign.canonical.length === 0 && check) {
    return `utm_campaign "${value}": ${check(value)}`;
  }
  const suggestion = suggestUtmMapping(param, value, utm);
  const allowed = utm[param].canonical;
  const list = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ');
  return (
    `utm_${param} "${value}" is not a canonical ${param}` +
    (suggestion ? `: ${suggestion.message}` : ` (allowed: ${list})`)
  );
}
