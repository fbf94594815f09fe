/**
 * `GET /state`: the master's state in the shape a real master gives it, so that tools
 * written for Mesos can read it.
 *
 * @module
 */
import type { MasterCore } from './master-core';
import type { SimFramework } from './sim-framework';

function frameworkJson(core: MasterCore, fw: SimFramework): Record<string, unknown> {
  return {
    id: fw.id,
    name: fw.info.name,
    pid: '',
    used_resources: {},
    offered_resources: {},
    capabilities: (fw.info.capabilities ?? []).map((c) => c.type),
    hostname: fw.info.hostname ?? '',
    webui_url: fw.info.webui_url ?? '',
    active: fw.connected,
    connected: fw.connected,
    recovered: false,
    user: fw.info.user,
    failover_timeout: fw.info.failover_timeout ?? 0,
    checkpoint: fw.info.checkpoint ?? false,
    registered_time: fw.registeredTime,
    ...(fw.unregisteredTime === undefined ? {} : { unregistered_time: fw.unregisteredTime }),
    roles: fw.roles,
    role: fw.roles[0] ?? '*',
    suppressed_roles: [...fw.suppressedRoles],
    tasks: [],
    unreachable_tasks: [],
    completed_tasks: [],
    offers: [],
    executors: [],
    master: core.ids.masterId,
  };
}

/**
 * The JSON of `GET /state`.
 *
 * @example
 * ```ts
 * (masterState(core) as { frameworks: unknown[] }).frameworks.length;
 * ```
 */
export function masterState(core: MasterCore): Record<string, unknown> {
  const info = core.masterInfo;
  return {
    version: '1.12.0',
    start_time: core.startTime,
    elected_time: core.startTime,
    id: info.id,
    pid: info.pid,
    hostname: info.hostname,
    capabilities: (info.capabilities ?? []).map((c) => c.type),
    leader: info.pid,
    leader_info: { id: info.id, pid: info.pid, port: info.port, hostname: info.hostname },
    slaves: [],
    recovered_slaves: [],
    frameworks: [...core.frameworks()].map((fw) => frameworkJson(core, fw)),
    completed_frameworks: core.completed.map((fw) => frameworkJson(core, fw)),
    orphan_tasks: [],
    unregistered_frameworks: [],
  };
}
