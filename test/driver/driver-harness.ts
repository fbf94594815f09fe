/**
 * Helpers of the driver tests against the simulated master: the master and driver of a test,
 * ended after it; fast master and driver options, recorders, spies on the master's handling of
 * SUBSCRIBE, ACKNOWLEDGE, KILL and RECONCILE, a fence that proves earlier calls were handled,
 * offers that launch tasks, and `GET /state` over HTTP.
 */
import { request } from 'undici';
import { filter, firstValueFrom, take, timeout, toArray, type Observable } from 'rxjs';
import { declineOffer, launchTasks, requestResources } from '../../src/calls';
import {
  createDriver,
  type DriverOptions,
  type DriverState,
  type SchedulerDriver,
} from '../../src/driver';
import { SimulatedMaster, type SimOptions } from '../../src/testing';
import type { MasterCore } from '../../src/testing/sim/master-core';
import type { SimFramework } from '../../src/testing/sim/sim-framework';
import type { Call, ContentType, FrameworkInfo, Offer, TaskInfo } from '../../src/wire';

/** Both encodings, for faults whose handling depends on the bytes on the wire. */
export const CONTENT_TYPES: readonly ContentType[] = ['application/json', 'application/x-protobuf'];

/** A framework that survives its own disconnections for a minute. */
export function frameworkInfo(name: string, extra: Partial<FrameworkInfo> = {}): FrameworkInfo {
  return { name, user: 'me', failover_timeout: 60, ...extra };
}

/**
 * The simulated master and the driver of the running test, if any. After each test the driver
 * ends (aborted, or stopped with failover), then the master stops.
 */
export interface Live {
  master: SimulatedMaster | undefined;
  driver: SchedulerDriver | undefined;
  /** Starts a master, kept as `master`. */
  startMaster(options: SimOptions): Promise<SimulatedMaster>;
  /** Creates a driver (not started), kept as `driver`. */
  createDriver(options: DriverOptions): SchedulerDriver;
}

/**
 * The master and driver of each test of the calling `describe` block, ended after the test:
 * the driver by `abort()` or, with `'failover'`, by `stop({ failover: true })`.
 */
export function liveDriver(end: 'abort' | 'failover' = 'abort'): Live {
  const live: Live = {
    master: undefined,
    driver: undefined,
    startMaster: async (options) => {
      const m = await SimulatedMaster.start(options);
      live.master = m;
      return m;
    },
    createDriver: (options) => {
      const d = createDriver(options);
      live.driver = d;
      return d;
    },
  };
  afterEach(async () => {
    if (end === 'abort') live.driver?.abort();
    else await live.driver?.stop({ failover: true });
    live.driver = undefined;
    await live.master?.stop();
    live.master = undefined;
  });
  return live;
}

/**
 * Master options for tests with tasks: one agent of 4 cpus and 4 GiB, allocation every 20 ms,
 * tasks that run for a minute.
 */
export function oneAgentMaster(extra: Partial<SimOptions> = {}): SimOptions {
  return {
    heartbeatIntervalSeconds: 0.2,
    allocationIntervalMs: 20,
    agents: [{ cpus: 4, mem: 4096 }],
    taskScript: () => ({ runSeconds: 60, state: 'TASK_FINISHED' }),
    ...extra,
  };
}

/**
 * Driver options for tests: short backoff with a fixed jitter (delays are exactly half the
 * ceiling), the given master(s) and encoding.
 */
export function testOptions(
  master: DriverOptions['master'],
  contentType: ContentType,
  framework: FrameworkInfo,
  extra: Partial<DriverOptions> = {},
): DriverOptions {
  return {
    master,
    framework,
    contentType,
    backoff: { initialMs: 8, maxMs: 40 },
    random: () => 0.5,
    ...extra,
  };
}

/** Every value of a hot stream from now on, in an array that grows. */
export function record<T>(source$: Observable<T>): T[] {
  const seen: T[] = [];
  source$.subscribe((v) => seen.push(v));
  return seen;
}

/**
 * The first value of `source$` matching `match`, failing after `ms` (default 10 s). A promise
 * a failed test no longer awaits (the driver stopped: EmptyError) does not crash the run.
 */
export function next<T>(
  source$: Observable<T>,
  match: (value: T) => boolean = () => true,
  ms = 10_000,
): Promise<T> {
  const value = firstValueFrom(source$.pipe(filter(match), timeout({ first: ms })));
  value.catch(() => undefined);
  return value;
}

