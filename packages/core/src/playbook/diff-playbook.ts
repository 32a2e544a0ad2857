export interface PlaybookChange {
  op: 'added' | 'removed' | 'changed';
  /** e.g. `scoring.fit.rules[senior-buyer].points`: list items are named by their id. */
  path: string;
  before?: unknown;
  after?: unknown;
}

/**
 * What a reviewer wants from `playbook diff`: which rule, pool or rep changed and how — not a
 * line diff. Lists of objects are matched by `id` (or `domain`, `rep`), so reordering shows as a
 * change of order only where order matters (rules, where first match wins).
 */
export function diffPlaybooks(before: unknown, after: unknown): PlaybookChange[] {
  const changes: PlaybookChange[] = [];
  diff(before, after, '', changes);
  return changes;
}

const KEYS = ['id', 'domain', 'rep'] as const;

function diff(a: unknown, b: unknown, path: string, out: PlaybookChange[]): void {
  if (deepEqual(a, b)) return;
  if (a === undefined) {
    out.push({ op: 'added', path, after: b });
    return;
  }
  if (b === undefined) {
    out.push({ op: 'removed', path, before: a });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const key = keyOf(a) ?? keyOf(b);
    if (key && keyOf(a) === keyOf(b)) {
      diffKeyedLists(a as Rec[], b as Rec[], key, path, out);
      return;
    }
    out.push({ op: 'changed', path, before: a, after: b });
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diff(a[k], b[k], join(path, k), out);
    return;
  }
  out.push({ op: 'changed', path, before: a, after: b });
}

type Rec = Record<string, unknown>;

function diffKeyedLists(a: Rec[], b: Rec[], key: string, path: string, out: PlaybookChange[]): void {
  const name = (item: Rec) => String(item[key]);
  const beforeById = new Map(a.map((item) => [name(item), item]));
  const afterById = new Map(b.map((item) => [name(item), item]));
  for (const [id, item] of beforeById)
    if (!afterById.has(id)) out.push({ op: 'removed', path: `${path}[${id}]`, before: item });
  for (const [id, item] of afterById) diff(beforeById.get(id), item, `${path}[${id}]`, out);
  const orderBefore = a.map(name).filter((id) => afterById.has(id));
  const orderAfter = b.map(name).filter((id) => beforeById.has(id));
  if (!deepEqual(orderBefore, orderAfter))
    out.push({ op: 'changed', path: `${path} (order)`, before: orderBefore, after: orderAfter });
}

function keyOf(list: unknown[]): string | null {
  if (list.length === 0 || !list.every(isRecord)) return null;
  return KEYS.find((k) => list.every((item) => typeof (item as Rec)[k] === 'string')) ?? null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}
