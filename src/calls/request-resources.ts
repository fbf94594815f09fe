/**
 * `requestResources`: ask the allocator for resources (REQUEST).
 *
 * @module
 */
import type { Request } from '../wire';
import type { CommandOf } from './command';

/**
 * Asks for resources, optionally on a given agent: a `REQUEST`. Granted resources arrive as
 * ordinary offers.
 *
 * Warning: Mesos's built-in allocator ignores requests; only custom allocators act on them.
 * The payload nests (`request.requests`), unlike the upstream documentation's example.
 *
 * @example
 * ```ts
 * const cmd = requestResources([
 *   {
 *     agent_id: { value: '…-S0' },
 *     resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 4 } }],
 *   },
 * ]);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function requestResources(requests: readonly Request[]): CommandOf<'REQUEST'> {
  return { type: 'REQUEST', request: requests.length === 0 ? {} : { requests: [...requests] } };
}
