#!/usr/bin/env node
'use strict';
/*
 * Generates src/wire/generated/ from proto/ (run by `npm run gen`, `npm run build`, `npm test`):
 *   pb.js, pb.d.ts   protobufjs static code (used for protobuf encoding and as a benchmark baseline)
 *   schema.ts        the schema as data: messages, fields, enums (drives the JSON codec,
 *                    the validator and the protobuf decoder in src/wire)
 *   model.ts         the typed model: readonly interfaces in the proto's snake_case, enums as
 *                    string literal unions, branded ids, discriminated unions for Event, Call
 *                    and Offer.Operation
 * One source of truth: everything here is derived from the .proto files.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const protobuf = require('protobufjs');

const root = path.resolve(__dirname, '..');
const protoDir = __dirname;
const outDir = path.join(root, 'src', 'wire', 'generated');
const protoFiles = ['mesos/v1/mesos.proto', 'mesos/v1/scheduler/scheduler.proto'];

/** Messages whose `type` enum selects one payload field: they become discriminated unions. */
const UNIONS = {
  'mesos.v1.scheduler.Event': {
    noPayload: ['UNKNOWN', 'HEARTBEAT'],
    optionalPayload: [],
    requiredCommon: {},
  },
  'mesos.v1.scheduler.Call': {
    noPayload: ['UNKNOWN', 'TEARDOWN'],
    optionalPayload: ['REVIVE', 'SUPPRESS'],
    // framework_id is required for every call but SUBSCRIBE (spec §5).
    requiredCommon: { framework_id: (type) => type !== 'SUBSCRIBE' && type !== 'UNKNOWN' },
  },
  'mesos.v1.Offer.Operation': {
    noPayload: ['UNKNOWN'],
    optionalPayload: [],
    requiredCommon: {},
  },
};

/** Messages that are ids: `{ value: string }`, branded so that one kind cannot pass as another. */
const isIdMessage = (type) =>
  /ID$/.test(type.name) &&
  type.fieldsArray.length === 1 &&
  type.fieldsArray[0].name === 'value' &&
  type.fieldsArray[0].type === 'string';

function loadRoot() {
  const r = new protobuf.Root();
  r.resolvePath = (_origin, target) => path.join(protoDir, target);
  r.loadSync(protoFiles, { keepCase: true });
  r.resolveAll();
  return r;
}

function runPbjs() {
  const bin = (name) => path.join(root, 'node_modules', '.bin', name);
  const js = path.join(outDir, 'pb.js');
  execFileSync(
    bin('pbjs'),
    [
      '-t',
      'static-module',
      '-w',
      'commonjs',
      '--keep-case',
      '--no-delimited',
      '--no-verify',
      '--no-service',
      '--no-typeurl',
      '-p',
      protoDir,
      '-o',
      js,
      ...protoFiles.map((f) => path.join(protoDir, f)),
    ],
    { stdio: 'inherit' },
  );
  execFileSync(bin('pbts'), ['--no-comments', '-o', path.join(outDir, 'pb.d.ts'), js], {
    stdio: 'inherit',
  });
}

function allTypes(ns, acc = { messages: [], enums: [] }) {
  for (const obj of ns.nestedArray) {
    if (obj instanceof protobuf.Type) acc.messages.push(obj);
    else if (obj instanceof protobuf.Enum) acc.enums.push(obj);
    if (obj.nestedArray && obj.nestedArray.length) allTypes(obj, acc);
  }
  return acc;
}

const strip = (fullName) => fullName.replace(/^\./, '');
/** `mesos.v1.scheduler.Event.Subscribed` → `Event.Subscribed`: package prefixes are dropped. */
function tsName(fullName) {
  return strip(fullName).replace(/^mesos\.v1\.(scheduler\.)?/, '');
}

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INT32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

function scalarTs(type) {
  if (type === 'string') return 'string';
  if (type === 'bool') return 'boolean';
  if (type === 'bytes') return 'M$.Base64';
  if (type === 'double' || type === 'float') return 'number';
  if (INT32.has(type)) return 'number';
  if (INT64.has(type)) return 'M$.Int64';
  throw new Error(`unknown scalar ${type}`);
}

