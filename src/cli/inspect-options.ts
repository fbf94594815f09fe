/**
 * The command line of `rxmesos inspect`.
 *
 * @module
 */
import { parseArgs } from 'node:util';

import { type Either, left, right } from 'fp-ts/Either';

import { type ContentType, DEFAULT_MAX_RECORD_BYTES, isContentType } from '../wire';
import { errorText } from './error-text';

/**
 * The parsed command line of `rxmesos inspect`.
 *
 * `file` is `undefined` for standard input (no operand, or `-`). `contentType` is `undefined`
 * when it is to be detected. `help` is `true` for `-h`/`--help` (the other fields are then
 * irrelevant).
 *
 * @example
 * ```ts
 * const options: InspectOptions = { help: false, file: 'capture.recordio', contentType: undefined, maxRecordBytes: 1024 };
 * ```
 */
export interface InspectOptions {
  readonly help: boolean;
  readonly file: string | undefined;
  readonly contentType: ContentType | undefined;
  readonly maxRecordBytes: number;
}

/**
 * Parses the arguments that follow `inspect` with `util.parseArgs` (strict: unknown options are
 * errors). Returns `Left` with a one-line message on a usage error: unknown option, missing option
 * value, content type other than `application/json`/`application/x-protobuf`, record size that is
 * not a positive decimal integer, more than one operand. `--` ends the options (so `-- -x` names a
 * file `-x`).
 *
 * @example
 * ```ts
 * parseInspectArgs(['--content-type', 'application/json', 'capture.recordio']);
 * // right({ help: false, file: 'capture.recordio', contentType: 'application/json', maxRecordBytes: 67108864 })
 * parseInspectArgs(['--content-type', 'text/plain']); // left('unsupported --content-type ...')
 * ```
 */
export function parseInspectArgs(argv: readonly string[]): Either<string, InspectOptions> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    return left(firstLine(errorText(e)));
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    return right({
      help: true,
      file: undefined,
      contentType: undefined,
      maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
    });
  }
  if (positionals.length > 1) return left(`expected at most one FILE, got ${positionals.length}`);
  const operand = positionals[0];
  const file = operand === undefined || operand === '-' ? undefined : operand;

  const ct = values['content-type'];
  if (ct !== undefined && !isContentType(ct)) {
    return left(
      `unsupported --content-type ${JSON.stringify(ct)} (expected application/json or application/x-protobuf)`,
    );
  }

  const max = values['max-record-bytes'];
  let maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
  if (max !== undefined) {
    const n = /^[0-9]+$/.test(max) ? Number(max) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      return left(`--max-record-bytes must be a positive integer, got ${JSON.stringify(max)}`);
    }
    maxRecordBytes = n;
  }
  return right({ help: false, file, contentType: ct, maxRecordBytes });
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      'content-type': { type: 'string' },
      'max-record-bytes': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}
