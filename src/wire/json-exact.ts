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

/** A run of 16 or more digits: where a JSON integer may exceed 2^53. */
const LONG_DIGIT_RUN = /\d{16,}/g;

/**
 * Parses JSON text, turning integer tokens of 16 or more digits into decimal strings.
 * Throws `SyntaxError` exactly as `JSON.parse` does (the codecs catch it).
 *
 * @example
 * ```ts
 * parseJsonExact('{"nanoseconds":1725260102345678901}'); // { nanoseconds: '1725260102345678901' }
 * parseJsonExact('{"port":5050}'); // { port: 5050 }
 * ```
 * Spec: docs/protocol.md §2.2.
 */
export function parseJsonExact(text: string): unknown {
  const re = LONG_DIGIT_RUN;
  re.lastIndex = 0;
  let m = re.exec(text);
  if (m === null) return JSON.parse(text) as unknown;
  // Fast path: quote the digit runs that look like whole integer tokens, judging only by
  // their neighbours. A run that was in fact inside a string cannot slip through: quoting it
  // leaves a string followed directly by a digit, which is never valid JSON, and then the
  // exact scanner decides.
  const parts: string[] = [];
  let copied = 0;
  do {
    let start = m.index;
    const end = start + m[0].length;
    if (start > 0 && text.charCodeAt(start - 1) === MINUS) start--;
    if (isTokenStart(text, start) && isTokenEnd(text, end)) {
      parts.push(text.slice(copied, start), '"', text.slice(start, end), '"');
      copied = end;
    }
    m = re.exec(text);
  } while (m !== null);
  if (copied === 0) return JSON.parse(text) as unknown;
  parts.push(text.slice(copied));
  try {
    return JSON.parse(parts.join('')) as unknown;
  } catch {
    return JSON.parse(quoteLongIntegers(text)) as unknown;
  }
}

/**
 * Indexes the integer tokens of 16 or more digits that stand as object values in a JSON text
 * (after a colon: 64-bit fields are never array items) by the double `JSON.parse` makes of them, so that a validator holding a rounded value can recover its exact digits.
 * The text is scanned once, on the first lookup. A value that several different tokens round
 * to maps to `null` (ambiguous); a value no token rounds to maps to `undefined`.
 *
 * @example
 * ```ts
 * const exact = exactIntegersOf('{"nanoseconds":1725260102345678901}');
 * exact(1725260102345678901); // '1725260102345678901' (the argument is already rounded)
 * ```
 */
export function exactIntegersOf(text: string): (n: number) => string | null | undefined {
  let index: Map<number, string | null> | undefined;
  return (n) => {
    if (index === undefined) {
      index = new Map();
      for (const token of longIntegerValues(text)) {
        const key = Number(token);
        const seen = index.get(key);
        if (seen === undefined && !index.has(key)) index.set(key, token);
        else if (seen !== token) index.set(key, null);
      }
    }
    return index.get(n);
  };
}

/**
 * The integer tokens of 16 or more digits that follow a colon (object values). Any 16
 * consecutive characters hold exactly one position that is a multiple of 16, so the scan looks
 * at every 16th character only and widens around the digits it finds: several times faster
 * than a regular expression over every character.
 */
function longIntegerValues(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  for (let i = 0; i < n; i += 16) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let end = i + 1;
    while (end < n && isDigit(text.charCodeAt(end))) end++;
    let start = i;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    // continue the stride after this run
    i = end - (end % 16);
    if (end - start < 16) continue;
    let before = start - 1;
    if (before >= 0 && text.charCodeAt(before) === MINUS) before--;
    const sign = before === start - 2 ? 1 : 0;
    while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
    if (before < 0 || text.charCodeAt(before) !== COLON) continue;
    const next = end < n ? text.charCodeAt(end) : -1;
    if (next === DOT || next === E_LOWER || next === E_UPPER) continue;
    out.push(text.slice(start - sign, end));
  }
  return out;
}

/** Whether the character before `i` can precede a number token (`:`, `,`, `[`, space). */
function isTokenStart(text: string, i: number): boolean {
  if (i === 0) return true;
  const c = text.charCodeAt(i - 1);
  return (
    c === 0x3a || c === 0x2c || c === 0x5b || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
  );
}

/** Whether the character at `i` can follow an integer token (`,`, `]`, `}`, space). */
function isTokenEnd(text: string, i: number): boolean {
  if (i === text.length) return true;
  const c = text.charCodeAt(i);
  return (
    c === 0x2c || c === 0x5d || c === 0x7d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
  );
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
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const COLON = 0x3a;

/**
 * Wraps every integer token of 16 digits or more that stands outside a string in quotes.
 * Tokens with a fraction or an exponent are numbers by intent and stay as they are. It reads
 * the text token by token (strings and their escapes included), so digits inside a string
 * are never touched; {@link parseJsonExact} falls back on it when its quicker guess fails.
 *
 * @example
 * ```ts
 * quoteLongIntegers('{"nanoseconds":1725260102345678901,"port":5050}');
 * // '{"nanoseconds":"1725260102345678901","port":5050}'
 * ```
 * Spec: docs/protocol.md §2.2.
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
        if (isDigit(r) || r === DOT || r === E_LOWER || r === E_UPPER || r === MINUS || r === 0x2b)
          i++;
        else break;
      }
    } else {
      i++;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}
