import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Hot-path statements (the lead pipeline runs a handful of them per form submission, hundreds of
 * times a second) start with this marker. The client runs them as named prepared statements, so
 * each connection parses and plans them once instead of on every call.
 */
export const PREPARE = '/* prepared */';

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `mops_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

export class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; we only add a name.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(PREPARE) && Array.isArray(values)) {
      return super.query({ name: statementName(config), text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}
