import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../playbook/compile-playbook.ts';
import { loadPlaybook } from '../playbook/load-playbook.ts';
import { EXAMPLE_PLAYBOOK_TEXT } from '../testing/example-playbook.ts';
import { classifyChannel } from './classify-channel.ts';
import { normalizeUtm } from './normalize-utm.ts';
import { TRACKING_DEFAULTS } from './tracking.schema.ts';

function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`not exactly once: ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function problems(text: string): [string, string, number][] {
  const result = loadPlaybook(text);
  if (result.ok) return [];
  return result.error.details.map((d) => [d.code, d.path, Number(d.location?.split(':')[1])]);
}

const lineOf = (needle: string) =>
  EXAMPLE_PLAYBOOK_TEXT.slice(0, EXAMPLE_PLAYBOOK_TEXT.indexOf(needle)).split('\n').length;

describe('the tracking sections of the playbook', () => {
  it('are all optional: a playbook without them compiles with defaults', () => {
    const start = EXAMPLE_PLAYBOOK_TEXT.indexOf('\n# Tracking:');
    const loaded = loadPlaybook(EXAMPLE_PLAYBOOK_TEXT.slice(0, start));
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.tracking).toBeUndefined();
    const pb = compilePlaybook(loaded.value, { id: 1, hash: 'x' });
    expect(pb.tracking).toEqual(TRACKING_DEFAULTS);
    expect(pb.utm.source.canonical).toEqual([]);
    expect(pb.channelRules.map((r) => r.id)[0]).toBe('email-touch');
    expect(classifyChannel({ source: 'google', medium: 'cpc' }, pb.channelRules).channel).toBe('paid_search');
    expect(pb.campaigns).toEqual({ naming: null, registry: [], byUtmCampaign: new Map() });
    expect(pb.pages.size).toBe(0);
  });

  it('compile from the example into what the server reads', () => {
    const loaded = loadPlaybook(EXAMPLE_PLAYBOOK_TEXT);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const pb = compilePlaybook(loaded.value, { id: 1, hash: 'x' });
    expect(pb.tracking.original_source).toBe('first_non_direct');
    expect(normalizeUtm('source', 'lnkd.in', pb.utm).value).toBe('linkedin');
    expect(normalizeUtm('medium', 'Paid-Social', pb.utm)).toMatchObject({
      value: 'paid_social',
      conforming: true,
    });
    expect(normalizeUtm('medium', 'cpc-social', pb.utm)).toMatchObject({
      value: 'paid_social',
      issues: ['aliased'],
    });
    expect(pb.channels.has('review_sites')).toBe(true);
    expect(classifyChannel({ source: 'linkedin', medium: 'paid_social' }, pb.channelRules)).toMatchObject({
      channel: 'paid_social',
      ruleId: 'paid-social',
    });
    expect(classifyChannel({ source: 'linkedin', medium: 'cpc' }, pb.channelRules).ruleId).toBe('social-cpc');
    expect(
      classifyChannel({ referrerHost: 'www.g2.com', referrerDomain: 'g2.com' }, pb.channelRules).channel,
    ).toBe('review_sites');
    expect(
      classifyChannel({ referrerHost: 'www.bing.com', referrerDomain: 'bing.com' }, pb.channelRules).channel,
    ).toBe('organic_search');
    expect(pb.campaigns.byUtmCampaign.get('2026-11_paid_social_na_demo-push')).toMatchObject({
      channel: 'paid_social',
      owner: 'dana',
    });
    expect(pb.pages.get('demo')?.form).toBe('demo-request');
    expect(pb.pages.get('pricing')?.form).toBe('newsletter');
  });

  const broken: { name: string; from: string; to: string; code: string; path: string; line?: string }[] = [
    {
      name: 'a rule names an unknown channel',
      from: '{ id: display,            channel: display,',
      to: '{ id: display,            channel: displayy,',
      code: 'UNKNOWN_CHANNEL',
      path: 'channels.rules[6].channel',
      line: '{ id: display, ',
    },
    {
      name: 'a custom channel repeats a built-in one',
      from: 'custom_channels: [review_sites]',
      to: 'custom_channels: [review_sites, email]',
      code: 'DUPLICATE_ID',
      path: 'channels.custom_channels[1]',
    },
    {
      name: 'two rules share an id',
      from: '{ id: partner,  ',
      to: '{ id: events,  ',
      code: 'DUPLICATE_ID',
      path: 'channels.rules[9].id',
    },
    {
      name: 'a bad regex',
      from: 'when: { medium: [display] }',
      to: 'when: { medium_matches: "(" }',
      code: 'INVALID_REGEX',
      path: 'channels.rules[6].when.medium_matches',
    },
    {
      name: 'an unknown click id',
      from: 'click_id: [li_fat_id]',
      to: 'click_id: [li_fatid]',
      code: 'UNKNOWN_CLICK_ID',
      path: 'channels.rules[14].when.click_id[0]',
    },
    {
      name: 'a canonical value that is not normalised',
      from: 'canonical: [linkedin, google,',
      to: 'canonical: [LinkedIn, google,',
      code: 'NOT_NORMALISED',
      path: 'utm.parameters.source.canonical[0]',
    },
    {
      name: 'aliases for a value that is not canonical',
      from: '        g2: [g2.com, g2crowd]',
      to: '        g3: [g2.com, g2crowd]',
      code: 'UNKNOWN_CANONICAL_SOURCE',
      path: 'utm.parameters.source.aliases.g3',
    },
    {
      name: 'one alias for two values',
      from: 'cpc: [ppc, paid_search, paidsearch]',
      to: 'cpc: [ppc, paid_search, paidsearch, Paid Social Ads, sponsored]',
      code: 'ALIAS_CONFLICT',
      path: 'utm.parameters.medium.aliases.cpc[4]',
    },
    {
      name: 'an alias that is another canonical value',
      from: 'cpc: [ppc, paid_search, paidsearch]',
      to: 'cpc: [ppc, Display]',
      code: 'ALIAS_IS_CANONICAL',
      path: 'utm.parameters.medium.aliases.cpc[1]',
    },
    {
      name: 'a campaign owner who is not a rep',
      from: '      owner: dana\n',
      to: '      owner: donna\n',
      code: 'UNKNOWN_REP',
      path: 'campaigns.registry[0].owner',
    },
    {
      name: 'a campaign channel that does not exist',
      from: '      channel: paid_search\n',
      to: '      channel: search\n',
      code: 'UNKNOWN_CHANNEL',
      path: 'campaigns.registry[1].channel',
      line: '      channel: paid_search\n      type',
    },
    {
      name: 'a campaign type not in the naming convention',
      from: '      type: ebook\n',
      to: '      type: whitepaper\n',
      code: 'UNKNOWN_CAMPAIGN_TYPE',
      path: 'campaigns.registry[2].type',
    },
    {
      name: 'a campaign that ends before it starts',
      from: '      end: 2026-12-10\n',
      to: '      end: 2026-11-10\n',
      code: 'END_BEFORE_START',
      path: 'campaigns.registry[3].end',
    },
    {
      name: 'an impossible date',
      from: '      start: 2026-12-03\n',
      to: '      start: 2026-02-30\n',
      code: 'INVALID_DATE',
      path: 'campaigns.registry[3].start',
    },
    {
      name: 'two campaigns with one utm_campaign',
      from: '      utm_campaign: 2026-11_paid_social_na_demo-push\n',
      to: '      utm_campaign: 2026-11_Paid_Search_NA_Brand\n',
      code: 'DUPLICATE_ID',
      path: 'campaigns.registry[1].name',
      line: '- name: 2026-11_paid_search_na_brand',
    },
    {
      name: 'a page with an unknown form',
      from: '    form: demo-request\n',
      to: '    form: demo-requests\n',
      code: 'UNKNOWN_FORM',
      path: 'pages[0].form',
    },
    {
      name: 'two pages with one slug',
      from: '  - slug: pricing',
      to: '  - slug: demo',
      code: 'DUPLICATE_ID',
      path: 'pages[1].slug',
    },
    {
      name: 'a naming pattern with a part it does not define',
      from: 'pattern: "{yyyy}-{mm}_{type}_{region}_{slug}"',
      to: 'pattern: "{yyyy}-{mm}_{type}_{region}_{slug}_{audience}"',
      code: 'NAMING_PATTERN_INVALID',
      path: 'campaigns.naming.pattern',
    },
    {
      name: 'a naming part with a broken regex',
      from: 'slug:   { pattern: "^[a-z0-9-]{2,40}$"',
      to: 'slug:   { pattern: "^[a-z0-9-{2,40}$"',
      code: 'NAMING_PATTERN_INVALID',
      path: 'campaigns.naming.parts.slug',
    },
    {
      name: 'a rule value that is an alias (touches never carry it)',
      from: '{ id: paid-search,        channel: paid_search, when: { medium: [cpc] } }',
      to: '{ id: paid-search,        channel: paid_search, when: { medium: [cpc, PPC] } }',
      code: 'ALIAS_IN_RULE',
      path: 'channels.rules[5].when.medium[1]',
    },
    {
      name: 'a bad allowed origin',
      from: 'allowed_origins: []',
      to: 'allowed_origins: ["https://northwind.example/some path"]',
      code: 'INVALID_ORIGIN',
      path: 'tracking.allowed_origins[0]',
    },
  ];
  it.each(broken)('reports $name with its YAML path and line', ({ from, to, code, path, line }) => {
    const found = problems(edit(EXAMPLE_PLAYBOOK_TEXT, from, to));
    const problem = found.find((p) => p[0] === code && p[1] === path);
    expect(problem, JSON.stringify(found)).toBeDefined();
    expect(problem?.[2]).toBe(lineOf(line ?? (from.split('\n')[0] as string)));
  });

  it('points at a registry name that breaks the naming convention, with its line', () => {
    const bad = edit(
      EXAMPLE_PLAYBOOK_TEXT,
      '- name: 2026-11_paid_search_na_brand',
      '- name: 2026-11_paid_search_latam_brand',
    );
    expect(problems(bad)).toEqual([
      ['CAMPAIGN_NAME_INVALID', 'campaigns.registry[1].name', lineOf('- name: 2026-11_paid_search_na_brand')],
    ]);
  });

  it('says which channels exist when one is misspelt', () => {
    const result = loadPlaybook(
      edit(
        EXAMPLE_PLAYBOOK_TEXT,
        '{ id: display,            channel: display,',
        '{ id: display,            channel: dispay,',
      ),
    );
    expect(!result.ok && result.error.details[0]?.message).toMatch(
      /unknown channel "dispay"; known: .*review_sites\. Did you mean "display"\?/,
    );
  });

  it('rejects a channel rule without conditions and an unknown status', () => {
    const found = problems(
      edit(
        edit(EXAMPLE_PLAYBOOK_TEXT, 'when: { medium: [display] }', 'when: {}'),
        '      budget: 3500\n      status: planned\n',
        '      budget: 3500\n      status: draft\n',
      ),
    );
    expect(found.map((p) => p[1])).toEqual(
      expect.arrayContaining(['channels.rules[6].when', 'campaigns.registry[3].status']),
    );
  });
});
