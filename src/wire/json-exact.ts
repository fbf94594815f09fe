/**
 * JSON parsing that keeps 64-bit integers exact.
 *
 * `JSON.parse` rounds integers above 2^53, and Mesos writes `int64` values bare (every
 * `TimeInfo.nanoseconds` is above 2^53). Integer tokens of 16 digits or more outside strings
 * are turned into JSON strings before parsing; the schema-driven normalizer then keeps
 * `int64` fields as decimal strings and reads other numeric fields from them. Text without
 * such a token, the common case, goes to `JSON.parse` untouched after one fast scan.
 *
 * @module
 */

const LONG_DIGIT_RUN = /\d{16}/;

/**
 * Parses JSON text, turning integer tokens of 16 or more digits into decimal strings.
 * Throws `SyntaxError` exactly as `JSON.parse` does (the codecs catch it).
 *
 * @example
 * ```ts
 * parseJsonExact('{"nanoseconds":1725260102345678901}'); // { nanoseconds: '1725260102345678901' }
 * parseJsonExact('{"port":5050}'); // { port: 5050 }
 * ```
 * Spec: docs/mesos-scheduler-http-api.md §2.2.
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(LONG_DIGIT_RUN.test(text) ? quoteLongIntegers(text) : text) as unknown;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;
const E_LOWER = 0x65;
const E_UPPER = 0x45;

const isDigit = (c: number): boolean => c >= ZERO && c <= NINE;

/**
 * Wraps every integer token of 16 digits or more that stands outside a string in quotes.
 * Tokens with a fraction or an exponent are numbers by intent and stay as they are.
 */
export function quoteLongIntegers(text: string): string {
  const n = text.length;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i++;
      while (i < n) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i += 2;
        else if (s === QUOTE) break;
        else i++;
      }
      i++;
    } else if (isDigit(c) || c === MINUS) {
      const start = i;
      if (c === MINUS) i++;
      const digitsStart = i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const digits = i - digitsStart;
      const next = i < n ? text.charCodeAt(i) : -1;
      if (digits >= 16 && next !== DOT && next !== E_LOWER && next !== E_UPPER) {
        out += `${text.slice(copied, start)}"${text.slice(start, i)}"`;
        copied = i;
      }
      // skip the rest of a fractional or exponent number
      while (i < n) {
        const r = text.charCodeAt(i);
        if (isDigit(r) || r === DOT || r === E_LOWER || r === E_UPPER || r === MINUS || r === 0x2b) i++;
        else break;
      }
    } else {
      i++;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}
