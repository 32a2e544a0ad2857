import { z } from 'zod';

/**
 * The playbook's `enrichment:` section: which providers to ask (in order of trust), and what
 * enrichment may change. Reference checks (field names, duplicate providers, URL templates, band
 * order) live in check-enrichment.ts so each problem points at its YAML line.
 */

/** What a provider can tell about a company, by the names the playbook uses. */
export const FIRMOGRAPHIC_FIELDS = [
  'company_name',
  'industry',
  'employee_count',
  'employee_band',
  'revenue_band',
  'country',
] as const;
export type FirmographicField = (typeof FIRMOGRAPHIC_FIELDS)[number];

const ProviderName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'use lowercase letters, digits, "-" and "_" (e.g. "firmographics")');

const FieldMap = z
  .record(z.string(), z.string().min(1))
  .describe(
    'where each field is in the source: a CSV column header, or a dotted JSON path for http (e.g. { employee_count: metrics.employees }); unmapped fields are read under their own name',
  );

export const CsvProviderConfig = z.strictObject({
  name: ProviderName,
  type: z.literal('csv'),
  file: z
    .string()
    .min(1)
    .describe('a CSV file with a domain column; a relative path is relative to the playbook file'),
  domain_column: z.string().min(1).default('domain'),
  map: FieldMap.optional(),
  enabled: z.boolean().default(true),
});

export const HttpProviderConfig = z.strictObject({
  name: ProviderName,
  type: z.literal('http'),
  url: z
    .string()
    .min(1)
    .describe(
      'GET endpoint with a {domain} placeholder, e.g. https://api.example.com/company?domain={domain}',
    ),
  timeout_ms: z.number().int().min(50).max(60_000).default(2000).describe('per attempt'),
  retries: z
    .number()
    .int()
    .min(0)
    .max(5)
    .default(2)
    .describe('extra attempts after a timeout, a network error or a 5xx (with backoff and jitter)'),
  cache_ttl_hours: z
    .number()
    .min(0)
    .max(8760)
    .default(168)
    .describe('answers (including "no data") are reused this long; 0 turns the cache off'),
  breaker: z
    .strictObject({
      failures: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .default(5)
        .describe('consecutive failed lookups that open the breaker'),
      cooldown_s: z
        .number()
        .int()
        .min(1)
        .max(86_400)
        .default(60)
        .describe('how long an open breaker skips the provider before one probe is let through'),
    })
    .default({ failures: 5, cooldown_s: 60 }),
  map: FieldMap.optional(),
  enabled: z.boolean().default(true),
});

export const EnrichmentProviderConfig = z.discriminatedUnion('type', [CsvProviderConfig, HttpProviderConfig]);

export const OverwritePolicy = z
  .enum(['never', 'if_empty', 'always'])
  .describe(
    'never: enrichment never writes the field; if_empty (default): fills an empty field and refreshes values enrichment wrote itself, keeps anything a person typed, imported or set; always: the provider wins, even over typed values',
  );

export const EmployeeBand = z.strictObject({
  band: z.string().min(1).max(50),
  max: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('largest head count in this band; omit on the last, open band'),
});

export const Enrichment = z.strictObject({
  providers: z
    .array(EnrichmentProviderConfig)
    .min(1)
    .describe('asked in this order; for each field the first provider with a value wins'),
  overwrite: z
    .record(z.string(), OverwritePolicy)
    .default({})
    .describe('per field (company_name, industry, employee_count, employee_band, revenue_band, country)'),
  employee_bands: z
    .array(EmployeeBand)
    .min(1)
    .optional()
    .describe('derive employee_band from employee_count, smallest band first'),
});

export type CsvProviderConfig = z.infer<typeof CsvProviderConfig>;
export type HttpProviderConfig = z.infer<typeof HttpProviderConfig>;
export type EnrichmentProviderConfig = z.infer<typeof EnrichmentProviderConfig>;
export type OverwritePolicy = z.infer<typeof OverwritePolicy>;
export type EmployeeBand = z.infer<typeof EmployeeBand>;
export type Enrichment = z.infer<typeof Enrichment>;
