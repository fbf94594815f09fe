/**
 * The simulated master's options with every default filled in.
 *
 * @module
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { AgentSpec, SimOptions, TaskScript } from './sim-options';

/**
 * {@link SimOptions} with defaults applied: what the simulated master's parts read, with no
 * field left to default (`offerTimeoutMs`, `credentials` and `roles` stay unset when unset).
 *
 * @example
 * ```ts
 * const options: ResolvedSimOptions = resolveSimOptions({ agents: [{ cpus: 2, mem: 1024 }] });
 * options.allocationIntervalMs; // 1000
 * ```
 */
export interface ResolvedSimOptions {
  readonly host: string;
  readonly port: number;
  readonly agents: readonly AgentSpec[];
  readonly heartbeatIntervalSeconds: number;
  readonly allocationIntervalMs: number;
  readonly offerTimeoutMs: number | undefined;
  readonly exec: boolean;
  readonly workDir: string;
  readonly taskScript: (task: {
    readonly name: string;
    readonly task_id: { readonly value: string };
  }) => TaskScript;
  readonly statusUpdateRetryMs: number;
  readonly scheduler: SchedulerLike;
  readonly credentials: SimOptions['credentials'];
  readonly roles: readonly string[] | undefined;
}

const DEFAULT_AGENT: AgentSpec = { cpus: 4, mem: 8192, disk: 65536, ports: [[31000, 32000]] };
const DEFAULT_SCRIPT: TaskScript = { runSeconds: 0.1, state: 'TASK_FINISHED' };

/** A task script as a function of the task: one script for every task, or the caller's choice. */
function scriptOf(script: NonNullable<SimOptions['taskScript']>): ResolvedSimOptions['taskScript'] {
  return typeof script === 'function' ? script : () => script;
}

/**
 * Fills in the defaults of the simulated master's options.
 *
 * @example
 * ```ts
 * resolveSimOptions({}).heartbeatIntervalSeconds; // 15
 * ```
 */
export function resolveSimOptions(options: SimOptions): ResolvedSimOptions {
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    agents: options.agents ?? [DEFAULT_AGENT, DEFAULT_AGENT, DEFAULT_AGENT],
    heartbeatIntervalSeconds: options.heartbeatIntervalSeconds ?? 15,
    allocationIntervalMs: options.allocationIntervalMs ?? 1000,
    offerTimeoutMs: options.offerTimeoutMs,
    exec: options.exec ?? false,
    workDir: options.workDir ?? path.join(os.tmpdir(), `rxmesos-sim-${process.pid}-${Date.now()}`),
    taskScript: scriptOf(options.taskScript ?? DEFAULT_SCRIPT),
    statusUpdateRetryMs: options.statusUpdateRetryMs ?? 10_000,
    scheduler: options.scheduler ?? asyncScheduler,
    credentials: options.credentials,
    roles: options.roles,
  };
}
