import { isLeft, isRight, type Either } from 'fp-ts/Either';
import {
  decodeCall,
  decodeEvent,
  encodeCall,
  encodeEvent,
  toMesosJson,
  type Call,
  type Event,
  type WireError,
} from '../../src/wire';
import { comparable, exactJson, fixtureBytes, fixtureNames, records } from '../helpers/fixtures';

const JSON_CT = 'application/json';
const PB_CT = 'application/x-protobuf';

function ok<A>(r: Either<WireError, A>): A {
  if (isLeft(r)) throw new Error(`expected Right, got ${r.left.code}: ${r.left.message}`);
  return r.right;
}

describe('events: every fixture in both content types', () => {
  const names = fixtureNames('events', '.json');

  it('has fixtures to test', () => {
    expect(names.length).toBeGreaterThanOrEqual(13);
    expect(fixtureNames('events-pb', '.bin')).toEqual(names);
  });

  it.each(names)('%s: JSON and protobuf decode to the same typed event', (name) => {
    const fromJson = ok(decodeEvent(fixtureBytes(`events/${name}.json`), JSON_CT));
    const fromPb = ok(decodeEvent(fixtureBytes(`events-pb/${name}.bin`), PB_CT));
    expect(fromPb).toEqual(fromJson);
  });

  it.each(names)('%s: JSON → typed → protobuf → typed → JSON is the fixture', (name) => {
    const original = fixtureBytes(`events/${name}.json`);
    const typed = ok(decodeEvent(original, JSON_CT));
    const pb = ok(encodeEvent(typed, PB_CT));
    const again = ok(decodeEvent(pb, PB_CT));
    expect(again).toEqual(typed);
    const json = ok(encodeEvent(again, JSON_CT));
    expect(exactJson(Buffer.from(json))).toEqual(exactJson(original));
  });

  it.each(names)('%s: protobuf re-encoding decodes equal to the fixture .bin', (name) => {
    const bin = fixtureBytes(`events-pb/${name}.bin`);
    const typed = ok(decodeEvent(bin, PB_CT));
    expect(ok(decodeEvent(ok(encodeEvent(typed, PB_CT)), PB_CT))).toEqual(typed);
  });
});

describe('calls: every fixture in both content types', () => {
  const names = fixtureNames('calls', '.json');

  it('has fixtures to test', () => {
    expect(names.length).toBeGreaterThanOrEqual(27);
    expect(fixtureNames('calls-pb', '.bin')).toEqual(names);
  });

  it.each(names)('%s: JSON and protobuf decode to the same typed call', (name) => {
    const fromJson = ok(decodeCall(fixtureBytes(`calls/${name}.json`), JSON_CT));
    const fromPb = ok(decodeCall(fixtureBytes(`calls-pb/${name}.bin`), PB_CT));
    expect(fromPb).toEqual(fromJson);
  });

  it.each(names)('%s: encodes to protobuf bytes that decode equal to the fixture .bin', (name) => {
    const call = ok(decodeCall(fixtureBytes(`calls/${name}.json`), JSON_CT));
    const bytes = ok(encodeCall(call, PB_CT));
    expect(ok(decodeCall(bytes, PB_CT))).toEqual(
      ok(decodeCall(fixtureBytes(`calls-pb/${name}.bin`), PB_CT)),
    );
  });

  it.each(names)('%s: JSON → typed → protobuf → typed → JSON is the fixture', (name) => {
    const original = fixtureBytes(`calls/${name}.json`);
    const typed = ok(decodeCall(original, JSON_CT));
    const again = ok(decodeCall(ok(encodeCall(typed, PB_CT)), PB_CT));
    expect(again).toEqual(typed);
    expect(exactJson(Buffer.from(ok(encodeCall(again, JSON_CT))))).toEqual(exactJson(original));
  });
});

describe('streams captured from a real master', () => {
  it('JSON: every record is written back exactly as the master wrote it', () => {
    const recs = records('real/stream-json.recordio');
    expect(recs.length).toBeGreaterThan(10);
    for (const rec of recs) {
      const event = ok(decodeEvent(rec, JSON_CT));
      expect(toMesosJson('mesos.v1.scheduler.Event', event)).toBe(
        Buffer.from(rec).toString('utf8'),
      );
    }
  });

  it('protobuf: every record decodes to the expected line', () => {
    const recs = records('real/stream-pb.recordio');
    const lines = fixtureBytes('real/stream-pb.expected.ndjson').toString().trim().split('\n');
    expect(recs.length).toBe(lines.length);
    recs.forEach((rec, i) => {
      const event = ok(decodeEvent(rec, PB_CT));
      expect(comparable(exactJson(toMesosJson('mesos.v1.scheduler.Event', event)))).toEqual(
        comparable(exactJson(lines[i] ?? '')),
      );
    });
  });
});

