/**
 * The part of the `mesos-framework` npm package (0.5.3, plain JavaScript, no types of its own)
 * that the tests drive: its `Scheduler`, an EventEmitter speaking the v1 scheduler API in JSON.
 */
declare module 'mesos-framework' {
  import type { EventEmitter } from 'node:events';
  import type { ClientRequest } from 'node:http';

  /** Options of `new Scheduler(...)` (see the package README). */
  export interface SchedulerOptions {
    readonly masterUrl: string;
    readonly port: number;
    readonly frameworkName?: string;
    readonly user?: string;
    readonly frameworkFailoverTimeout?: number;
    readonly masterConnectionTimeout?: number;
    readonly exponentialBackoffMinimum?: number;
    readonly exponentialBackoffMaximum?: number;
    readonly restartStates?: readonly string[];
    readonly logging?: {
      readonly path?: string;
      readonly fileName?: string;
      readonly level?: string;
    };
    readonly tasks?: Readonly<Record<string, unknown>>;
    readonly handlers?: Readonly<Record<string, (event: unknown) => void>>;
  }

  /** A task as the scheduler tracks it. */
  export interface TrackedTask {
    readonly name: string;
    readonly taskId?: string;
    readonly runtimeInfo?: { readonly agentId?: string; readonly state?: string };
  }

  /** The framework scheduler: call methods, and events named after the master's events. */
  export class Scheduler extends EventEmitter {
    constructor(options: SchedulerOptions);
    frameworkId: string | null;
    mesosStreamId: string | null | undefined;
    httpRequest: ClientRequest;
    /** Its winston 2 logger (console and a daily file). */
    readonly logger: { close(): void };
    readonly pendingTasks: TrackedTask[];
    readonly launchedTasks: TrackedTask[];
    subscribe(): void;
    teardown(): void;
    revive(): void;
    kill(taskId: string, agentId: string): void;
    shutdown(agentId: string, executorId: string): void;
    acknowledge(update: unknown): void;
    reconcile(taskId?: string, agentId?: string): void;
    message(agentId: string, executorId: string, data: string): void;
    request(requests: unknown): void;
    decline(offerIds: readonly unknown[], filters: unknown): void;
  }

  /** The package's protobuf.js 5 builder of the Mesos messages. */
  export const Mesos: {
    getMesos(): Readonly<Record<string, new (...args: readonly unknown[]) => unknown>>;
  };
}
