/**
 * The `uuid` of a reliable status update: the 16 bytes of a random (version 4) UUID, as
 * `id::UUID::random().toBytes()` makes them, in base64 as the JSON mapping writes bytes.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Base64 } from '../../../wire';

/**
 * A fresh status update uuid (16 bytes, base64).
 *
 * @example
 * ```ts
 * Buffer.from(newStatusUuid(), 'base64').length; // 16
 * ```
 */
export function newStatusUuid(): Base64 {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64');
}

/**
 * Whether two base64 texts carry the same uuid bytes (an acknowledgement may re-encode them).
 *
 * @example
 * ```ts
 * sameUuid(u, u); // true
 * ```
 */
export function sameUuid(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (a === b) return true;
  return Buffer.from(a, 'base64').equals(Buffer.from(b, 'base64'));
}
