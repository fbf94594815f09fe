/**
 * The SUBSCRIBE call the driver sends to each master it tries.
 *
 * @module
 */
import { left, type Either } from 'fp-ts/Either';
import {
  encodeCall,
  type Call,
  type ContentType,
  type FrameworkID,
  type FrameworkInfo,
  type OfferConstraints,
} from '../wire';
import { DriverError } from './driver-error';

/**
 * What a SUBSCRIBE is made of: the framework (with the id it got, if any), the roles it keeps
 * suppressed and its offer constraints.
 *
 * @example
 * ```ts
 * const parts: SubscribeParts = {
 *   framework: { name: 'x', user: 'y' },
 *   frameworkId: undefined,
 *   suppressedRoles: [],
 *   offerConstraints: undefined,
 * };
 * ```
 * Spec: docs/protocol.md §3.
 */
export interface SubscribeParts {
  readonly framework: FrameworkInfo;
  /** The id to resubscribe with; undefined before the first SUBSCRIBED of a new framework. */
  readonly frameworkId: FrameworkID | undefined;
  readonly suppressedRoles: readonly string[];
  readonly offerConstraints: OfferConstraints | undefined;
}

/**
 * Encodes a SUBSCRIBE: the framework id, once known, goes at the top level and in
 * `framework_info.id`; the suppressed roles and offer constraints are sent each time, since
 * a re-subscription replaces what the master had. An invalid one is `SUBSCRIBE_REFUSED`.
 *
 * @example
 * ```ts
 * const body = subscribeCall(
 *   { framework: { name: 'x', user: 'y' }, frameworkId: { value: 'fw-1' }, suppressedRoles: ['*'], offerConstraints: undefined },
 *   'application/json',
 * );
 * if (body._tag === 'Right') await transport.subscribe(body.right);
 * ```
 * Spec: docs/protocol.md §3, §5.
 */
export function subscribeCall(
  parts: SubscribeParts,
  contentType: ContentType,
): Either<DriverError, Uint8Array> {
  const id = parts.frameworkId;
  const info = { ...parts.framework, ...(id === undefined ? {} : { id }) };
  const call: Call = {
    type: 'SUBSCRIBE',
    ...(id === undefined ? {} : { framework_id: id }),
    subscribe: {
      framework_info: info,
      ...(parts.suppressedRoles.length === 0 ? {} : { suppressed_roles: parts.suppressedRoles }),
      ...(parts.offerConstraints === undefined
        ? {}
        : { offer_constraints: parts.offerConstraints }),
    },
  };
  const r = encodeCall(call, contentType);
  return r._tag === 'Left'
    ? left(
        new DriverError('SUBSCRIBE_REFUSED', `invalid SUBSCRIBE: ${r.left.message}`, {
          cause: r.left,
        }),
      )
    : r;
}
