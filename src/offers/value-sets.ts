/**
 * `Value.Set` arithmetic: string items, no duplicates, order kept as Mesos keeps it.
 *
 * @module
 */
import type { Value } from '../wire';

/**
 * The union of two sets: the items of `a`, then the new items of `b`.
 *
 * @example
 * ```ts
 * addSets({ item: ['a'] }, { item: ['a', 'b'] }); // { item: ['a', 'b'] }
 * ```
 */
export function addSets(a: Value.Set | undefined, b: Value.Set | undefined): Value.Set {
  const items = [...(a?.item ?? [])];
  for (const item of b?.item ?? []) if (!items.includes(item)) items.push(item);
  return { item: items };
}

/**
 * The items of `a` that are not in `b`.
 *
 * @example
 * ```ts
 * subtractSets({ item: ['a', 'b'] }, { item: ['a'] }); // { item: ['b'] }
 * ```
 */
export function subtractSets(a: Value.Set | undefined, b: Value.Set | undefined): Value.Set {
  const cut = new Set(b?.item ?? []);
  return { item: (a?.item ?? []).filter((i) => !cut.has(i)) };
}

/**
 * Whether every item of `inner` is in `outer`.
 *
 * @example
 * ```ts
 * setContains({ item: ['a', 'b'] }, { item: ['b'] }); // true
 * ```
 */
export function setContains(outer: Value.Set | undefined, inner: Value.Set | undefined): boolean {
  const items = new Set(outer?.item ?? []);
  return (inner?.item ?? []).every((i) => items.has(i));
}

/**
 * Whether two sets hold the same items (in any order).
 *
 * @example
 * ```ts
 * setsEqual({ item: ['a', 'b'] }, { item: ['b', 'a'] }); // true
 * ```
 */
export function setsEqual(a: Value.Set | undefined, b: Value.Set | undefined): boolean {
  return (
    (a?.item ?? []).length === (b?.item ?? []).length && setContains(a, b) && setContains(b, a)
  );
}

/**
 * A set as Mesos prints it: `{a, b}`.
 *
 * @example
 * ```ts
 * formatSet({ item: ['gpu0', 'gpu1'] }); // '{gpu0, gpu1}'
 * ```
 */
export function formatSet(set: Value.Set | undefined): string {
  return `{${(set?.item ?? []).join(', ')}}`;
}
