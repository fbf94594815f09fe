// Checks proto/mesos/v1/{mesos,scheduler/scheduler}.proto against the wire
// fixtures: protobuf twins of the JSON fixtures, and streams captured from a
// real Mesos master (protobuf and JSON). Numbers are compared exactly: JSON
// fixtures are read with a small reader that keeps the text of every number,
// so 64-bit integers above 2^53 are not rounded on the way.

import * as fs from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs';

const PROTO_DIR = path.join(__dirname, '../../proto');
const FIXTURES = path.join(__dirname, '../fixtures');

const TO_OBJECT: protobuf.IConversionOptions = { enums: String, longs: String, bytes: String };

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin: string, target: string): string => path.join(PROTO_DIR, target);
  root.loadSync(['mesos/v1/mesos.proto', 'mesos/v1/scheduler/scheduler.proto'], { keepCase: true });
  root.resolveAll();
  return root;
}

// ---------------------------------------------------------------------------
// Exact JSON: numbers keep their source text, objects keep their key order.

class JsonNumber {
  constructor(readonly text: string) {}
}

class JsonObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, JsonValue]>) {}
}

type JsonValue = null | boolean | string | JsonNumber | JsonObject | JsonValue[];

function parseExactJson(text: string): JsonValue {
  let pos = 0;
  const numberRe = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  const fail = (what: string): never => {
    throw new Error(`JSON: ${what} at offset ${pos}: ${JSON.stringify(text.slice(pos, pos + 30))}`);
  };
  const skipWs = (): void => {
    while (pos < text.length && ' \t\r\n'.includes(text.charAt(pos))) pos++;
  };
  const expectChar = (c: string): void => {
    skipWs();
    if (text.charAt(pos) !== c) fail(`expected '${c}'`);
    pos++;
  };
  const readString = (): string => {
    skipWs();
    const start = pos;
    if (text.charAt(pos) !== '"') fail('expected a string');
    pos++;
    while (pos < text.length && text.charAt(pos) !== '"') pos += text.charAt(pos) === '\\' ? 2 : 1;
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const readValue = (): JsonValue => {
    skipWs();
    const c = text.charAt(pos);
    if (c === '{') {
      pos++;
      const entries: Array<readonly [string, JsonValue]> = [];
      skipWs();
      if (text.charAt(pos) === '}') {
        pos++;
        return new JsonObject(entries);
      }
      for (;;) {
        const key = readString();
        expectChar(':');
        entries.push([key, readValue()]);
        skipWs();
        if (text.charAt(pos) === ',') {
          pos++;
          continue;
        }
        expectChar('}');
        return new JsonObject(entries);
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonValue[] = [];
      skipWs();
      if (text.charAt(pos) === ']') {
        pos++;
        return items;
      }
      for (;;) {
        items.push(readValue());
        skipWs();
        if (text.charAt(pos) === ',') {
          pos++;
          continue;
        }
        expectChar(']');
        return items;
      }
    }
    if (c === '"') return readString();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    numberRe.lastIndex = pos;
    const m = numberRe.exec(text);
    if (m === null) return fail('unexpected character');
    pos += m[0].length;
    return new JsonNumber(m[0]);
  };

  const value = readValue();
  skipWs();
  if (pos !== text.length) fail('trailing text');
  return value;
}

const isIntegerLiteral = (t: string): boolean => /^-?\d+$/.test(t);

// Plain JS value for fromObject: integers beyond 2^53 become decimal strings
// (which protobufjs reads exactly into 64-bit fields), other numbers stay numbers.
function toPlain(v: JsonValue): unknown {
  if (v instanceof JsonNumber) {
    const n = Number(v.text);
    return isIntegerLiteral(v.text) && !Number.isSafeInteger(n) ? v.text : n;
  }
  if (v instanceof JsonObject) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v.entries) out[k] = toPlain(x);
    return out;
  }
  if (Array.isArray(v)) return v.map(toPlain);
  return v;
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

// Compares a protobufjs toObject() result with an exact JSON value, completely:
// same keys everywhere, same array lengths, same strings and booleans, and
// numbers equal to their source text (int64 as decimal strings, exactly).
function diffExact(actual: unknown, expected: JsonValue, where: string, out: string[]): void {
  const bad = (why: string): void => {
    out.push(`${where}: ${why} (got ${JSON.stringify(actual)})`);
  };
  if (expected === null || typeof expected === 'boolean' || typeof expected === 'string') {
    // Mesos spells non-finite doubles as strings (e.g. TaskInfo.limits "Infinity").
    const nonFinite =
      typeof actual === 'number' && !Number.isFinite(actual) && String(actual) === expected;
    if (actual !== expected && !nonFinite) bad(`expected ${JSON.stringify(expected)}`);
    return;
  }
  if (expected instanceof JsonNumber) {
    const text = expected.text;
    if (isIntegerLiteral(text)) {
      if (typeof actual === 'string') {
        if (!/^-?\d+$/.test(actual) || BigInt(actual) !== BigInt(text)) bad(`expected ${text}`);
      } else if (typeof actual === 'number') {
        if (!Number.isInteger(actual) || BigInt(actual) !== BigInt(text)) bad(`expected ${text}`);
      } else {
        bad(`expected number ${text}`);
      }
    } else if (typeof actual !== 'number' || actual !== Number(text)) {
      bad(`expected ${text}`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      bad('expected an array');
      return;
    }
    if (actual.length !== expected.length) {
      bad(`expected ${expected.length} elements`);
      return;
    }
    expected.forEach((e, i) => {
      diffExact(actual[i], e, `${where}[${i}]`, out);
    });
    return;
  }
  if (!isPlainObject(actual)) {
    bad('expected an object');
    return;
  }
  const expectedKeys = expected.entries.map(([k]) => k);
  for (const k of Object.keys(actual)) {
    if (!expectedKeys.includes(k))
      out.push(`${where}.${k}: not in the JSON (got ${JSON.stringify(actual[k])})`);
  }
  for (const [k, e] of expected.entries) {
    if (!(k in actual)) out.push(`${where}.${k}: missing (JSON has it)`);
    else diffExact(actual[k], e, `${where}.${k}`, out);
  }
}

function expectExact(actual: unknown, expected: JsonValue): void {
  const problems: string[] = [];
  diffExact(actual, expected, '$', problems);
  expect(problems).toEqual([]);
}

// Key order of every object of `value` must follow the declaration order of
// the fields of the message type it stands for.
function diffFieldOrder(type: protobuf.Type, value: JsonValue, where: string, out: string[]): void {
  if (!(value instanceof JsonObject)) {
    out.push(`${where}: expected an object for ${type.fullName}`);
    return;
  }
  const fields = type.fieldsArray;
  let last = -1;
  let lastName = '';
  for (const [key, child] of value.entries) {
    const index = fields.findIndex((f) => f.name === key);
    const field = fields[index];
    if (field === undefined) {
      out.push(`${where}.${key}: not a field of ${type.fullName}`);
      continue;
    }
    if (index <= last)
      out.push(`${where}.${key}: comes after '${lastName}' but is declared before it`);
    last = index;
    lastName = key;
    const sub = field.resolve().resolvedType;
    if (!(sub instanceof protobuf.Type)) continue;
    if (field instanceof protobuf.MapField) {
      if (child instanceof JsonObject) {
        for (const [mapKey, item] of child.entries)
          diffFieldOrder(sub, item, `${where}.${key}[${mapKey}]`, out);
      } else {
        out.push(`${where}.${key}: expected an object for a map`);
      }
    } else if (field.repeated) {
      if (Array.isArray(child))
        child.forEach((item, i) => {
          diffFieldOrder(sub, item, `${where}.${key}[${i}]`, out);
        });
      else out.push(`${where}.${key}: expected an array`);
    } else {
      diffFieldOrder(sub, child, `${where}.${key}`, out);
    }
  }
}

// RecordIO: decimal byte length, '\n', that many bytes, repeated.
function splitRecordIO(stream: Buffer): Buffer[] {
  const records: Buffer[] = [];
  let pos = 0;
  while (pos < stream.length) {
    const newline = stream.indexOf(0x0a, pos);
    if (newline < 0) throw new Error(`RecordIO: no end of length line at byte ${pos}`);
    const lengthText = stream.subarray(pos, newline).toString('latin1');
    if (!/^\d+$/.test(lengthText))
      throw new Error(`RecordIO: bad length ${JSON.stringify(lengthText)}`);
    const start = newline + 1;
    const end = start + Number(lengthText);
    if (end > stream.length) throw new Error(`RecordIO: record at byte ${start} is cut short`);
    records.push(stream.subarray(start, end));
    pos = end;
  }
  return records;
}

function fixtureNames(dir: string, ext: string): string[] {
  return fs
    .readdirSync(path.join(FIXTURES, dir))
    .filter((f) => f.endsWith(ext))
    .map((f) => f.slice(0, -ext.length))
    .sort();
}

const readJsonFixture = (rel: string): JsonValue =>
  parseExactJson(fs.readFileSync(path.join(FIXTURES, rel), 'utf8'));

// ---------------------------------------------------------------------------

const root = loadRoot();
const Event = root.lookupType('mesos.v1.scheduler.Event');
const Call = root.lookupType('mesos.v1.scheduler.Call');

describe('exact JSON reader (test helper)', () => {
  it('keeps 64-bit integers and key order', () => {
    const v = parseExactJson(
      '{"b": 18446744073709551615, "a": [1.50, -2e3, "x\\"y", true, null], "c": {}}',
    );
    expect(v).toBeInstanceOf(JsonObject);
    const entries = (v as JsonObject).entries;
    expect(entries.map(([k]) => k)).toEqual(['b', 'a', 'c']);
    expect(toPlain(v)).toEqual({
      b: '18446744073709551615',
      a: [1.5, -2000, 'x"y', true, null],
      c: {},
    });
    const problems: string[] = [];
    diffExact(
      { b: '18446744073709551614', a: [1.5, -2000, 'x"y', true, null], c: {} },
      v,
      '$',
      problems,
    );
    expect(problems).toHaveLength(1);
  });
});

describe('schema files', () => {
  it('load and resolve completely', () => {
    expect(root.lookupType('mesos.v1.scheduler.Response')).toBeInstanceOf(protobuf.Type);
    expect(root.lookupType('mesos.v1.scheduler.OfferConstraints')).toBeInstanceOf(protobuf.Type);
    expect(root.lookupType('mesos.v1.scheduler.AttributeConstraint')).toBeInstanceOf(protobuf.Type);
    expect(root.lookupType('mesos.v1.TaskStatus')).toBeInstanceOf(protobuf.Type);
    // Nested names shadow outer ones the same way protoc resolves them.
    expect(root.lookupType('mesos.v1.Secret').fields['value']?.resolvedType?.fullName).toBe(
      '.mesos.v1.Secret.Value',
    );
    expect(
      root.lookupType('mesos.v1.scheduler.Call.Request').fields['requests']?.resolvedType?.fullName,
    ).toBe('.mesos.v1.Request');
  });
});

describe('events: protobuf fixtures decode to their JSON twins', () => {
  it.each(fixtureNames('events-pb', '.bin'))('%s', (name) => {
    const msg = Event.decode(fs.readFileSync(path.join(FIXTURES, 'events-pb', `${name}.bin`)));
    expectExact(Event.toObject(msg, TO_OBJECT), readJsonFixture(`events/${name}.json`));
  });

  it('every JSON event fixture has a protobuf twin', () => {
    expect(fixtureNames('events', '.json')).toEqual(fixtureNames('events-pb', '.bin'));
  });
});

describe('calls: protobuf fixtures decode to their JSON twins', () => {
  it.each(fixtureNames('calls-pb', '.bin'))('%s', (name) => {
    const msg = Call.decode(fs.readFileSync(path.join(FIXTURES, 'calls-pb', `${name}.bin`)));
    expectExact(Call.toObject(msg, TO_OBJECT), readJsonFixture(`calls/${name}.json`));
  });

  it('every JSON call fixture has a protobuf twin', () => {
    expect(fixtureNames('calls', '.json')).toEqual(fixtureNames('calls-pb', '.bin'));
  });
});

describe('calls: JSON fixtures encode to the same message as their protobuf twins', () => {
  it.each(fixtureNames('calls', '.json'))('%s', (name) => {
    const json = readJsonFixture(`calls/${name}.json`);
    const plain = toPlain(json) as Record<string, unknown>;
    const bytes = Call.encode(Call.fromObject(plain)).finish();
    const ours = Call.toObject(Call.decode(bytes), TO_OBJECT);
    const theirs = Call.toObject(
      Call.decode(fs.readFileSync(path.join(FIXTURES, 'calls-pb', `${name}.bin`))),
      TO_OBJECT,
    );
    expect(ours).toEqual(theirs);
    expectExact(ours, json);
  });
});

describe('JSON fixtures list fields in declaration order', () => {
  it.each([
    ...fixtureNames('events', '.json').map((n) => [`events/${n}.json`, Event] as const),
    ...fixtureNames('calls', '.json').map((n) => [`calls/${n}.json`, Call] as const),
  ])('%s', (file, type) => {
    const problems: string[] = [];
    diffFieldOrder(type, readJsonFixture(file), '$', problems);
    expect(problems).toEqual([]);
  });
});

describe('real master, protobuf stream', () => {
  const records = splitRecordIO(fs.readFileSync(path.join(FIXTURES, 'real/stream-pb.recordio')));
  const lines = fs
    .readFileSync(path.join(FIXTURES, 'real/stream-pb.expected.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

  it('has one expected line per record', () => {
    expect(records.length).toBeGreaterThan(0);
    expect(records).toHaveLength(lines.length);
  });

  it.each(lines.map((line, i) => [i, line] as const))(
    'record %i decodes to its expected line',
    (i, line) => {
      const record = records[i];
      if (record === undefined) throw new Error(`no record ${i}`);
      expectExact(Event.toObject(Event.decode(record), TO_OBJECT), parseExactJson(line));
    },
  );
});

describe('real master, JSON stream', () => {
  const records = splitRecordIO(
    fs.readFileSync(path.join(FIXTURES, 'real/stream-json.recordio')),
  ).map((r) => parseExactJson(r.toString('utf8')));

  it('has records', () => {
    expect(records.length).toBeGreaterThan(0);
  });

  it.each(records.map((r, i) => [i, r] as const))(
    'record %i survives fromObject/toObject (no field unknown to the schema)',
    (_i, record) => {
      const plain = toPlain(record) as Record<string, unknown>;
      const msg = Event.fromObject(plain);
      expectExact(Event.toObject(msg, TO_OBJECT), record);
      // And through the wire format too.
      expectExact(Event.toObject(Event.decode(Event.encode(msg).finish()), TO_OBJECT), record);
    },
  );

  it.each(records.map((r, i) => [i, r] as const))(
    'record %i lists fields in declaration order',
    (_i, record) => {
      const problems: string[] = [];
      diffFieldOrder(Event, record, '$', problems);
      expect(problems).toEqual([]);
    },
  );
});
