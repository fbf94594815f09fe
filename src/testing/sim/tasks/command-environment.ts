/**
 * The environment of a task command, as a Mesos agent and its command executor build it.
 *
 * From the agent (`executorEnvironment` in `slave.cpp`): `MESOS_FRAMEWORK_ID`,
 * `MESOS_EXECUTOR_ID`, `MESOS_DIRECTORY`, `MESOS_SLAVE_ID`, `MESOS_SLAVE_PID`,
 * `MESOS_AGENT_ENDPOINT`, `MESOS_CHECKPOINT`, `MESOS_HTTP_COMMAND_EXECUTOR`,
 * `MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD`, `MESOS_RECOVERY_TIMEOUT` and
 * `MESOS_SUBSCRIPTION_BACKOFF_MAX` (checkpointing frameworks), `LIBPROCESS_PORT=0`; from the
 * containerizer `MESOS_SANDBOX`; from the command executor the `CommandInfo.environment`
 * variables of type VALUE (secrets are skipped) and, last, `MESOS_ALLOCATION_ROLE`.
 *
 * Simulator additions, which a real agent does NOT set: `MESOS_TASK_ID` and `MESOS_AGENT_ID`
 * (Marathon sets `MESOS_TASK_ID` for its tasks; plain Mesos does not), and `PATH` taken from
 * the simulator's own environment (a real container gets the host's default PATH) so that
 * local tools such as `node` are found. Nothing else of the simulator's environment leaks in.
 *
 * @module
 */
import type { CommandInfo } from '../../../wire';
import { formatDuration } from './durations';

/** Default PATH of a Mesos container when none is set (`os::host_default_path`). */
const HOST_DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * What the environment is made from (see {@link commandEnvironment} for a full example).
 *
 * @example
 * ```ts
 * const input: Pick<CommandEnvironmentInput, 'taskId' | 'role'> = { taskId: 't1', role: '*' };
 * ```
 */
export interface CommandEnvironmentInput {
  readonly frameworkId: string;
  readonly executorId: string;
  readonly agentId: string;
  readonly taskId: string;
  /** The executor's sandbox (`MESOS_DIRECTORY`). */
  readonly directory: string;
  /** The task's sandbox (`MESOS_SANDBOX`; a nested container's own folder for task groups). */
  readonly sandbox: string;
  readonly checkpoint: boolean;
  readonly role: string;
  readonly shutdownGraceMs: number;
  readonly command: CommandInfo | undefined;
  /** The simulator's `PATH`, if any. */
  readonly path: string | undefined;
}

/**
 * The task's environment variables.
 *
 * @example
 * ```ts
 * const env = commandEnvironment({ frameworkId: 'F', executorId: 't1', agentId: 'S0', taskId: 't1',
 *   directory: dir, sandbox: dir, checkpoint: false, role: '*', shutdownGraceMs: 5000,
 *   command: { value: 'env' }, path: process.env.PATH });
 * env.MESOS_SANDBOX === dir; // true
 * ```
 */
export function commandEnvironment(input: CommandEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {
    PATH: input.path ?? HOST_DEFAULT_PATH,
    LIBPROCESS_PORT: '0',
    MESOS_FRAMEWORK_ID: input.frameworkId,
    MESOS_EXECUTOR_ID: input.executorId,
    MESOS_DIRECTORY: input.directory,
    MESOS_SLAVE_ID: input.agentId,
    MESOS_SLAVE_PID: 'slave(1)@127.0.0.1:5051',
    MESOS_AGENT_ENDPOINT: '127.0.0.1:5051',
    MESOS_CHECKPOINT: input.checkpoint ? '1' : '0',
    MESOS_HTTP_COMMAND_EXECUTOR: '0',
    MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: formatDuration(input.shutdownGraceMs),
    ...(input.checkpoint
      ? { MESOS_RECOVERY_TIMEOUT: '15mins', MESOS_SUBSCRIPTION_BACKOFF_MAX: '2mins' }
      : {}),
    MESOS_SANDBOX: input.sandbox,
    // simulator additions (see the module comment)
    MESOS_TASK_ID: input.taskId,
    MESOS_AGENT_ID: input.agentId,
  };
  for (const variable of input.command?.environment?.variables ?? []) {
    const type = variable.type ?? 'VALUE';
    if (type === 'VALUE' && variable.value !== undefined) env[variable.name] = variable.value;
  }
  env.MESOS_ALLOCATION_ROLE = input.role;
  return env;
}
