/**
 * Unit tests of the automatic acknowledgement (the loopback tests cover it end to end).
 */
import { left, right } from 'fp-ts/Either';
import type { Command } from '../../src/calls';
import { DriverError, type CommandOutcome } from '../../src/driver';
import { autoAcknowledge } from '../../src/driver/auto-acknowledge';
import { RecentSet } from '../../src/driver/recent-set';
import type { Session } from '../../src/driver/session';
import type { TaskStatus } from '../../src/wire';

const status: TaskStatus = {
  task_id: { value: 't1' },
  state: 'TASK_FINISHED',
  agent_id: { value: 'a1' },
  uuid: 'AAECAwQFBgcICQoLDA0ODw==',
};

function session(): Session {
  return { acked: new RecentSet<string>(10) } as unknown as Session;
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('autoAcknowledge', () => {
  it.each<[string, CommandOutcome, readonly string[], boolean]>([
    ['accepted', right({ status: 202 }), [], true],
    [
      'refused',
      left(new DriverError('QUEUE_TIMEOUT', 'no subscription in time')),
      ['COMMAND_FAILED'],
      false,
    ],
    ['sent after the driver stopped', left(new DriverError('NOT_RUNNING', 'stopped')), [], false],
  ])('an acknowledgement %s', async (_what, outcome, reported, remembered) => {
    const s = session();
    const sent: Command[] = [];
    const errors: string[] = [];
    autoAcknowledge(status, s, {
      send: (command) => {
        sent.push(command);
        return Promise.resolve(outcome);
      },
      report: (e) => errors.push(e.code),
    });
    await settle();
    expect(sent.map((c) => c.type)).toEqual(['ACKNOWLEDGE']);
    expect(errors).toEqual(reported);
    expect(s.acked.has(status.uuid ?? '')).toBe(remembered);
  });

  it('acknowledges a uuid once per session, and never an update without one', async () => {
    const s = session();
    const sent: Command[] = [];
    const parts = {
      send: (command: Command) => {
        sent.push(command);
        return Promise.resolve<CommandOutcome>(right({ status: 202 }));
      },
      report: () => undefined,
    };
    autoAcknowledge(status, s, parts);
    autoAcknowledge(status, s, parts);
    autoAcknowledge({ ...status, uuid: undefined }, s, parts);
    await settle();
    expect(sent).toHaveLength(1);
  });
});
