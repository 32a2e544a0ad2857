import { MopsError } from '../errors.ts';
import { attributionDbReport } from './attribution.report.ts';
import { funnelReport } from './funnel.report.ts';
import { leadAgingReport, mqlReviewsReport, speedToLeadReport } from './operations.report.ts';
import { planReport } from './plan.report.ts';
import type { ReportDefinition } from './report-definition.ts';
import { roiReport } from './roi.report.ts';
import { scoringReport } from './scoring.report.ts';

/** The measurement reports, each served at `GET /v1/reports/<name>` and `mops report <name>`. */
export const REPORTS: readonly ReportDefinition[] = [
  funnelReport,
  speedToLeadReport,
  leadAgingReport,
  mqlReviewsReport,
  scoringReport,
  attributionDbReport,
  roiReport,
  planReport,
];

export function findReport(name: string): ReportDefinition {
  const report = REPORTS.find((r) => r.name === name);
  if (!report) {
    throw new MopsError(
      'NOT_FOUND',
      `no report "${name.slice(0, 60)}"; reports: data-quality, utm-conformance, channels, ${REPORTS.map((r) => r.name).join(', ')}`,
    );
  }
  return report;
}
