/**
 * Guessing the encoding of a captured event stream from its first record.
 *
 * @module
 */
import { type ContentType, JSON_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE } from '../wire';

const OPEN_BRACE = 0x7b;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const isJsonWhitespace = (b: number | undefined): boolean =>
  b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * Tells whether an event record is JSON or protobuf: `application/json` if its first byte that is
 * not JSON whitespace (space, tab, CR, LF) is `{` and the whole record is valid UTF-8, else
 * `application/x-protobuf`.
 *
 * The rule cannot mistake a protobuf `Event` for JSON: a protobuf message starts with a field
 * tag, `{` (0x7b) would be field 15 with wire type 3 (start group), which `Event` never uses, and
 * the whitespace bytes would be wire types `Event` cannot have at fields 1 and 4. An empty record
 * is taken as protobuf (an empty protobuf message is well formed; an empty JSON text is not).
 *
 * @example
 * ```ts
 * detectContentType(Buffer.from(' {"type":"HEARTBEAT"}')); // 'application/json'
 * detectContentType(Uint8Array.of(0x08, 0x08)); // 'application/x-protobuf'
 * ```
 */
export function detectContentType(record: Uint8Array): ContentType {
  let i = 0;
  while (i < record.length && isJsonWhitespace(record[i])) i++;
  if (record[i] !== OPEN_BRACE) return PROTOBUF_CONTENT_TYPE;
  try {
    utf8.decode(record);
  } catch {
    return PROTOBUF_CONTENT_TYPE;
  }
  return JSON_CONTENT_TYPE;
}
