/**
 * Where detectors report what they see.
 *
 * @module
 */

/**
 * Receives a detector's diagnostics; credentials never reach it. The driver's logger fits.
 *
 * @example
 * ```ts
 * const logger: DetectorLogger = {
 *   debug: () => undefined,
 *   info: (message, details) => console.log(message, details),
 *   warn: (message, details) => console.warn(message, details),
 * };
 * ```
 */
export interface DetectorLogger {
  debug(message: string, details?: Readonly<Record<string, unknown>>): void;
  info(message: string, details?: Readonly<Record<string, unknown>>): void;
  warn(message: string, details?: Readonly<Record<string, unknown>>): void;
}
