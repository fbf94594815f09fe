/**
 * `Accept` header negotiation as the master does it for SUBSCRIBE: JSON when acceptable,
 * else protobuf when acceptable, else nothing (406).
 *
 * @module
 */
import type { ContentType } from '../../wire';

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

function parse(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [range = '', ...params] = part.split(';').map((s) => s.trim());
      const [type = '', subtype = ''] = range.toLowerCase().split('/');
      let q = 1;
      for (const p of params) {
        const [k, v] = p.split('=').map((s) => s.trim());
        if (k?.toLowerCase() === 'q' && v !== undefined) q = Number(v);
      }
      return { type, subtype, q: Number.isFinite(q) ? q : 0 };
    });
}

function acceptable(ranges: readonly MediaRange[], mediaType: string): boolean {
  const [type, subtype] = mediaType.split('/');
  // the most specific matching range decides
  let best: MediaRange | undefined;
  let bestRank = -1;
  for (const r of ranges) {
    const rank =
      r.type === type && r.subtype === subtype
        ? 2
        : r.type === type && r.subtype === '*'
          ? 1
          : r.type === '*' && r.subtype === '*'
            ? 0
            : -1;
    if (rank > bestRank) {
      best = r;
      bestRank = rank;
    }
  }
  return best !== undefined && best.q > 0;
}

/**
 * The stream encoding for an `Accept` header, or undefined when neither is acceptable.
 * No header accepts everything, hence JSON.
 *
 * @example
 * ```ts
 * negotiate('application/x-protobuf'); // 'application/x-protobuf'
 * negotiate('*\/*'); // 'application/json'
 * negotiate('text/html'); // undefined (406)
 * ```
 * Spec: docs/protocol.md §1.3.
 */
export function negotiate(header: string | undefined): ContentType | undefined {
  if (header === undefined || header.trim() === '') return 'application/json';
  const ranges = parse(header);
  if (acceptable(ranges, 'application/json')) return 'application/json';
  if (acceptable(ranges, 'application/x-protobuf')) return 'application/x-protobuf';
  return undefined;
}
