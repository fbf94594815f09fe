/**
 * How a finished command is described, as Mesos does it with `WSTRINGIFY` (stout
 * `status_utils.hpp`): "exited with status N" or "terminated with signal <strsignal>", and
 * the POSIX wait status an agent reports for an exited executor.
 *
 * @module
 */
import * as os from 'node:os';

/**
 * How a (real or simulated) process ended: an exit code, or the signal that killed it.
 *
 * @example
 * ```ts
 * const exit: ProcessExit = { code: null, signal: 'SIGTERM' };
 * ```
 */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** glibc `strsignal` texts, which the agent's messages embed (Linux numbering). */
const SIGNAL_TEXT: Readonly<Partial<Record<NodeJS.Signals, string>>> = {
  SIGHUP: 'Hangup',
  SIGINT: 'Interrupt',
  SIGQUIT: 'Quit',
  SIGILL: 'Illegal instruction',
  SIGTRAP: 'Trace/breakpoint trap',
  SIGABRT: 'Aborted',
  SIGBUS: 'Bus error',
  SIGFPE: 'Floating point exception',
  SIGKILL: 'Killed',
  SIGUSR1: 'User defined signal 1',
  SIGSEGV: 'Segmentation fault',
  SIGUSR2: 'User defined signal 2',
  SIGPIPE: 'Broken pipe',
  SIGALRM: 'Alarm clock',
  SIGTERM: 'Terminated',
  SIGSTKFLT: 'Stack fault',
  SIGCHLD: 'Child exited',
  SIGCONT: 'Continued',
  SIGSTOP: 'Stopped (signal)',
  SIGTSTP: 'Stopped',
  SIGTTIN: 'Stopped (tty input)',
  SIGTTOU: 'Stopped (tty output)',
  SIGURG: 'Urgent I/O condition',
  SIGXCPU: 'CPU time limit exceeded',
  SIGXFSZ: 'File size limit exceeded',
  SIGVTALRM: 'Virtual timer expired',
  SIGPROF: 'Profiling timer expired',
  SIGWINCH: 'Window changed',
  SIGIO: 'I/O possible',
  SIGPWR: 'Power failure',
  SIGSYS: 'Bad system call',
};

/**
 * The text after "Command " in the command executor's terminal update.
 *
 * @example
 * ```ts
 * describeExit({ code: 3, signal: null }); // 'exited with status 3'
 * describeExit({ code: null, signal: 'SIGTERM' }); // 'terminated with signal Terminated'
 * ```
 */
export function describeExit(exit: ProcessExit): string {
  if (exit.signal !== null) {
    const text = SIGNAL_TEXT[exit.signal] ?? `Unknown signal ${signalNumber(exit.signal)}`;
    return `terminated with signal ${text}`;
  }
  return `exited with status ${exit.code ?? 0}`;
}

/**
 * Whether the process exited with status 0 (`WSUCCEEDED`).
 *
 * @example
 * ```ts
 * succeeded({ code: 0, signal: null }); // true
 * ```
 */
export function succeeded(exit: ProcessExit): boolean {
  return exit.signal === null && exit.code === 0;
}

/**
 * The raw POSIX wait status (`(code << 8)` for an exit, the signal number for a kill), as an
 * agent puts it into `Event.Failure.status` for an exited executor.
 *
 * @example
 * ```ts
 * waitStatus({ code: 1, signal: null }); // 256
 * waitStatus({ code: null, signal: 'SIGKILL' }); // 9
 * ```
 */
export function waitStatus(exit: ProcessExit): number {
  if (exit.signal !== null) return signalNumber(exit.signal);
  return ((exit.code ?? 0) & 0xff) << 8;
}

function signalNumber(signal: NodeJS.Signals): number {
  return os.constants.signals[signal];
}
