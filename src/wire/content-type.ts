/**
 * The two media types of the Mesos v1 scheduler API.
 *
 * @module
 */

/**
 * A body encoding the master speaks: JSON in the Mesos mapping, or protobuf.
 *
 * @example
 * ```ts
 * const ct: ContentType = 'application/x-protobuf';
 * ```
 * Spec: docs/protocol.md §2.1.
 */
export type ContentType = 'application/json' | 'application/x-protobuf';

/**
 * `application/json`: bodies and event records in the Mesos JSON mapping.
 *
 * @example
 * ```ts
 * const t = createHttpTransport('http://m1:5050', { contentType: JSON_CONTENT_TYPE });
 * ```
 * Spec: docs/protocol.md §2.1, §2.2.
 */
export const JSON_CONTENT_TYPE = 'application/json' satisfies ContentType;

/**
 * `application/x-protobuf`: bodies and event records as protobuf bytes, without a length
 * prefix.
 *
 * @example
 * ```ts
 * const r = decodeEvent(record, PROTOBUF_CONTENT_TYPE);
 * ```
 * Spec: docs/protocol.md §2.1.
 */
export const PROTOBUF_CONTENT_TYPE = 'application/x-protobuf' satisfies ContentType;

/**
 * Whether a string is exactly one of the two media types (the master compares exactly: no
 * parameters, no other letter case).
 *
 * @example
 * ```ts
 * isContentType('application/json'); // true
 * isContentType('application/json; charset=utf-8'); // false: the master answers 415
 * ```
 * Spec: docs/protocol.md §1.3.
 */
export function isContentType(value: string): value is ContentType {
  return value === JSON_CONTENT_TYPE || value === PROTOBUF_CONTENT_TYPE;
}
