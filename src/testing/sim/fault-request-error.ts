/**
 * The error of an admin fault request that cannot be applied.
 *
 * @module
 */

/**
 * A fault request that cannot be applied: its body is not what the fault needs, or what it
 * names does not exist (an unknown framework, agent, offer or task). The admin endpoint
 * answers 400 with its message.
 *
 * @example
 * ```ts
 * throw new FaultRequestError('"frameworkId" must be a non-empty string');
 * ```
 */
export class FaultRequestError extends Error {
  readonly _tag = 'FaultRequestError' as const;
  readonly code = 'BAD_FAULT_REQUEST' as const;

  constructor(message: string) {
    super(message);
    this.name = 'FaultRequestError';
  }
}