describe('exactness and spelling', () => {
  it('keeps int64 above 2^53 exact through JSON and protobuf', () => {
    const json = fixtureBytes('events/update-reconciliation-no-uuid.json');
    const ev = ok(decodeEvent(json, JSON_CT));
    if (ev.type !== 'UPDATE') throw new Error(ev.type);
    expect(ev.update.status.unreachable_time?.nanoseconds).toBe('1725260102345678901');
    const viaPb = ok(decodeEvent(ok(encodeEvent(ev, PB_CT)), PB_CT));
    expect(viaPb).toEqual(ev);
    expect(Buffer.from(ok(encodeEvent(ev, JSON_CT))).toString()).toContain(
      '"nanoseconds":1725260102345678901}',
    );
  });

  it('reads enums by name and writes integral doubles as N.0', () => {
    const ev = ok(
      decodeEvent(
        Buffer.from(
          '{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"f"},"heartbeat_interval_seconds":15}}',
        ),
        JSON_CT,
      ),
    );
    expect(ev.type).toBe('SUBSCRIBED');
    expect(toMesosJson('mesos.v1.scheduler.Event', ev)).toBe(
      '{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"f"},"heartbeat_interval_seconds":15.0}}',
    );
  });

  it('accepts int64 written as strings and numbers, and writes them bare', () => {
    const call: Call = {
      type: 'KILL',
      framework_id: { value: 'f' },
      kill: {
        task_id: { value: 't' },
        kill_policy: { grace_period: { nanoseconds: '9007199254740993' } },
      },
    };
    const text = Buffer.from(ok(encodeCall(call, JSON_CT))).toString();
    expect(text).toBe(
      '{"framework_id":{"value":"f"},"type":"KILL","kill":{"task_id":{"value":"t"},"kill_policy":{"grace_period":{"nanoseconds":9007199254740993}}}}',
    );
    const back = ok(decodeCall(Buffer.from(text), JSON_CT));
    expect(back).toEqual(call);
  });
});

