/**
 * `GET /state`: the master's state in the shape a real master gives it, so that tools
 * written for Mesos can read it.
 *
 * @module
 */
import type { MasterCore } from './master-core';
import type { SimFramework } from './sim-framework';
import { frameworkTasksJson } from './tasks/tasks-state-json';

function frameworkJson(core: MasterCore, fw: SimFramework): Record<string, unknown> {
  const none = { disk: 0, mem: 0, gpus: 0, cpus: 0 };
  const tasks = frameworkTasksJson(core.tasks.stateOf(fw.id));
  return {
    id: fw.id,
    name: fw.info.name,
    // no `pid`: the master omits it for HTTP frameworks
    used_resources: tasks.used_resources,
    offered_resources: none,
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
    unregistered_time: fw.unregisteredTime ?? 0,
    ...(fw.info.principal === undefined ? {} : { principal: fw.info.principal }),
    resources: none,
    ...(fw.hasCapability('MULTI_ROLE') ? { roles: fw.roles } : { role: fw.roles[0] ?? '*' }),
    tasks: tasks.tasks,
    unreachable_tasks: tasks.unreachable_tasks,
    completed_tasks: tasks.completed_tasks,
    offers: [],
    executors: tasks.executors,
    ...(fw.info.labels === undefined ? {} : { labels: fw.info.labels.labels ?? [] }),
    offer_constraints: fw.offerConstraints ?? {},
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
  const slaves = core.cluster.stateSlaves();
  return {
    version: '1.12.0',
    build_date: '1970-01-01 00:00:00',
    build_time: 0,
    build_user: '',
    start_time: core.startTime,
    elected_time: core.startTime,
    id: info.id,
    pid: info.pid,
    hostname: info.hostname,
    capabilities: (info.capabilities ?? []).map((c) => c.type),
    ...core.cluster.stateSlaveCounts(),
    leader: info.pid,
    leader_info: { id: info.id, pid: info.pid, port: info.port, hostname: info.hostname },
    slaves,
    recovered_slaves: [],
    frameworks: [...core.frameworks()].map((fw) => frameworkJson(core, fw)),
    completed_frameworks: core.completed.map((fw) => frameworkJson(core, fw)),
    orphan_tasks: [],
    unregistered_frameworks: [],
  };
}
