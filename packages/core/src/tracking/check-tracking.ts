import { checkCampaignNames } from '../campaigns/check-campaign-names.ts';
import { compileNamingConvention } from '../campaigns/compile-naming.ts';
import { normalizeUtmCampaign } from '../campaigns/normalize-utm-campaign.ts';
import { compileRegex } from '../conditions/regex.ts';
import type { PlaybookIssue } from '../playbook/check-references.ts';
import type { Playbook } from '../playbook/playbook.schema.ts';
import { didYouMean } from '../text/suggest.ts';
import { BUILT_IN_CHANNELS, CLICK_ID_NAMES } from './channels.ts';
import { compileUtm, normalizeUtmText } from './normalize-utm.ts';
import { UTM_PARAMETERS } from './tracking.schema.ts';

type Path = (string | number)[];

/**
 * Reference checks for the `tracking`, `utm`, `channels`, `campaigns` and `pages` sections:
 * what the schema cannot see. Each issue carries its YAML path.
 */
export function checkTracking(pb: Playbook): PlaybookIssue[] {
  const issues: PlaybookIssue[] = [];
  const add = (path: Path, code: string, message: string) => issues.push({ path, code, message });
  const unknown = (path: Path, what: string, name: string, known: readonly string[]) =>
    add(
      path,
      `UNKNOWN_${what.toUpperCase().replace(/ /g, '_')}`,
      `unknown ${what} "${name}"; known: ${known.join(', ') || '(none)'}.${didYouMean(name, known)}`,
    );
  const duplicates = (entries: [string, Path][], what: string) => {
    const seen = new Set<string>();
    for (const [key, path] of entries) {
      if (seen.has(key)) add(path, 'DUPLICATE_ID', `${what} "${key}" is used more than once`);
      seen.add(key);
    }
  };

  pb.tracking?.allowed_origins.forEach((origin, i) => {
    if (!/^(https?:\/\/)?(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?\/?$/i.test(origin)) {
      add(
        ['tracking', 'allowed_origins', i],
        'INVALID_ORIGIN',
        `"${origin}" is not a site; write www.example.com, *.example.com or https://www.example.com`,
      );
    }
  });

  for (const param of UTM_PARAMETERS) {
    const policy = pb.utm?.parameters[param];
    if (!policy) continue;
    const base: Path = ['utm', 'parameters', param];
    policy.canonical.forEach((value, i) => {
      const clean = normalizeUtmText(param, value);
      if (clean !== value) {
        add(
          [...base, 'canonical', i],
          'NOT_NORMALISED',
          clean === null
            ? `"${value}" is empty once normalised`
            : `canonical values are written normalised, as links will carry them: write "${clean}"`,
        );
      }
    });
    duplicates(
      policy.canonical.map((v, i) => [v, [...base, 'canonical', i]]),
      `canonical ${param}`,
    );
    const owner = new Map<string, string>();
    for (const [canonical, aliases] of Object.entries(policy.aliases)) {
      if (policy.canonical.length > 0 && !policy.canonical.includes(canonical)) {
        unknown([...base, 'aliases', canonical], `canonical ${param}`, canonical, policy.canonical);
      }
      aliases.forEach((alias, j) => {
        const path = [...base, 'aliases', canonical, j];
        const key = normalizeUtmText(param, alias);
        const other = key === null ? undefined : owner.get(key);
        if (key === null) add(path, 'EMPTY_ALIAS', `alias "${alias}" is empty once normalised`);
        else if (key !== canonical && policy.canonical.includes(key))
          add(path, 'ALIAS_IS_CANONICAL', `"${alias}" is the canonical ${param} "${key}" itself`);
        else if (other !== undefined && other !== canonical)
          add(path, 'ALIAS_CONFLICT', `"${alias}" (as "${key}") is already an alias of "${other}"`);
        else owner.set(key, canonical);
      });
    }
  }

  const custom = pb.channels?.custom_channels ?? [];
  custom.forEach((id, i) => {
    if ((BUILT_IN_CHANNELS as readonly string[]).includes(id))
      add(['channels', 'custom_channels', i], 'DUPLICATE_ID', `"${id}" is a built-in channel already`);
  });
  duplicates(
    custom.map((id, i) => [id, ['channels', 'custom_channels', i]]),
    'channel',
  );
  const channels = [...BUILT_IN_CHANNELS, ...custom];
  const rules = pb.channels?.rules ?? [];
  const utm = compileUtm(pb.utm);
  duplicates(
    rules.map((r, i) => [r.id, ['channels', 'rules', i, 'id']]),
    'channel rule id',
  );
  rules.forEach((rule, i) => {
    const path: Path = ['channels', 'rules', i];
    if (!channels.includes(rule.channel)) unknown([...path, 'channel'], 'channel', rule.channel, channels);
    for (const key of ['medium_matches', 'campaign_matches'] as const) {
      const pattern = rule.when[key];
      if (pattern === undefined) continue;
      const compiled = compileRegex(pattern);
      if (!compiled.ok) add([...path, 'when', key], 'INVALID_REGEX', compiled.error);
    }
    for (const param of ['source', 'medium'] as const) {
      rule.when[param]?.forEach((value, j) => {
        const key = normalizeUtmText(param, value);
        const canonical =
          key === null || utm[param].canonicalSet.has(key) ? undefined : utm[param].aliases.get(key);
        if (canonical !== undefined) {
          add(
            [...path, 'when', param, j],
            'ALIAS_IN_RULE',
            `"${value}" is an alias of the ${param} "${canonical}": touches carry "${canonical}", so this never matches; write "${canonical}"`,
          );
        }
      });
    }
    rule.when.click_id?.forEach((id, j) => {
      if (!(CLICK_ID_NAMES as readonly string[]).includes(id.toLowerCase()))
        unknown([...path, 'when', 'click_id', j], 'click id', id, CLICK_ID_NAMES);
    });
  });

  const naming = pb.campaigns?.naming;
  if (naming) {
    // The convention itself (its placeholders and part rules); names are checked by the campaigns engine.
    const compiled = compileNamingConvention(naming);
    if (!compiled.ok) {
      const { part } = compiled.error;
      const path: Path =
        part !== undefined && Object.hasOwn(naming.parts, part)
          ? ['campaigns', 'naming', 'parts', part]
          : ['campaigns', 'naming', 'pattern'];
      add(path, compiled.error.code, compiled.error.message);
    }
  }

  const repIds = pb.reps.map((r) => r.id);
  const typeValues = pb.campaigns?.naming?.parts.type?.values;
  const registry = pb.campaigns?.registry ?? [];
  duplicates(
    registry.map((c, i) => [normalizeUtmCampaign(c.name) ?? '', ['campaigns', 'registry', i, 'name']]),
    'campaign name',
  );
  duplicates(
    registry.map((c, i) => [
      normalizeUtmCampaign(c.utm_campaign ?? c.name) ?? '',
      ['campaigns', 'registry', i, c.utm_campaign === undefined ? 'name' : 'utm_campaign'],
    ]),
    'utm_campaign',
  );
  registry.forEach((campaign, i) => {
    const path: Path = ['campaigns', 'registry', i];
    if (!channels.includes(campaign.channel))
      unknown([...path, 'channel'], 'channel', campaign.channel, channels);
    if (campaign.owner !== undefined && !repIds.includes(campaign.owner))
      unknown([...path, 'owner'], 'rep', campaign.owner, repIds);
    if (campaign.type !== undefined && typeValues && !typeValues.includes(campaign.type))
      unknown([...path, 'type'], 'campaign type', campaign.type, typeValues);
    for (const key of ['start', 'end'] as const) {
      const date = campaign[key];
      if (date !== undefined && !isIsoDate(date))
        add([...path, key], 'INVALID_DATE', `"${date}" is not a date`);
    }
    if (campaign.start && campaign.end && campaign.end < campaign.start)
      add(
        [...path, 'end'],
        'END_BEFORE_START',
        `the campaign ends (${campaign.end}) before it starts (${campaign.start})`,
      );
  });

  const formIds = Object.keys(pb.forms);
  const pages = pb.pages ?? [];
  duplicates(
    pages.map((p, i) => [p.slug, ['pages', i, 'slug']]),
    'page slug',
  );
  pages.forEach((page, i) => {
    if (page.form !== undefined && !formIds.includes(page.form))
      unknown(['pages', i, 'form'], 'form', page.form, formIds);
  });
  // Registry names follow the naming convention (the pattern itself is checked above).
  for (const issue of checkCampaignNames(pb.campaigns)) {
    if (issue.path[1] === 'registry') issues.push(issue);
  }
  return issues;
}

function isIsoDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
