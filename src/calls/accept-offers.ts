/**
 * `acceptOffers`: apply operations to offers (ACCEPT).
 *
 * @module
 */
import type { Filters, Offer, OfferId } from '../wire';
import type { CommandOf } from './command';
import { toList, type OneOrMany } from './one-or-many';

/**
 * Accepts offers of one agent and applies operations to their resources, in order: an
 * `ACCEPT`.
 *
 * Build the operations with {@link launch}, {@link launchGroup}, {@link reserve},
 * {@link unreserve}, {@link create}, {@link destroy}, {@link growVolume}, {@link shrinkVolume},
 * {@link createDisk} and {@link destroyDisk}. The offers must belong to one agent and one role,
 * and each offer may be used in one ACCEPT or DECLINE only. Resources the operations leave
 * unused are declined with `filters` (5 s by default). Operations with an `id` report their
 * outcome as `UPDATE_OPERATION_STATUS` events (never give LAUNCH or LAUNCH_GROUP an id: the
 * master fails their tasks with `TASK_ERROR`); operations without one report nothing.
 *
 * @example
 * ```ts
 * const cmd = acceptOffers(
 *   offer.id,
 *   [reserve(reservedResources, { id: { value: 'op-1' } }), launch(task)],
 *   { refuse_seconds: 60 },
 * );
 * ```
 * Spec: docs/protocol.md §5.
 */
export function acceptOffers(
  offerIds: OneOrMany<OfferId>,
  operations: readonly Offer.Operation[],
  filters?: Filters,
): CommandOf<'ACCEPT'> {
  const offer_ids = toList(offerIds);
  return {
    type: 'ACCEPT',
    accept: {
      ...(offer_ids.length === 0 ? {} : { offer_ids }),
      ...(operations.length === 0 ? {} : { operations: [...operations] }),
      ...(filters === undefined ? {} : { filters }),
    },
  };
}
