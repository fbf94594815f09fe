/**
 * In-process harness for the command-line tests: in-memory stdin/stdout/stderr, chunked input,
 * an independent RecordIO framer.
 */
import { Readable, Writable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';

import type { CliIo } from '../../src/cli/cli-io';

/** Frames records as RecordIO with plain Buffer operations (shares no code with src/wire). */
export function frame(records: readonly (Uint8Array | string)[]): Buffer {
  return Buffer.concat(
    records.flatMap((r) => {
      const data = typeof r === 'string' ? Buffer.from(r, 'utf8') : Buffer.from(r);
      return [Buffer.from(`${data.length}\n`, 'latin1'), data];
    }),
  );
}

/** Splits `bytes` into chunks whose sizes cycle through `plan` (every size >= 1). */
export function split(bytes: Uint8Array, plan: readonly number[]): Buffer[] {
  const sizes = plan.length === 0 ? [bytes.length || 1] : plan;
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length]!);
    chunks.push(Buffer.from(bytes.subarray(at, at + size)));
    at += size;
  }
  return chunks;
}

/** A Readable that emits `chunks` one at a time, yielding to the event loop between them. */
export function chunkedReadable(chunks: readonly Buffer[]): Readable {
  return Readable.from(
    (async function* () {
      for (const c of chunks) {
        await tick();
        yield c;
      }
    })(),
  );
}

/**
 * A Writable that keeps what it receives, acknowledges each write on a later turn of the event
 * loop (so a small highWaterMark really fills up), and counts writes issued while it asked for a
 * 'drain' (a writer that ignores backpressure makes `violations` positive).
 */
export class MemoryWritable extends Writable {
  readonly chunks: Buffer[] = [];
  violations = 0;
  writes = 0;

  constructor(highWaterMark = 16 * 1024) {
    super({
      highWaterMark,
      decodeStrings: true,
      write: (chunk: Buffer, _encoding, callback) => {
        this.chunks.push(chunk);
        setImmediate(callback);
      },
    });
    const write = this.write.bind(this) as (...args: readonly unknown[]) => boolean;
    this.write = ((...args: readonly unknown[]): boolean => {
      this.writes += 1;
      if (this.writableNeedDrain) this.violations += 1;
      return write(...args);
    }) as Writable['write'];
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** What a command run produced. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly out: MemoryWritable;
}

/** Runs a command in-process with the given stdin and collects its output once flushed. */
export async function runInProcess(
  run: (argv: readonly string[], io: CliIo) => Promise<number>,
  argv: readonly string[],
  stdin: NodeJS.ReadableStream = Readable.from([]),
  stdoutHighWaterMark?: number,
): Promise<CliRun> {
  const out = new MemoryWritable(stdoutHighWaterMark);
  const err = new MemoryWritable();
  const code = await run(argv, { stdin, stdout: out, stderr: err });
  await Promise.all([out, err].map((w) => new Promise<void>((resolve) => w.end(resolve))));
  return { code, stdout: out.text(), stderr: err.text(), out };
}

/** The lines of a command's stdout (every line ends with LF; the last LF ends the text). */
export function outputLines(stdout: string): string[] {
  if (stdout === '') return [];
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout.slice(0, -1).split('\n');
}
