/**
 * Role names as Mesos validates them: `*`, or a path of `/`-separated components.
 *
 * @module
 */

import type { FrameworkInfo } from '../wire';

const INVALID_CHARACTERS = /[\t\n\v\f\r \x7f]/;

/**
 * The roles a framework subscribes with, as the master reads them
 * (`protobuf::framework::getRoles`): `roles` when it has the `MULTI_ROLE` capability, else
 * its single (deprecated) `role`, `*` by default.
 *
 * @example
 * ```ts
 * frameworkRoles({ name: 'n', user: 'u' }); // ['*']
 * frameworkRoles({ name: 'n', user: 'u', roles: ['a', 'b'], capabilities: [{ type: 'MULTI_ROLE' }] }); // ['a', 'b']
 * ```
 */
export function frameworkRoles(info: FrameworkInfo): readonly string[] {
  const multiRole = (info.capabilities ?? []).some((c) => c.type === 'MULTI_ROLE');
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- frameworks without MULTI_ROLE still use it
  return multiRole ? (info.roles ?? []) : [info.role ?? '*'];
}

/**
 * The master's complaint about a role name (`roles::validate`), or undefined when it is
 * valid. `*` is valid.
 *
 * @example
 * ```ts
 * validateRole('web/prod'); // undefined
 * validateRole('/web'); // "Role '/web' cannot start with a slash"
 * ```
 */
export function validateRole(role: string): string | undefined {
  if (role === '*') return undefined;
  if (role.startsWith('/')) return `Role '${role}' cannot start with a slash`;
  if (role.endsWith('/')) return `Role '${role}' cannot end with a slash`;
  if (role.includes('//')) return `Role '${role}' cannot contain two adjacent slashes`;
  const components = role.split('/').filter((c) => c !== '');
  if (components.length === 0) return 'Role names cannot be the empty string';
  for (const component of components) {
    if (component === '.') return `Role '${role}' cannot include '.' as a component`;
    if (component === '..') return `Role '${role}' cannot include '..' as a component`;
    if (component === '*') return `Role '${role}' cannot include '*' as a component`;
    if (component.startsWith('-')) {
      return `Role component '${component}' is invalid because it starts with a dash`;
    }
    if (INVALID_CHARACTERS.test(component)) {
      return `Role component '${component}' is invalid because it contains backspace or whitespace`;
    }
  }
  return undefined;
}

/**
 * Whether `child` is a strict sub-role of `parent` (`a/b` of `a`, not `a` of `a`).
 *
 * @example
 * ```ts
 * isStrictSubrole('eng/web', 'eng'); // true
 * isStrictSubrole('engineering', 'eng'); // false
 * ```
 */
export function isStrictSubrole(child: string, parent: string): boolean {
  return child.length > parent.length && child[parent.length] === '/' && child.startsWith(parent);
}
