/**
 * A connector whose sockets send what is written to them during one turn of the event loop in
 * one system call: the call connection's.
 *
 * @module
 */
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';
import { coalesceWrites } from '../internal';

/**
 * An undici connector with the options undici would use itself (TLS included, `undefined`:
 * plain TCP), whose sockets cork at each write until the end of that turn (see
 * {@link coalesceWrites}). The calls the handlers of one event send leave together, and so do
 * the pipelined calls undici writes as a burst of answers frees their places in its window
 * (one write per call otherwise), also on a connection that was idle, where undici makes its
 * first write from a `setImmediate` of its own.
 *
 * @example
 * ```ts
 * const client = new Client('http://m1:5050', { connect: coalescingConnector({ ca }), pipelining: 32 });
 * ```
 */
export function coalescingConnector(
  options: buildConnector.BuildOptions | undefined,
): buildConnector.connector {
  const base = buildConnector(options ?? {});
  return (opts, callback) => {
    base(opts, (...args) => {
      // on failure undici passes the error alone
      const socket = args[0] === null ? args[1] : undefined;
      if (socket !== undefined) coalesceEveryWrite(socket);
      callback(...args);
    });
  };
}

/** Makes every write to `socket` cork it until the end of the turn it was made in. */
function coalesceEveryWrite(socket: Socket): void {
  const write = socket.write.bind(socket) as (...args: Parameters<Socket['write']>) => boolean;
  socket.write = ((...args: Parameters<Socket['write']>): boolean => {
    coalesceWrites(socket);
    return write(...args);
  }) as Socket['write'];
}
