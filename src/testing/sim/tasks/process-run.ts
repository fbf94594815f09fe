/**
 * A task command run as a local child process, the way the command executor runs it:
 * `/bin/sh -c value` when `shell` is true (the default), else `value` exec'd with
 * `arguments` as argv; in its own session/process group (the executor uses `setsid`), so
 * that signals reach the whole tree; stdout and stderr appended to files in the sandbox.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import type { SchedulerLike } from 'rxjs';
import type { CommandInfo } from '../../../wire';
import { guardProcessGroup, releaseProcessGroup } from './child-guard';
import type { RunEnd, TaskRun, TaskRunListener } from './task-run';
import type { ProcessExit } from './wait-status';

/**
 * Where and how to run one command.
 *
 * @example
 * ```ts
 * const spec: ProcessSpec = { command: { value: 'echo hi' }, cwd: dir, env: { PATH: '/bin' },
 *   stdoutPath: `${dir}/stdout`, stderrPath: `${dir}/stderr`, scheduler: asyncScheduler };
 * ```
 */
export interface ProcessSpec {
  readonly command: CommandInfo;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly stdoutPath: string;
  readonly stderrPath: string;
  /** Polls for the end of the process group on this scheduler. */
  readonly scheduler: SchedulerLike;
}

/** How long `ended` waits for the rest of a process group after its leader exited. */
const GROUP_EXIT_WAIT_MS = 2000;
const GROUP_POLL_MS = 10;

/**
 * A command as a child process. `start` opens the output files and spawns; a command that
 * cannot be executed ends like the Mesos launcher's failed `exec`: a line on stderr and exit
 * status 1 (after TASK_RUNNING, since the fork itself succeeded). When the command exits, what
 * is left of its process group is killed (as a destroyed container's processes are) and
 * `ended` resolves once the group is gone.
 *
 * @example
 * ```ts
 * const run = new ProcessRun({ command: { value: 'echo hi' }, cwd, env, stdoutPath, stderrPath });
 * run.start({ running: () => {}, exited: (end) => console.log(end) });
 * ```
 */
export class ProcessRun implements TaskRun {
  private child: ChildProcess | undefined;
  private done = false;
  private resolveEnded: () => void = () => undefined;
  readonly ended: Promise<void>;

  constructor(private readonly spec: ProcessSpec) {
    this.ended = new Promise<void>((resolve) => {
      this.resolveEnded = resolve;
    });
  }

  /** The child's pid (kept after it exited, for the container status of the last update). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the command. Throws only when the output files cannot be opened. */
  start(listener: TaskRunListener): void {
    const { command, cwd, env, stdoutPath, stderrPath } = this.spec;
    const out = fs.openSync(stdoutPath, 'a');
    let err: number;
    try {
      err = fs.openSync(stderrPath, 'a');
    } catch (e) {
      fs.closeSync(out);
      throw e;
    }
    const finish = (exit: ProcessExit): void => {
      if (this.done) return;
      this.done = true;
      const pid = this.child?.pid;
      if (pid === undefined) {
        this.resolveEnded();
      } else {
        // like a destroyed container: nothing of the task's process group survives it
        signalGroup(pid, 'SIGKILL', false);
        this.awaitGroupEnd(pid, Date.now() + GROUP_EXIT_WAIT_MS);
      }
      const end: RunEnd = { kind: 'exit', exit };
      listener.exited(end);
    };
    const execFailed = (message: string): void => {
      try {
        fs.appendFileSync(stderrPath, `Failed to execute command: ${message}\n`);
      } catch {
        // the sandbox went away: nothing to report into
      }
      finish({ code: 1, signal: null });
    };
    try {
      const shell = command.shell ?? true;
      const value = command.value ?? '';
      const args = command.arguments ?? [];
      const child = shell
        ? spawn('/bin/sh', ['-c', value], {
            cwd,
            env,
            stdio: ['ignore', out, err],
            detached: true,
          })
        : spawn(value, args.slice(1), {
            cwd,
            env,
            stdio: ['ignore', out, err],
            detached: true,
            ...(args[0] === undefined ? {} : { argv0: args[0] }),
          });
      this.child = child;
      if (child.pid !== undefined) guardProcessGroup(child.pid);
      child.on('error', (e) => {
        if (child.pid === undefined) execFailed(e.message);
      });
      child.on('exit', (code, signal) => {
        finish({ code, signal });
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      void Promise.resolve().then(() => {
        execFailed(message);
      });
    } finally {
      fs.closeSync(out);
      fs.closeSync(err);
    }
    listener.running();
  }

  terminate(): void {
    this.signal('SIGTERM');
  }

  /** Resolves `ended` once no process of the group is left (killed members may linger a moment). */
  private awaitGroupEnd(pgid: number, deadline: number): void {
    if (!groupAlive(pgid) || Date.now() > deadline) {
      releaseProcessGroup(pgid);
      this.resolveEnded();
      return;
    }
    signalGroup(pgid, 'SIGKILL', false);
    this.spec.scheduler.schedule(() => {
      this.awaitGroupEnd(pgid, deadline);
    }, GROUP_POLL_MS);
  }

  forceKill(): void {
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (this.done || pid === undefined) return;
    signalGroup(pid, signal, true);
  }
}

/**
 * Whether a live (non-zombie) process is left in a process group. Killed members that were
 * re-parented to init stay zombies until init reaps them; they no longer run. Linux reads
 * `/proc`; elsewhere any member counts.
 */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // fields after "(comm)": state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
    } catch {
      // the process went away meanwhile
    }
  }
  return false;
}

/**
 * Signals a process group; while the leader has not been reaped its pid is still ours, so
 * the single process may be signalled when the group is gone (`fallback`).
 */
function signalGroup(pid: number, signal: NodeJS.Signals, fallback: boolean): void {
  try {
    process.kill(-pid, signal);
  } catch {
    if (!fallback) return;
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
