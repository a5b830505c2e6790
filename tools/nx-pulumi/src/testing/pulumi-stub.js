#!/usr/bin/env node
// A recording stand-in for the `pulumi` CLI, for tests only. Put a `pulumi` that runs it first on PATH.
//
// Every call appends one JSON line to $PULUMI_STUB_LOG:
//   { argv, cwd, project, head, start, end, code, backend }
//   (project = the cwd's folder name, head = `git rev-parse HEAD` in the cwd or null, times in ms)
// Behaviour:
//   stack history ...  prints the JSON list in the file $PULUMI_STUB_HISTORY (canned updates, newest first, each
//                      `{ version, environment: { "git.head": sha } }`), paged by --page and --page-size (default
//                      1 and 10, as the CLI); `[]` without the variable; exits 0
//   stack ...          exits 0 at once
//   anything else      prints a line on stdout and one on stderr, sleeps PULUMI_STUB_SLEEP_<PROJECT> seconds
//                      (else PULUMI_STUB_SLEEP, else 0), then exits 1 if PULUMI_STUB_FAIL is the project, else 0
'use strict';
const { spawnSync } = require('node:child_process');
const { appendFileSync, readFileSync } = require('node:fs');
const { basename } = require('node:path');

const argv = process.argv.slice(2);
const cwd = process.cwd();
const project = basename(cwd);
const start = Date.now();

/** The commit checked out where the CLI runs: what a rollback test asserts. */
function gitHead() {
  const git = spawnSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' });
  return git.status === 0 ? git.stdout.trim() : null;
}

function finish(code) {
  const log = process.env.PULUMI_STUB_LOG;
  if (log) {
    const backend = process.env.PULUMI_BACKEND_URL;
    const head = gitHead();
    appendFileSync(
      log,
      `${JSON.stringify({ argv, cwd, project, head, start, end: Date.now(), code, backend })}\n`,
    );
  }
  process.exit(code);
}

function flag(name, fallback) {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? Number(argv[i + 1]) : fallback;
}

if (argv[0] === 'stack' && argv[1] === 'history') {
  const file = process.env.PULUMI_STUB_HISTORY;
  const updates = file ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const size = flag('--page-size', 10);
  const page = flag('--page', 1);
  process.stdout.write(`${JSON.stringify(updates.slice((page - 1) * size, page * size), null, 2)}\n`);
  finish(0);
} else if (argv[0] === 'stack') {
  finish(0);
} else {
  const seconds = Number(
    process.env[`PULUMI_STUB_SLEEP_${project.toUpperCase()}`] ?? process.env.PULUMI_STUB_SLEEP ?? '0',
  );
  process.stdout.write(`stub: pulumi ${argv.join(' ')}\n`);
  process.stderr.write('stub: a line on stderr\n');
  setTimeout(() => finish(process.env.PULUMI_STUB_FAIL === project ? 1 : 0), seconds * 1000);
}