function fieldTs(field) {
  const rt = field.resolvedType;
  const base = rt ? `M.${tsName(rt.fullName)}` : scalarTs(field.type);
  if (field.map) return `{ readonly [key: string]: ${base} }`;
  if (field.repeated) return `readonly ${base}[]`;
  return base;
}

function docOf(obj) {
  const c = obj.comment ? obj.comment.trim() : '';
  return c ? c.split('\n').map((l) => l.trim()) : [];
}

function emitDoc(lines, indent, extra = []) {
  const all = [...lines, ...extra];
  if (all.length === 0) return '';
  return `${indent}/**\n${all.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

function fieldLine(field, indent, { forceRequired, forceOptional } = {}) {
  const required = forceRequired || (!forceOptional && field.required);
  const dep = field.options && field.options.deprecated ? ['@deprecated in upstream Mesos.'] : [];
  const def =
    field.options && Object.prototype.hasOwnProperty.call(field.options, 'default')
      ? [
          `Default: \`${JSON.stringify(field.options.default)}\` (absent on the wire means this value).`,
        ]
      : [];
  const doc = emitDoc(docOf(field), indent, [`Field ${field.id}.`, ...def, ...dep]);
  return `${doc}${indent}readonly ${field.name}${required ? '' : '?'}: ${fieldTs(field)};\n`;
}

function emitEnum(en, indent) {
  const names = Object.keys(en.values);
  const name = en.name;
  const doc = emitDoc(docOf(en), indent, [
    `Enum \`${strip(en.fullName)}\`: ${names.map((n) => `${n} = ${en.values[n]}`).join(', ')}.`,
  ]);
  return `${doc}${indent}export type ${name} =\n${names.map((n) => `${indent}  | '${n}'`).join('\n')};\n`;
}

function emitInterface(type, indent) {
  let out = emitDoc(docOf(type), indent, [`Message \`${strip(type.fullName)}\`.`]);
  out += `${indent}export interface ${type.name} {\n`;
  for (const f of type.fieldsArray) out += fieldLine(f, indent + '  ');
  if (isIdMessage(type))
    out += `${indent}  /** Compile-time brand: an id of one kind cannot pass as another. */\n${indent}  readonly [M$.idBrand]?: '${type.name}';\n`;
  out += `${indent}}\n`;
  return out;
}

function emitUnion(type, cfg, indent) {
  const typeField = type.fields.type;
  const en = typeField.resolvedType;
  const payloadNames = new Set(
    Object.keys(en.values)
      .map((v) => v.toLowerCase())
      .filter((n) => type.fields[n]),
  );
  const common = type.fieldsArray.filter((f) => f.name !== 'type' && !payloadNames.has(f.name));
  const members = Object.keys(en.values).map((v) => {
    const payload = v.toLowerCase();
    const inner = indent + '      ';
    let body = `${inner}readonly type: '${v}';\n`;
    for (const f of common) {
      const req = cfg.requiredCommon[f.name];
      body += fieldLine(f, inner, {
        forceRequired: req ? req(v) : false,
        forceOptional: req ? !req(v) : false,
      });
    }
    if (!cfg.noPayload.includes(v)) {
      const f = type.fields[payload];
      if (!f) throw new Error(`${type.fullName}: no payload field ${payload} for ${v}`);
      body += fieldLine(f, inner, {
        forceRequired: !cfg.optionalPayload.includes(v),
        forceOptional: cfg.optionalPayload.includes(v),
      });
    }
    return `${indent}  | {\n${body}${indent}    }`;
  });
  let out = emitDoc(docOf(type), indent, [
    `Message \`${strip(type.fullName)}\` as a discriminated union on \`type\`: each member carries`,
    `the payload field its type names (\`OFFERS\` → \`offers\`).`,
  ]);
  out += `${indent}export type ${type.name} =\n${members.join('\n')};\n`;
  return out;
}

