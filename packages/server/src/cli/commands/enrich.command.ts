import { parseEmail } from '@mops/core';
import type { Command } from 'commander';
import { systemClock } from '../../clock.ts';
import { loadConfig } from '../../config.ts';
import { CsvProvider } from '../../enrichment/csv-provider.ts';
import { type EnrichOutcome, enrichPerson } from '../../enrichment/enrich-person.ts';
import { EnrichmentRuntime } from '../../enrichment/enrichment-runtime.ts';
import type { EnrichmentProvider } from '../../enrichment/provider.ts';
import { MopsError } from '../../errors.ts';
import { createLogger } from '../../log.ts';
import { compileStored, currentPlaybook } from '../../stores/playbook.store.ts';
import { print, printJson } from '../output.ts';
import { withDatabase } from '../with-database.ts';

export function registerEnrich(program: Command): void {
  program
    .command('enrich <email>')
    .description('run enrichment for one person now and show what changed and why')
    .option('--json', 'machine-readable output')
    .option('--verbose', 'log provider activity (file loads, retries, breaker changes) to stderr')
    .action(async (email: string, opts: { json?: boolean; verbose?: boolean }) => {
      const parsed = parseEmail(email);
      if (!parsed.ok) throw new MopsError('VALIDATION_FAILED', `${email}: ${parsed.error.message}`);
      await withDatabase(loadConfig(), async ({ db }) => {
        const stored = await currentPlaybook(db);
        if (!stored)
          throw new MopsError(
            'NO_PLAYBOOK',
            'no playbook has been applied yet; run `mops playbook apply <file>`',
          );
        const playbook = compileStored(stored);
        const person = await db
          .selectFrom('people')
          .select('id')
          .where('email', '=', parsed.value.email)
          .executeTakeFirst();
        if (!person) throw new MopsError('PERSON_NOT_FOUND', `nobody with the email ${parsed.value.email}`);
        const runtime = new EnrichmentRuntime(db, {
          clock: systemClock,
          log: createLogger('mops enrich', !opts.verbose),
        });
        const providers = await runtime.providersFor(playbook);
        const outcome = await enrichPerson(db, { playbook, providers, clock: systemClock }, person.id);
        if (opts.json) printJson({ ...outcome, files: fileStatus(providers) });
        else printOutcome(outcome, providers);
      });
    });
}

function fileStatus(providers: EnrichmentProvider[]) {
  return providers.flatMap((p) =>
    p instanceof CsvProvider ? [{ provider: p.name, path: p.path, ...p.status() }] : [],
  );
}

function printOutcome(outcome: EnrichOutcome, providers: EnrichmentProvider[]): void {
  const head = `${outcome.email ?? outcome.personId}${outcome.domain ? ` — company domain ${outcome.domain}` : ''}`;
  print(head);
  for (const file of fileStatus(providers)) {
    if (file.error) print(`  ${file.provider}: ${file.error.message}`);
    else if (file.report && (file.report.malformedCount > 0 || file.report.problemCount > 0)) {
      print(
        `  ${file.provider}: ${file.path} has ${file.report.malformedCount} malformed and ${file.report.problemCount} unusable lines`,
      );
      for (const m of file.report.malformed.slice(0, 5)) print(`    line ${m.line}: ${m.reason}`);
      for (const p of file.report.problems.slice(0, 5)) print(`    line ${p.line}: ${p.message}`);
    }
  }
  const status: Record<EnrichOutcome['status'], string> = {
    enriched: 'enriched',
    unchanged: 'nothing to change',
    no_domain: 'no company domain to look up (free-mail address and no website)',
    disabled: 'enrichment is off: the playbook has no enabled providers',
    not_found: 'person not found',
  };
  print(
    `  result: ${status[outcome.status]}${outcome.decisionId ? ` (decision #${outcome.decisionId})` : ''}`,
  );
  if (outcome.lookups.length > 0) print('  providers:');
  for (const { provider, outcome: o } of outcome.lookups) {
    const text =
      o.status === 'matched'
        ? `matched ${o.result.matchedOn.domain}${o.cached ? ' (cached)' : ''}: ${Object.entries(
            o.result.fields,
          )
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(', ')}`
        : o.status === 'no_match'
          ? `no data${o.cached ? ' (cached)' : ''}`
          : o.status === 'failed'
            ? `failed after ${o.attempts} attempt(s): ${o.error.message}${o.breaker ? ` · breaker ${o.breaker.state}` : ''}`
            : `not asked: ${o.reason}`;
    print(`    ${provider}: ${text}`);
    if ((o.status === 'matched' || o.status === 'no_match') && o.problems.length > 0)
      for (const p of o.problems) print(`      unusable ${p.field}: ${p.message}`);
  }
  const decision = outcome.decision;
  if (!decision) return;
  if (decision.changes.length > 0) print('  changed:');
  for (const change of decision.changes) print(`    ${change.reason}`);
  const notable = decision.skipped.filter((s) => s.code !== 'no_data');
  if (notable.length > 0) print('  not changed:');
  for (const skip of notable) print(`    ${skip.reason}`);
}
