/**
 * The framework logic of `rxmesos execute`: run K copies of a command as tasks, packing
 * them into offers, declining the rest, retrying failures.
 *
 * @module
 */
import type { Command } from '../calls';
import { declineOffer, launchTasks, reviveOffers, suppressOffers } from '../calls';
import { scalarSum } from '../offers';
import type { Offer, Resource, TaskInfo, TaskStatus } from '../wire';

/**
 * What `rxmesos execute` runs: `tasks` copies of a shell command, each with `cpus` and `mem`
 * (MiB) of the `role`'s resources, and up to `retries` new launches of a copy that failed.
 *
 * @example
 * ```ts
 * const spec: ExecuteSpec = {
 *   name: 'hello',
 *   command: 'echo hello',
 *   tasks: 3,
 *   cpus: 0.1,
 *   mem: 32,
 *   retries: 1,
 *   role: '*',
 * };
 * ```
 */
export interface ExecuteSpec {
  readonly name: string;
  readonly command: string;
  readonly tasks: number;
  readonly cpus: number;
  readonly mem: number;
  readonly retries: number;
  /** The role to use resources of; default `*`. */
  readonly role: string;
}

/**
 * The counts of an `execute` run, as the progress line shows them: tasks by state, and the
 * offers used and declined so far.
 *
 * @example
 * ```ts
 * const p: ExecuteProgress = job.progress;
 * console.log(`finished ${p.finished} of ${job.spec.tasks}, retrying ${p.retrying}`);
 * ```
 */
export interface ExecuteProgress {
  readonly launched: number;
  readonly running: number;
  readonly finished: number;
  readonly failed: number;
  readonly offersUsed: number;
  readonly offersDeclined: number;
  /** Tasks that failed and will be launched again. */
  readonly retrying: number;
}

/** One copy of the command, across its attempts. */
interface Slot {
  readonly index: number;
  attempt: number;
  taskId: string | undefined;
  state: 'pending' | 'launched' | 'running' | 'finished' | 'failed';
  lastMessage: string | undefined;
}

const TERMINAL_FAILURES = new Set([
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_LOST',
  'TASK_ERROR',
  'TASK_DROPPED',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
]);

function scalar(name: string, value: number, role: string, offer: Offer): Resource {
  return {
    name,
    type: 'SCALAR',
    scalar: { value },
    ...(offer.allocation_info === undefined ? {} : { allocation_info: offer.allocation_info }),
    ...(role === '*' ? {} : { reservations: [{ type: 'STATIC', role }] }),
  };
}

/**
 * The state of an `execute` run: decides what to do with each offer and status update.
 *
 * @example
 * ```ts
 * const job = new ExecuteJob({ name: 'hello', command: 'echo hi', tasks: 3, cpus: 0.1, mem: 32, retries: 1, role: '*' });
 * const commands = job.onOffers(offers);
 * ```
 */
export class ExecuteJob {
  private readonly slots: Slot[];
  private readonly byTaskId = new Map<string, Slot>();
  private offersUsed = 0;
  private offersDeclined = 0;
  private suppressed = false;

  constructor(readonly spec: ExecuteSpec) {
    this.slots = Array.from({ length: spec.tasks }, (_, index) => ({
      index,
      attempt: 0,
      taskId: undefined,
      state: 'pending' as const,
      lastMessage: undefined,
    }));
  }

  /** Whether every task reached its end (finished, or failed without retries left). */
  get done(): boolean {
    return this.slots.every((s) => s.state === 'finished' || s.state === 'failed');
  }

  /** Whether every task finished. */
  get succeeded(): boolean {
    return this.slots.every((s) => s.state === 'finished');
  }

  get progress(): ExecuteProgress {
    const count = (state: Slot['state']): number =>
      this.slots.filter((s) => s.state === state).length;
    return {
      launched: count('launched'),
      running: count('running'),
      finished: count('finished'),
      failed: count('failed'),
      offersUsed: this.offersUsed,
      offersDeclined: this.offersDeclined,
      retrying: this.slots.filter((s) => s.state === 'pending' && s.attempt > 0).length,
    };
  }

  /** The task ids of the run, with their last state and message (for the summary). */
  summary(): readonly {
    readonly taskId: string;
    readonly state: string;
    readonly attempts: number;
    readonly message: string | undefined;
  }[] {
    return this.slots.map((s) => ({
      taskId: s.taskId ?? `${this.spec.name}-${s.index}`,
      state: s.state,
      attempts: s.attempt,
      message: s.lastMessage,
    }));
  }

  /** Task ids that finished, for showing their output. */
  finishedTaskIds(): readonly string[] {
    return this.slots
      .filter((s) => s.state === 'finished' && s.taskId !== undefined)
      .map((s) => s.taskId as string);
  }

  /** Commands for a batch of offers: launch what fits, decline the rest. */
  onOffers(offers: readonly Offer[]): readonly Command[] {
    const out: Command[] = [];
    for (const offer of offers) {
      const resources = offer.resources ?? [];
      let cpus = scalarSum(resources, 'cpus');
      let mem = scalarSum(resources, 'mem');
      const tasks: TaskInfo[] = [];
      for (const slot of this.slots) {
        if (slot.state !== 'pending') continue;
        if (cpus + 1e-9 < this.spec.cpus || mem + 1e-9 < this.spec.mem) break;
        cpus -= this.spec.cpus;
        mem -= this.spec.mem;
        const taskId = `${this.spec.name}-${slot.index}${slot.attempt === 0 ? '' : `-retry${slot.attempt}`}`;
        slot.taskId = taskId;
        slot.state = 'launched';
        this.byTaskId.set(taskId, slot);
        tasks.push({
          name: `${this.spec.name} ${slot.index}`,
          task_id: { value: taskId },
          agent_id: offer.agent_id,
          resources: [
            scalar('cpus', this.spec.cpus, this.spec.role, offer),
            scalar('mem', this.spec.mem, this.spec.role, offer),
          ],
          command: { value: this.spec.command, shell: true },
        });
      }
      if (tasks.length > 0) {
        this.offersUsed++;
        out.push(launchTasks(offer.id, tasks, { refuse_seconds: 1 }));
      } else {
        this.offersDeclined++;
        out.push(declineOffer(offer.id, { refuse_seconds: this.hasPending() ? 1 : 3600 }));
      }
    }
    if (!this.hasPending() && !this.suppressed) {
      this.suppressed = true;
      out.push(suppressOffers());
    }
    return out;
  }

  /** Commands for a status update (a revive when a task must be launched again). */
  onStatus(status: TaskStatus): readonly Command[] {
    const slot = this.byTaskId.get(status.task_id.value);
    if (slot === undefined || slot.taskId !== status.task_id.value) return [];
    slot.lastMessage = status.message ?? slot.lastMessage;
    if (status.state === 'TASK_RUNNING' || status.state === 'TASK_STARTING') {
      if (slot.state === 'launched') slot.state = 'running';
      return [];
    }
    if (status.state === 'TASK_FINISHED') {
      slot.state = 'finished';
      return [];
    }
    if (!TERMINAL_FAILURES.has(status.state)) return [];
    if (slot.attempt < this.spec.retries) {
      slot.attempt++;
      slot.state = 'pending';
      if (this.suppressed) {
        this.suppressed = false;
        return [reviveOffers()];
      }
      return [];
    }
    slot.state = 'failed';
    return [];
  }

  private hasPending(): boolean {
    return this.slots.some((s) => s.state === 'pending');
  }
}
