/**
 * Helpers for the cluster tests of the simulated master: a subscribed framework over
 * loopback HTTP with the raw client, and shortcuts for the offer calls.
 */
import type { Call, Event, FrameworkInfo, Offer, Resource, TaskStatus } from '../../src/wire';
import {
  post,
  subscribe,
  subscribeCall,
  type RawAnswer,
  type RawSubscription,
} from '../helpers/raw-client';

/** A framework subscribed to a simulated master. */
export interface TestFramework {
  readonly s: RawSubscription;
  readonly id: string;
  /** Posts a call (framework id and stream id filled in). */
  call(
    call: DistributiveOmit<Exclude<Call, { type: 'SUBSCRIBE' }>, 'framework_id'>,
  ): Promise<RawAnswer>;
  /** The next OFFERS event's offers. */
  offers(timeoutMs?: number): Promise<readonly Offer[]>;
  /** The next UPDATE event's status. */
  update(timeoutMs?: number): Promise<TaskStatus>;
  /** The next event of a type. */
  next<T extends Event['type']>(type: T, timeoutMs?: number): Promise<Extract<Event, { type: T }>>;
  close(): Promise<void>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Subscribes a framework and waits for SUBSCRIBED. */
export async function framework(
  url: string,
  extra: Partial<FrameworkInfo> = {},
  options: {
    readonly contentType?: string;
    readonly suppressed?: readonly string[];
    /** Re-subscribes with this framework id. */
    readonly frameworkId?: string;
    readonly constraints?: Extract<Call, { type: 'SUBSCRIBE' }>['subscribe']['offer_constraints'];
  } = {},
): Promise<TestFramework> {
  const contentType = options.contentType ?? 'application/json';
  const base = subscribeCall(extra.name ?? 'cluster-test', extra, options.frameworkId);
  const subscribeBody: Call = {
    ...base,
    subscribe: {
      ...base.subscribe,
      ...(options.suppressed === undefined ? {} : { suppressed_roles: options.suppressed }),
      ...(options.constraints === undefined ? {} : { offer_constraints: options.constraints }),
    },
  };
  const s = await subscribe(url, subscribeBody, { contentType });
  const first = await s.next();
  if (first.type !== 'SUBSCRIBED')
    throw new Error(`expected SUBSCRIBED, got ${JSON.stringify(first)}`);
  const id = first.subscribed.framework_id.value;
  const next = async <T extends Event['type']>(
    type: T,
    timeoutMs = 5000,
  ): Promise<Extract<Event, { type: T }>> =>
    (await s.next((e) => e.type === type, timeoutMs)) as Extract<Event, { type: T }>;
  return {
    s,
    id,
    call: (call) =>
      post(url, { ...call, framework_id: { value: id } }, { contentType, streamId: s.streamId }),
    offers: async (timeoutMs) => (await next('OFFERS', timeoutMs)).offers.offers ?? [],
    update: async (timeoutMs) => (await next('UPDATE', timeoutMs)).update.status,
    next,
    close: () => s.close(),
  };
}

/** A scalar resource. */
export function scalar(name: string, value: number, extra: Partial<Resource> = {}): Resource {
  return { name, type: 'SCALAR', scalar: { value }, ...extra };
}

/** The scalar total of a name in resources. */
export function total(resources: readonly Resource[] | undefined, name: string): number {
  return (resources ?? [])
    .filter((r) => r.name === name)
    .reduce((n, r) => n + (r.scalar?.value ?? 0), 0);
}

/** Waits `ms` of wall time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Event types received so far after index `from`. */
export function typesSince(s: RawSubscription, from: number): string[] {
  return s.events.slice(from).map((e) => e.type);
}
