import { describe, expect, it } from 'vitest';
import { computeFirstTouch, type OriginalSourceRule, type SummaryTouch } from './first-touch.ts';

const t = (id: string, minute: number, channel: string, extra: Partial<SummaryTouch> = {}) => ({
  id,
  at: new Date(Date.UTC(2026, 10, 23, 10, minute)),
  channel,
  ...extra,
});

describe('computeFirstTouch', () => {
  const direct = t('direct', 0, 'direct');
  const linkedin = t('linkedin', 5, 'paid_social', {
    source: 'linkedin',
    medium: 'paid_social',
    campaign: '2026-11_paid_social_na_demo-push',
    campaignId: 7,
  });
  const email = t('email', 9, 'email', { source: 'newsletter', medium: 'email' });
  const bot = t('bot', -30, 'organic_search', { bot: true });
  const later = t('later-direct', 20, 'direct');

  const cases: {
    name: string;
    touches: (typeof direct)[];
    rule: OriginalSourceRule;
    first: string | null;
    last: string | null;
    original: string | null;
    lastNonDirect: string | null;
  }[] = [
    {
      name: 'no touches',
      touches: [],
      rule: 'first_touch',
      first: null,
      last: null,
      original: null,
      lastNonDirect: null,
    },
    {
      name: 'direct first, first_touch rule',
      touches: [direct, linkedin, email],
      rule: 'first_touch',
      first: 'direct',
      last: 'email',
      original: 'direct',
      lastNonDirect: 'email',
    },
    {
      name: 'direct first, first_non_direct rule',
      touches: [direct, linkedin, email],
      rule: 'first_non_direct',
      first: 'direct',
      last: 'email',
      original: 'linkedin',
      lastNonDirect: 'email',
    },
    {
      name: 'unordered input',
      touches: [email, later, linkedin, direct],
      rule: 'first_non_direct',
      first: 'direct',
      last: 'later-direct',
      original: 'linkedin',
      lastNonDirect: 'email',
    },
    {
      name: 'only direct touches',
      touches: [later, direct],
      rule: 'first_non_direct',
      first: 'direct',
      last: 'later-direct',
      original: 'direct',
      lastNonDirect: null,
    },
    {
      name: 'bots never count',
      touches: [bot, linkedin],
      rule: 'first_touch',
      first: 'linkedin',
      last: 'linkedin',
      original: 'linkedin',
      lastNonDirect: 'linkedin',
    },
    {
      name: 'non-direct first is kept under either rule',
      touches: [later, linkedin],
      rule: 'first_non_direct',
      first: 'linkedin',
      last: 'later-direct',
      original: 'linkedin',
      lastNonDirect: 'linkedin',
    },
  ];
  it.each(cases)('$name', ({ touches, rule, first, last, original, lastNonDirect }) => {
    const summary = computeFirstTouch(touches, rule);
    expect(summary.firstTouch?.id ?? null).toBe(first);
    expect(summary.lastTouch?.id ?? null).toBe(last);
    expect(summary.original?.touch.id ?? null).toBe(original);
    expect(summary.lastNonDirectTouch?.id ?? null).toBe(lastNonDirect);
  });

  it('reports the original source of the winning touch and why', () => {
    const summary = computeFirstTouch([direct, linkedin], 'first_non_direct');
    expect(summary.original).toMatchObject({
      source: 'linkedin',
      medium: 'paid_social',
      channel: 'paid_social',
      campaign: '2026-11_paid_social_na_demo-push',
      campaignId: 7,
      reason: 'the first touch that is not direct (the first touch was direct; rule first_non_direct)',
    });
    expect(computeFirstTouch([bot, { ...direct, at: Number.NaN }, linkedin])).toMatchObject({
      counted: 1,
      ignored: 2,
    });
  });

  it('keeps the given order for touches at the same time', () => {
    const a = t('a', 1, 'email');
    const b = t('b', 1, 'referral');
    expect(computeFirstTouch([a, b]).firstTouch?.id).toBe('a');
    expect(computeFirstTouch([b, a]).firstTouch?.id).toBe('b');
  });
});
