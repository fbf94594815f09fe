#!/usr/bin/env node
/**
 * The `rxmesos` executable: runs {@link main} with the process's arguments and streams and
 * exits with its code. An unexpected exception (a bug) is printed and exits 1.
 *
 * @example
 * ```sh
 * rxmesos inspect capture.recordio | jq .type
 * ```
 * @module
 */
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `rxmesos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
