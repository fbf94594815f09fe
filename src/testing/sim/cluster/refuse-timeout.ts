/**
 * How long an ACCEPT/DECLINE filter (`Filters.refuse_seconds`) keeps resources away from a
 * framework, as the allocator computes it (spec §7).
 *
 * @module
 */
import type { Filters } from '../../../wire';

const DEFAULT_REFUSE_SECONDS = 5;
const MAX_REFUSE_SECONDS = 365 * 24 * 3600;

/**
 * The refusal in seconds: `refuse_seconds` (default 5 s even without `filters`), capped at
 * 365 days; negative or non-numeric values mean the default. 0 means no filter.
 *
 * @example
 * ```ts
 * refuseSeconds(undefined); // 5
 * refuseSeconds({ refuse_seconds: -1 }); // 5
 * ```
 */
export function refuseSeconds(filters: Filters | undefined): number {
  const asked = filters?.refuse_seconds ?? DEFAULT_REFUSE_SECONDS;
  if (Number.isNaN(asked)) return DEFAULT_REFUSE_SECONDS;
  if (asked > MAX_REFUSE_SECONDS) return MAX_REFUSE_SECONDS;
  if (asked < 0) return DEFAULT_REFUSE_SECONDS;
  return asked;
}

/**
 * How long an offer filter lasts, in milliseconds: the refusal, but at least one allocation
 * interval (so the filter outlives the next allocation); 0 when no filter is wanted.
 *
 * @example
 * ```ts
 * offerFilterMs({ refuse_seconds: 0.01 }, 1000); // 1000
 * ```
 */
export function offerFilterMs(filters: Filters | undefined, allocationIntervalMs: number): number {
  const seconds = refuseSeconds(filters);
  return seconds === 0 ? 0 : Math.max(allocationIntervalMs, seconds * 1000);
}
