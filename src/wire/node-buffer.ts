/**
 * Zero-copy views of bytes as Node buffers, with the fast slice methods Node has but does
 * not declare in its types.
 *
 * @module
 */

/**
 * A Buffer with Node's undeclared direct slice methods, which decode a range of bytes to a
 * string without the checks of `toString`.
 *
 * @example
 * ```ts
 * const buf: NodeBuffer = asNodeBuffer(new TextEncoder().encode('hello world'));
 * buf.utf8Slice(0, 5); // 'hello'
 * ```
 */
export interface NodeBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
  base64Slice(start: number, end: number): string;
  utf8Write(text: string, offset: number, length: number): number;
  base64Write(text: string, offset: number, length: number): number;
}

/**
 * The same bytes as a Buffer, without copying.
 *
 * @example
 * ```ts
 * asNodeBuffer(new Uint8Array([104, 105])).latin1Slice(0, 2); // 'hi'
 * ```
 */
export function asNodeBuffer(bytes: Uint8Array): NodeBuffer {
  const buf =
    bytes instanceof Buffer ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buf as NodeBuffer;
}
