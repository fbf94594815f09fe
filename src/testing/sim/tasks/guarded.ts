/**
 * Runs simulator work so that a bug in it can never bring the server down: a thrown error
 * becomes a process warning instead of an uncaught exception.
 *
 * @module
 */

/**
 * Runs `work`; an error it throws is reported with `process.emitWarning` and swallowed.
 *
 * @example
 * ```ts
 * guarded('status update retry', () => stream.retry());
 * ```
 */
export function guarded(what: string, work: () => void): void {
  try {
    work();
  } catch (e) {
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.emitWarning(`simulated master: ${what} failed: ${detail}`, 'SimulatedMasterWarning');
  }
}
