/**
 * Which task states are terminal (a protocol fact: the driver, the simulated master and
 * applications all need it).
 *
 * @module
 */
import type { TaskState } from './generated/model';

/**
 * The terminal task states, as the master counts them: the task is over and will send no
 * further update (`TASK_LOST` is counted although a lost task may come back, as the master
 * does). `TASK_KILLING`, `TASK_UNREACHABLE` and `TASK_UNKNOWN` are not terminal.
 *
 * @example
 * ```ts
 * TERMINAL_TASK_STATES.has('TASK_KILLED'); // true
 * ```
 * Spec: docs/protocol.md §8.
 */
export const TERMINAL_TASK_STATES: ReadonlySet<TaskState> = new Set<TaskState>([
  'TASK_FINISHED',
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_LOST',
  'TASK_DROPPED',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
]);

/**
 * Whether a task in this state is over.
 *
 * @example
 * ```ts
 * isTerminalTaskState('TASK_UNREACHABLE'); // false: the agent may come back
 * isTerminalTaskState('TASK_GONE'); // true
 * ```
 * Spec: docs/protocol.md §8.
 */
export function isTerminalTaskState(state: TaskState): boolean {
  return TERMINAL_TASK_STATES.has(state);
}
