import { Hono } from 'hono';
import { MopsError } from '../../errors.ts';
import { dataQualityReport, dataQualityRows } from '../../reports/data-quality.query.ts';
import { checkReportQuery, drillLimit } from '../../reports/report-definition.ts';
import { findReport } from '../../reports/reports.ts';
import { channelReport, reportWindow, utmConformanceReport } from '../../reports/tracking.query.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, AppEnv } from '../context.ts';

/**
 * `GET /v1/reports/data-quality` and its drill-down `…/rows?check=<id>&limit=<n>`, the tracking
 * reports, and every measurement report: `GET /v1/reports/<name>` and `GET /v1/reports/<name>/rows`
 * (the rows behind one cell, named by the report's keys).
 */
export function reportRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireScope(deps.apiKeys, 'reports:read'));
  app.get('/data-quality', async (c) => c.json(await dataQualityReport(deps.db)));
  app.get('/data-quality/rows', async (c) => {
    const check = c.req.query('check');
    if (!check)
      throw new MopsError('INVALID_QUERY', 'name the check: ?check=phone_not_e164 (ids are in the report)');
    const limitText = c.req.query('limit') ?? '100';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new MopsError(
        'INVALID_QUERY',
        `limit must be a whole number from 1 to 10000, got "${limitText.slice(0, 40)}"`,
      );
    }
    return c.json({ check, data: await dataQualityRows(deps.db, check, limit) });
  });
  // UTM governance: the raw values that are not canonical, with touches, campaigns and the alias to add.
  app.get('/utm-conformance', async (c) =>
    c.json(
      await utmConformanceReport(
        deps.db,
        deps.playbooks.current(),
        reportWindow(c.req.query('since'), deps.clock()),
      ),
    ),
  );
  // The channel taxonomy applied: touches by channel and rule, and what the unassigned ones carried.
  app.get('/channels', async (c) =>
    c.json(await channelReport(deps.db, reportWindow(c.req.query('since'), deps.clock()))),
  );
  app.get('/:name', async (c) => {
    const report = findReport(c.req.param('name'));
    const query = checkReportQuery(report, c.req.query(), { drill: false });
    return c.json(await report.run(reportContext(deps), query));
  });
  app.get('/:name/rows', async (c) => {
    const report = findReport(c.req.param('name'));
    if (!report.rows) throw new MopsError('NOT_FOUND', `report ${report.name} has no drill-down`);
    const query = checkReportQuery(report, c.req.query(), { drill: true });
    const table = await report.rows(reportContext(deps), query, drillLimit(query.limit));
    return c.json({ report: report.name, cell: query, ...table });
  });
  return app;
}

const reportContext = (deps: AppDeps) => ({
  db: deps.db,
  playbook: deps.playbooks.current(),
  now: deps.clock(),
});
