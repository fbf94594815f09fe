/**
 * Marks a branch that the type checker proves unreachable; throws if it is reached anyway
 * (which only a type-unsafe caller can cause).
 *
 * @example
 * ```ts
 * type Shape = { kind: 'a' } | { kind: 'b' };
 * const name = (s: Shape): string => {
 *   switch (s.kind) { case 'a': return 'A'; case 'b': return 'B'; default: return assertNever(s); }
 * };
 * ```
 */
export function assertNever(value: never): never {
  throw new TypeError(`unexpected value: ${JSON.stringify(value)}`);
}
