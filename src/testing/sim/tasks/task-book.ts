/**
 * The master's books of tasks and executors per framework, and the agent's index of tasks
 * whose status update stream is still open.
 *
 * @module
 */
import type { SimExecutor } from './sim-executor';
import type { SimTask } from './sim-task';

/** The master keeps at most this many completed tasks per framework (`--max_completed_tasks_per_framework`). */
const MAX_COMPLETED_TASKS_PER_FRAMEWORK = 1000;

/**
 * The task side of one framework, as `/state` shows it.
 *
 * @example
 * ```ts
 * const { active, completed } = book.state('F0');
 * ```
 */
export interface FrameworkTaskState {
  /** Non-terminal tasks, and terminal ones whose terminal update is not acknowledged yet. */
  readonly active: readonly SimTask[];
  readonly unreachable: readonly SimTask[];
  /** Oldest first, at most 1000 (`--max_completed_tasks_per_framework`). */
  readonly completed: readonly SimTask[];
  /** Executors the master counts (default and custom), with their agent. */
  readonly executors: readonly SimExecutor[];
}

interface FrameworkBooks {
  readonly active: Map<string, SimTask>;
  readonly unreachable: Map<string, SimTask>;
  readonly completed: SimTask[];
}

/** The key of a task or executor of a framework on an agent: the three ids joined by NUL. */
function key(frameworkId: string, agentId: string, id: string): string {
  return `${frameworkId}\u0000${agentId}\u0000${id}`;
}

/**
 * Tasks by framework and place, executors by (framework, agent, executor id), and open
 * agent-side streams by (framework, agent, task id).
 *
 * @example
 * ```ts
 * const book = new TaskBook();
 * book.add(task);
 * book.active('F0').get('t1') === task; // true
 * ```
 */
export class TaskBook {
  private readonly frameworks = new Map<string, FrameworkBooks>();
  private readonly executors = new Map<string, SimExecutor>();
  private readonly agentTasks = new Map<string, SimTask>();

  private books(frameworkId: string): FrameworkBooks {
    let b = this.frameworks.get(frameworkId);
    if (b === undefined) {
      b = { active: new Map(), unreachable: new Map(), completed: [] };
      this.frameworks.set(frameworkId, b);
    }
    return b;
  }

  /** A newly launched task: active at the master, open at the agent. */
  add(task: SimTask): void {
    this.books(task.frameworkId).active.set(task.id, task);
    this.agentTasks.set(key(task.frameworkId, task.agentId, task.id), task);
  }

  active(frameworkId: string): ReadonlyMap<string, SimTask> {
    return this.books(frameworkId).active;
  }

  unreachable(frameworkId: string): ReadonlyMap<string, SimTask> {
    return this.books(frameworkId).unreachable;
  }

  /** Every active task of every framework. */
  allActive(): SimTask[] {
    return [...this.frameworks.values()].flatMap((b) => [...b.active.values()]);
  }

  /** Every unreachable task of every framework. */
  allUnreachable(): SimTask[] {
    return [...this.frameworks.values()].flatMap((b) => [...b.unreachable.values()]);
  }

  /** Every completed task of every framework, oldest first per framework. */
  allCompleted(): SimTask[] {
    return [...this.frameworks.values()].flatMap((b) => b.completed);
  }

  /** Moves a task to `place` at the master. */
  move(task: SimTask, place: 'unreachable' | 'completed'): void {
    const b = this.books(task.frameworkId);
    if (b.active.get(task.id) === task) b.active.delete(task.id);
    if (b.unreachable.get(task.id) === task) b.unreachable.delete(task.id);
    task.place = place;
    if (place === 'unreachable') {
      b.unreachable.set(task.id, task);
    } else {
      b.completed.push(task);
      if (b.completed.length > MAX_COMPLETED_TASKS_PER_FRAMEWORK) b.completed.shift();
    }
  }

  /** The agent-side task whose stream is still open. */
  agentTask(frameworkId: string, agentId: string, taskId: string): SimTask | undefined {
    return this.agentTasks.get(key(frameworkId, agentId, taskId));
  }

  /** Open agent-side tasks, in launch order. */
  openAgentTasks(): SimTask[] {
    return [...this.agentTasks.values()];
  }

  /** The agent is done with the task (its terminal update was acknowledged, or it is gone). */
  closeAgentTask(task: SimTask): void {
    const k = key(task.frameworkId, task.agentId, task.id);
    if (this.agentTasks.get(k) === task) this.agentTasks.delete(k);
  }

  addExecutor(executor: SimExecutor): void {
    this.executors.set(key(executor.frameworkId, executor.agentId, executor.id), executor);
  }

  executor(frameworkId: string, agentId: string, executorId: string): SimExecutor | undefined {
    return this.executors.get(key(frameworkId, agentId, executorId));
  }

  /** Every executor run that has not terminated. */
  liveExecutors(): SimExecutor[] {
    return [...this.executors.values()];
  }

  /** The executor run terminated: the agent forgets it. */
  removeExecutor(executor: SimExecutor): void {
    const k = key(executor.frameworkId, executor.agentId, executor.id);
    if (this.executors.get(k) === executor) this.executors.delete(k);
  }

  /** The task side of one framework. */
  state(frameworkId: string): FrameworkTaskState {
    const b = this.books(frameworkId);
    return {
      active: [...b.active.values()],
      unreachable: [...b.unreachable.values()],
      completed: [...b.completed],
      executors: this.liveExecutors().filter((e) => e.frameworkId === frameworkId && e.masterKnown),
    };
  }
}
