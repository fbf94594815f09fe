/**
 * Helpers of the task tests of the simulated master: a subscribed framework, tasks launched
 * straight through the task tracker (no offers needed), acknowledgements.
 */
import * as fs from 'node:fs';
import type { SimulatedMaster } from '../../src/testing';
import type { SimFramework } from '../../src/testing/sim/sim-framework';
import type { TaskLaunch } from '../../src/testing/sim/task-tracker';
import type {
  Call,
  Event,
  FrameworkInfo,
  Resource,
  TaskInfo,
  TaskState,
  TaskStatus,
} from '../../src/wire';
import { post, subscribe, subscribeCall, type RawSubscription } from '../helpers/raw-client';

export const JSON_CT = 'application/json';
export const PROTOBUF_CT = 'application/x-protobuf';

/** The agent tasks are launched on in these tests. */
export const AGENT = { agentId: 'agent-S0', hostname: 'agent-0.example' } as const;

/** A subscribed framework: its stream, id and the master's record of it. */
export interface Subscribed {
  readonly s: RawSubscription;
  readonly id: string;
  readonly fw: SimFramework;
  readonly ct: string;
}

/** Subscribes a framework and waits for SUBSCRIBED. */
export async function subscribeFramework(
  master: SimulatedMaster,
  extra: Partial<FrameworkInfo> = {},
  ct: string = JSON_CT,
  frameworkId?: string,
): Promise<Subscribed> {
  const s = await subscribe(master.url, subscribeCall('tasks', extra, frameworkId), {
    contentType: ct,
  });
  const first = await s.next((e) => e.type === 'SUBSCRIBED');
  if (first.type !== 'SUBSCRIBED') throw new Error(first.type);
  const id = first.subscribed.framework_id.value;
  const fw = master.core.framework(id);
  if (fw === undefined) throw new Error('framework unknown to the master');
  return { s, id, fw, ct };
}

/** Capabilities of a partition-aware framework that knows TASK_KILLING. */
export const MODERN: Partial<FrameworkInfo> = {
  capabilities: [{ type: 'PARTITION_AWARE' }, { type: 'TASK_KILLING_STATE' }],
};

export function scalar(name: string, value: number): Resource {
  return { name, type: 'SCALAR', scalar: { value } };
}

/** A command task with 0.1 cpus and 32 MB. */
export function commandTask(id: string, command: string, extra: Partial<TaskInfo> = {}): TaskInfo {
  return {
    name: id,
    task_id: { value: id },
    agent_id: { value: AGENT.agentId },
    resources: [scalar('cpus', 0.1), scalar('mem', 32)],
    command: { value: command },
    ...extra,
  };
}

/** Launches tasks on {@link AGENT} through the task tracker. */
export function launch(master: SimulatedMaster, sub: Subscribed, ...launches: TaskLaunch[]): void {
  master.core.tasks.launch(sub.fw, AGENT, launches);
}

/** The status of an UPDATE event. */
export function statusOf(e: Event): TaskStatus {
  if (e.type !== 'UPDATE') throw new Error(`expected UPDATE, got ${e.type}`);
  return e.update.status;
}

/** Matches UPDATE events of a task (and state). */
export function updateOf(taskId: string, state?: TaskState): (e: Event) => boolean {
  return (e) =>
    e.type === 'UPDATE' &&
    e.update.status.task_id.value === taskId &&
    (state === undefined || e.update.status.state === state);
}

/** The next update of a task. */
export async function nextUpdate(
  sub: Subscribed,
  taskId: string,
  state?: TaskState,
  timeoutMs = 5000,
): Promise<TaskStatus> {
  return statusOf(await sub.s.next(updateOf(taskId, state), timeoutMs));
}

/** Posts a call of the framework on its stream. */
export async function call(master: SimulatedMaster, sub: Subscribed, c: Call): Promise<number> {
  const a = await post(master.url, c, { contentType: sub.ct, streamId: sub.s.streamId });
  return a.status;
}

/** Acknowledges an update (as the framework must when it has a uuid). */
export async function ack(
  master: SimulatedMaster,
  sub: Subscribed,
  status: TaskStatus,
  uuid: string | undefined = status.uuid,
): Promise<void> {
  if (uuid === undefined || status.agent_id === undefined)
    throw new Error('nothing to acknowledge');
  const code = await call(master, sub, {
    type: 'ACKNOWLEDGE',
    framework_id: { value: sub.id },
    acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid },
  });
  expect(code).toBe(202);
}

/** Waits for the task's next update, acknowledges it, and returns it. */
export async function nextAcked(
  master: SimulatedMaster,
  sub: Subscribed,
  taskId: string,
  state?: TaskState,
): Promise<TaskStatus> {
  const status = await nextUpdate(sub, taskId, state);
  await ack(master, sub, status);
  return status;
}

/** Follows a task until a terminal update, acknowledging everything; returns the states seen. */
export async function followToEnd(
  master: SimulatedMaster,
  sub: Subscribed,
  taskId: string,
): Promise<TaskStatus[]> {
  const seen: TaskStatus[] = [];
  const terminal = new Set<TaskState>([
    'TASK_FINISHED',
    'TASK_FAILED',
    'TASK_KILLED',
    'TASK_ERROR',
    'TASK_LOST',
  ]);
  for (;;) {
    const st = await nextAcked(master, sub, taskId);
    seen.push(st);
    if (terminal.has(st.state)) return seen;
  }
}

/** Whether a process exists (signal 0). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** Polls a condition that no event reports (a process being gone). */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether a process group still has a running (non-zombie) member (Linux `/proc`). */
export function groupAlive(pgid: number): boolean {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

/** The `/state` of the master, parsed. */
export async function stateOf(master: SimulatedMaster): Promise<{
  readonly frameworks: readonly Record<string, unknown>[];
  readonly completed_frameworks: readonly Record<string, unknown>[];
}> {
  const a = await post(master.url, '', { method: 'GET', path: '/state', contentType: '' });
  expect(a.status).toBe(200);
  return JSON.parse(a.text) as {
    frameworks: Record<string, unknown>[];
    completed_frameworks: Record<string, unknown>[];
  };
}
