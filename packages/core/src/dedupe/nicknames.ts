import { NICKNAME_PAIRS } from './nicknames.data.ts';

// The vendored list is directional ("robert has_nickname bob") and noisy: some nicknames belong
// to many formal names ("ed" → edward, edmund, edwin) and some lines are dubious ("aaron" → "erin").
// A transitive closure would chain those into absurd groups (edward ≈ ed ≈ edwin ≈ win …), so the
// relation here is deliberately NOT transitive: each name gets the set of its "roots" (itself plus
// every formal name it is a nickname of), and two names are equivalent when their root sets
// intersect. Bob ≈ Robert (bob's roots contain robert), Bob ≈ Rob (both root at robert), but
// Edward ≉ Edwin even though both are reachable from "ed".

let roots: Map<string, readonly string[]> | undefined;
let rank = new Map<string, number>();

function buildRoots(): Map<string, readonly string[]> {
  const lines: [string, string][] = [];
  const nicknameCount = new Map<string, number>();
  for (const line of NICKNAME_PAIRS.split('\n')) {
    const comma = line.indexOf(',');
    if (comma <= 0) continue;
    const formal = line.slice(0, comma);
    lines.push([formal, line.slice(comma + 1)]);
    nicknameCount.set(formal, (nicknameCount.get(formal) ?? 0) + 1);
  }
  const map = new Map<string, string[]>();
  const add = (name: string, root: string) => {
    const list = map.get(name);
    if (list === undefined) map.set(name, [root]);
    else if (!list.includes(root)) list.push(root);
  };
  for (const [formal, nick] of lines) {
    add(formal, formal);
    add(nick, nick);
    // Noise filter: a line whose "nickname" is itself a longer name with nicknames of its own
    // ("bill → robert", "bill → william") is reversed or wrong; taking it would make Robert ≈
    // William through Bill.
    if ((nicknameCount.get(nick) ?? 0) > 0 && nick.length > formal.length) continue;
    add(nick, formal);
  }
  rank = nicknameCount;
  return map;
}

/** The formal names a (lower-case) first name may stand for, itself included. */
export function nameRoots(name: string): readonly string[] {
  roots ??= buildRoots();
  return roots.get(name) ?? [name];
}

/** True when two lower-case first names are the same person's name by nickname (symmetric). */
export function areNicknames(a: string, b: string): boolean {
  if (a === b) return true;
  const ra = nameRoots(a);
  const rb = nameRoots(b);
  for (const x of ra) if (rb.includes(x)) return true;
  return false;
}

/**
 * A blocking key for a first name that nickname variants share: its most "formal" root (the one
 * with the most nicknames; ties alphabetical). Bob, Bobby and Robert all key to "robert". Names
 * with several roots get only one key, so blocking on it is a recall aid, not a guarantee.
 */
export function nicknameKey(name: string): string {
  const r = nameRoots(name);
  let best = r[0] as string;
  for (const x of r) {
    const dx = rank.get(x) ?? 0;
    const db = rank.get(best) ?? 0;
    if (dx > db || (dx === db && x < best)) best = x;
  }
  return best;
}
