/**
 * The shape of one `rxmesos` subcommand, as registered in the dispatcher's table.
 *
 * @module
 */
import type { CliIo } from './cli-io';

/**
 * A subcommand: a one-line summary for the top-level usage, and the function that runs it.
 *
 * `run` receives the arguments after the command name and the streams to use; it resolves to the
 * process exit status (see `ExitCode`) and reports problems on `io.stderr` rather than throwing.
 *
 * @example
 * ```ts
 * const hello: CliCommand = {
 *   summary: 'say hello',
 *   run: async (_argv, io) => { io.stdout.write('hello\n'); return 0; },
 * };
 * ```
 */
export interface CliCommand {
  readonly summary: string;
  readonly run: (argv: readonly string[], io: CliIo) => Promise<number>;
}
