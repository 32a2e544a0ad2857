import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  | { kind: 'ok'; body: unknown }
  | { kind: 'status'; status: number; body?: string; type?: string }
  | { kind: 'slow'; ms: number; body: unknown }
  | { kind: 'raw'; body: string; type: string }
  | { kind: 'huge'; bytes: number; declareLength: boolean };

/**
 * A real company-lookup JSON API on 127.0.0.1 (an ephemeral port) for enrichment tests:
 * `GET /company?domain=<d>` answers as scripted per domain — a queue of behaviours (the last one
 * repeats), 404 when nothing is scripted. Every request is recorded.
 */
export function companyApi() {
  const script = new Map<string, Behaviour[]>();
  const requests: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const domain = url.searchParams.get('domain') ?? '';
    requests.push(domain);
    const queue = script.get(domain) ?? [];
    const behaviour = queue.length > 1 ? (queue.shift() as Behaviour) : queue[0];
    if (!behaviour) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    switch (behaviour.kind) {
      case 'ok':
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(behaviour.body));
        return;
      case 'status':
        res
          .writeHead(behaviour.status, { 'content-type': behaviour.type ?? 'application/json' })
          .end(behaviour.body ?? '');
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          if (!res.destroyed)
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(behaviour.body));
        }, behaviour.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'raw':
        res.writeHead(200, { 'content-type': behaviour.type }).end(behaviour.body);
        return;
      case 'huge': {
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(behaviour.declareLength ? { 'content-length': String(behaviour.bytes) } : {}),
        });
        // Streams the body in pieces; stops when the client goes away.
        let sent = 0;
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const write = () => {
          while (sent < behaviour.bytes && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', write);
          }
          res.end();
        };
        write();
        return;
      }
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    requests,
    /** Scripts the answers for a domain (the last behaviour repeats). */
    on: (domain: string, ...behaviours: Behaviour[]) => {
      script.set(domain, behaviours);
    },
    /** Requests seen for one domain. */
    count: (domain: string) => requests.filter((d) => d === domain).length,
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        ),
      ),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
