/**
 * The marble-testing kit: event builders, the marble driver and `expectCommands` for
 * scheduling logic in `TestScheduler.run`, and `VirtualClock` with `ScriptedMaster` for the
 * real driver's own timers in virtual time.
 *
 * @module
 */
// event builders
export { marbleIds } from './marble-ids';
export { statusUuid } from './status-uuid';
export { subscribed, type SubscribedOptions } from './subscribed';
export { offer, offers, type OfferSpec } from './offer';
export { update, type UpdateOptions } from './update';
export { rescind } from './rescind';
export { failure, type FailureSpec } from './failure';
export { heartbeat } from './heartbeat';
export { error } from './error-event';
export { message, type MessageSpec } from './message';
export { disconnect, type Disconnect, type MarbleEvent } from './disconnect';
export { acknowledgementOf } from './acknowledgement-of';

// scheduling logic in TestScheduler.run
export type { DriverStreams } from '../../driver';
export {
  marbleDriver,
  type MarbleDriver,
  type MarbleDriverOptions,
  type RecordedCommand,
} from './marble-driver';
export { expectCommands } from './expect-commands';

// the real driver in virtual time
export { VirtualClock, type VirtualClockOptions } from './virtual-clock';
export { timeline, type TimedValue } from './timeline';
export {
  ScriptedMaster,
  type ScriptedMasterOptions,
  type ScriptedCall,
  type StreamScript,
  type SubscribeAnswer,
  type CallAnswer,
} from './scripted-master';
export { httpError, type HttpErrorOptions } from './http-error';
