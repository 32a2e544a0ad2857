// Drives the synthetic B2B set: companies → people (with planted hard negatives) → records, through
// a windowed shuffle so duplicates do not sit next to each other in the file, with opaque ids that
// say nothing about the entity. No IO here: rows go to a sink (the CLI streams them to disk).
import { type Company, type Person, World } from './b2b-entities.ts';
import { FAMILY_FIRST_NAMES } from './b2b-pools.data.ts';
import { renderRecord } from './b2b-records.ts';
import { csvLine } from './csv.ts';
import { createRng, type Rng } from './prng.ts';

/** Bump when the output for a given seed changes, so cached sets (the million) are regenerated. */
export const B2B_GENERATOR_VERSION = 2;

export type NegativeKind = 'similar-colleague' | 'sr-jr' | 'namesake' | 'switchboard-colleague';

export interface B2BSink {
  /** One input row: its id and the rest of the CSV line (B2B_HEADER after `id`, encoded). */
  row(id: string, csvFields: string): void;
  truth(id: string, entity: string): void;
  negative(entityA: string, entityB: string, kind: NegativeKind): void;
}

export interface B2BOptions {
  rows: number;
  seed: string | number;
  /** Share of people with 1–3 extra records. */
  duplicateRate?: number;
  /** Rows held back and emitted in random order; bigger spreads duplicates further. */
  shuffleWindow?: number;
}

export interface B2BStats {
  rows: number;
  entities: number;
  companies: number;
  duplicatedEntities: number;
  negatives: Record<NegativeKind, number>;
}

export function generateB2B(options: B2BOptions, sink: B2BSink): B2BStats {
  const rng = createRng(options.seed);
  const world = new World(rng);
  const duplicateRate = options.duplicateRate ?? 0.25;
  const window = options.shuffleWindow ?? 65_536;
  const stats: B2BStats = {
    rows: 0,
    entities: 0,
    companies: 0,
    duplicatedEntities: 0,
    negatives: { 'similar-colleague': 0, 'sr-jr': 0, namesake: 0, 'switchboard-colleague': 0 },
  };
  // Rows wait here encoded as one string each (cheap for the garbage collector), entity beside.
  const buffer: string[] = [];
  const bufferEntity: number[] = [];
  const recent: Person[] = [];
  let produced = 0;
  let emitted = 0;
  const entityId = (n: number) => `e${n}`;
  const negative = (a: Person, b: Person, kind: NegativeKind) => {
    sink.negative(entityId(a.entity), entityId(b.entity), kind);
    stats.negatives[kind]++;
  };
  const emitOne = () => {
    const i = rng.int(0, buffer.length - 1);
    const line = buffer[i] as string;
    const entity = bufferEntity[i] as number;
    buffer[i] = buffer[buffer.length - 1] as string;
    bufferEntity[i] = bufferEntity[bufferEntity.length - 1] as number;
    buffer.pop();
    bufferEntity.pop();
    const id = opaqueId(emitted++);
    sink.row(id, line);
    sink.truth(id, entityId(entity));
  };

  while (produced < options.rows) {
    const company = world.company();
    stats.companies++;
    const people = staffCompany(rng, world, company, recent, negative);
    for (const person of people) {
      if (produced >= options.rows) break;
      stats.entities++;
      const extra = rng.chance(duplicateRate) ? rng.pick([1, 1, 1, 1, 1, 1, 2, 2, 2, 3]) : 0;
      if (extra > 0) stats.duplicatedEntities++;
      for (let k = 0; k <= extra && produced < options.rows; k++) {
        buffer.push(csvLine(renderRecord(rng, person, k > 0)));
        bufferEntity.push(person.entity);
        produced++;
        if (buffer.length >= window) emitOne();
      }
      recent[person.entity % 512] = person;
    }
  }
  while (buffer.length > 0) emitOne();
  stats.rows = emitted;
  return stats;
}

function staffCompany(
  rng: Rng,
  world: World,
  company: Company,
  recent: Person[],
  negative: (a: Person, b: Person, kind: NegativeKind) => void,
): Person[] {
  const u = rng.next();
  const size =
    u < 0.35 ? rng.int(1, 2) : u < 0.75 ? rng.int(3, 8) : u < 0.95 ? rng.int(9, 25) : rng.int(26, 80);
  const people: Person[] = [];
  const names = new Set<string>();
  const add = (first: string, last: string, suffix?: 'Sr.' | 'Jr.'): Person | undefined => {
    // At one company a name appears once, except the Sr./Jr. pair (a plain namesake colleague
    // would be undecidable from contact data).
    const plain = `${first} ${last}`;
    const key = suffix === undefined ? plain : `${plain} ${suffix}`;
    const taken = suffix === 'Jr.' ? [plain, key] : [plain, `${plain} Sr.`, `${plain} Jr.`];
    if (taken.some((name) => names.has(name))) return undefined;
    names.add(key);
    const person = world.person(company, first, last, suffix);
    people.push(person);
    return person;
  };
  for (let i = 0; i < size; i++) {
    // Namesakes: someone at another company with exactly this name.
    const other = rng.chance(0.05) ? recent[rng.int(0, recent.length - 1)] : undefined;
    if (other !== undefined && other.company !== company && other.suffix === undefined) {
      const person = add(other.first, other.last);
      if (person !== undefined) negative(other, person, 'namesake');
      continue;
    }
    add(world.firstName(), world.lastName());
  }
  if (rng.chance(0.08)) {
    // Colleagues with look-alike names in different roles: Jon Smyth next to John Smith.
    const [[f1, l1], [f2, l2]] = world.confusableNames();
    const one = add(f1, l1);
    const two = one === undefined ? undefined : add(f2, l2);
    if (one !== undefined && two !== undefined) {
      if (two.title.fn === one.title.fn && two.title.level === one.title.level)
        two.title.level = (two.title.level + 2) % 7;
      one.confusable = true;
      two.confusable = true;
      negative(one, two, 'similar-colleague');
    }
  }
  if (rng.chance(0.04)) {
    // Father and son at the family firm: same name, Sr./Jr., different roles and mailboxes.
    const first = rng.pick(FAMILY_FIRST_NAMES);
    const last = world.lastName();
    const elder = add(first, last, 'Sr.');
    const son = elder === undefined ? undefined : add(first, last, 'Jr.');
    if (elder !== undefined && son !== undefined) {
      if (son.title.level === elder.title.level) son.title.level = Math.min(6, son.title.level + 3);
      negative(elder, son, 'sr-jr');
    }
  }
  const onSwitchboard = people.filter((p) => p.direct === undefined);
  if (onSwitchboard.length >= 2)
    negative(onSwitchboard[0] as Person, onSwitchboard[1] as Person, 'switchboard-colleague');
  return people;
}

/** Row number → opaque, unique id (a bijection on 32 bits), so ids carry no order or entity. */
export function opaqueId(n: number): string {
  const x = (Math.imul(n ^ 0x5bd1e995, 0x9e3779b1) >>> 0) ^ 0xa5a5a5a5;
  return `c${(x >>> 0).toString(36).padStart(7, '0')}`;
}
