import type { Server } from 'http';

/**
 * Stops taking connections and resolves once the requests in progress are answered (idle keep-alive connections
 * are closed at once); connections still open after `graceMs` are cut.
 */
export async function closeHttpServer(server: Server | undefined, graceMs: number): Promise<void> {
  if (!server?.listening) return;
  const closed = new Promise<void>(resolve => server.close(() => resolve()));
  server.closeIdleConnections();
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  cut.unref();
  await closed;
  clearTimeout(cut);
}
