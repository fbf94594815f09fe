import fc from 'fast-check';
import { isLeft, type Either } from 'fp-ts/Either';
import { decodeCall, decodeEvent, type WireError } from '../../src/wire';
import { mesos } from '../../src/wire/generated/pb';
import { encodeProtobuf } from '../../src/wire/pb-encode';
import { planOf } from '../../src/wire/schema-plan';
import { fixtureBytes, fixtureNames } from '../helpers/fixtures';

/**
 * The direct protobuf encoder against the static protobufjs code generated from the same
 * schema: for every fixture, and for generated values of the integer, bytes and text kinds,
 * the bytes must be identical (field order, varints, negative and 64-bit integers, lengths of
 * nested messages above 127 bytes).
 */
interface Static {
  fromObject(o: Record<string, unknown>): unknown;
  encode(m: unknown): { finish(): Uint8Array };
}

function staticOf(fullName: string): Static {
  let node: unknown = { mesos };
  for (const part of fullName.split('.')) node = (node as Record<string, unknown>)[part];
  return node as Static;
}

function viaProtobufjs(fullName: string, value: Record<string, unknown>): Buffer {
  const cls = staticOf(fullName);
  return Buffer.from(cls.encode(cls.fromObject(value)).finish());
}

function direct(fullName: string, value: Record<string, unknown>): Buffer {
  return Buffer.from(encodeProtobuf(planOf(fullName), value));
}

function ok<A>(r: Either<WireError, A>): A {
  if (isLeft(r)) throw new Error(`${r.left.code}: ${r.left.message}`);
  return r.right;
}

const EVENT = 'mesos.v1.scheduler.Event';
const CALL = 'mesos.v1.scheduler.Call';

describe('encodeProtobuf: the same bytes as protobufjs', () => {
  it.each(fixtureNames('events', '.json'))('event %s', (name) => {
    const event = ok(decodeEvent(fixtureBytes(`events/${name}.json`), 'application/json'));
    const value = event as unknown as Record<string, unknown>;
    expect(direct(EVENT, value).toString('hex')).toBe(viaProtobufjs(EVENT, value).toString('hex'));
  });

  it.each(fixtureNames('calls', '.json'))('call %s', (name) => {
    const call = ok(decodeCall(fixtureBytes(`calls/${name}.json`), 'application/json'));
    const value = call as unknown as Record<string, unknown>;
    expect(direct(CALL, value).toString('hex')).toBe(viaProtobufjs(CALL, value).toString('hex'));
  });

  it('integers of every kind, base64 bytes and text of any length', () => {
    const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
    const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        int64,
        uint64,
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.double({ noNaN: true }),
        fc.string({ minLength: 100, maxLength: 300 }),
        (i32, u32, i64, u64, bytes, text, dbl, ascii) => {
          // TaskStatus: bytes (uuid, data), double (timestamp), text, enums, nested messages
          const status = {
            task_id: { value: text },
            state: 'TASK_RUNNING',
            message: text,
            data: Buffer.from(bytes).toString('base64'),
            uuid: Buffer.from(bytes.slice(0, 16)).toString('base64'),
            timestamp: dbl,
            labels: { labels: [{ key: text, value: String(i32) }] },
          };
          // int32 (negative too), uint32 (repeated too), int64, uint64, maps, enums
          for (const [name, value] of [
            ['mesos.v1.TaskStatus', status],
            ['mesos.v1.TaskStatus', { ...status, state: 'TASK_FINISHED', source: 'SOURCE_AGENT' }],
            ['mesos.v1.Address', { hostname: text, port: i32 }],
            ['mesos.v1.Port', { number: u32, name: text, protocol: ascii }],
            ['mesos.v1.TimeInfo', { nanoseconds: i64 }],
            ['mesos.v1.Value.Range', { begin: u64, end: u64 }],
            [
              'mesos.v1.HealthCheck.HTTPCheckInfo',
              { protocol: 'IPv6', port: u32, statuses: [u32, 200, 0] },
            ],
            [
              'mesos.v1.OfferFilters.ResourceQuantities',
              { quantities: { [text]: { value: dbl }, cpus: { value: 1 } } },
            ],
          ] as const) {
            const v = value as Record<string, unknown>;
            expect(direct(name, v).toString('hex')).toBe(viaProtobufjs(name, v).toString('hex'));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
