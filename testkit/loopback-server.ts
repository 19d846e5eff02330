import type { Server } from 'node:http';

/** Starts a stand-in's HTTP server on 127.0.0.1 (port 0: any free one). Stand-ins never listen beyond loopback. */
export async function listenOnLoopback(server: Server, port = 0): Promise<void> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

/** Closes a stand-in's server at once, dropping kept-alive connections rather than waiting on them. */
export async function closeNow(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
