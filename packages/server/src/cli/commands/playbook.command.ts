import fs from 'node:fs';
import { diffPlaybooks, type PlaybookChange, playbookJsonSchema } from '@mops/core';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { readPlaybookFile } from '../../playbook/playbook-file.ts';
import { applyPlaybook, currentPlaybook } from '../../stores/playbook.store.ts';
import { print, printJson } from '../output.ts';
import { withDatabase } from '../with-database.ts';

export function registerPlaybook(program: Command): void {
  const playbook = program.command('playbook').description('validate, diff and apply the playbook');

  playbook
    .command('validate <file>')
    .description('check a playbook file (no database needed)')
    .option('--json', 'machine-readable output')
    .action((file: string, opts: { json?: boolean }) => {
      const loaded = readPlaybookFile(file);
      const pb = loaded.playbook;
      const summary = {
        file: loaded.path,
        valid: true,
        workspace: pb.workspace.name,
        stages: pb.lifecycle.stages.length,
        lifecycle_rules: pb.lifecycle.rules.length,
        fit_rules: pb.scoring.fit.rules.length,
        engagement_rules: pb.scoring.engagement.rules.length,
        routing_rules: pb.routing.rules.length,
        pools: Object.keys(pb.routing.pools).length,
        reps: pb.reps.length,
        forms: Object.keys(pb.forms).length,
      };
      if (opts.json) printJson(summary);
      else {
        print(`✓ ${file} is valid — "${pb.workspace.name}"`);
        print(
          `  ${summary.stages} stages, ${summary.lifecycle_rules} lifecycle rules, ${summary.fit_rules} fit + ${summary.engagement_rules} engagement rules, ` +
            `${summary.routing_rules} routing rules, ${summary.pools} pools, ${summary.reps} reps, ${summary.forms} forms`,
        );
      }
    });

  playbook
    .command('schema')
    .description('print the playbook JSON Schema (for editor autocompletion)')
    .option('--out <file>', 'write it to a file instead')
    .action((opts: { out?: string }) => {
      const text = `${JSON.stringify(playbookJsonSchema(), null, 2)}\n`;
      if (opts.out) fs.writeFileSync(opts.out, text);
      else process.stdout.write(text);
    });

  playbook
    .command('diff <file>')
    .description('show what applying <file> would change, against the applied playbook')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { json?: boolean }) => {
      const loaded = readPlaybookFile(file);
      await withDatabase(loadConfig(), async ({ db }) => {
        const current = await currentPlaybook(db);
        const changes = diffPlaybooks(current?.playbook ?? {}, loaded.playbook);
        if (opts.json) printJson({ against: current ? `v${current.id}` : null, changes });
        else printChanges(changes, current ? `applied v${current.id}` : 'an empty database');
      });
    });

  playbook
    .command('apply <file>')
    .description('store <file> as the new playbook version (a running server picks it up within seconds)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { json?: boolean }) => {
      const loaded = readPlaybookFile(file);
      await withDatabase(loadConfig(), async ({ db }) => {
        const actor = `cli:${process.env.USER ?? 'unknown'}`;
        const result = await applyPlaybook(db, {
          text: loaded.text,
          playbook: loaded.playbook,
          sourceFile: loaded.path,
          actor,
        });
        if (opts.json)
          printJson({
            applied: result.applied,
            version: result.version.id,
            hash: result.version.hash,
            changes: result.changes,
          });
        else if (!result.applied)
          print(`unchanged: ${file} is already the applied playbook (v${result.version.id})`);
        else {
          print(
            `applied ${file} as playbook v${result.version.id} (sha256 ${result.version.hash.slice(0, 12)})`,
          );
          printChanges(result.changes, 'the previous version');
        }
      });
    });
}

function printChanges(changes: PlaybookChange[], against: string): void {
  if (changes.length === 0) {
    print(`no changes against ${against}`);
    return;
  }
  print(`${changes.length} change${changes.length === 1 ? '' : 's'} against ${against}:`);
  const show = (v: unknown) => {
    const text = JSON.stringify(v);
    return text.length > 100 ? `${text.slice(0, 97)}...` : text;
  };
  for (const change of changes) {
    if (change.op === 'added') print(`  + ${change.path}: ${show(change.after)}`);
    else if (change.op === 'removed') print(`  - ${change.path}: ${show(change.before)}`);
    else print(`  ~ ${change.path}: ${show(change.before)} → ${show(change.after)}`);
  }
}
