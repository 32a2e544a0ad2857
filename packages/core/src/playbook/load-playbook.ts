import { type Document, isMap, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml';
import { type ErrorDetail, err, ok, type Result } from '../result.ts';
import { checkReferences, type PlaybookIssue } from './check-references.ts';
import { formatZodIssues } from './format-zod-issues.ts';
import { Playbook } from './playbook.schema.ts';

export interface PlaybookLoadError {
  code: 'PLAYBOOK_INVALID';
  message: string;
  details: ErrorDetail[];
}

/**
 * YAML text → a checked Playbook. Every problem is reported at once, each with its YAML path and
 * `file:line:column`, so a Marketing Ops manager can fix the file in one pass.
 */
export function loadPlaybook(text: string, fileName = 'playbook.yaml'): Result<Playbook, PlaybookLoadError> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return `${fileName}:${pos.line}:${pos.col}`;
  };
  if (doc.errors.length > 0) {
    return err(
      failure(
        doc.errors.map((e) => ({
          path: '',
          code: 'YAML_SYNTAX',
          message: firstLine(e.message),
          location: where(e.pos[0]),
        })),
      ),
    );
  }
  let input: unknown;
  try {
    input = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    // An unresolved alias (`*nope`) or an alias bomb only shows when converting: bad input, not a bug.
    const message = firstLine(e instanceof Error ? e.message : String(e));
    return err(failure([{ path: '', code: 'YAML_SYNTAX', message, location: where(aliasOffset(doc)) }]));
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return err(
      failure([
        {
          path: '',
          code: 'NOT_A_MAP',
          message: 'the playbook must be a YAML map (workspace:, lifecycle:, …)',
          location: `${fileName}:1:1`,
        },
      ]),
    );
  }
  const parsed = Playbook.safeParse(input);
  const issues: PlaybookIssue[] = parsed.success
    ? checkReferences(parsed.data)
    : formatZodIssues(parsed.error.issues, input);
  if (issues.length > 0) {
    return err(
      failure(
        issues.map((issue) => {
          const offset = locate(doc.contents, issue.path);
          return {
            path: formatPath(issue.path),
            code: issue.code,
            message: issue.message,
            location: offset === null ? fileName : where(offset),
          };
        }),
      ),
    );
  }
  return ok(parsed.data as Playbook);
}

/** Where the first alias without an anchor before it is (else the first alias) — the likely culprit. */
function aliasOffset(doc: Document): number {
  let first: number | null = null;
  let unresolved: number | null = null;
  visit(doc, {
    Alias(_key, alias) {
      const offset = alias.range?.[0] ?? 0;
      first ??= offset;
      if (!alias.resolve(doc)) {
        unresolved = offset;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return unresolved ?? first ?? 0;
}

function failure(details: ErrorDetail[]): PlaybookLoadError {
  const lines = details.map((d) => `${d.location ?? ''}  ${d.path ? `${d.path}: ` : ''}${d.message}`);
  return {
    code: 'PLAYBOOK_INVALID',
    message: `the playbook has ${details.length} problem${details.length === 1 ? '' : 's'}:\n${lines.join('\n')}`,
    details,
  };
}

/** Finds the source offset of the deepest node that exists along `path` (a key when the last step is a key). */
function locate(root: Node | null, path: (string | number)[]): number | null {
  let node: unknown = root;
  let best: number | null = rangeStart(root);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === segment);
      if (!pair) break;
      best = rangeStart(pair.key as Node) ?? best;
      node = pair.value;
      if (pair.value && !isMap(pair.value) && !isSeq(pair.value))
        best = rangeStart(pair.value as Node) ?? best;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      best = rangeStart(item) ?? best;
      node = item;
    } else break;
  }
  return best;
}

function rangeStart(node: unknown): number | null {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : null;
}

export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg),
    '',
  );
}

const firstLine = (text: string) => text.split('\n')[0] ?? text;
