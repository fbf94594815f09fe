/**
 * Agents in the shape of the `slaves` array of a real master's `GET /state`.
 *
 * @module
 */
import type { Attribute, Resource } from '../../../wire';
import {
  addRanges,
  formatRanges,
  formatSet,
  isRevocable,
  isUnreserved,
  reservationRole,
  scalarSum,
  unallocateResources,
} from '../../../offers';
import { AGENT_CAPABILITIES, type SimAgent } from './sim-agent';

function model(resources: readonly Resource[]): Record<string, unknown> {
  const out: Record<string, unknown> = { cpus: 0, gpus: 0, mem: 0, disk: 0 };
  for (const revocable of [false, true]) {
    const part = resources.filter((r) => isRevocable(r) === revocable);
    const suffix = revocable ? '_revocable' : '';
    for (const name of new Set(part.map((r) => r.name))) {
      const same = part.filter((r) => r.name === name);
      const type = same[0]?.type;
      if (type === 'SCALAR') out[name + suffix] = scalarSum(same, name);
      else if (type === 'RANGES') {
        out[name + suffix] = formatRanges(same.reduce((acc, r) => addRanges(acc, r.ranges), {}));
      } else if (type === 'SET') {
        out[name + suffix] = formatSet({
          item: [...new Set(same.flatMap((r) => r.set?.item ?? []))],
        });
      }
    }
  }
  return out;
}

/** The "endpoint" format: both the reservations stack and, when possible, `role`/`reservation`. */
function endpointFormat(resource: Resource): Resource {
  const stack = resource.reservations ?? [];
  const only = stack[0];
  if (stack.length === 0) return { ...resource, role: '*' };
  if (stack.length > 1 || only === undefined) return resource;
  return {
    ...resource,
    role: only.role ?? '*',
    ...(only.type === 'DYNAMIC'
      ? {
          reservation: {
            ...(only.principal === undefined ? {} : { principal: only.principal }),
            ...(only.labels === undefined ? {} : { labels: only.labels }),
          },
        }
      : {}),
  };
}

function attributesModel(attributes: readonly Attribute[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of attributes) {
    if (a.type === 'SCALAR') out[a.name] = a.scalar?.value ?? 0;
    else if (a.type === 'RANGES') out[a.name] = formatRanges(a.ranges);
    else if (a.type === 'SET') out[a.name] = formatSet(a.set);
    else out[a.name] = a.text?.value ?? '';
  }
  return out;
}

/**
 * One agent as `GET /state` lists it under `slaves`.
 *
 * @example
 * ```ts
 * stateSlave(agent, offered);
 * ```
 */
export function stateSlave(
  agent: SimAgent,
  offered: readonly Resource[],
  version: string,
): Record<string, unknown> {
  const total = agent.total;
  const used = unallocateResources(agent.usedTotal());
  const byRole = new Map<string, Resource[]>();
  for (const r of total.filter((x) => !isUnreserved(x))) {
    byRole.set(reservationRole(r), [...(byRole.get(reservationRole(r)) ?? []), r]);
  }
  return {
    id: agent.id,
    pid: agent.pid,
    hostname: agent.hostname,
    port: agent.port,
    registered_time: agent.registeredTime,
    ...(agent.reregisteredTime === undefined ? {} : { reregistered_time: agent.reregisteredTime }),
    resources: model(total),
    used_resources: model(used),
    offered_resources: model(unallocateResources(offered)),
    reserved_resources: Object.fromEntries([...byRole].map(([role, rs]) => [role, model(rs)])),
    unreserved_resources: model(total.filter(isUnreserved)),
    attributes: attributesModel(agent.attributes),
    active: agent.state === 'active',
    deactivated: false,
    version,
    capabilities: AGENT_CAPABILITIES,
    reserved_resources_full: Object.fromEntries(
      [...byRole].map(([role, rs]) => [role, rs.map(endpointFormat)]),
    ),
    unreserved_resources_full: total.filter(isUnreserved).map(endpointFormat),
    used_resources_full: agent.usedTotal().map(endpointFormat),
    offered_resources_full: offered.map(endpointFormat),
  };
}
