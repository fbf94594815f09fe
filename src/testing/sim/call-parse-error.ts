/**
 * The 400 bodies of a call body that does not parse, with the detail texts of the master's
 * own readers: picojson for JSON syntax (`Failed to parse body into JSON: syntax error at
 * line 1 near: ...`) and stout's JSON-to-protobuf conversion (`Failed to convert JSON into
 * Call protobuf: Not expecting a JSON number for field 'type'`).
 *
 * The conversion detail is derived from the first problem the project's decoder reports, so
 * it matches the master whenever the body has one problem; with several, the master may name
 * another one (it visits keys in sorted order).
 *
 * @module
 */
import type { WireError } from '../../wire';

const SPACE = 0x20;
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** picojson's input cursor: a position, a "current character consumed" flag and a line. */
class Cursor {
  private pos = 0;
  private consumed = false;
  line = 1;

  constructor(private readonly bytes: Uint8Array) {}

  getc(): number {
    if (this.consumed) {
      if (this.bytes[this.pos] === NEWLINE) this.line++;
      this.pos++;
    }
    const c = this.bytes[this.pos];
    if (c === undefined) {
      this.consumed = false;
      return -1;
    }
    this.consumed = true;
    return c;
  }

  ungetc(): void {
    this.consumed = false;
  }

  /** The offset just after the last consumed character. */
  end(): number {
    if (this.consumed) {
      this.consumed = false;
      this.pos++;
    }
    return this.pos;
  }

  skipWhitespace(): void {
    for (;;) {
      const c = this.getc();
      if (c !== SPACE && c !== 0x09 && c !== NEWLINE && c !== 0x0d) {
        this.ungetc();
        return;
      }
    }
  }

  expect(c: number): boolean {
    this.skipWhitespace();
    if (this.getc() === c) return true;
    this.ungetc();
    return false;
  }

  match(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
      if (this.getc() !== text.charCodeAt(i)) {
        this.ungetc();
        return false;
      }
    }
    return true;
  }
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function quadHex(cur: Cursor): number {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const c = cur.getc();
    if (c === -1) return -1;
    if (!isHex(c)) {
      cur.ungetc();
      return -1;
    }
    value = value * 16 + Number.parseInt(String.fromCharCode(c), 16);
  }
  return value;
}

function codepoint(cur: Cursor): boolean {
  const first = quadHex(cur);
  if (first === -1) return false;
  if (first < 0xd800 || first > 0xdfff) return true;
  if (first >= 0xdc00) return false;
  if (cur.getc() !== BACKSLASH || cur.getc() !== 0x75) {
    cur.ungetc();
    return false;
  }
  const second = quadHex(cur);
  return second >= 0xdc00 && second <= 0xdfff;
}

function string(cur: Cursor): boolean {
  for (;;) {
    const c = cur.getc();
    if (c < SPACE) {
      cur.ungetc();
      return false;
    }
    if (c === QUOTE) return true;
    if (c !== BACKSLASH) continue;
    const e = cur.getc();
    if (e === -1) return false;
    if (e === 0x75) {
      if (!codepoint(cur)) return false;
    } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) {
      return false;
    }
  }
}

/** A number as `strtoimax`/`strtod` take it whole, from the characters picojson collects. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function numberToken(cur: Cursor): string {
  let text = '';
  for (;;) {
    const c = cur.getc();
    const ch = c === -1 ? '' : String.fromCharCode(c);
    if (ch !== '' && '0123456789+-eE.'.includes(ch)) text += ch;
    else {
      cur.ungetc();
      return text;
    }
  }
}

function array(cur: Cursor): boolean {
  if (cur.expect(0x5d)) return true;
  do {
    if (!value(cur)) return false;
  } while (cur.expect(0x2c));
  return cur.expect(0x5d);
}

function object(cur: Cursor): boolean {
  if (cur.expect(0x7d)) return true;
  do {
    if (!cur.expect(QUOTE) || !string(cur) || !cur.expect(0x3a)) return false;
    if (!value(cur)) return false;
  } while (cur.expect(0x2c));
  return cur.expect(0x7d);
}

function value(cur: Cursor): boolean {
  cur.skipWhitespace();
  const c = cur.getc();
  switch (c) {
    case 0x6e:
      return cur.match('ull');
    case 0x66:
      return cur.match('alse');
    case 0x74:
      return cur.match('rue');
    case QUOTE:
      return string(cur);
    case 0x5b:
      return array(cur);
    case 0x7b:
      return object(cur);
    default:
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
        cur.ungetc();
        const text = numberToken(cur);
        return text !== '' && NUMBER.test(text);
      }
  }
  cur.ungetc();
  return false;
}

/**
 * The error text of the master's JSON reader (picojson inside stout's `JSON::parse`) for a
 * body, or undefined when it reads the body. Syntax errors give `syntax error at line <n>
 * near: <rest of that line>`; text after a complete value gives `Parsed JSON included
 * non-whitespace trailing characters: <text>`.
 *
 * @example
 * ```ts
 * jsonSyntaxError(Buffer.from('{"a":}')); // 'syntax error at line 1 near: }'
 * jsonSyntaxError(Buffer.from('{} x')); // 'Parsed JSON included non-whitespace trailing characters:  x'
 * jsonSyntaxError(Buffer.from('{"a":1}')); // undefined
 * ```
 * Spec: docs/protocol.md §1.4 (row 6b).
 */
