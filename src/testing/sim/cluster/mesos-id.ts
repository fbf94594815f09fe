/**
 * The master's rule for user-chosen ids (task, executor, persistence ids):
 * `common::validation::validateID`.
 *
 * @module
 */

const NAME_MAX = 255;

/**
 * Why an id is refused, or undefined when it is fine: empty, longer than 255 bytes, `.`/`..`,
 * or with control characters or path separators.
 *
 * @example
 * ```ts
 * idProblem('a/b'); // "'a/b' contains invalid characters"
 * ```
 */
export function idProblem(id: string): string | undefined {
  if (id === '') return 'ID must not be empty';
  if (Buffer.byteLength(id) > NAME_MAX) return `ID must not be greater than ${NAME_MAX} characters`;
  if (id === '.' || id === '..') return `'${id}' is disallowed`;
  if (/[\x00-\x1f\x7f/\\]/.test(id)) return `'${id}' contains invalid characters`;
  return undefined;
}
