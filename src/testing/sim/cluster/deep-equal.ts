/**
 * Structural equality of decoded messages, as protobuf message equality compares them.
 *
 * @module
 */

/**
 * Whether two JSON-like values are equal field by field (key order does not matter;
 * `undefined` fields count as absent).
 *
 * @example
 * ```ts
 * deepEqual({ a: 1, b: undefined }, { a: 1 }); // true
 * ```
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const k of keys) if (!deepEqual(x[k], y[k])) return false;
  return true;
}
