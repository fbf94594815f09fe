import type { Event, OfferId, Offer, TaskId, TaskStatus } from '../../src/wire';

// These checks are made by the type checker (npm test runs tsc over the tests): each
// line marked "expect-error" fails the build if the model stops rejecting it.

const offerId: OfferId = { value: 'O1' };
const taskId: TaskId = { value: 'T1' };

describe('the typed model', () => {
  it('brands ids: an offer id is not a task id, while pasted JSON fits either', () => {
    // @ts-expect-error an OfferId cannot pass as a TaskId
    const wrong: TaskId = offerId;
    const pasted: TaskId = { value: 'T2' };
    expect([wrong.value, pasted.value, taskId.value]).toEqual(['O1', 'T2', 'T1']);
  });

  it('narrows events on type and spells enums by name', () => {
    const ev = {
      type: 'UPDATE',
      update: { status: { task_id: taskId, state: 'TASK_RUNNING' } },
    } as Event;
    const state = ev.type === 'UPDATE' ? ev.update.status.state : undefined;
    expect(state).toBe('TASK_RUNNING');
    // @ts-expect-error OFFERS requires its payload
    const missing: Event = { type: 'OFFERS' };
    // @ts-expect-error states are names, not numbers
    const numeric: TaskStatus = { task_id: taskId, state: 1 };
    expect([missing.type, numeric.task_id.value]).toEqual(['OFFERS', 'T1']);
  });

  it('keeps the proto spelling and int64 as exact strings', () => {
    const offer: Offer = {
      id: offerId,
      framework_id: { value: 'F' },
      agent_id: { value: 'A' },
      hostname: 'h',
      resources: [
        { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: '31000', end: '32000' }] } },
      ],
      unavailability: { start: { nanoseconds: '1725260102345678901' } },
    };
    // @ts-expect-error int64 fields are decimal strings
    const rounded: Offer['unavailability'] = { start: { nanoseconds: 1725260102345678901 } };
    expect(offer.resources?.[0]?.ranges?.range?.[0]?.begin).toBe('31000');
    expect(rounded?.start.nanoseconds).toBeDefined();
  });
});
