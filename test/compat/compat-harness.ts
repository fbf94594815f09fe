/** Shared pieces of the compat tests: a simulated master, a recording scheduler, waiting. */
import { firstValueFrom, timer } from 'rxjs';
import type { ClassicSchedulerDriver, Scheduler } from '../../src/compat';
import { SimulatedMaster, type SimOptions } from '../../src/testing';
import type { Offer, TaskInfo } from '../../src/wire';

/** A master with one agent, fast allocation and tasks that finish after 50 ms. */
export function startMaster(options: SimOptions = {}): Promise<SimulatedMaster> {
  return SimulatedMaster.start({
    allocationIntervalMs: 20,
    heartbeatIntervalSeconds: 0.5,
    agents: [{ cpus: 4, mem: 4096 }],
    taskScript: () => ({ runSeconds: 0.05, state: 'TASK_FINISHED' }),
    statusUpdateRetryMs: 60_000,
    ...options,
  });
}

/** `host:port` of a simulated master, the classic form of the address. */
export function hostPort(master: SimulatedMaster): string {
  return master.url.replace(/^http:\/\//, '');
}

/** A small task on an offer. */
export function taskOn(offer: Offer, id: string): TaskInfo {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: [
      { name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } },
      { name: 'mem', type: 'SCALAR', scalar: { value: 32 } },
    ],
    command: { value: 'true' },
  };
}

/** Polls `check` every 10 ms until it holds; fails after `ms`. */
export async function waitFor(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await firstValueFrom(timer(10));
  }
}

/** Sleeps `ms` (an rxjs timer, no bare setTimeout). */
export function sleep(ms: number): Promise<void> {
  return firstValueFrom(timer(ms)).then(() => undefined);
}

/** A scheduler that records every callback as `name[ detail]` and can be extended. */
export function recorder(
  log: string[],
  extra: Partial<Scheduler> = {},
): Scheduler & { driver?: ClassicSchedulerDriver } {
  return {
    registered: (_d, id) => {
      log.push(`registered ${id.value === '' ? '?' : 'id'}`);
    },
    reregistered: () => {
      log.push('reregistered');
    },
    disconnected: () => {
      log.push('disconnected');
    },
    error: (_d, message) => {
      log.push(`error ${message}`);
    },
    ...extra,
  };
}
