import { parseEmail } from '@mops/core';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { MopsError } from '../../errors.ts';
import { getMerge, getReview, listMerges, listReviews, rejectReview } from '../../merges/merge.store.ts';
import { mergePeople } from '../../merges/merge-people.ts';
import { undoMerge } from '../../merges/undo-merge.ts';
import { ensurePlaybook } from '../../playbook/ensure-playbook.ts';
import { formatTime, print, printJson } from '../output.ts';
import { withDatabase } from '../with-database.ts';

const json = { flags: '--json', description: 'machine-readable output' };

export function registerMerge(program: Command): void {
  const merge = program.command('merge').description('merges of duplicate people: list, review, undo');

  merge
    .command('list')
    .description('recent merges, newest first')
    .option(json.flags, json.description)
    .action(async (opts: { json?: boolean }) => {
      await withDatabase(loadConfig(), async ({ db }) => {
        const rows = await listMerges(db);
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return print('no merges yet');
        for (const m of rows) {
          const p = m.probability === null ? 'manual' : `p=${m.probability.toFixed(3)}`;
          print(
            `${m.id}  ${formatTime(m.created_at)}  ${m.merged.email} → ${m.survivor.email}  ${p}  by ${m.actor}${m.undone_at ? '  (undone)' : ''}`,
          );
        }
      });
    });

  merge
    .command('show <id>')
    .description('one merge: the evidence for the match and the value chosen for each field')
    .option(json.flags, json.description)
    .action(async (id: string, opts: { json?: boolean }) => {
      await withDatabase(loadConfig(), async ({ db }) => {
        const m = await getMerge(db, id);
        if (opts.json) return printJson(m);
        print(
          `merge ${m.id} at ${formatTime(m.created_at)} by ${m.actor}${m.undone_at ? ` — undone ${formatTime(m.undone_at)} by ${m.undone_by}` : ''}`,
        );
        print(
          `  survivor ${m.survivor_id} · merged ${m.merged_id} · probability ${m.probability ?? 'manual'}`,
        );
        const evidence = m.evidence as {
          fields?: { field: string; level: string; weight: number; left: string; right: string }[];
        } | null;
        for (const f of evidence?.fields ?? []) {
          print(
            `  ${f.field.padEnd(12)} ${f.level.padEnd(14)} ${f.weight >= 0 ? '+' : ''}${f.weight.toFixed(2)}  "${f.left}" vs "${f.right}"`,
          );
        }
        for (const c of m.choices as { field: string; value: unknown; rule: string; reason: string }[]) {
          print(`  ${c.field}: ${String(c.value)} (${c.rule}: ${c.reason})`);
        }
      });
    });

  merge
    .command('undo <id>')
    .description('undo a merge: both people are separate again, with everything they had')
    .option(json.flags, json.description)
    .action(async (id: string, opts: { json?: boolean }) => {
      const config = loadConfig();
      await withDatabase(config, async ({ db, pool }) => {
        const playbook = await ensurePlaybook(db, config, { actor: 'mops merge undo' });
        const outcome = await undoMerge(pool, playbook, id, 'mops merge undo', new Date());
        if (opts.json) return printJson(outcome);
        print(`undid merge ${outcome.mergeId}: ${outcome.mergedId} is a person of its own again`);
        if (outcome.restored.length > 0) print(`  restored on the survivor: ${outcome.restored.join(', ')}`);
        for (const k of outcome.kept) print(`  kept ${k.field}: ${k.reason}`);
      });
    });

  merge
    .command('people <emailA> <emailB>')
    .description('merge two people you know are the same (the older record survives)')
    .option(json.flags, json.description)
    .action(async (a: string, b: string, opts: { json?: boolean }) => {
      const config = loadConfig();
      await withDatabase(config, async ({ db, pool }) => {
        const playbook = await ensurePlaybook(db, config, { actor: 'mops merge people' });
        const ids = [];
        for (const email of [a, b]) {
          const parsed = parseEmail(email);
          if (!parsed.ok) throw new MopsError('VALIDATION_FAILED', `${email}: ${parsed.error.message}`);
          const row = await db
            .selectFrom('people')
            .select('id')
            .where('email', '=', parsed.value.email)
            .executeTakeFirst();
          if (!row) throw new MopsError('PERSON_NOT_FOUND', `nobody with the email ${parsed.value.email}`);
          ids.push(row.id);
        }
        const outcome = await mergePeople(
          pool,
          playbook,
          {
            personA: ids[0] as string,
            personB: ids[1] as string,
            probability: null,
            evidence: null,
            actor: 'mops merge people',
          },
          new Date(),
        );
        if (opts.json) return printJson(outcome);
        printOutcome(outcome);
      });
    });

  merge
    .command('reviews')
    .description('pairs the matcher was unsure about, most likely first')
    .option(json.flags, json.description)
    .action(async (opts: { json?: boolean }) => {
      await withDatabase(loadConfig(), async ({ db }) => {
        const rows = await listReviews(db, 'open');
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return print('no open reviews');
        for (const r of rows)
          print(`${r.id}  p=${r.probability.toFixed(3)}  ${r.a.email}  ~  ${r.b.email}  (${r.found_by})`);
        print('\naccept with `mops merge accept <id>`, reject with `mops merge reject <id>`');
      });
    });

  merge
    .command('accept <reviewId>')
    .description('merge a reviewed pair')
    .option(json.flags, json.description)
    .action(async (id: string, opts: { json?: boolean }) => {
      const config = loadConfig();
      await withDatabase(config, async ({ db, pool }) => {
        const playbook = await ensurePlaybook(db, config, { actor: 'mops merge accept' });
        const review = await getReview(db, id);
        if (review.status !== 'open')
          throw new MopsError('MERGE_INVALID', `review ${id} is already ${review.status}`);
        const outcome = await mergePeople(
          pool,
          playbook,
          {
            personA: review.person_a,
            personB: review.person_b,
            probability: review.probability,
            evidence: review.evidence as Record<string, unknown>,
            actor: 'review (mops merge accept)',
            reviewId: review.id,
          },
          new Date(),
        );
        if (opts.json) return printJson(outcome);
        printOutcome(outcome);
      });
    });

  merge
    .command('reject <reviewId>')
    .description('mark a reviewed pair as two different people (never suggested again)')
    .action(async (id: string) => {
      await withDatabase(loadConfig(), async ({ db }) => {
        await rejectReview(db, id, 'mops merge reject', new Date());
        print(`review ${id} rejected: the two stay separate`);
      });
    });
}

function printOutcome(o: {
  mergeId: string;
  survivorEmail: string;
  mergedEmail: string;
  updates: { field: string }[];
}) {
  print(`merged ${o.mergedEmail} into ${o.survivorEmail} (merge ${o.mergeId})`);
  if (o.updates.length > 0)
    print(`  took from ${o.mergedEmail}: ${o.updates.map((u) => u.field).join(', ')}`);
  print(`  undo with: mops merge undo ${o.mergeId}`);
}
