/**
 * Deterministic status update uuids for the event builders.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { Base64 } from '../../wire';

/**
 * A 16-byte uuid (base64, as `TaskStatus.uuid` is written) derived from the text: the same
 * text gives the same uuid, so a repeated update (an agent's retry) carries the same uuid, and
 * tests stay reproducible. The bytes have the version and variant bits of a random UUID, as
 * the uuids agents make.
 *
 * @example
 * ```ts
 * statusUuid('web-1/TASK_RUNNING'); // 'S2v…==' — always the same 24 characters for this text
 * ```
 * Spec: docs/protocol.md §8.
 */
export function statusUuid(text: string): Base64 {
  const bytes = createHash('sha256').update(text).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return bytes.toString('base64');
}