describe('malformed and tolerated input never throws', () => {
  const bad = (text: string): WireError => {
    const r = decodeEvent(Buffer.from(text), JSON_CT);
    if (isRight(r)) throw new Error(`expected Left for ${text}`);
    return r.left;
  };

  it('invalid JSON → INVALID_JSON', () => {
    const e = bad('{"type":"HEARTBEAT"');
    expect(e._tag).toBe('WireError');
    expect(e.code).toBe('INVALID_JSON');
  });

  it('wrong JSON type → INVALID_MESSAGE with the path', () => {
    const e = bad('{"type":"RESCIND","rescind":{"offer_id":{"value":7}}}');
    expect(e.code).toBe('INVALID_MESSAGE');
    expect(e.path).toEqual(['rescind', 'offer_id', 'value']);
    expect(e.pathText).toBe('rescind.offer_id.value');
  });

  it('missing required field → INVALID_MESSAGE naming it', () => {
    const e = bad('{"type":"UPDATE","update":{"status":{"state":"TASK_RUNNING"}}}');
    expect(e.path).toEqual(['update', 'status', 'task_id']);
  });

  it('missing payload for the type → INVALID_MESSAGE', () => {
    expect(bad('{"type":"OFFERS"}').path).toEqual(['offers']);
  });

  it('bad base64 → INVALID_MESSAGE at the bytes field', () => {
    const e = bad(
      '{"type":"UPDATE","update":{"status":{"task_id":{"value":"t"},"state":"TASK_RUNNING","uuid":"not base64!"}}}',
    );
    expect(e.path).toEqual(['update', 'status', 'uuid']);
  });

  const withUuid = (uuid: string): string =>
    `{"type":"UPDATE","update":{"status":{"task_id":{"value":"t"},"state":"TASK_RUNNING","uuid":${JSON.stringify(uuid)}}}}`;

  it.each(['', 'QQ==', 'QUI=', 'QUJD', 'QUJDRA==', 'ab+/', '0123456789+/AAAA'])(
    'standard base64 %j is accepted',
    (uuid) => {
      const r = decodeEvent(Buffer.from(withUuid(uuid)), 'application/json');
      expect(r._tag === 'Right' && r.right.type === 'UPDATE' && r.right.update.status.uuid).toBe(
        uuid,
      );
    },
  );

  it.each([
    'Q',
    'QQ=',
    'Q===',
    '====',
    'QQ==QQ==',
    '=QQQ',
    'QUJ-',
    'QUJ_',
    'QUJD\u00e9AAA',
    'QU D',
  ])('malformed base64 %j → INVALID_MESSAGE at the uuid', (uuid) => {
    expect(bad(withUuid(JSON.parse(`"${uuid}"`) as string)).path).toEqual([
      'update',
      'status',
      'uuid',
    ]);
  });

  it('an enum given as a number is refused, as the master does', () => {
    expect(bad('{"type":4}').path).toEqual(['type']);
  });

  it('a repeated field that is not an array names its index-less path', () => {
    expect(bad('{"type":"OFFERS","offers":{"offers":{}}}').path).toEqual(['offers', 'offers']);
  });

  it('a bad element of an array names its index', () => {
    const e = bad(
      '{"type":"OFFERS","offers":{"offers":[{"id":{"value":"o"},"framework_id":{"value":"f"},"agent_id":{"value":"a"},"hostname":"h","resources":[{"name":5}]}]}}',
    );
    expect(e.path).toEqual(['offers', 'offers', 0, 'resources', 0, 'name']);
  });

  it('unknown event type → the tolerant UNKNOWN event', () => {
    expect(
      ok(decodeEvent(Buffer.from('{"type":"SOMETHING_NEW","something_new":{}}'), JSON_CT)),
    ).toEqual({
      type: 'UNKNOWN',
      something_new: {},
    });
    expect(ok(decodeEvent(Buffer.from('{}'), JSON_CT)).type).toBe('UNKNOWN');
  });

  it('unknown enum name on an optional field is dropped; on a required field it is refused', () => {
    const ev = ok(
      decodeEvent(
        Buffer.from(
          '{"type":"UPDATE","update":{"status":{"task_id":{"value":"t"},"state":"TASK_RUNNING","source":"SOURCE_NEW","extra":1}}}',
        ),
        JSON_CT,
      ),
    );
    expect(ev).toEqual({
      type: 'UPDATE',
      update: { status: { task_id: { value: 't' }, state: 'TASK_RUNNING', extra: 1 } },
    });
    expect(
      bad('{"type":"UPDATE","update":{"status":{"task_id":{"value":"t"},"state":"TASK_NEW"}}}')
        .path,
    ).toEqual(['update', 'status', 'state']);
  });

  it('an int64 that is not an integer is refused', () => {
    const r = encodeCall(
      {
        type: 'KILL',
        framework_id: { value: 'f' },
        kill: {
          task_id: { value: 't' },
          kill_policy: { grace_period: { nanoseconds: '1.5' as `${bigint}` } },
        },
      },
      PB_CT,
    );
    expect(isLeft(r) && r.left.path).toEqual([
      'kill',
      'kill_policy',
      'grace_period',
      'nanoseconds',
    ]);
  });

  it('truncated protobuf → INVALID_PROTOBUF with an offset', () => {
    const bin = fixtureBytes('events-pb/offers.bin');
    const r = decodeEvent(bin.subarray(0, bin.length - 7), PB_CT);
    if (isRight(r)) throw new Error('expected Left');
    expect(r.left.code).toBe('INVALID_PROTOBUF');
    expect(r.left.offset).toBeGreaterThan(0);
    expect(r.left.path[0]).toBe('offers');
  });

  it('garbage bytes as protobuf never throw', () => {
    for (let seed = 0; seed < 300; seed++) {
      const bytes = Buffer.from(
        Array.from({ length: 1 + (seed % 40) }, (_, i) => (seed * 31 + i * 17) & 0xff),
      );
      expect(() => decodeEvent(bytes, PB_CT)).not.toThrow();
    }
  });

  it('an unsupported content type is a typed error', () => {
    const r = decodeEvent(Buffer.from('{}'), 'text/plain');
    expect(isLeft(r) && r.left.code).toBe('UNSUPPORTED_CONTENT_TYPE');
  });

  it('decoded events are plain data with the union narrowing on type', () => {
    const ev: Event = ok(decodeEvent(fixtureBytes('events/rescind.json'), JSON_CT));
    expect(ev.type === 'RESCIND' && ev.rescind.offer_id.value).toMatch(/-O4\d$/);
  });

  it('protobuf decodes to plain objects, equal to the JSON decoding of the same event', () => {
    const fromPb: Event = ok(decodeEvent(fixtureBytes('events-pb/offers.bin'), PB_CT));
    const fromJson: Event = ok(decodeEvent(fixtureBytes('events/offers.json'), JSON_CT));
    const prototypes = new Set<unknown>();
    const walk = (v: unknown): void => {
      if (typeof v !== 'object' || v === null) return;
      prototypes.add(Object.getPrototypeOf(v));
      for (const x of Object.values(v)) walk(x);
    };
    walk(fromPb);
    expect([...prototypes].every((p) => p === Object.prototype || p === Array.prototype)).toBe(
      true,
    );
    expect(fromPb).toStrictEqual(fromJson);
  });
});
