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
    warnFailed(what, e);
  }
}

/**
 * Reports that simulator work failed, as {@link guarded} does: for hot paths that catch
 * themselves rather than build a closure for every call.
 *
 * @example
 * ```ts
 * try {
 *   send(event);
 * } catch (e) {
 *   warnFailed(`sending ${event.type}`, e);
 * }
 * ```
 */
export function warnFailed(what: string, e: unknown): void {
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.emitWarning(`simulated master: ${what} failed: ${detail}`, 'SimulatedMasterWarning');
}
