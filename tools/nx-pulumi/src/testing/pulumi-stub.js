#!/usr/bin/env node
// A recording stand-in for the `pulumi` CLI, for tests only. Put a `pulumi` that runs it first on PATH.
//
// Every call appends one JSON line to $PULUMI_STUB_LOG:
//   { argv, cwd, project, start, end, code, backend }   (project = the cwd's folder name, times in ms)
// Behaviour:
//   stack ...          exits 0 at once
//   anything else      prints a line on stdout and one on stderr, sleeps PULUMI_STUB_SLEEP_<PROJECT> seconds
//                      (else PULUMI_STUB_SLEEP, else 0), then exits 1 if PULUMI_STUB_FAIL is the project, else 0
'use strict';
const { appendFileSync } = require('node:fs');
const { basename } = require('node:path');

const argv = process.argv.slice(2);
const cwd = process.cwd();
const project = basename(cwd);
const start = Date.now();

function finish(code) {
  const log = process.env.PULUMI_STUB_LOG;
  if (log) {
    const backend = process.env.PULUMI_BACKEND_URL;
    appendFileSync(log, `${JSON.stringify({ argv, cwd, project, start, end: Date.now(), code, backend })}\n`);
  }
  process.exit(code);
}

if (argv[0] === 'stack') finish(0);

const seconds = Number(
  process.env[`PULUMI_STUB_SLEEP_${project.toUpperCase()}`] ?? process.env.PULUMI_STUB_SLEEP ?? '0',
);
process.stdout.write(`stub: pulumi ${argv.join(' ')}\n`);
process.stderr.write('stub: a line on stderr\n');
setTimeout(() => finish(process.env.PULUMI_STUB_FAIL === project ? 1 : 0), seconds * 1000);
