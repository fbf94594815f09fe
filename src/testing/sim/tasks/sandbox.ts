/**
 * Sandbox folders laid out as a Mesos agent lays out its work directory:
 * `<work_dir>/slaves/<agent>/frameworks/<framework>/executors/<executor>/runs/<container>`,
 * and `…/containers/<child>` for a task of a task group (a nested container).
 *
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * One path segment from an id: ids cannot climb out of the work directory (`/`, `.`, `..`
 * and NUL are escaped the way `encodeURIComponent` would).
 *
 * @example
 * ```ts
 * pathSegment('a/b'); // 'a%2Fb'
 * ```
 */
export function pathSegment(id: string): string {
  if (id === '' || id === '.' || id === '..') return id.replace(/\./g, '%2E') || '%00';
  return id.replace(
    /[/\\\0%]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/**
 * The sandbox of one executor run.
 *
 * @example
 * ```ts
 * executorSandbox('/tmp/w', 'S0', 'F0', 'task-1', 'c0ffee…');
 * // '/tmp/w/slaves/S0/frameworks/F0/executors/task-1/runs/c0ffee…'
 * ```
 */
export function executorSandbox(
  workDir: string,
  agentId: string,
  frameworkId: string,
  executorId: string,
  containerId: string,
): string {
  // the segments are escaped (no separator, no dot segment): path.join need only normalize
  // the work directory, and the rest is appended as it is
  return (
    `${path.join(workDir, 'slaves')}/${pathSegment(agentId)}/frameworks/${pathSegment(frameworkId)}` +
    `/executors/${pathSegment(executorId)}/runs/${pathSegment(containerId)}`
  );
}

/**
 * The sandbox of a nested container (a task of a task group) inside its executor's sandbox.
 *
 * @example
 * ```ts
 * nestedSandbox('/tmp/w/…/runs/c0', 'c1'); // '/tmp/w/…/runs/c0/containers/c1'
 * ```
 */
export function nestedSandbox(executorSandboxDir: string, childContainerId: string): string {
  return path.join(executorSandboxDir, 'containers', pathSegment(childContainerId));
}

/**
 * Creates a sandbox folder (and its parents); the error message when that fails.
 *
 * @example
 * ```ts
 * const problem = createSandbox(dir); // undefined when the folder exists now
 * ```
 */
export function createSandbox(dir: string): string | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