export function jsonSyntaxError(bytes: Uint8Array): string | undefined {
  const cur = new Cursor(bytes);
  if (!value(cur)) {
    const near: number[] = [];
    for (;;) {
      const c = cur.getc();
      if (c === -1 || c === NEWLINE) break;
      if (c >= SPACE) near.push(c);
    }
    return `syntax error at line ${cur.line} near: ${Buffer.from(near).toString('utf8')}`;
  }
  const end = cur.end();
  let last = bytes.length - 1;
  while (last >= 0 && [SPACE, 0x09, NEWLINE, 0x0d].includes(bytes[last] ?? SPACE)) last--;
  if (end !== last + 1) {
    const rest = Buffer.from(bytes.subarray(end, last + 1)).toString('utf8');
    return `Parsed JSON included non-whitespace trailing characters: ${rest}`;
  }
  return undefined;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** `a.b[0].c`, as protobuf's `InitializationErrorString` names a field. */
function fieldPath(path: readonly (string | number)[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** The first character stout's base64 decoder refuses, if any (it stops at `=`). */
function invalidBase64Character(text: string): string | undefined {
  for (const ch of text) {
    if (ch === '=') return undefined;
    if (/\s/.test(ch)) continue;
    if (!/^[A-Za-z0-9+/]$/.test(ch)) return ch;
  }
  return undefined;
}

/** How stout's reader fails on a string given to a number or boolean field. */
function stringScalarError(text: string, field: string, kind: 'number' | 'boolean'): string {
  const syntax = jsonSyntaxError(Buffer.from(text, 'utf8'));
  const detail = syntax ?? 'Unexpected JSON type parsed';
  return `Failed to parse '${text}' as a JSON ${kind} for field '${field}': ${detail}`;
}

/**
 * The detail the master gives after `Failed to convert JSON into Call protobuf: ` for a JSON
 * body that parses but does not map onto a Call, from the decoder's error.
 *
 * @example
 * ```ts
 * const r = decodeCall(Buffer.from('{"type":3}'), 'application/json');
 * if (r._tag === 'Left') jsonConversionError('{"type":3}', r.left);
 * // "Not expecting a JSON number for field 'type'"
 * ```
 * Spec: docs/protocol.md §1.4 (row 6c), §2.2.
 */
export function jsonConversionError(text: string, error: WireError): string {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return error.message;
  }
  if (error.path.length === 0) {
    return jsonKind(root) === 'object' ? error.message : 'Expecting a JSON object';
  }
  if (error.reason.startsWith('missing required field')) {
    return `Missing required fields: ${fieldPath(error.path)}`;
  }
  let at: unknown = root;
  for (const segment of error.path) {
    at =
      typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[segment] : undefined;
  }
  const names = error.path.filter((s): s is string => typeof s === 'string');
  const field = names[names.length - 1] ?? '';
  if (typeof at === 'string') {
    if (error.reason.startsWith('expected standard base64')) {
      const bad = invalidBase64Character(at);
      const detail = bad === undefined ? error.reason : `Invalid character '${bad}'`;
      return `Failed to base64 decode bytes field '${field}': ${detail}`;
    }
    if (error.reason.startsWith('unknown ')) return `Failed to find enum for '${at}'`;
    if (/^expected an? (integer|number)/.test(error.reason)) {
      return stringScalarError(at, field, 'number');
    }
    if (error.reason.startsWith('expected a boolean')) {
      return stringScalarError(at, field, 'boolean');
    }
  }
  return `Not expecting a JSON ${jsonKind(at)} for field '${field}'`;
}
