import {
  acknowledgeStatusUpdate,
  createDisk,
  declineOffer,
  killTask,
  launch,
  launchTasks,
  reviveOffers,
  sendFrameworkMessage,
  shutdownExecutor,
  teardown,
  toCall,
  type Command,
  type CommandOf,
  type CommandType,
} from '../../src/calls';
import type {
  AgentId,
  Call,
  ExecutorId,
  OfferId,
  TaskId,
  TaskInfo,
  TaskStatus,
} from '../../src/wire';

// These checks are made by the type checker (npm test runs tsc over the tests): each line
// marked as an expected error fails the build if the API stops rejecting it. The runtime
// assertions only keep the values used.

const offerId: OfferId = { value: 'O1' };
const taskId: TaskId = { value: 'T1' };
const agentId: AgentId = { value: 'S1' };
const executorId: ExecutorId = { value: 'E1' };
const task: TaskInfo = { name: 't', task_id: taskId, agent_id: agentId, command: { value: 'x' } };

/** True when A and B are assignable both ways. */
type Equals<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('the types of the builders', () => {
  it('keep one kind of id from passing as another', () => {
    // @ts-expect-error a TaskId is not an OfferId
    const a = launchTasks(taskId, [task]);
    // @ts-expect-error an AgentId is not an OfferId
    const b = declineOffer([offerId, agentId]);
    // @ts-expect-error an OfferId is not a TaskId
    const c = killTask(offerId);
    // @ts-expect-error executor and agent swapped
    const d = shutdownExecutor(agentId, executorId);
    // @ts-expect-error executor and agent swapped
    const e = sendFrameworkMessage(agentId, executorId, 'hi');
    // @ts-expect-error a TaskId is not a FrameworkId
    const f = toCall(teardown(), taskId);
    expect([a, b, c, d, e, f].length).toBe(6);
  });

  it('take the proto spelling of filters and the exact option names', () => {
    // @ts-expect-error filters are spelled as the proto spells them
    const a = declineOffer(offerId, { refuseSeconds: 5 });
    // @ts-expect-error killTask options are camelCase, the payload is not
    const b = killTask(taskId, { agent_id: agentId });
    // @ts-expect-error LAUNCH takes no operation id: the master refuses one
    const c = launch(task, { id: { value: 'op' } });
    // @ts-expect-error CREATE_DISK makes MOUNT or BLOCK disks only
    const d = createDisk({ name: 'disk', type: 'SCALAR' }, 'RAW');
    // @ts-expect-error roles are strings
    const e = reviveOffers([1]);
    expect([a, b, c, d, e].length).toBe(5);
  });

  it('make commands without framework_id, and no SUBSCRIBE', () => {
    const ok: Command = { type: 'DECLINE', decline: { offer_ids: [offerId] } };
    // @ts-expect-error the driver stamps the framework id, a command has none
    const stamped: Command = { type: 'TEARDOWN', framework_id: { value: 'F' } };
    const subscribe_ = { framework_info: { user: 'u', name: 'n' } };
    // @ts-expect-error SUBSCRIBE is not a command
    const subscribe: Command = { type: 'SUBSCRIBE', subscribe: subscribe_ };
    // @ts-expect-error a payload is required where the call requires it
    const noPayload: Command = { type: 'KILL' };
    const notCommands: Equals<Exclude<Call['type'], CommandType>, 'SUBSCRIBE' | 'UNKNOWN'> = true;
    expect([ok.type, stamped.type, subscribe.type, noPayload.type, notCommands]).toHaveLength(5);
  });

  it('return the narrow command, and Either where a status may not be acknowledgeable', () => {
    const kill: CommandOf<'KILL'> = killTask(taskId);
    // @ts-expect-error launchTasks makes an ACCEPT, not a DECLINE
    const wrong: CommandOf<'DECLINE'> = launchTasks(offerId, task);
    const status: TaskStatus = { task_id: taskId, state: 'TASK_RUNNING' };
    // @ts-expect-error an acknowledgement may be refused: it is an Either, not a command
    const ack: Command = acknowledgeStatusUpdate(status);
    const call = toCall(kill, { value: 'F' });
    const narrow: Equals<typeof call, Extract<Call, { type: 'KILL' }>> = true;
    expect([kill.type, wrong.type, ack.type, call.type, narrow]).toHaveLength(5);
  });

  it('keep commands readonly', () => {
    const cmd = declineOffer(offerId);
    // @ts-expect-error commands are immutable values
    cmd.decline = {};
    // @ts-expect-error their lists too
    const ids: OfferId[] = cmd.decline.offer_ids ?? [];
    expect([cmd.type, ids]).toHaveLength(2);
  });
});
