/**
 * The streams a command reads and writes, injectable so commands run in-process in tests.
 *
 * @module
 */
import type { Writable } from 'node:stream';

/**
 * The three standard streams of a command.
 *
 * Commands never touch `process.stdin`/`process.stdout`/`process.stderr` directly: `main` passes
 * {@link processIo}, tests pass in-memory streams. `stdin` may be any readable byte stream (a
 * `Readable`, `process.stdin`); string chunks are taken as UTF-8.
 *
 * @example
 * ```ts
 * const io: CliIo = { stdin: Readable.from([Buffer.from('20\n{"type":"HEARTBEAT"}')]), stdout, stderr };
 * await runInspect([], io);
 * ```
 */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/**
 * The process's own standard streams, as a {@link CliIo}.
 *
 * @example
 * ```ts
 * const code = await main(process.argv.slice(2), processIo());
 * ```
 */
export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}
