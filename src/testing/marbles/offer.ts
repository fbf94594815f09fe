/**
 * Offers and the OFFERS event.
 *
 * @module
 */
import type { EventOf } from '../../events';
import type { AgentID, Attribute, Int64, Offer, OfferID, Resource } from '../../wire';
import { marbleIds } from './marble-ids';

/**
 * What {@link offer} builds: one agent's resources for one role. Every field has a default.
 *
 * @example
 * ```ts
 * const spec: OfferSpec = { id: 'O1', agent: 'S1', cpus: 2, mem: 1024, ports: [[31000, 31009]], role: 'web' };
 * ```
 */
export interface OfferSpec {
  /** The offer id. Default `marbleIds.offer(n)`, n the offer's place in {@link offers} (0 alone). */
  readonly id?: string | OfferID;
  /** The agent's id. Default `marbleIds.agent(n)`. */
  readonly agent?: string | AgentID;
  /** The agent's hostname. Default `agent-<n + 1>.example.internal`. */
  readonly hostname?: string;
  /** CPUs offered. Default 4; 0 leaves the resource out. */
  readonly cpus?: number;
  /** Memory offered, in MB. Default 8192; 0 leaves it out. */
  readonly mem?: number;
  /** Disk offered, in MB. Default 16384; 0 leaves it out. */
  readonly disk?: number;
  /** Port ranges offered, inclusive. Default `[[31000, 32000]]`; `[]` leaves them out. */
  readonly ports?: readonly (readonly [number, number])[];
  /** The role the offer is allocated to. Default `'*'`. */
  readonly role?: string;
  /** The framework the offer is for. Default `marbleIds.framework`. */
  readonly frameworkId?: string;
  /** The agent's attributes. Default none. */
  readonly attributes?: readonly Attribute[];
  /** More resources (gpus, reserved ones …), taken as they are. */
  readonly resources?: readonly Resource[];
}

const idOf = <T extends { readonly value: string }>(id: string | T | undefined, fallback: T): T =>
  id === undefined ? fallback : typeof id === 'string' ? ({ value: id } as T) : id;

function offerAt(spec: OfferSpec, n: number): Offer {
  const role = spec.role ?? '*';
  const allocation_info = { role };
  const hostname = spec.hostname ?? `agent-${n + 1}.example.internal`;
  const scalar = (name: string, value: number): Resource[] =>
    value > 0 ? [{ name, type: 'SCALAR', scalar: { value }, allocation_info }] : [];
  const ports = spec.ports ?? [[31000, 32000]];
  const range = ports.map(([begin, end]) => ({
    begin: String(begin) as Int64,
    end: String(end) as Int64,
  }));
  const resources: Resource[] = [
    ...scalar('cpus', spec.cpus ?? 4),
    ...scalar('mem', spec.mem ?? 8192),
    ...scalar('disk', spec.disk ?? 16384),
    ...(range.length === 0
      ? []
      : [{ name: 'ports', type: 'RANGES', ranges: { range }, allocation_info } as const]),
    ...(spec.resources ?? []),
  ];
  return {
    id: idOf(spec.id, marbleIds.offer(n)),
    framework_id: { value: spec.frameworkId ?? marbleIds.framework.value },
    agent_id: idOf(spec.agent, marbleIds.agent(n)),
    hostname,
    url: { scheme: 'http', address: { hostname, port: 5051 }, path: '/slave(1)' },
    resources,
    ...(spec.attributes === undefined || spec.attributes.length === 0
      ? {}
      : { attributes: spec.attributes }),
    allocation_info,
  };
}

/**
 * One offer as a master makes it for a multi-role framework: scalar `cpus`, `mem` and `disk`
 * (MB), `ports` as ranges, each resource and the offer carrying `allocation_info` with the
 * role, and the agent's address in `url`. Unreserved resources are in the post-refinement
 * format (no `role`, no `reservations`).
 *
 * @example
 * ```ts
 * const o = offer({ id: 'O1', cpus: 2, mem: 1024 });
 * launchTasks(o.id, [task]); // answer it in an expected command
 * ```
 * Spec: docs/protocol.md §6, §7.
 */
export function offer(spec: OfferSpec = {}): Offer {
  return offerAt(spec, 0);
}

/**
 * An `OFFERS` event with these offers. Specs become offers as {@link offer} makes them, the
 * n-th one (from 0) getting `marbleIds.offer(n)`, `marbleIds.agent(n)` and its own hostname
 * by default; finished `Offer`s are taken as they are.
 *
 * @example
 * ```ts
 * const values = {
 *   o: offers({ cpus: 1 }, { cpus: 8, mem: 32_768 }), // two agents, two offers
 *   p: offers(offer({ id: 'O7' })),
 * };
 * ```
 * Spec: docs/protocol.md §6, §7.
 */
export function offers(...specs: readonly (OfferSpec | Offer)[]): EventOf<'OFFERS'> {
  const list = specs.map((s, n) => ('framework_id' in s ? s : offerAt(s, n)));
  return { type: 'OFFERS', offers: list.length === 0 ? {} : { offers: list } };
}
