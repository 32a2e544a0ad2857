import { describe, expect, it } from 'vitest';
import { compileUtm } from './normalize-utm.ts';
import { reportNonConformingUtms } from './report-non-conforming-utms.ts';

const utm = compileUtm({
  parameters: {
    source: { canonical: ['linkedin', 'google'], aliases: { linkedin: ['li'] } },
    medium: { canonical: ['cpc', 'paid_social'], aliases: {} },
  },
});

describe('reportNonConformingUtms', () => {
  it('groups spellings by normalised value with touches, campaigns and a suggestion', () => {
    const report = reportNonConformingUtms(
      [
        { param: 'source', raw: 'lnkd.in', touches: 5, campaign: '2026-11_paid_social_na_demo-push' },
        { param: 'source', raw: 'LNKD.IN', touches: 2, campaign: '2026-12_webinar_emea_ai-ops' },
        { param: 'source', raw: 'lnkd.in', touches: 1, campaign: '2026-12_webinar_emea_ai-ops' },
        { param: 'source', raw: 'LinkedIn', touches: 40 },
        { param: 'source', raw: 'LI', touches: 9 },
        { param: 'medium', raw: 'PaidSocial', touches: 12 },
        { param: 'medium', raw: 'paid%2520social', touches: 3 },
        { param: 'source', raw: 'capterra', touches: 12 },
        { param: 'term', raw: 'anything goes', touches: 100 },
        { param: 'source', raw: '   ', touches: 4 },
        { param: 'source', raw: 'zero', touches: 0 },
      ],
      utm,
    );
    expect(report).toEqual([
      {
        param: 'medium',
        value: 'paidsocial',
        touches: 12,
        rawValues: [{ raw: 'PaidSocial', touches: 12 }],
        campaigns: [],
        suggestion: {
          value: 'paid_social',
          reason: 'separators',
          message: '"paidsocial" has the same letters; use "paid_social"',
        },
      },
      {
        param: 'source',
        value: 'capterra',
        touches: 12,
        rawValues: [{ raw: 'capterra', touches: 12 }],
        campaigns: [],
        suggestion: null,
      },
      {
        param: 'source',
        value: 'lnkd.in',
        touches: 8,
        rawValues: [
          { raw: 'lnkd.in', touches: 6 },
          { raw: 'LNKD.IN', touches: 2 },
        ],
        campaigns: [
          { campaign: '2026-11_paid_social_na_demo-push', touches: 5 },
          { campaign: '2026-12_webinar_emea_ai-ops', touches: 3 },
        ],
        suggestion: {
          value: 'linkedin',
          reason: 'known_site',
          message: '"lnkd.in" is a linkedin domain; use "linkedin"',
        },
      },
    ]);
  });

  it('drops a value as soon as the playbook maps it', () => {
    const usage = [{ param: 'source' as const, raw: 'lnkd.in', touches: 3 }];
    expect(reportNonConformingUtms(usage, utm)).toHaveLength(1);
    const fixed = compileUtm({
      parameters: { source: { canonical: ['linkedin'], aliases: { linkedin: ['lnkd.in'] } } },
    });
    expect(reportNonConformingUtms(usage, fixed)).toEqual([]);
  });

  it('reports campaigns only when a campaign check is given', () => {
    const usage = [{ param: 'campaign' as const, raw: 'Spring Promo', touches: 2 }];
    expect(reportNonConformingUtms(usage, utm)).toEqual([]);
    const report = reportNonConformingUtms(usage, utm, { isConformingCampaign: () => false });
    expect(report.map((r) => [r.param, r.value, r.touches])).toEqual([['campaign', 'spring promo', 2]]);
  });
});
