/**
 * Finds the version of the installed `rxmesos` package.
 *
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'rxmesos';

/**
 * Returns the `version` of the nearest `package.json` named `rxmesos` found by walking up from
 * `startDir` (default: this module's directory), or `undefined` if there is none.
 *
 * Walking up makes the lookup independent of where the module runs from: `src/cli/` under ts-jest
 * and `dist/src/cli/` once compiled sit at different depths below the package root. A
 * `package.json` that cannot be read or parsed, or belongs to another package, is skipped.
 *
 * @example
 * ```ts
 * findPackageVersion(); // '0.1.0'
 * ```
 */
export function findPackageVersion(startDir: string = __dirname): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const version = versionAt(path.join(dir, 'package.json'));
    if (version !== undefined) return version;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function versionAt(file: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const { name, version } = parsed as { readonly name?: unknown; readonly version?: unknown };
  return name === PACKAGE_NAME && typeof version === 'string' ? version : undefined;
}