/** The first `count` values of `source$` matching `match`; fails when one takes longer than `ms`. */
export function nextValues<T>(
  source$: Observable<T>,
  count: number,
  match: (value: T) => boolean = () => true,
  ms = 10_000,
): Promise<readonly T[]> {
  const values = firstValueFrom(
    source$.pipe(filter(match), timeout({ first: ms, each: ms }), take(count), toArray()),
  );
  values.catch(() => undefined);
  return values;
}

/** A state as a short line: its type and, when it has one, its reason. */
export function stateLine(s: DriverState): string {
  return 'reason' in s ? `${s.type}: ${s.reason}` : s.type;
}

/** The SUBSCRIBE calls the master handled, in order. */
export function spySubscribes(
  core: MasterCore,
): () => readonly Extract<Call, { readonly type: 'SUBSCRIBE' }>[] {
  const spy = jest.spyOn(core, 'subscribe');
  return () => spy.mock.calls.map((args) => args[0]);
}

/** The calls other than SUBSCRIBE the master handled, in order. */
export function spyCalls(core: MasterCore): () => readonly Call[] {
  const spy = jest.spyOn(core, 'handle');
  return () => spy.mock.calls.map((args) => args[1]);
}

/** The types of the calls other than SUBSCRIBE the master handled, in order. */
export function spyCallTypes(core: MasterCore): () => readonly Call['type'][] {
  const calls = spyCalls(core);
  return () => calls().map((c) => c.type);
}

/** The calls a spy on a method of the master's task tracker saw, in order. */
function taskCalls<C>(spy: jest.SpyInstance<void, [SimFramework, C]>): () => readonly C[] {
  return () => spy.mock.calls.map((args) => args[1]);
}

/** The ACKNOWLEDGE calls the master handled, in order. */
export function spyAcknowledgements(core: MasterCore): () => readonly Call.Acknowledge[] {
  return taskCalls(jest.spyOn(core.tasks, 'acknowledge'));
}

/** The KILL calls the master handled, in order. */
export function spyKills(core: MasterCore): () => readonly Call.Kill[] {
  return taskCalls(jest.spyOn(core.tasks, 'kill'));
}

/** The RECONCILE calls the master handled, in order. */
export function spyReconciles(core: MasterCore): () => readonly Call.Reconcile[] {
  return taskCalls(jest.spyOn(core.tasks, 'reconcile'));
}

/**
 * Sends a call the master ignores (REQUEST) and waits for its answer: calls go in order on
 * one pipelined connection, so every call the driver sent before was handled by then.
 */
export async function fence(driver: SchedulerDriver): Promise<void> {
  const outcome = await driver.send(requestResources([]));
  if (outcome._tag === 'Left') throw outcome.left;
}

/** A task of 0.1 cpus and 32 MiB on the offer's agent. */
export function smallTask(offer: Offer, id: string): TaskInfo {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: [
      { name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } },
      { name: 'mem', type: 'SCALAR', scalar: { value: 32 } },
    ],
    command: { value: 'sleep 60' },
  };
}

/**
 * Launches the given tasks on the first offer, and declines every other offer for a minute.
 */
export function launchOnFirstOffer(driver: SchedulerDriver, taskIds: readonly string[]): void {
  let launched = false;
  driver.handle(driver.offers$, (offers) => {
    const first = offers[0];
    if (launched || first === undefined)
      return offers.map((o) => declineOffer(o.id, { refuse_seconds: 60 }));
    launched = true;
    return [
      launchTasks(
        first.id,
        taskIds.map((id) => smallTask(first, id)),
      ),
      ...offers.slice(1).map((o) => declineOffer(o.id, { refuse_seconds: 60 })),
    ];
  });
}

/** The parts of a framework in `GET /state` these tests read. */
export interface StateFramework {
  readonly id: string;
  readonly active: boolean;
  readonly connected: boolean;
}

/** `GET /state` of a master, over HTTP. */
export async function getState(url: string): Promise<{
  readonly frameworks: readonly StateFramework[];
  readonly completed_frameworks: readonly StateFramework[];
}> {
  const res = await request(`${url}/state`, { method: 'GET' });
  if (res.statusCode !== 200) throw new Error(`GET /state: ${res.statusCode}`);
  return (await res.body.json()) as {
    readonly frameworks: readonly StateFramework[];
    readonly completed_frameworks: readonly StateFramework[];
  };
}

/**
 * Polls `check` until it holds (for effects the test cannot subscribe to, such as the master
 * noticing a closed connection), failing after `ms`.
 */
export async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
