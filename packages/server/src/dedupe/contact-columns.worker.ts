// Worker thread: prepares the contact columns of a large dedupe file (email, domain, phone,
// street, postcode, dates, ids — the nearly unique values whose interning costs most) while the
// reading thread prepares names, companies and places. Rows arrive in file order as flat chunks.
import { parentPort } from 'node:worker_threads';
import { RecordPreparer } from '@mops/core';
import { CONTACT_FIELDS, type ContactMessage } from './contact-columns.ts';

const preparer = new RecordPreparer(64 * 1024, 'contact');

parentPort?.on('message', (message: ContactMessage) => {
  if (message.kind === 'rows') {
    const { values } = message;
    for (let at = 0; at < values.length; at += CONTACT_FIELDS.length) {
      const input: Record<string, string> = {};
      for (let f = 0; f < CONTACT_FIELDS.length; f++) {
        const value = values[at + f] as string;
        if (value !== '') input[CONTACT_FIELDS[f] as string] = value;
      }
      preparer.add(input);
    }
    return;
  }
  const part = preparer.finishPart();
  const buffers = Object.values(part.columns).flatMap((column) =>
    column ? [column.ids.buffer as ArrayBuffer, column.counts.buffer as ArrayBuffer] : [],
  );
  parentPort?.postMessage(part, buffers);
});
