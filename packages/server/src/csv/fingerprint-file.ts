import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { MopsError } from '../errors.ts';

/** Size and SHA-256 of an import file: how a re-import of the same file is recognised. */
export async function fingerprintFile(path: string): Promise<{ size: number; sha256: string }> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new MopsError('CSV_UNREADABLE', `${path} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof MopsError) throw error;
    throw new MopsError('FILE_NOT_FOUND', `no such file: ${path}`);
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { size, sha256: hash.digest('hex') };
}
