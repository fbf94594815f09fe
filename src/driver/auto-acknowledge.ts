/**
 * Automatic acknowledgement of status updates, once per uuid and subscription.
 *
 * @module
 */
import { acknowledgeStatusUpdate, type Command } from '../calls';
import type { TaskStatus } from '../wire';
import { DriverError } from './driver-error';
import type { CommandOutcome } from './scheduler-driver';
import type { Session } from './session';

/**
 * Acknowledges a status update whose handlers are done: only one with a uuid (the master's
 * own updates have none and are never acknowledged), and once per uuid in `session` (a
 * duplicate is delivered again, not acknowledged again). An acknowledgement that fails is
 * forgotten, so that the agent's next retry of the update is acknowledged, and reported as
 * `COMMAND_FAILED`, unless it failed because the driver had stopped.
 *
 * @example
 * ```ts
 * autoAcknowledge(status, session, {
 *   send: (command) => driver.send(command),
 *   report: (error) => console.error(error.code, error.message),
 * });
 * ```
 * Spec: docs/protocol.md §8.
 */
export function autoAcknowledge(
  status: TaskStatus,
  session: Session | undefined,
  parts: {
    readonly send: (command: Command) => Promise<CommandOutcome>;
    readonly report: (error: DriverError) => void;
  },
): void {
  const uuid = status.uuid;
  if (uuid === undefined || uuid === '') return;
  if (session?.acked.has(uuid) === true) return;
  const ack = acknowledgeStatusUpdate(status);
  if (ack._tag === 'Left') return;
  session?.acked.add(uuid);
  void parts.send(ack.right).then((outcome) => {
    if (outcome._tag === 'Left') {
      session?.acked.delete(uuid);
      // the driver stopped meanwhile (a handler called stop()): not a failure; a framework
      // that comes back gets the update again and acknowledges it then
      if (outcome.left instanceof DriverError && outcome.left.code === 'NOT_RUNNING') return;
      parts.report(
        new DriverError('COMMAND_FAILED', `acknowledgement failed: ${outcome.left.message}`, {
          subject: status,
          cause: outcome.left,
        }),
      );
    }
  });
}
