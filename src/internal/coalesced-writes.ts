/**
 * Coalesced socket writes: what the simulator writes to one connection during one turn of the
 * event loop goes out in one system call.
 *
 * @module
 */
import type { Socket } from 'node:net';

const corked = new WeakSet<Socket>();

/**
 * Corks `socket` until the end of the current turn of the event loop (`setImmediate`), once
 * per turn: the answers to a burst of pipelined calls, or the events they cause, leave in one
 * write instead of one each, as a real master's libprocess sends what it has queued for a
 * socket together. Order is kept; nothing waits longer than the turn.
 *
 * @example
 * ```ts
 * coalesceWrites(res.socket);
 * res.write(record); // written at the end of this turn, with the others
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
