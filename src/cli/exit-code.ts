/**
 * The exit statuses of the `rxmesos` command-line tool.
 *
 * @module
 */

/**
 * Exit statuses of `rxmesos` commands, following BSD `sysexits.h` where one applies.
 *
 * - `OK` (0): the command did all its work.
 * - `BAD_INPUT` (2): the input was read but is not what the command expects (for `inspect`: a
 *   RecordIO framing error, a truncated stream, or a record that is not a valid event).
 * - `USAGE` (64, `EX_USAGE`): bad command line (unknown command or option, bad option value).
 * - `NO_INPUT` (66, `EX_NOINPUT`): the input file cannot be opened.
 * - `IO_ERROR` (74, `EX_IOERR`): reading the input or writing the output failed midway.
 *
 * @example
 * ```ts
 * process.exitCode = ExitCode.USAGE; // 64
 * ```
 */
export const ExitCode = {
  OK: 0,
  BAD_INPUT: 2,
  USAGE: 64,
  NO_INPUT: 66,
  IO_ERROR: 74,
} as const;

/**
 * One of the {@link ExitCode} values.
 *
 * @example
 * ```ts
 * const code: ExitCodeValue = ExitCode.OK;
 * ```
 */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
