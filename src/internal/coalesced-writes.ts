/**
 * Coalesced socket writes: what is written to one connection during one turn of the event loop
 * goes out in one system call (the transport's calls).
 *
 * @module
 */
import type { Socket } from 'node:net';

const corked = new WeakSet<Socket>();

/**
 * Corks `socket` until the end of the current turn of the event loop (`setImmediate`), once
 * per turn: a burst of writes (the pipelined calls the handlers of one event send) leaves in
 * one write instead of one each. Order is kept; nothing waits longer than the turn.
 *
 * @example
 * ```ts
 * coalesceWrites(socket);
 * socket.write(request); // written at the end of this turn, with the others
 * ```
 */
export function coalesceWrites(socket: Socket | null): void {
  if (socket === null || corked.has(socket) || socket.destroyed) return;
  corked.add(socket);
  socket.cork();
  setImmediate(() => {
    corked.delete(socket);
    socket.uncork();
  });
}
