/**
 * A set that keeps only the most recently added values.
 *
 * @module
 */

/**
 * A set of at most `capacity` values: adding one more forgets the oldest. The driver keeps
 * the uuids it acknowledged in a session here, so a duplicate update is acknowledged once
 * without the set growing for the whole life of a long session.
 *
 * @example
 * ```ts
 * const acked = new RecentSet<string>(2);
 * acked.add('a'); acked.add('b'); acked.add('c');
 * acked.has('a'); // false: forgotten
 * acked.has('c'); // true
 * ```
 * Spec: docs/protocol.md §8.
 */
export class RecentSet<T> {
  private readonly values = new Set<T>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.values.size;
  }

  has(value: T): boolean {
    return this.values.has(value);
  }

  add(value: T): void {
    this.values.delete(value);
    this.values.add(value);
    while (this.values.size > this.capacity) {
      const oldest = this.values.values().next();
      if (oldest.done === true) break;
      this.values.delete(oldest.value);
    }
  }

  delete(value: T): boolean {
    return this.values.delete(value);
  }
}
