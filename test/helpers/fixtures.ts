import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLeft } from 'fp-ts/Either';
import { decodeRecordIO, parseJsonExact } from '../../src/wire';

/** The project's copy of the protocol test vectors. */
export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** Raw bytes of a fixture file, relative to test/fixtures. */
export function fixtureBytes(rel: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, rel));
}

/** Names (without extension) of the fixtures of one folder. */
export function fixtureNames(folder: string, ext: string): string[] {
  return fs
    .readdirSync(path.join(FIXTURES, folder))
    .filter((f) => f.endsWith(ext))
    .map((f) => f.slice(0, -ext.length))
    .sort();
}

/** A JSON fixture parsed with exact 64-bit integers (long integers become decimal strings). */
export function exactJson(text: string | Buffer): unknown {
  return parseJsonExact(text.toString());
}

/** The records of a captured RecordIO stream; fails the test if the capture does not frame. */
export function records(rel: string): readonly Uint8Array[] {
  const r = decodeRecordIO(fixtureBytes(rel));
  if (isLeft(r)) throw r.left.error;
  return r.right;
}

/**
 * Normalises a JSON value for comparison: every integral number becomes its decimal string,
 * so that `8` and `8.0` and `"8"` compare equal the way the Mesos reader treats them, while
 * a rounded int64 still differs from the exact one.
 */
export function comparable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(comparable);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, comparable(x)]));
  }
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return v;
}
