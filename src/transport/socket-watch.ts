/**
 * A connector that remembers the socket it made, so the transport can coalesce its writes.
 *
 * @module
 */
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

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
 *
 * @example
 * ```ts
 * const watch = socketWatch(undefined);
 * new Client('http://m1:5050', { connect: watch.connector });
 * ```
 */
export function socketWatch(options: buildConnector.BuildOptions | undefined): SocketWatch {
  const base = buildConnector(options ?? {});
  let current: Socket | null = null;
  const connector: buildConnector.connector = (opts, callback) => {
    base(opts, (...args) => {
      // on failure undici passes the error alone
      const s = args[0] === null ? args[1] : undefined;
      if (s !== undefined) {
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
