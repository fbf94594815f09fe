/**
 * A connector that remembers the socket it made, so the transport can coalesce its writes.
 *
 * @module
 */
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';
import { coalesceWrites } from '../internal';

/**
 * An undici connector with the options undici would use itself (TLS included), and the
 * socket of its latest connection while that is open.
 *
 * @example
 * ```ts
 * const watch = socketWatch({ ca });
 * const client = new Client(origin, { connect: watch.connector });
 * coalesceWrites(watch.current); // null until connected, and after the socket closed
 * ```
 */
export interface SocketWatch {
  readonly connector: buildConnector.connector;
  readonly current: Socket | null;
}

/**
 * Builds a {@link SocketWatch} from undici's connection options (`undefined`: plain TCP).
 * With `coalesce`, everything written to each of its sockets during one turn of the event
 * loop leaves in one system call (see {@link coalesceWrites}): undici writes a queued
 * pipelined request as soon as an answer frees its place, so a burst of answers read at once
 * would otherwise release one write per request.
 *
 * @example
 * ```ts
 * const watch = socketWatch(undefined);
 * new Client('http://m1:5050', { connect: watch.connector });
 * ```
 */
export function socketWatch(
  options: buildConnector.BuildOptions | undefined,
  coalesce = false,
): SocketWatch {
  const base = buildConnector(options ?? {});
  let current: Socket | null = null;
  const connector: buildConnector.connector = (opts, callback) => {
    base(opts, (...args) => {
      // on failure undici passes the error alone
      const s = args[0] === null ? args[1] : undefined;
      if (s !== undefined) {
        if (coalesce) coalesceEveryWrite(s);
        current = s;
        s.once('close', () => {
          if (current === s) current = null;
        });
      }
      callback(...args);
    });
  };
  return {
    connector,
    get current() {
      return current;
    },
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
