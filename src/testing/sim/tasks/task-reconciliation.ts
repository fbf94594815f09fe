/**
 * Answers to RECONCILE, as `Master::reconcile` computes them (spec §9): every answer comes
 * from `SOURCE_MASTER` with `REASON_RECONCILIATION` and no uuid.
 *
 * | master's knowledge | PARTITION_AWARE | otherwise |
 * | --- | --- | --- |
 * | task known | latest state sent to the framework ("Reconciliation: Latest task state") | same |
 * | unknown, agent registered | TASK_GONE ("… Task is unknown to the agent") | TASK_LOST |
 * | unknown, agent unreachable | TASK_UNREACHABLE + `unreachable_time` ("… Task is unreachable") | TASK_LOST |
 * | unknown, agent gone | TASK_GONE_BY_OPERATOR ("… Task is gone") | TASK_LOST |
 * | unknown, agent unknown or not given | TASK_UNKNOWN ("… Task is unknown") | TASK_LOST |
 *
 * The simulated master never has recovered-but-not-reregistered agents, so it never stays
 * silent.
 *
 * @module
 */
import type { Call, TaskState, TaskStatus } from '../../../wire';
import type { AgentStanding } from './agent-book';
import type { SimTask } from './sim-task';
import { masterStatus } from './status-builders';

/**
 * What reconciliation looks at.
 *
 * @example
 * ```ts
 * const view: ReconcileView = { task: (id) => active.get(id), agent: (id) => agents.standing(id),
 *   partitionAware: true, now: 1.5 };
 * ```
 */
export interface ReconcileView {
  /** A task the master knows for the framework (`framework->getTask`: active tasks only). */
  task(taskId: string): SimTask | undefined;
  agent(agentId: string): AgentStanding | undefined;
  readonly partitionAware: boolean;
  /** Seconds since the epoch, for timestamps. */
  readonly now: number;
}

/**
 * The master's answer for a task it knows: the state of the last update sent to the
 * framework (TASK_STAGING before any), with health and container status of the latest
 * statuses; `executor_id` only for tasks with an executor of their own.
 *
 * @example
 * ```ts
 * latestStateAnswer(task, 1.5).message; // 'Reconciliation: Latest task state'
 * ```
 */
export function latestStateAnswer(task: SimTask, now: number): TaskStatus {
  return masterStatus({
    taskId: task.info.task_id,
    state: task.updateState ?? task.state,
    message: 'Reconciliation: Latest task state',
    reason: 'REASON_RECONCILIATION',
    agentId: { value: task.agentId },
    ...(task.executor.kind === 'command' ? {} : { executorId: task.executor.id }),
    timestamp: now,
    healthy: task.latestHealth(),
    containerStatus: task.latestContainerStatus(),
  });
}

/**
 * Answers to explicit reconciliation, one per asked task, in order.
 *
 * @example
 * ```ts
 * explicitAnswers(view, [{ task_id: { value: 'nope' } }])[0]?.state; // 'TASK_UNKNOWN' (or TASK_LOST)
 * ```
 */
export function explicitAnswers(
  view: ReconcileView,
  tasks: readonly Call.Reconcile.Task[],
): TaskStatus[] {
  return tasks.map((t) => {
    const known = view.task(t.task_id.value);
    if (known !== undefined) return latestStateAnswer(known, view.now);
    const agentId = t.agent_id;
    const standing = agentId === undefined ? undefined : view.agent(agentId.value);
    const pick = (aware: TaskState): TaskState => (view.partitionAware ? aware : 'TASK_LOST');
    const base = {
      taskId: t.task_id,
      reason: 'REASON_RECONCILIATION' as const,
      ...(agentId === undefined ? {} : { agentId }),
      timestamp: view.now,
    };
    switch (standing?.kind) {
      case 'registered':
        return masterStatus({
          ...base,
          state: pick('TASK_GONE'),
          message: 'Reconciliation: Task is unknown to the agent',
        });
      case 'unreachable':
        return masterStatus({
          ...base,
          state: pick('TASK_UNREACHABLE'),
          message: 'Reconciliation: Task is unreachable',
          unreachableTime: standing.since,
        });
      case 'gone':
        return masterStatus({
          ...base,
          state: pick('TASK_GONE_BY_OPERATOR'),
          message: 'Reconciliation: Task is gone',
        });
      default:
        return masterStatus({
          ...base,
          state: pick('TASK_UNKNOWN'),
          message: 'Reconciliation: Task is unknown',
        });
    }
  });
}
