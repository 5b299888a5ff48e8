// Shutdown in bounded time. The graceful close tells every client goodbye and waits for them; a
// client that neither reads nor answers the close would hold it for the WebSocket close timeout
// (30 s), so whatever connection is still open after the grace is cut.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Starts tracking the server's connections (call right after it listens); the returned function
 * runs `close` and destroys the connections still open `graceMs` after it began.
 */
export function boundedClose(
  server: Server,
  graceMs: number,
): (close: () => Promise<void>) => Promise<void> {
  const sockets = new Set<Socket>();
  tracked.set(server, sockets);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', untrack);
  });
  return async (close) => {
    const cut = setTimeout(() => {
      for (const socket of sockets) socket.destroy();
    }, graceMs);
    try {
      await close();
    } finally {
      clearTimeout(cut);
    }
  };
}

/** Each server's open sockets, for the listener below. */
const tracked = new WeakMap<Server, Set<Socket>>();

/**
 * A module-level 'close' listener: a closure per socket (with `once`'s wrapper) cost about 300
 * bytes of every idle connection.
 */
function untrack(this: Socket & { server?: Server }): void {
  if (this.server) tracked.get(this.server)?.delete(this);
}
