/**
 * `Accept` header negotiation as the master does it for SUBSCRIBE and RECONCILE_OPERATIONS:
 * JSON when acceptable, else protobuf when acceptable, else nothing (406).
 *
 * The test of one media type follows libprocess (`Request::acceptsMediaType`): spaces, tabs
 * and newlines are removed; the candidates `type/subtype`, `type/*` and `*\/*` are tried in
 * this order, and the first range of the header (in header order) equal to a candidate
 * (ignoring letter case) decides: acceptable unless it carries exactly one `q` parameter whose
 * value is not a number above 0. A missing header accepts everything; an empty one accepts
 * nothing.
 *
 * @module
 */
import type { ContentType } from '../../wire';

/** A decimal floating-point number as `boost::lexical_cast<double>` reads it. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?inf(?:inity)?$/i;

/** The `q` value as the master reads it: undefined when it is not a number. */
function qValue(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  if (INFINITY.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

/** The `key=value` pairs of the `;`-separated parameters of one range (empty tokens skipped). */
function parameters(range: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const token of range.split(';')) {
    if (token === '') continue;
    const pair = token.split('=').filter((p) => p !== '');
    if (pair.length !== 2) continue;
    const [key = '', value = ''] = pair;
    const list = out.get(key);
    if (list === undefined) out.set(key, [value]);
    else list.push(value);
  }
  return out;
}

/**
 * Whether an `Accept` header allows a media type, exactly as the master decides it.
 *
 * @example
 * ```ts
 * acceptsMediaType('application/*;q=0.5', 'application/json'); // true
 * acceptsMediaType('application/json;q=0, *\/*', 'application/json'); // false: the exact range decides
 * acceptsMediaType(undefined, 'application/x-protobuf'); // true: no header accepts everything
 * ```
 * Spec: docs/protocol.md §1.3.
 */
export function acceptsMediaType(header: string | undefined, mediaType: string): boolean {
  const parts = mediaType.split('/').filter((p) => p !== '');
  if (parts.length !== 2) return false;
  if (header === undefined) return true;
  const compact = header.replace(/[ \t\n]/g, '');
  const ranges = compact
    .split(',')
    .filter((r) => r !== '')
    .map((r) => ({ range: r, type: (r.split(';').find((t) => t !== '') ?? '').toLowerCase() }))
    .filter((r) => r.type !== '');
  const candidates = [mediaType, `${parts[0] ?? ''}/*`, '*/*'].map((c) => c.toLowerCase());
  for (const candidate of candidates) {
    const match = ranges.find((r) => r.type === candidate);
    if (match === undefined) continue;
    const q = parameters(match.range).get('q');
    if (q?.length !== 1) return true;
    const value = qValue(q[0] ?? '');
    return value !== undefined && value > 0;
  }
  return false;
}

/**
 * The stream encoding for an `Accept` header, or undefined when neither type is acceptable
 * (the master's 406). No header accepts everything, hence JSON; JSON wins whenever it is
 * acceptable, so protobuf needs `Accept: application/x-protobuf` without JSON.
 *
 * @example
 * ```ts
 * negotiate('application/x-protobuf'); // 'application/x-protobuf'
 * negotiate('*\/*'); // 'application/json'
 * negotiate('text/html'); // undefined (406)
 * negotiate(''); // undefined (406): an empty header accepts nothing
 * ```
 * Spec: docs/protocol.md §1.3.
 */
export function negotiate(header: string | undefined): ContentType | undefined {
  if (acceptsMediaType(header, 'application/json')) return 'application/json';
  if (acceptsMediaType(header, 'application/x-protobuf')) return 'application/x-protobuf';
  return undefined;
}
