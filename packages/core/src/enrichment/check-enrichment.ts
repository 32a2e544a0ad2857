import type { PlaybookIssue } from '../playbook/check-references.ts';
import { didYouMean } from '../text/suggest.ts';
import { type Enrichment, FIRMOGRAPHIC_FIELDS } from './enrichment.schema.ts';
import { checkUrlTemplate } from './url-template.ts';

const FIELDS: readonly string[] = FIRMOGRAPHIC_FIELDS;

/** What the schema cannot check in `enrichment:`; each issue carries its YAML path. */
export function checkEnrichment(enrichment: Enrichment | undefined): PlaybookIssue[] {
  if (!enrichment) return [];
  const issues: PlaybookIssue[] = [];
  const add = (path: (string | number)[], code: string, message: string) =>
    issues.push({ path: ['enrichment', ...path], code, message });
  const unknownField = (path: (string | number)[], name: string) =>
    add(
      path,
      'UNKNOWN_ENRICHMENT_FIELD',
      `unknown enrichment field "${name}"; known: ${FIELDS.join(', ')}.${didYouMean(name, FIELDS)}`,
    );

  const seen = new Map<string, number>();
  enrichment.providers.forEach((provider, i) => {
    const first = seen.get(provider.name);
    if (first !== undefined) {
      add(
        ['providers', i, 'name'],
        'DUPLICATE_PROVIDER',
        `provider name "${provider.name}" is already used by providers[${first}]; names key the cache and the decision log`,
      );
    } else seen.set(provider.name, i);
    for (const field of Object.keys(provider.map ?? {})) {
      if (!FIELDS.includes(field)) unknownField(['providers', i, 'map', field], field);
    }
    if (provider.type === 'http') {
      const url = checkUrlTemplate(provider.url);
      if (!url.ok) add(['providers', i, 'url'], 'INVALID_URL_TEMPLATE', url.error);
    } else if (provider.file.includes('\0')) {
      add(['providers', i, 'file'], 'INVALID_FILE', 'the file name contains a NUL character');
    }
  });

  for (const field of Object.keys(enrichment.overwrite)) {
    if (!FIELDS.includes(field)) unknownField(['overwrite', field], field);
  }

  const bands = enrichment.employee_bands ?? [];
  const labels = new Set<string>();
  bands.forEach((band, i) => {
    if (labels.has(band.band))
      add(['employee_bands', i, 'band'], 'DUPLICATE_BAND', `band "${band.band}" is listed twice`);
    labels.add(band.band);
    const last = i === bands.length - 1;
    if (band.max === undefined && !last) {
      add(['employee_bands', i, 'max'], 'BAND_MAX_REQUIRED', 'only the last band may be open (no max)');
    }
    const previous = bands[i - 1]?.max;
    if (band.max !== undefined && previous !== undefined && band.max <= previous) {
      add(
        ['employee_bands', i, 'max'],
        'BANDS_NOT_ASCENDING',
        `max ${band.max} must be above the previous band's max (${previous}): list bands smallest first`,
      );
    }
  });
  return issues;
}
