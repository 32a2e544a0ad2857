/** The longest utm_campaign kept; anything longer is garbage from a broken link builder. */
export const MAX_UTM_CAMPAIGN_LENGTH = 200;

/**
 * The form a `utm_campaign` is stored and matched in, so `2026-11_Paid_Social_NA_Demo-Push ` on a
 * link finds the campaign registered as `2026-11_paid_social_na_demo-push`: Unicode-normalised
 * (NFKC), trimmed, lower case, inner whitespace collapsed to one space. Null when nothing is left.
 */
export function normalizeUtmCampaign(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const normalized = value.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  if (normalized.length === 0) return null;
  return normalized.slice(0, MAX_UTM_CAMPAIGN_LENGTH);
}
