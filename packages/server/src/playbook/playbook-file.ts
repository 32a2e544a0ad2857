import fs from 'node:fs';
import path from 'node:path';
import { loadPlaybook, type Playbook } from '@mops/core';
import { MopsError } from '../errors.ts';

export interface PlaybookFile {
  path: string;
  text: string;
  playbook: Playbook;
}

/** Reads and checks a playbook file; every problem is reported with `file:line:column`. */
export function readPlaybookFile(file: string): PlaybookFile {
  const resolved = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(resolved, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MopsError(
      'FILE_NOT_FOUND',
      code === 'ENOENT'
        ? `playbook file not found: ${resolved}`
        : `cannot read ${resolved}: ${(error as Error).message}`,
    );
  }
  const loaded = loadPlaybook(text, path.relative(process.cwd(), resolved) || resolved);
  if (!loaded.ok) throw MopsError.from(loaded.error);
  return { path: resolved, text, playbook: loaded.value };
}
