import { isRight } from 'fp-ts/Either';
import {
  acknowledgeOperationStatus,
  acknowledgeStatusUpdate,
  NotAcknowledgeable,
  OperationNotAcknowledgeable,
  uuidOf,
} from '../../src/calls';
import type { OperationStatus, TaskStatus } from '../../src/wire';
import { fixtureNames } from '../helpers/fixtures';
import {
  CONTENT_TYPES,
  failed,
  fixtureCall,
  fixtureOperationStatus,
  fixtureStatus,
  ok,
  withoutFrameworkId,
} from './call-fixtures';

const UPDATES = fixtureNames('events', '.json').filter((n) => n.startsWith('update-'));
const byContentType = (names: readonly string[]) =>
  names.flatMap((name) => CONTENT_TYPES.map((ct) => [name, ct] as const));

describe('acknowledgeStatusUpdate over the UPDATE fixtures', () => {
  it('has updates with and without uuid to test', () => {
    expect(UPDATES).toEqual([
      'update-failed-with-uuid',
      'update-reconciliation-no-uuid',
      'update-running-with-uuid',
    ]);
  });

  it.each(byContentType(UPDATES))('%s (%s)', (name, ct) => {
    const status = fixtureStatus(name, ct);
    const r = acknowledgeStatusUpdate(status);
    if (name.endsWith('-with-uuid')) {
      expect(ok(r)).toEqual({
        type: 'ACKNOWLEDGE',
        acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid: status.uuid },
      });
    } else {
      const e = failed(r);
      expect(e).toBeInstanceOf(NotAcknowledgeable);
      expect([e._tag, e.code, e.taskId, e.retryable]).toEqual([
        'NotAcknowledgeable',
        'NO_UUID',
        status.task_id,
        false,
      ]);
    }
  });

  it.each(CONTENT_TYPES)(
    'update-running-with-uuid (%s) acknowledges as calls/acknowledge.json',
    (ct) => {
      expect(ok(acknowledgeStatusUpdate(fixtureStatus('update-running-with-uuid', ct)))).toEqual(
        withoutFrameworkId(fixtureCall('acknowledge')),
      );
    },
  );
});

describe('acknowledgeStatusUpdate', () => {
  const status: TaskStatus = {
    task_id: { value: 't1' },
    state: 'TASK_RUNNING',
    agent_id: { value: 'S1' },
    uuid: 'Wh8MPpsnTY6mxC9+kdA7WA==',
  };

  it('refuses a uuid without agent_id, and an empty uuid as none', () => {
    const { agent_id: _a, ...noAgent } = status;
    const e = failed(acknowledgeStatusUpdate(noAgent));
    expect([e.code, e.taskId.value]).toEqual(['NO_AGENT_ID', 't1']);
    expect(failed(acknowledgeStatusUpdate({ ...status, uuid: '' })).code).toBe('NO_UUID');
    const { uuid: _u, agent_id: _b, ...neither } = status;
    expect(failed(acknowledgeStatusUpdate(neither)).code).toBe('NO_UUID');
  });

  it('gives a native, tagged error that says what happened', () => {
    const { uuid: _u, ...noUuid } = status;
    const e = failed(acknowledgeStatusUpdate(noUuid));
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('NotAcknowledgeable');
    expect(e.message).toBe(
      "status update of task 't1' has no uuid, so it is not to be acknowledged",
    );
    expect(e.stack).toContain('NotAcknowledgeable');
  });

  it('acknowledges with exactly the three fields', () => {
    expect(ok(acknowledgeStatusUpdate(status))).toEqual({
      type: 'ACKNOWLEDGE',
      acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid: status.uuid },
    });
  });
});

describe('acknowledgeOperationStatus', () => {
  const NAME = 'update_operation_status-with-uuid';

  it.each(CONTENT_TYPES)(
    `${NAME} (%s) acknowledges as calls/acknowledge_operation_status.json`,
    (ct) => {
      expect(ok(acknowledgeOperationStatus(fixtureOperationStatus(NAME, ct)))).toEqual(
        withoutFrameworkId(fixtureCall('acknowledge_operation_status')),
      );
    },
  );

  const status: OperationStatus = {
    operation_id: { value: 'op-1' },
    state: 'OPERATION_FINISHED',
    uuid: { value: 'yT56EE9SS22OGgfStfSpxg==' },
    agent_id: { value: 'S2' },
  };

  it('takes the raw uuid from status.uuid.value and leaves out a missing provider', () => {
    expect(ok(acknowledgeOperationStatus(status))).toEqual({
      type: 'ACKNOWLEDGE_OPERATION_STATUS',
      acknowledge_operation_status: {
        agent_id: { value: 'S2' },
        uuid: 'yT56EE9SS22OGgfStfSpxg==',
        operation_id: { value: 'op-1' },
      },
    });
  });

  it.each([
    ['no uuid', { uuid: undefined }, 'NO_UUID'],
    ['an empty uuid', { uuid: { value: '' } }, 'NO_UUID'],
    ['no agent_id', { agent_id: undefined }, 'NO_AGENT_ID'],
    ['no operation_id', { operation_id: undefined }, 'NO_OPERATION_ID'],
  ] as const)('refuses a status with %s', (_, change, code) => {
    const e = failed(acknowledgeOperationStatus({ ...status, ...change }));
    expect(e).toBeInstanceOf(OperationNotAcknowledgeable);
    expect([e._tag, e.code, e.retryable]).toEqual(['OperationNotAcknowledgeable', code, false]);
    expect(e.operationId).toEqual(
      change === undefined ? undefined : { ...status, ...change }.operation_id,
    );
  });

  it('names the operation in the message when it can', () => {
    const { uuid: _u, ...noUuid } = status;
    expect(failed(acknowledgeOperationStatus(noUuid)).message).toBe(
      "status update of operation 'op-1' has no uuid, so it is not to be acknowledged",
    );
    const { operation_id: _o, ...noId } = status;
    expect(failed(acknowledgeOperationStatus(noId)).message).toBe(
      'status update of an operation has no operation_id, which ACKNOWLEDGE_OPERATION_STATUS requires',
    );
  });
});

describe('uuidOf', () => {
  it('reads the uuid of task and operation statuses, empty counting as none', () => {
    expect(uuidOf({ uuid: 'abc=' })).toBe('abc=');
    expect(uuidOf({ uuid: { value: 'abc=' } })).toBe('abc=');
    expect(uuidOf({})).toBeUndefined();
    expect(uuidOf({ uuid: '' })).toBeUndefined();
    expect(uuidOf({ uuid: { value: '' } })).toBeUndefined();
  });

  it.each(byContentType(UPDATES))('agrees with acknowledgeStatusUpdate on %s (%s)', (name, ct) => {
    const status = fixtureStatus(name, ct);
    expect(uuidOf(status) !== undefined).toBe(isRight(acknowledgeStatusUpdate(status)));
  });
});
