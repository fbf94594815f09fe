/**
 * Opening a command's input: a named file, or standard input.
 *
 * @module
 */
import * as fs from 'node:fs';

import { type Either, left, right } from 'fp-ts/Either';

import { errorCode, errorText } from './error-text';

/**
 * An opened input: a byte stream to read chunk by chunk, a name for messages, and a way to
 * release it.
 *
 * @example
 * ```ts
 * const source: InputSource = { name: 'standard input', stream: process.stdin, close: () => {} };
 * ```
 */
export interface InputSource {
  readonly name: string;
  readonly stream: NodeJS.ReadableStream;
  /** Releases the file (a no-op for standard input). Safe to call more than once. */
  readonly close: () => void;
}

/**
 * Opens `file` for streaming (64 KiB chunks), or returns `stdin` when `file` is `undefined`.
 *
 * The file is opened before anything is read, so a missing, unreadable or directory path is
 * reported at once as `Left` with a one-line message (`cannot open FILE: …`), not as a stream
 * error halfway. The whole file is never loaded in memory.
 *
 * @example
 * ```ts
 * const opened = await openInput('capture.recordio', process.stdin);
 * if (isLeft(opened)) console.error(opened.left);
 * ```
 */
export async function openInput(
  file: string | undefined,
  stdin: NodeJS.ReadableStream,
): Promise<Either<string, InputSource>> {
  if (file === undefined)
    return right({ name: 'standard input', stream: stdin, close: () => undefined });
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (e) {
    return left(`cannot open ${file}: ${describe(e)}`);
  }
  try {
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      return left(`cannot open ${file}: is a directory`);
    }
  } catch (e) {
    await handle.close().catch(() => undefined);
    return left(`cannot open ${file}: ${describe(e)}`);
  }
  const stream = handle.createReadStream({ autoClose: true });
  return right({
    name: file,
    stream,
    close: () => {
      stream.destroy();
    },
  });
}

function describe(e: unknown): string {
  switch (errorCode(e)) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    default:
      return errorText(e);
  }
}
