/**
 * The byte writer protobuf encoding writes into: one growing buffer, varints, 64-bit integers
 * given as text, base64 bytes and text without native calls for short values, and nested
 * lengths written after their content, in place.
 *
 * @module
 */
import type { NodeBuffer } from './node-buffer';

const TWO_32 = 4294967296;
/**
 * The size a writer's buffer starts at.
 *
 * @example
 * ```ts
 * new PbWriter().buf.length === INITIAL_BYTES; // true
 * ```
 */
export const INITIAL_BYTES = 64 * 1024;
/** Strings up to this length are written by a loop when they are ASCII (no native call). */
const SHORT_TEXT = 64;

/** base64 (standard and URL-safe) character → 6-bit value; -1 elsewhere. */
const BASE64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((ch, i) => (BASE64[ch.charCodeAt(0)] = i));
BASE64[0x2d] = 62; // '-'
BASE64[0x5f] = 63; // '_'

/**
 * A protobuf byte writer over one buffer that grows as needed and is reused from message to
 * message (`pos = 0` starts over).
 *
 * @example
 * ```ts
 * const w = new PbWriter();
 * w.varint32((1 << 3) | 2); // field 1, length-delimited
 * w.string('t1');
 * w.buf.subarray(0, w.pos); // 0a 02 74 31
 * ```
 */
export class PbWriter {
  buf = Buffer.allocUnsafe(INITIAL_BYTES) as NodeBuffer;
  pos = 0;
  /** The low and high 32 bits (two's complement) of the last 64-bit integer split. */
  lo = 0;
  hi = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const grown = Buffer.allocUnsafe(size) as NodeBuffer;
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  varint32(v: number): void {
    this.ensure(5);
    const buf = this.buf;
    let p = this.pos;
    let x = v >>> 0;
    while (x > 127) {
      buf[p++] = (x & 127) | 128;
      x >>>= 7;
    }
    buf[p++] = x;
    this.pos = p;
  }

  /** A 64-bit varint from its low and high 32-bit halves (unsigned). */
  varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let p = this.pos;
    let l = lo >>> 0;
    let h = hi >>> 0;
    while (h > 0 || l > 127) {
      buf[p++] = (l & 127) | 128;
      l = ((l >>> 7) | (h << 25)) >>> 0;
      h >>>= 7;
    }
    buf[p++] = l;
    this.pos = p;
  }

  int32(n: number): void {
    if (n < 0) this.varint64(n >>> 0, 0xffffffff);
    else this.varint32(n);
  }

  /** Reserves the byte a length usually takes; returns where the content starts. */
  open(): number {
    this.ensure(1);
    return ++this.pos;
  }

  /** Writes the length of what was written since `start` (see {@link open}). */
  close(start: number): void {
    const len = this.pos - start;
    if (len < 128) {
      this.buf[start - 1] = len;
      return;
    }
    const extra = varintLength(len) - 1;
    this.ensure(extra);
    const buf = this.buf;
    buf.copyWithin(start + extra, start, this.pos);
    let p = start - 1;
    let x = len;
    while (x > 127) {
      buf[p++] = (x & 127) | 128;
      x >>>= 7;
    }
    buf[p] = x;
    this.pos += extra;
  }

  string(s: string): void {
    const n = s.length;
    if (n <= SHORT_TEXT) {
      this.ensure(n + 1);
      const buf = this.buf;
      let p = this.pos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 127) break;
        buf[p++] = c;
      }
      if (i === n) {
        buf[this.pos] = n;
        this.pos = p;
        return;
      }
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    this.varint32(bytes);
    this.ensure(bytes);
    this.pos += this.buf.utf8Write(s, this.pos, bytes);
  }

  /** Bytes given as base64 text (padded or not, standard or URL-safe). */
  bytes(s: string): void {
    let end = s.length;
    while (end > 0 && s.charCodeAt(end - 1) === 0x3d) end--;
    const n = Math.floor((end * 3) / 4);
    this.varint32(n);
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    let acc = 0;
    let bits = 0;
    for (let i = 0; i < end; i++) {
      const c = s.charCodeAt(i);
      const v = c < 128 ? (BASE64[c] ?? -1) : -1;
      if (v < 0) {
        this.bytesSlow(s, n);
        return;
      }
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        buf[p++] = (acc >>> bits) & 255;
      }
    }
    this.pos = p;
  }

  /** Text that is not plain base64 (whitespace, say): decoded by node, as protobufjs would. */
  private bytesSlow(s: string, announced: number): void {
    const decoded = Buffer.from(s, 'base64');
    // take back the length written for the plain case
    this.pos -= varintLength(announced);
    this.varint32(decoded.length);
    this.ensure(decoded.length);
    decoded.copy(this.buf, this.pos);
    this.pos += decoded.length;
  }

  double(v: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleLE(v, this.pos);
  }

  float(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeFloatLE(v, this.pos);
  }

  fixed32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeUInt32LE(v >>> 0, this.pos);
  }

  sfixed32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeInt32LE(v, this.pos);
  }

  /** Sets {@link lo} and {@link hi}: the two halves of a 64-bit integer given as text or a safe number. */
  split64(v: unknown): void {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) {
      this.lo = v % TWO_32;
      this.hi = Math.floor(v / TWO_32);
      return;
    }
    if (typeof v === 'string' && v.length < 16 && v.charCodeAt(0) !== 0x2d) {
      const n = Number(v);
      this.lo = n % TWO_32;
      this.hi = Math.floor(n / TWO_32);
      return;
    }
    const big = BigInt.asUintN(64, BigInt(v as string | number));
    this.lo = Number(big & 0xffffffffn);
    this.hi = Number(big >> 32n);
  }

  int64(v: unknown): void {
    this.split64(v);
    this.varint64(this.lo, this.hi);
  }

  sint64(v: unknown): void {
    const big = BigInt(v as string | number);
    const zz = BigInt.asUintN(64, (big << 1n) ^ (big >> 63n));
    this.varint64(Number(zz & 0xffffffffn), Number(zz >> 32n));
  }

  fixed64(v: unknown): void {
    this.split64(v);
    this.ensure(8);
    this.pos = this.buf.writeUInt32LE(this.lo >>> 0, this.pos);
    this.pos = this.buf.writeUInt32LE(this.hi >>> 0, this.pos);
  }
}

/** How many bytes the varint of `n` (below 2^32) takes. */
function varintLength(n: number): number {
  let k = 1;
  for (let x = n >>> 7; x > 0; x >>>= 7) k++;
  return k;
}