function emitNamespace(ns, indent) {
  let out = '';
  for (const obj of ns.nestedArray) {
    if (obj instanceof protobuf.Enum) out += emitEnum(obj, indent);
    else if (obj instanceof protobuf.Type) {
      const cfg = UNIONS[strip(obj.fullName)];
      out += cfg ? emitUnion(obj, cfg, indent) : emitInterface(obj, indent);
      if (obj.nestedArray.length > 0) {
        out += `${indent}export namespace ${obj.name} {\n${emitNamespace(obj, indent + '  ')}${indent}}\n`;
      }
    }
  }
  return out;
}

function emitModel(r) {
  const v1 = r.lookup('mesos.v1');
  const sched = r.lookup('mesos.v1.scheduler');
  const topNames = new Set();
  for (const ns of [v1, sched]) {
    for (const obj of ns.nestedArray) {
      if (obj instanceof protobuf.Namespace && !(obj instanceof protobuf.Type)) continue;
      if (topNames.has(obj.name)) throw new Error(`name clash between packages: ${obj.name}`);
      topNames.add(obj.name);
    }
  }
  const onlyTypes = (ns) => ({
    nestedArray: ns.nestedArray.filter(
      (o) => o instanceof protobuf.Type || o instanceof protobuf.Enum,
    ),
  });
  return [
    '// Generated by scripts/gen.js from proto/. Do not edit.',
    '/* eslint-disable */',
    "import type * as M from './model';",
    "import type * as M$ from '../model-base';",
    '',
    '// ---- package mesos.v1 ----',
    emitNamespace(onlyTypes(v1), ''),
    '// ---- package mesos.v1.scheduler ----',
    emitNamespace(onlyTypes(sched), ''),
  ].join('\n');
}

function emitSchema(r) {
  const { messages, enums } = allTypes(r);
  const enumTable = {};
  for (const en of enums) enumTable[strip(en.fullName)] = Object.entries(en.values);
  const msgTable = {};
  for (const t of messages) {
    msgTable[strip(t.fullName)] = t.fieldsArray.map((f) => {
      const rt = f.resolvedType;
      const kind =
        rt instanceof protobuf.Type ? 'message' : rt instanceof protobuf.Enum ? 'enum' : 'scalar';
      const label = f.map ? 'map' : f.repeated ? 'repeated' : f.required ? 'required' : 'optional';
      const row = { name: f.name, id: f.id, kind, type: rt ? strip(rt.fullName) : f.type, label };
      if (f.map) row.keyType = f.keyType;
      if (f.repeated && f.packed) row.packed = true;
      return row;
    });
  }
  const unions = {};
  for (const [name, cfg] of Object.entries(UNIONS)) {
    const t = r.lookupType(name);
    const en = t.fields.type.resolvedType;
    unions[name] = Object.keys(en.values).map((v) => {
      const payload = cfg.noPayload.includes(v) ? null : v.toLowerCase();
      const requiredCommon = Object.entries(cfg.requiredCommon)
        .filter(([, fn]) => fn(v))
        .map(([k]) => k);
      return {
        type: v,
        payload,
        payloadRequired: payload !== null && !cfg.optionalPayload.includes(v),
        requiredCommon,
      };
    });
  }
  return [
    '// Generated by scripts/gen.js from proto/. Do not edit.',
    '/* eslint-disable */',
    "import type { SchemaTable } from '../schema-table';",
    '',
    `export const schemaTable: SchemaTable = ${JSON.stringify({ messages: msgTable, enums: enumTable, unions })};`,
    '',
  ].join('\n');
}

/** `--copy-to DIR`: copy the generated protobufjs code beside the compiled output (tsc does not copy .js). */
function copyTo(dist) {
  const to = path.join(root, dist, 'src', 'wire', 'generated');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['pb.js', 'pb.d.ts']) fs.copyFileSync(path.join(outDir, f), path.join(to, f));
}

function main() {
  const i = process.argv.indexOf('--copy-to');
  if (i >= 0) return copyTo(process.argv[i + 1]);
  fs.mkdirSync(outDir, { recursive: true });
  const r = loadRoot();
  runPbjs();
  fs.writeFileSync(path.join(outDir, 'schema.ts'), emitSchema(r));
  fs.writeFileSync(path.join(outDir, 'model.ts'), emitModel(r));
}

main();
