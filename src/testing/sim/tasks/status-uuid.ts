/**
 * The `uuid` of a reliable status update: the 16 bytes of a random (version 4) UUID, as
 * `id::UUID::random().toBytes()` makes them, in base64 as the JSON mapping writes bytes.
 *
 * @module
 */
import { randomFillSync } from 'node:crypto';
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
  if (poolAt === POOL_BYTES) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const at = poolAt;
  poolAt += 16;
  // version 4 in the high nibble of byte 6, the RFC 4122 variant in the high bits of byte 8
  pool[at + 6] = 0x40 | ((pool[at + 6] ?? 0) & 0x0f);
  pool[at + 8] = 0x80 | ((pool[at + 8] ?? 0) & 0x3f);
  return pool.toString('base64', at, at + 16);
}

/** Random bytes for 256 uuids, drawn from the system's generator in one call. */
const POOL_BYTES = 16 * 256;
const pool = Buffer.alloc(POOL_BYTES);
let poolAt = POOL_BYTES;

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
