/**
 * One simulated agent as the master knows it: its identity and address, its total resources
 * (changed by RESERVE, CREATE … and their inverses), the resources its tasks and executors
 * use per framework, its maintenance window and whether it is reachable.
 *
 * @module
 */
import type { Attribute, Resource, Unavailability, URL } from '../../../wire';
import { addResources, normalizeResources } from '../../../offers';

/**
 * Whether the master can talk to the agent.
 *
 * @example
 * ```ts
 * if (agent.state === 'unreachable') return;
 * ```
 */
export type AgentState = 'active' | 'unreachable';

/**
 * The capabilities of simulated agents: those a default Mesos 1.11 agent has, except the
 * resource-provider ones (`RESOURCE_PROVIDER`, `AGENT_OPERATION_FEEDBACK`), so operation
 * feedback and CREATE_DISK/DESTROY_DISK fail as they do against such an agent.
 *
 * @example
 * ```ts
 * AGENT_CAPABILITIES.includes('RESIZE_VOLUME'); // true
 * ```
 */
export const AGENT_CAPABILITIES: readonly string[] = [
  'MULTI_ROLE',
  'HIERARCHICAL_ROLE',
  'RESERVATION_REFINEMENT',
  'RESIZE_VOLUME',
  'AGENT_DRAINING',
  'TASK_RESOURCE_LIMITS',
];

/**
 * What an agent is created from.
 *
 * @example
 * ```ts
 * new SimAgent({ id, hostname, ip: '127.0.0.1', port: 5051, attributes: [], resources, registeredTime: 0 });
 * ```
 */
export interface AgentIdentity {
  readonly id: string;
  readonly hostname: string;
  readonly ip: string;
  readonly port: number;
  readonly attributes: readonly Attribute[];
  readonly resources: readonly Resource[];
  readonly registeredTime: number;
}

/**
 * The master's record of one agent.
 *
 * @example
 * ```ts
 * const agent = new SimAgent({ id: 'M-S0', hostname: 'agent-0.sim.local', ip: '127.0.0.1',
 *   port: 5051, attributes: [], resources: [cpus(4)], registeredTime: 0 });
 * agent.describe(); // 'M-S0 at slave(1)@127.0.0.1:5051 (agent-0.sim.local)'
 * ```
 */
export class SimAgent {
  readonly id: string;
  readonly hostname: string;
  readonly ip: string;
  readonly port: number;
  readonly attributes: readonly Attribute[];
  readonly registeredTime: number;
  state: AgentState = 'active';
  /** The agent's resources, unallocated, in the post-refinement format. */
  total: Resource[];
  /** Resources used by tasks and executors, per framework id, allocated to their role. */
  readonly used = new Map<string, Resource[]>();
  /** The planned maintenance window, if any. */
  unavailability: Unavailability | undefined;
  reregisteredTime: number | undefined;

  constructor(identity: AgentIdentity) {
    this.id = identity.id;
    this.hostname = identity.hostname;
    this.ip = identity.ip;
    this.port = identity.port;
    this.attributes = identity.attributes;
    this.registeredTime = identity.registeredTime;
    this.total = normalizeResources(identity.resources);
  }

  /** The agent's libprocess id. */
  get pid(): string {
    return `slave(1)@${this.ip}:${this.port}`;
  }

  /** The agent as the master names it in messages: `<id> at <pid> (<hostname>)`. */
  describe(): string {
    return `${this.id} at ${this.pid} (${this.hostname})`;
  }

  /** The agent's URL as offers carry it. */
  url(): URL {
    return {
      scheme: 'http',
      address: { hostname: this.hostname, ip: this.ip, port: this.port },
      path: '/slave(1)',
    };
  }

  /** Everything used on the agent, all frameworks together (allocated). */
  usedTotal(): Resource[] {
    let sum: Resource[] = [];
    for (const r of this.used.values()) sum = addResources(sum, r);
    return sum;
  }

  /** Whether the agent has GPUs (it is then offered only to GPU_RESOURCES frameworks). */
  hasGpus(): boolean {
    return this.total.some((r) => r.name === 'gpus' && (r.scalar?.value ?? 0) > 0);
  }
}
