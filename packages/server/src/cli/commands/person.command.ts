import { type PoolTrace, parseEmail } from '@mops/core';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { MopsError } from '../../errors.ts';
import { PlaybookRuntime } from '../../playbook/playbook-runtime.ts';
import { getPersonView, getTimeline, type PersonView, type TimelineItem } from '../../stores/people.query.ts';
import { formatTime, pad, print, printJson } from '../output.ts';
import { withDatabase } from '../with-database.ts';

export function registerPerson(program: Command): void {
  const person = program.command('person').description('look at people');
  person
    .command('show <email>')
    .description("a person's state and timeline, with the reason for every decision")
    .option('--json', 'machine-readable output')
    .action(async (email: string, opts: { json?: boolean }) => {
      const parsed = parseEmail(email);
      if (!parsed.ok) throw new MopsError('VALIDATION_FAILED', `${email}: ${parsed.error.message}`);
      await withDatabase(loadConfig(), async ({ db }) => {
        // The applied playbook says how the original source is chosen.
        const playbooks = new PlaybookRuntime(db);
        await playbooks.refresh();
        const view = await getPersonView(
          db,
          { email: parsed.value.email },
          { originalSource: playbooks.current().tracking.original_source },
        );
        if (!view) throw new MopsError('PERSON_NOT_FOUND', `nobody with the email ${parsed.value.email}`);
        const timeline = await getTimeline(db, view.id);
        if (opts.json) printJson({ person: view, timeline });
        else printPerson(view, timeline);
      });
    });
}

function printPerson(p: PersonView, timeline: TimelineItem[]): void {
  const f = p.fields;
  const name = [f.first_name, f.last_name].filter(Boolean).join(' ') || '(no name)';
  const routing = p.last_routing;
  print(`${name} <${p.email}>   ${p.id}`);
  print(`  stage     ${p.stage} (since ${formatTime(p.stage_entered_at)})`);
  print(
    `  scores    fit ${p.scores.fit} · engagement ${p.scores.engagement} · total ${p.scores.total}${p.scores.grade ? ` · grade ${p.scores.grade}` : ''}`,
  );
  const origin = p.attribution.original_source;
  if (origin) {
    print(
      `  source    ${origin.channel}${origin.source ? ` · ${origin.source}` : ''}${origin.medium ? ` / ${origin.medium}` : ''}${origin.campaign ? ` · campaign ${origin.campaign}` : ''} (${origin.reason}; ${p.attribution.touches} touches)`,
    );
  }
  if (p.owner) {
    print(
      `  owner     ${p.owner.name ?? p.owner.rep_id} (${p.owner.rep_id}${p.owner.email ? `, ${p.owner.email}` : ''})`,
    );
  } else if (p.queue) print(`  owner     none — waiting in queue "${p.queue}"`);
  else print('  owner     none');
  if (routing) {
    print(
      `  routed    ${formatTime(routing.routed_at)}, ${routing.routing_ms} ms after capture — ${routing.reason}`,
    );
  }
  if (p.account) {
    print(
      `  account   ${p.account.domain}${p.account.name ? ` (${p.account.name})` : ''}${p.account.owner ? ` · owner ${p.account.owner}` : ''}${p.account.named ? ' · named account' : ''}`,
    );
  }
  const shown = ['company', 'title', 'function', 'seniority', 'country', 'state', 'region', 'phone'];
  const fields = shown.filter((k) => f[k] !== null && f[k] !== undefined).map((k) => `${k}: ${String(f[k])}`);
  if (fields.length > 0) print(`  fields    ${fields.join(' · ')}`);
  print('');
  print(`timeline (${timeline.length} entries, oldest first)`);
  for (const item of timeline) {
    const time = item.at.toISOString().slice(11, 23);
    const version = item.playbook_version ? ` [v${item.playbook_version}]` : '';
    const head = `  ${time}  ${pad(item.kind, 12)} ${item.summary}${item.rule ? ` (${item.rule})` : ''}${version}`;
    print(head);
    if (item.reason && item.reason !== item.summary) print(`  ${' '.repeat(29)}${item.reason}`);
    if (item.kind === 'routing') {
      const pools = (item.data.trace as { pools?: PoolTrace[] } | undefined)?.pools ?? [];
      for (const pool of pools) {
        print(
          `  ${' '.repeat(29)}pool ${pool.poolId}: ${pool.order}${pool.picked ? ` → ${pool.picked}` : ''}`,
        );
        for (const c of pool.candidates)
          print(`  ${' '.repeat(31)}${c.eligible ? '✓' : '✗'} ${c.repId}: ${c.why}`);
        for (const note of pool.busy) print(`  ${' '.repeat(31)}· ${note}`);
      }
    }
  }
}
