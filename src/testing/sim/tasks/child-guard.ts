/**
 * Makes sure task processes never outlive the process that runs the simulator: every live
 * process group is SIGKILLed when Node exits, and on SIGINT/SIGTERM/SIGHUP when nothing
 * else handles them. Process-wide by nature (one Node process, one exit), so module state.
 *
 * @module
 */

const live = new Set<number>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

function killAll(): void {
  for (const pgid of live) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  uninstall();
  // Nobody else listens: behave as Node's default handler would (terminate by that signal).
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.removeListener('exit', killAll);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/**
 * Registers a live process group (its leader's pid) to be killed if Node exits first.
 *
 * @example
 * ```ts
 * const child = spawn('/bin/sh', ['-c', 'sleep 60'], { detached: true });
 * if (child.pid !== undefined) guardProcessGroup(child.pid);
 * child.on('exit', () => releaseProcessGroup(child.pid!));
 * ```
 */
export function guardProcessGroup(pgid: number): void {
  live.add(pgid);
  install();
}

/**
 * Forgets a process group that has ended.
 *
 * @example
 * ```ts
 * releaseProcessGroup(pid);
 * ```
 */
export function releaseProcessGroup(pgid: number): void {
  live.delete(pgid);
  if (live.size === 0) uninstall();
}
