/**
 * `rxmesos inspect`: prints a captured Mesos event stream as one Mesos JSON line per event.
 *
 * @module
 */
import { isLeft } from 'fp-ts/Either';

import { DEFAULT_MAX_RECORD_BYTES } from '../wire';
import type { CliCommand } from './cli-command';
import type { CliIo } from './cli-io';
import { errorCode, errorText } from './error-text';
import { ExitCode } from './exit-code';
import { type InputSource, openInput } from './input-source';
import { type InspectFault, InspectDecoder } from './inspect-decoder';
import { parseInspectArgs } from './inspect-options';
import { OutputSink } from './output-sink';

/**
 * The help text of `rxmesos inspect` (printed by `rxmesos inspect --help`).
 *
 * @example
 * ```ts
 * process.stdout.write(INSPECT_USAGE);
 * ```
 */
export const INSPECT_USAGE = `Usage: rxmesos inspect [options] [FILE|-]

Decodes a captured Mesos scheduler event stream (RecordIO framed, as the master
sends it on a SUBSCRIBE connection) and prints one line per event on stdout:
the event as compact JSON, spelled as the master spells it (fields in .proto
order, 64-bit integers exact, integral doubles as 15.0).

Reads FILE, or standard input if FILE is '-' or absent (name a file called '-'
as ./-). The input is streamed, never loaded whole.

Options:
  --content-type TYPE   encoding of the records: application/json or
                        application/x-protobuf. Default: detected from the
                        first record: JSON if its first byte other than space,
                        tab, CR or LF is '{' and it is valid UTF-8, else protobuf
                        (a protobuf Event never starts with '{').
  --max-record-bytes N  reject a record longer than N bytes
                        (default ${DEFAULT_MAX_RECORD_BYTES}).
  -h, --help            show this help.

On bad input (a RecordIO framing error, a stream that ends inside a record, a
record that is not a valid Event) the events before the fault are printed, then
one message on stderr gives the byte offset in the input and the reason, and
decoding stops. An event of a type this build does not know is printed as
{"type":"UNKNOWN"}; it is not a fault.

Exit status:
  0   every record was decoded
  2   bad input (see above)
  64  usage error
  66  FILE cannot be opened
  74  I/O error while reading the input or writing the output

Example:
  rxmesos inspect capture.recordio | jq -r .type
`;

const PREFIX = 'rxmesos inspect';

/**
 * Runs `rxmesos inspect` with the arguments that follow the command name; resolves to the exit
 * status (see {@link INSPECT_USAGE} for the behaviour and statuses).
 *
 * Reads the input chunk by chunk, writes each chunk's events as soon as they are decoded, and
 * waits for `'drain'` whenever stdout's buffer is full, so memory stays bounded whatever the
 * input's size and the reader's speed. If stdout is a pipe whose reader went away (`EPIPE`, as in
 * `| head -1`) it stops reading and resolves to 0 without a message.
 *
 * @example
 * ```ts
 * const code = await runInspect(['capture.recordio'], processIo()); // 0, 2, 64, 66 or 74
 * ```
 */
export async function runInspect(argv: readonly string[], io: CliIo): Promise<number> {
  const stdout = new OutputSink(io.stdout);
  const stderr = new OutputSink(io.stderr);
  try {
    return await inspect(argv, io, stdout, stderr);
  } finally {
    await Promise.all([stdout.drained(), stderr.drained()]);
    stdout.close();
    stderr.close();
  }
}

/**
 * The `inspect` entry of the `rxmesos` command table.
 *
 * @example
 * ```ts
 * const commands = { inspect: inspectCommand };
 * ```
 */
export const inspectCommand: CliCommand = {
  summary: 'print a captured event stream (RecordIO) as one JSON line per event',
  run: runInspect,
};

async function inspect(
  argv: readonly string[],
  io: CliIo,
  stdout: OutputSink,
  stderr: OutputSink,
): Promise<number> {
  const parsed = parseInspectArgs(argv);
  if (isLeft(parsed)) {
    await stderr.write(`${PREFIX}: ${parsed.left}\nRun 'rxmesos inspect --help' for usage.\n`);
    return ExitCode.USAGE;
  }
  const options = parsed.right;
  if (options.help) {
    await stdout.write(INSPECT_USAGE);
    return ExitCode.OK;
  }
  const opened = await openInput(options.file, io.stdin);
  if (isLeft(opened)) {
    await stderr.write(`${PREFIX}: ${opened.left}\n`);
    return ExitCode.NO_INPUT;
  }
  const decoder = new InspectDecoder({
    maxRecordBytes: options.maxRecordBytes,
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
  });
  const outcome = await pump(opened.right, decoder, stdout);

  const outError = stdout.error;
  if (outError !== undefined) {
    if (errorCode(outError) === 'EPIPE') return ExitCode.OK;
    await stderr.write(`${PREFIX}: cannot write the output: ${outError.message}\n`);
    return ExitCode.IO_ERROR;
  }
  if (outcome.kind === 'read-error') {
    await stderr.write(`${PREFIX}: cannot read ${opened.right.name}: ${outcome.message}\n`);
    return ExitCode.IO_ERROR;
  }
  const fault = outcome.kind === 'fault' ? outcome.fault : decoder.end();
  if (fault !== undefined) {
    await stderr.write(`${PREFIX}: byte ${fault.offset}: ${fault.reason}\n`);
    return ExitCode.BAD_INPUT;
  }
  return ExitCode.OK;
}

type PumpOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'fault'; readonly fault: InspectFault }
  | { readonly kind: 'read-error'; readonly message: string };

/** Feeds the input to the decoder and its lines to stdout until the end, a fault or a failure. */
async function pump(
  input: InputSource,
  decoder: InspectDecoder,
  stdout: OutputSink,
): Promise<PumpOutcome> {
  try {
    for await (const chunk of input.stream) {
      const step = decoder.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      if (step.lines.length > 0) await stdout.write(`${step.lines.join('\n')}\n`);
      if (step.fault !== undefined) return { kind: 'fault', fault: step.fault };
      if (stdout.error !== undefined) return { kind: 'done' };
    }
    return { kind: 'done' };
  } catch (e) {
    return { kind: 'read-error', message: errorText(e) };
  } finally {
    input.close();
  }
}
