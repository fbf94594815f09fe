/**
 * The master's records of outstanding offers and inverse offers.
 *
 * @module
 */
import type { Subscription } from 'rxjs';
import type { Resource, Unavailability } from '../../../wire';

/**
 * One outstanding offer: resources of one agent, allocated to one role of one framework.
 *
 * @example
 * ```ts
 * const offer: SimOffer = { id: 'M-O3', frameworkId: 'M-0000', agentId: 'M-S0', role: '*',
 *   resources: [], timer: undefined };
 * ```
 */
export interface SimOffer {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  /** Allocated to `role`, post-refinement format. */
  readonly resources: readonly Resource[];
  /** The offer timeout, when the master has one. */
  timer: Subscription | undefined;
}

/**
 * One outstanding inverse offer: a framework asked to give up an agent for maintenance.
 *
 * @example
 * ```ts
 * const inverse: SimInverseOffer = { id: 'M-O4', frameworkId: 'M-0000', agentId: 'M-S0',
 *   unavailability: { start: { nanoseconds: '0' } }, timer: undefined };
 * ```
 */
export interface SimInverseOffer {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly unavailability: Unavailability;
  timer: Subscription | undefined;
}

/**
 * A framework's answer to an inverse offer (for the maintenance status).
 *
 * @example
 * ```ts
 * const a: InverseOfferAnswer = { frameworkId: 'M-0000', agentId: 'M-S0', status: 'ACCEPT', timestamp: 1.7e9 };
 * ```
 */
export interface InverseOfferAnswer {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly status: 'ACCEPT' | 'DECLINE';
  /** Seconds since the epoch. */
  readonly timestamp: number;
}
