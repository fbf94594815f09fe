/**
 * A framework as the simulated master knows it.
 *
 * @module
 */
import type { Subscription } from 'rxjs';
import { frameworkRoles } from '../../offers';
import type { FrameworkInfo, OfferConstraints } from '../../wire';
import type { EventStream } from './event-stream';

/**
 * The master's record of one framework: its info, its subscription stream while connected,
 * its suppressed roles and its failover timer while disconnected.
 *
 * @example
 * ```ts
 * if (fw.connected) master.send(fw, { type: 'HEARTBEAT' });
 * ```
 */
export class SimFramework {
  stream: EventStream | undefined;
  suppressedRoles = new Set<string>();
  offerConstraints: OfferConstraints | undefined;
  failoverTimer: Subscription | undefined;
  unregisteredTime: number | undefined;
  removed = false;

  constructor(
    readonly id: string,
    public info: FrameworkInfo,
    readonly registeredTime: number,
  ) {}

  /** Whether a subscription stream is open. */
  get connected(): boolean {
    return this.stream?.isOpen === true;
  }

  /** The framework's roles: `roles` with the MULTI_ROLE capability, else `role` (default `*`). */
  get roles(): readonly string[] {
    return frameworkRoles(this.info);
  }

  /** Whether the framework declared a capability (`PARTITION_AWARE`, `TASK_KILLING_STATE` …). */
  hasCapability(type: string): boolean {
    return (this.info.capabilities ?? []).some((c) => c.type === type);
  }
}
