/**
 * Runs the unmodified `mesos-framework` Scheduler against a simulated master and records
 * what it emits, so tests can wait for its events.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Scheduler, type SchedulerOptions } from 'mesos-framework';

/** Everything the scheduler may emit (the master's events and its own). */
const EVENTS = [
  'ready',
  'subscribed',
  'offers',
  'rescind',
  'update',
  'message',
  'failure',
  'error',
  'heartbeat',
  'sent_subscribe',
  'sent_accept',
  'sent_decline',
  'sent_teardown',
  'sent_revive',
  'sent_kill',
  'sent_acknowledge',
  'sent_shutdown',
  'sent_reconcile',
  'sent_message',
  'sent_request',
  'updated_task',
  'removed_task',
  'task_launched',
] as const;

/** Where the schedulers of this test process log (their file transport opens lazily). */
const LOG_DIR = path.join(os.tmpdir(), `rxmesos-mesos-framework-${process.pid}`);

/** Removes the log folder; call it once every scheduler of the test file has stopped. */
export function removeLogs(): void {
  fs.rmSync(LOG_DIR, { recursive: true, force: true });
}

/** One emitted event. */
export interface Emitted {
  readonly name: string;
  readonly arg: unknown;
  readonly at: number;
}

/** A running mesos-framework scheduler with its recorded events. */
export interface FrameworkRun {
  readonly scheduler: Scheduler;
  readonly emitted: readonly Emitted[];
  /** The next event (after those already taken by `next`) with this name that matches. */
  next(name: string, match?: (arg: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  /** The texts of the `error` events so far. */
  errors(): string[];
  /** Stops the scheduler's stream without a clean end, so that it does not re-subscribe. */
  stop(): void;
}

/** The message of an `error` event (an Error, or `{ message }`, or a string). */
export function errorText(arg: unknown): string {
  if (arg instanceof Error) return arg.message;
  if (typeof arg === 'object' && arg !== null && 'message' in arg) {
    return String(arg.message);
  }
  return String(arg);
}

/**
 * Creates a mesos-framework Scheduler for `masterUrl` (`http://host:port`), logging to a
 * temporary folder, and subscribes it once it is ready.
 */
export function runMesosFramework(
  masterUrl: string,
  options: Partial<SchedulerOptions> = {},
): FrameworkRun {
  const url = new URL(masterUrl);
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const scheduler = new Scheduler({
    masterUrl: url.hostname,
    port: Number(url.port),
    frameworkName: 'mesos-framework-conformance',
    logging: { path: LOG_DIR, fileName: 'scheduler.log', level: 'error' },
    ...options,
  });
  const emitted: Emitted[] = [];
  const taken = new Set<Emitted>();
  let waiters: (() => void)[] = [];
  for (const name of EVENTS) {
    scheduler.on(name, (arg: unknown) => {
      emitted.push({ name, arg, at: Date.now() });
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    });
  }
  scheduler.once('ready', () => {
    scheduler.subscribe();
  });
  const next = async (
    name: string,
    match: (arg: unknown) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<unknown> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = emitted.find((e) => e.name === name && !taken.has(e) && match(e.arg));
      if (found !== undefined) {
        taken.add(found);
        return found.arg;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = emitted.map((e) =>
          e.name === 'error' ? `error(${errorText(e.arg)})` : e.name,
        );
        throw new Error(`no '${name}' event in time; saw ${seen.join(', ')}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  };
  return {
    scheduler,
    emitted,
    next,
    errors: () => emitted.filter((e) => e.name === 'error').map((e) => errorText(e.arg)),
    stop: () => {
      // `httpRequest` is a plain object until the first SUBSCRIBE goes out
      const request: Partial<Pick<typeof scheduler.httpRequest, 'destroy'>> = scheduler.httpRequest;
      request.destroy?.();
      scheduler.logger.close();
    },
  };
}
