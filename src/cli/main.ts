/**
 * The entry point of the `rxmesos` command-line tool: dispatches to a subcommand.
 *
 * @module
 */
import type { CliCommand } from './cli-command';
import { type CliIo, processIo } from './cli-io';
import { ExitCode } from './exit-code';
import { executeCommand } from './execute';
import { inspectCommand } from './inspect';
import { findPackageVersion } from './package-version';
import { simCommand } from './sim';

/**
 * The subcommands, by name. To add one, implement a {@link CliCommand} in its own file and add
 * it here: the top-level usage lists this table.
 *
 * @example
 * ```ts
 * Object.keys(COMMANDS); // ['inspect']
 * ```
 */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  execute: executeCommand,
  inspect: inspectCommand,
  sim: simCommand,
};

/**
 * The top-level help text, listing {@link COMMANDS}.
 *
 * @example
 * ```ts
 * process.stdout.write(usage());
 * ```
 */
export function usage(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n]?.summary ?? ''}`);
  return `Usage: rxmesos <command> [options] [arguments]

Commands:
${lines.join('\n')}

Options:
  -h, --help  show this help
  --version   print the version of rxmesos

Run 'rxmesos <command> --help' for the options of a command.
`;
}

/**
 * Runs the `rxmesos` command line `argv` (without the node and script paths) and resolves to the
 * process exit status.
 *
 * - `--help`/`-h`: usage on stdout, 0. `--version`: the package version on stdout, 0.
 * - No arguments, an unknown command or an unknown option: a message and the usage on stderr, 64.
 * - Otherwise runs the command named by `argv[0]` with the remaining arguments.
 *
 * Commands report their own problems on stderr and never reject for bad input; a rejection is a
 * bug (the executable, `bin.ts`, prints it and exits 1).
 *
 * @example
 * ```ts
 * main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
 * await main(['inspect', '-'], { stdin, stdout, stderr }); // in-process, e.g. in a test
 * ```
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(usage());
    return ExitCode.USAGE;
  }
  if (first === '-h' || first === '--help') {
    io.stdout.write(usage());
    return ExitCode.OK;
  }
  if (first === '--version') {
    io.stdout.write(`${findPackageVersion() ?? 'unknown'}\n`);
    return ExitCode.OK;
  }
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (command === undefined) {
    const what = first.startsWith('-') ? 'option' : 'command';
    io.stderr.write(`rxmesos: unknown ${what} ${JSON.stringify(first)}\n\n${usage()}`);
    return ExitCode.USAGE;
  }
  return command.run(rest, io);
}
