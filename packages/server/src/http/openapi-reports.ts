// The measurement reports in the OpenAPI document, generated from their definitions so the
// document lists exactly the parameters each report checks.
import type { ReportDefinition } from '../reports/report-definition.ts';
import { REPORTS } from '../reports/reports.ts';

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
const secured = [{ bearer: [] }];
const refused = {
  description:
    'INVALID_QUERY: an unknown parameter or a value outside its choice, with what the report takes',
  content: json({ $ref: '#/components/schemas/Error' }),
};

const parameterOf = (name: string, description: string, values?: readonly string[], fallback?: string) => ({
  name,
  in: 'query',
  description,
  schema: {
    type: 'string',
    ...(values ? { enum: [...values] } : {}),
    ...(fallback ? { default: fallback } : {}),
  },
});

function reportPaths(report: ReportDefinition): Record<string, unknown> {
  const parameters = report.params.map((p) => parameterOf(p.name, p.description, p.values, p.default));
  const paths: Record<string, unknown> = {
    [`/v1/reports/${report.name}`]: {
      get: {
        summary: report.description,
        security: secured,
        parameters,
        responses: {
          200: {
            description: 'the report: tables (columns, rows, the key columns of a cell), denominators, notes',
            content: json({ type: 'object' }),
          },
          400: refused,
        },
      },
    },
  };
  if (report.rows) {
    paths[`/v1/reports/${report.name}/rows`] = {
      get: {
        summary: `the rows behind one cell of ${report.name}`,
        security: secured,
        parameters: [
          ...parameters,
          ...(report.drillKeys ?? []).map((key) => parameterOf(key, 'names the cell')),
          parameterOf('limit', 'how many rows, 1–10,000 (default 100)'),
        ],
        responses: { 200: { description: 'the rows', content: json({ type: 'object' }) }, 400: refused },
      },
    };
  }
  return paths;
}

export const measurementPaths: Record<string, unknown> = Object.assign({}, ...REPORTS.map(reportPaths));
