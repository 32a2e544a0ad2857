// Worker thread: describes large tracking batches off the HTTP thread (JSON, validation, URL
// parsing, UTM normalisation, channel rules, the COPY lines). It compiles the playbook it is sent
// once per version and answers each request by id; it does no IO.
import { parentPort } from 'node:worker_threads';
import { type CompiledPlaybook, compilePlaybook, type Playbook } from '@mops/core';
import { describeBatch } from './describe-batch.ts';
import { withoutValues } from './store-touches.ts';

export type DescribeRequest =
  | { kind: 'playbook'; source: Playbook; version: { id: number; hash: string } }
  | { kind: 'describe'; id: number; body: string; userAgent: string | null; receivedAt: number };

let playbook: CompiledPlaybook | null = null;

parentPort?.on('message', (message: DescribeRequest) => {
  if (message.kind === 'playbook') {
    playbook = compilePlaybook(message.source, message.version);
    return;
  }
  try {
    if (!playbook) throw new Error('no playbook yet');
    let body: unknown;
    try {
      body = JSON.parse(message.body);
    } catch {
      parentPort?.postMessage({
        id: message.id,
        result: {
          ok: false,
          error: {
            code: 'INVALID_JSON',
            message: 'the tracking batch is not valid JSON; see docs/tracking-protocol.md',
          },
        },
      });
      return;
    }
    const result = describeBatch(playbook, {
      body,
      userAgent: message.userAgent,
      receivedAt: new Date(message.receivedAt),
    });
    if (result.ok) result.value.rows = withoutValues(result.value.rows);
    parentPort?.postMessage({ id: message.id, result });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, failure: (error as Error).message });
  }
});
