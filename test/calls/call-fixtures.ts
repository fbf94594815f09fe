/**
 * Fixture access for the call builder tests: typed calls and events from test/fixtures, and
 * the wire round trip every command must survive.
 */
import { isLeft, type Either } from 'fp-ts/Either';
import { toCall, type Command } from '../../src/calls';
import {
  decodeCall,
  decodeEvent,
  encodeCall,
  type Call,
  type ContentType,
  type Event,
  type FrameworkId,
  type Offer,
  type OperationStatus,
  type TaskStatus,
  JSON_CONTENT_TYPE,
  PROTOBUF_CONTENT_TYPE,
} from '../../src/wire';
import { fixtureBytes } from '../helpers/fixtures';

export const JSON_CT = JSON_CONTENT_TYPE;
export const PB_CT = PROTOBUF_CONTENT_TYPE;
export const CONTENT_TYPES: readonly ContentType[] = [JSON_CT, PB_CT];

/** The id the round trips stamp on commands. */
export const F: FrameworkId = { value: 'f' };

/** The value of a Right; fails the test on a Left. */
export function ok<E extends Error, A>(r: Either<E, A>): A {
  if (isLeft(r)) throw new Error(`expected Right, got ${r.left.name}: ${r.left.message}`);
  return r.right;
}

/** The error of a Left; fails the test on a Right. */
export function failed<E, A>(r: Either<E, A>): E {
  if (isLeft(r)) return r.left;
  throw new Error(`expected Left, got ${JSON.stringify(r.right)}`);
}

/** A call fixture (test/fixtures/calls/<name>.json) as the typed model reads it. */
export function fixtureCall(name: string): Call {
  return ok(decodeCall(fixtureBytes(`calls/${name}.json`), JSON_CT));
}

/** The same fixture from its protobuf twin (test/fixtures/calls-pb/<name>.bin). */
export function fixtureCallPb(name: string): Call {
  return ok(decodeCall(fixtureBytes(`calls-pb/${name}.bin`), PB_CT));
}

/** A call fixture narrowed to its type; fails the test if the fixture is of another type. */
export function fixtureCallOf<T extends Call['type']>(
  name: string,
  type: T,
): Extract<Call, { readonly type: T }> {
  const call = fixtureCall(name);
  if (call.type !== type) throw new Error(`${name} is ${call.type}, not ${type}`);
  return call as Extract<Call, { readonly type: T }>;
}

/** The first operation of an ACCEPT fixture, narrowed to its type. */
export function fixtureOperation<T extends Offer.Operation.Type>(
  name: string,
  type: T,
): Extract<Offer.Operation, { readonly type: T }> {
  const op = fixtureCallOf(name, 'ACCEPT').accept.operations?.[0];
  if (op?.type !== type) throw new Error(`${name}: first operation is ${op?.type}, not ${type}`);
  return op as Extract<Offer.Operation, { readonly type: T }>;
}

/** An event fixture decoded from JSON or from its protobuf twin. */
export function fixtureEvent(name: string, contentType: ContentType): Event {
  const rel = contentType === JSON_CT ? `events/${name}.json` : `events-pb/${name}.bin`;
  return ok(decodeEvent(fixtureBytes(rel), contentType));
}

/** The task status of an UPDATE event fixture. */
export function fixtureStatus(name: string, contentType: ContentType): TaskStatus {
  const ev = fixtureEvent(name, contentType);
  if (ev.type !== 'UPDATE') throw new Error(`${name} is ${ev.type}, not UPDATE`);
  return ev.update.status;
}

/** The operation status of an UPDATE_OPERATION_STATUS event fixture. */
export function fixtureOperationStatus(name: string, contentType: ContentType): OperationStatus {
  const ev = fixtureEvent(name, contentType);
  if (ev.type !== 'UPDATE_OPERATION_STATUS') throw new Error(`${name} is ${ev.type}`);
  return ev.update_operation_status.status;
}

/** The command stamped, encoded in the content type and decoded again. */
export function overTheWire(command: Command, contentType: ContentType): Call {
  return ok(decodeCall(ok(encodeCall(toCall(command, F), contentType)), contentType));
}

/** The fixture call without its framework id: the command a builder should make. */
export function withoutFrameworkId(call: Call): unknown {
  const { framework_id: _dropped, ...rest } = call;
  return rest;
}
