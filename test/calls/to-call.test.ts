import { declineOffer, teardown, toCall, updateFramework, type Command } from '../../src/calls';
import type { Call, FrameworkInfo } from '../../src/wire';

const F1 = { value: 'F1' };
const info: FrameworkInfo = { user: 'svc', name: 'fw' };

describe('toCall', () => {
  it('adds the framework id and keeps the rest', () => {
    expect(toCall(teardown(), F1)).toEqual({ type: 'TEARDOWN', framework_id: F1 });
    const decline = declineOffer({ value: 'O1' }, { refuse_seconds: 1 });
    expect(toCall(decline, F1)).toEqual({ ...decline, framework_id: F1 });
  });

  it('keeps the narrow type of the command', () => {
    const call = toCall(declineOffer({ value: 'O1' }), F1);
    expect(call.decline.offer_ids).toEqual([{ value: 'O1' }]);
    expect(call.framework_id).toBe(F1);
  });

  it('does not change the command', () => {
    const cmd = updateFramework(info);
    const before = JSON.stringify(cmd);
    toCall(cmd, F1);
    expect(JSON.stringify(cmd)).toBe(before);
  });

  it('wins over a framework id the command carries at run time', () => {
    const call: Call = { type: 'TEARDOWN', framework_id: { value: 'old' } };
    const smuggled: Command = call;
    expect(toCall(smuggled, F1).framework_id).toBe(F1);
  });

  it('fills framework_info.id of UPDATE_FRAMEWORK when missing, and keeps one that is set', () => {
    expect(toCall(updateFramework(info, { suppressedRoles: ['a'] }), F1)).toEqual({
      type: 'UPDATE_FRAMEWORK',
      framework_id: F1,
      update_framework: { framework_info: { ...info, id: F1 }, suppressed_roles: ['a'] },
    });
    const other = { value: 'F0' };
    const kept = toCall(updateFramework({ ...info, id: other }), F1);
    expect(kept.framework_id).toBe(F1);
    expect(kept.update_framework.framework_info.id).toBe(other);
  });
});
