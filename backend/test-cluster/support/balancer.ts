/**
 * A load balancer stand-in for the cluster test: what PUBLIC_BASE_URL points at (photo and sticker files, provider
 * callbacks). Each request goes to the next target in turn; a target that refuses the connection (killed) is
 * skipped and the next one tried, as a real balancer's health checks route around a dead instance. Only when no
 * target answers does a request fail (502).
 */
import * as http from 'http';

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

export async function startBalancer(targets: () => string[]): Promise<Balancer> {
  let next = 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const list = targets();
    for (let i = 0; i < list.length; i++) {
      const target = list[(next + i) % list.length]!;
      if (await forward(target, req, body, res)) {
        next = (next + i + 1) % list.length;
        return;
      }
    }
    res.writeHead(502).end('no instance answers');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** true once the target answered (its answer is streamed back); false when it could not be reached */
function forward(target: string, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<boolean> {
  return new Promise(resolve => {
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, connection: 'close' }, agent: false }, answer => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      resolve(true);
    });
    upstream.on('error', () => {
      if (res.headersSent) res.destroy();
      resolve(res.headersSent);
    });
    upstream.end(body);
  });
}
