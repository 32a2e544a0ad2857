import { checkCampaignName } from './check-campaign-name.ts';
import { compileNamingConvention, type NamingConvention } from './compile-naming.ts';

export interface CampaignNameIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

/**
 * The playbook check for `campaigns:`: the naming pattern compiles, and every registry name
 * follows it — so `mops playbook validate` points at the line of a bad name before an apply would
 * refuse it. Issues carry YAML paths, like the other reference checks.
 */
export function checkCampaignNames(
  campaigns: { naming?: NamingConvention | undefined; registry?: readonly { name: string }[] } | undefined,
): CampaignNameIssue[] {
  if (!campaigns?.naming) return [];
  const compiled = compileNamingConvention(campaigns.naming);
  if (!compiled.ok) {
    const where =
      compiled.error.part && !compiled.error.position ? ['parts', compiled.error.part] : ['pattern'];
    return [
      { path: ['campaigns', 'naming', ...where], code: compiled.error.code, message: compiled.error.message },
    ];
  }
  const issues: CampaignNameIssue[] = [];
  (campaigns.registry ?? []).forEach((campaign, i) => {
    const checked = checkCampaignName(compiled.value, campaign.name);
    if (!checked.ok) {
      issues.push({
        path: ['campaigns', 'registry', i, 'name'],
        code: checked.error.code,
        message: checked.error.message,
      });
    }
  });
  return issues;
}
