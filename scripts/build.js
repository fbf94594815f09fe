#!/usr/bin/env node
'use strict';
// Compiles src/ to dist/ and copies the generated protobufjs static code beside it
// (tsc does not copy .js files).
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', path.join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
const from = path.join(root, 'src', 'wire', 'generated');
const to = path.join(root, 'dist', 'src', 'wire', 'generated');
for (const f of ['pb.js', 'pb.d.ts']) fs.copyFileSync(path.join(from, f), path.join(to, f));
