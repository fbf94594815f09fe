import { toCall } from '../../src/calls';
import { encodeCall } from '../../src/wire';
import { exactJson, fixtureBytes, fixtureNames } from '../helpers/fixtures';
import {
  JSON_CT,
  PB_CT,
  fixtureCall,
  fixtureCallPb,
  ok,
  withoutFrameworkId,
} from './call-fixtures';
import { CASES, CLUSTER } from './fixture-cases';

describe('every call fixture is what its builder makes', () => {
  it('covers every call fixture except SUBSCRIBE (the driver subscribes; it is no command)', () => {
    const covered = CASES.map(([name]) => name).sort();
    const all = fixtureNames('calls', '.json').filter((n) => !n.startsWith('subscribe'));
    expect(covered).toEqual(all);
  });

  it.each(CASES)('%s: the command is the fixture minus framework_id', (name, build) => {
    expect(build()).toEqual(withoutFrameworkId(fixtureCall(name)));
  });

  it.each(CASES)('%s: stamped, it is the fixture call (JSON and protobuf)', (name, build) => {
    const fixture = fixtureCall(name);
    const call = toCall(build(), fixture.framework_id ?? { value: '' });
    expect(call).toEqual(fixture);
    expect(call).toEqual(fixtureCallPb(name));
  });

  it.each(CASES)('%s: encodes to the fixture bytes', (name, build) => {
    const call = toCall(build(), { value: `${CLUSTER}-0000` });
    expect(Buffer.from(ok(encodeCall(call, PB_CT)))).toEqual(fixtureBytes(`calls-pb/${name}.bin`));
    expect(exactJson(Buffer.from(ok(encodeCall(call, JSON_CT))))).toEqual(
      exactJson(fixtureBytes(`calls/${name}.json`)),
    );
  });
});
