/**
 * The typed error of the wire layer.
 *
 * @module
 */
import { TaggedError } from '../internal';

/**
 * Why a body could not be decoded or encoded:
 * - `INVALID_JSON`: not JSON text at all;
 * - `INVALID_PROTOBUF`: bytes that are not a protobuf message (truncated, bad wire type);
 * - `INVALID_MESSAGE`: well-formed, but not a valid message of the schema (wrong JSON type,
 *   missing required field, bad base64, an enum given as a number, …);
 * - `UNSUPPORTED_CONTENT_TYPE`: neither `application/json` nor `application/x-protobuf`.
 *
 * @example
 * ```ts
 * const r = decodeEvent(record, 'application/json');
 * if (isLeft(r)) {
 *   const code: WireErrorCode = r.left.code;
 *   if (code === 'INVALID_JSON') console.error('the stream is not JSON: wrong content type?');
 * }
 * ```
 * Spec: docs/protocol.md §2.
 */
export type WireErrorCode =
  'INVALID_JSON' | 'INVALID_PROTOBUF' | 'INVALID_MESSAGE' | 'UNSUPPORTED_CONTENT_TYPE';

/**
 * A body that could not be decoded or encoded, with the path to the bad field
 * (`['offers', 'offers', 0, 'resources', 3, 'name']`) and, for protobuf, the byte offset.
 *
 * @example
 * ```ts
 * const r = decodeEvent(bytes, 'application/json');
 * if (isLeft(r)) console.error(r.left.code, r.left.pathText, r.left.message);
 * ```
 * Spec: docs/protocol.md §2.
 */
export class WireError extends TaggedError<'WireError', WireErrorCode> {
  /** Path from the top message to the offending field; empty for the whole body. */
  readonly path: readonly (string | number)[];
  /** Byte offset in the body, where known (protobuf). */
  readonly offset: number | undefined;
  /** The encoding that was being read or written. */
  readonly contentType: string;
  /** The reason alone, without the path. */
  readonly reason: string;

  constructor(
    code: WireErrorCode,
    reason: string,
    details: {
      readonly contentType: string;
      readonly path?: readonly (string | number)[];
      readonly offset?: number;
      readonly cause?: unknown;
    },
  ) {
    const path = details.path ?? [];
    const where = [
      path.length > 0 ? `at ${pathText(path)}` : '',
      details.offset === undefined ? '' : `(byte ${details.offset})`,
    ]
      .filter((s) => s !== '')
      .join(' ');
    super('WireError', code, `${reason}${where === '' ? '' : ` ${where}`}`, {
      retryable: false,
      cause: details.cause,
    });
    this.path = path;
    this.offset = details.offset;
    this.contentType = details.contentType;
    this.reason = reason;
  }

  /** The path as text: `offers.offers[0].resources[3].name`. */
  get pathText(): string {
    return pathText(this.path);
  }
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * The error for a content type that is neither of the two: an `UNSUPPORTED_CONTENT_TYPE`
 * {@link WireError} naming it.
 *
 * @example
 * ```ts
 * if (!isContentType(contentType)) return left(unsupportedContentType(contentType));
 * // message: 'unsupported content type "text/plain" (expected application/json or …)'
 * ```
 * Spec: docs/protocol.md §2.1.
 */
export function unsupportedContentType(contentType: string): WireError {
  return new WireError(
    'UNSUPPORTED_CONTENT_TYPE',
    `unsupported content type ${JSON.stringify(contentType)} (expected application/json or application/x-protobuf)`,
    { contentType },
  );
}
