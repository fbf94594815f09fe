/**
 * Leader detection over a fixed list of masters.
 *
 * @module
 */
import type { DetectionHint, MasterDetector } from './master-detector';

function normalize(url: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
  const u = new URL(withScheme);
  return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '')}`;
}

/**
 * A detector over a static list: it answers the leader a standby named (307) when there is
 * one, else the list's masters in turn, moving on after each failure. `host:port` entries
 * mean `http://host:port`.
 *
 * @example
 * ```ts
 * const d = staticMasters(['m1:5050', 'm2:5050', 'm3:5050']);
 * await d.next({}); // 'http://m1:5050'
 * await d.next({ failed: 'http://m1:5050' }); // 'http://m2:5050'
 * await d.next({ leader: 'http://m3:5050' }); // 'http://m3:5050'
 * ```
 * Spec: docs/protocol.md §1.5.
 */
export function staticMasters(urls: readonly string[]): MasterDetector {
  if (urls.length === 0) throw new RangeError('staticMasters needs at least one master URL');
  const list = urls.map(normalize);
  let index = 0;
  let current: string | undefined;
  return {
    next: (hint: DetectionHint) => {
      if (hint.leader !== undefined) {
        current = normalize(hint.leader);
      } else if (current === undefined) {
        current = list[index] ?? list[0];
      } else if (hint.failed !== undefined) {
        index = (index + 1) % list.length;
        current = list[index];
      }
      return Promise.resolve(current ?? (list[0] as string));
    },
    close: () => undefined,
  };
}
