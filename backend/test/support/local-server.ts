import * as http from 'http';
import { AddressInfo } from 'net';

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface LocalServer {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** A small HTTP stand-in on 127.0.0.1:<random> that records requests and answers with `handle`. */
export async function startLocalServer(
  handle: (
    req: Received,
  ) =>
    | { status?: number; json?: unknown; body?: string | Buffer; headers?: Record<string, string> }
    | Promise<{ status?: number; json?: unknown; body?: string | Buffer; headers?: Record<string, string> }>,
): Promise<LocalServer> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c as Buffer));
    req.on('end', async () => {
      const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      try {
        const out = await handle(r);
        res.statusCode = out.status ?? 200;
        for (const [k, v] of Object.entries(out.headers ?? {})) res.setHeader(k, v);
        if (out.json !== undefined) {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(out.json));
        } else res.end(out.body ?? '');
      } catch (e) {
        res.statusCode = 500;
        res.end(String(e));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
