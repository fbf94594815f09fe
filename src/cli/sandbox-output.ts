/**
 * Reading what a task of the embedded simulated master wrote to its sandbox.
 *
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

function list(dir: string): readonly string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The `stdout` of a command task that ran on the simulated master with real execution:
 * `<workDir>/slaves/<agent>/frameworks/<framework>/executors/<task>/runs/<container>/stdout`.
 * Undefined when there is none.
 *
 * @example
 * ```ts
 * const out = taskStdout(master.core.options.workDir, frameworkId, 'hello-0');
 * ```
 */
export function taskStdout(
  workDir: string,
  frameworkId: string,
  taskId: string,
): string | undefined {
  const slaves = path.join(workDir, 'slaves');
  for (const agent of list(slaves)) {
    const runs = path.join(slaves, agent, 'frameworks', frameworkId, 'executors', taskId, 'runs');
    for (const run of list(runs)) {
      try {
        return fs.readFileSync(path.join(runs, run, 'stdout'), 'utf8');
      } catch {
        // no stdout in this run
      }
    }
  }
  return undefined;
}
