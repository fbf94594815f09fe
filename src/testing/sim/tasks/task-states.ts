/**
 * Which task states end a task, as Mesos decides it (`protobuf::isTerminalState`).
 *
 * @module
 */
import type { TaskState } from '../../../wire';

const TERMINAL: ReadonlySet<TaskState> = new Set<TaskState>([
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
 * Whether a task state is terminal (spec §8.2). `TASK_UNREACHABLE` and `TASK_UNKNOWN` are not.
 *
 * @example
 * ```ts
 * isTerminalState('TASK_FINISHED'); // true
 * isTerminalState('TASK_UNREACHABLE'); // false
 * ```
 */
export function isTerminalState(state: TaskState): boolean {
  return TERMINAL.has(state);
}
