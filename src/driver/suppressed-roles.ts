/**
 * The roles whose offers the framework keeps suppressed, as the next SUBSCRIBE must say.
 *
 * @module
 */
import type { Command } from '../calls';
import { frameworkRoles } from '../offers';
import type { FrameworkInfo } from '../wire';

/**
 * The suppressed roles, kept up to date from the commands sent: SUPPRESS adds its roles (all
 * of the framework's when it names none), REVIVE removes them, UPDATE_FRAMEWORK replaces the
 * set. A re-subscription replaces the master's set with this one.
 *
 * @example
 * ```ts
 * const roles = new SuppressedRoles({ name: 'x', user: 'y' }, []);
 * roles.track(suppressOffers()); // every role of the framework: ['*']
 * roles.list(); // ['*']
 * roles.track(reviveOffers());
 * roles.list(); // []
 * ```
 * Spec: docs/protocol.md §3, §7.
 */
export class SuppressedRoles {
  private readonly roles: Set<string>;

  constructor(
    private readonly framework: FrameworkInfo,
    initial: readonly string[],
  ) {
    this.roles = new Set(initial);
  }

  /** The roles, in the order they were first suppressed. */
  list(): readonly string[] {
    return [...this.roles];
  }

  /** Remembers what a SUPPRESS, REVIVE or UPDATE_FRAMEWORK does to the set. */
  track(command: Command): void {
    const named = (r: readonly string[] | undefined): readonly string[] =>
      r !== undefined && r.length > 0 ? r : frameworkRoles(this.framework);
    if (command.type === 'SUPPRESS')
      for (const r of named(command.suppress?.roles)) this.roles.add(r);
    if (command.type === 'REVIVE')
      for (const r of named(command.revive?.roles)) this.roles.delete(r);
    if (command.type === 'UPDATE_FRAMEWORK') {
      this.roles.clear();
      for (const r of command.update_framework.suppressed_roles ?? []) this.roles.add(r);
    }
  }
}
