#!/usr/bin/env node
// A recording stand-in for the `pulumi` CLI, for tests only. Put a `pulumi` that runs it first on PATH.
// It speaks the formats of the real CLI v3.248.0 (github.com/pulumi/pulumi, paths below) where tests rely on them.
//
// Every call appends one JSON line to $PULUMI_STUB_LOG:
//   { argv, cwd, project, head, start, end, code, backend, policyPackConfig? }
//   (project = the cwd's folder name, head = `git rev-parse HEAD` in the cwd or null, times in ms (start: when the
//    process was created),
//    policyPackConfig = the parsed content of the --policy-pack-config file, read as the CLI reads it)
//
// State: a self-managed backend is kept in the layout of pkg/backend/diy (store.go): a stack exists when
// <root>/.pulumi/stacks/<project>/<stack>.json does, and each update is a <root>/.pulumi/history/<project>/<stack>/
// <stack>-<unix nanos>.history.json holding backend.UpdateInfo as the diy backend stores it, with no version
// (state.go addToHistory). <root> is the path of a file:// URL; s3:// and https:// (Pulumi Cloud, which numbers
// its updates) live under $PULUMI_STUB_OBJECT_STORE.
//
// Behaviour:
//   stack select <s> [--create]   exists: 0. Missing: with --create, creates it (below); else
//                                 "error: no stack named '<s>' found" on stderr, exit 6 (cmd/exit_codes.go)
//   stack init|new --stack <s>    creates it: "Created stack '<s>'"; exists already: "error: stack '<s>' already
//                                 exists", exit 1. Creating writes the secrets provider's key material into
//                                 Pulumi.<stack>.yaml unless it is there (stack/io.go CreateStack): the passphrase
//                                 provider an encryptionsalt, a cloud KMS provider secretsprovider + encryptedkey
//   stack history --json          the updates newest first, paged by --page and --page-size (default 1 and 10) as
//                                 diy/state.go getHistory pages them, printed as stack/stack_history.go
//                                 updateInfoJSON (version 0 on a self-managed backend); missing stack: exit 6
//   stack export [--file f]       the stack's deployment as apitype.UntypedDeployment ({ version: 3, deployment }, the
//                                 checkpoint's `latest`: stack/stack_export.go), to --file or stdout; missing: exit 6
//   stack import --file f         writes that deployment as the checkpoint's `latest` (stack/stack_import.go,
//                                 stack/checkpoint.go MarshalUntypedDeploymentToVersionedCheckpoint): "Import
//                                 complete."; missing stack: exit 6. PULUMI_STUB_IMPORT_KEEP=<n> keeps only the first n
//                                 resources: an import that lost some, for the tests of the check after it
//   stack output --json           the root pulumi:pulumi:Stack resource's outputs, secrets blinded as "[secret]"
//                                 (stack/stack_output.go), two-space JSON; missing stack: exit 6
//   stack ...                     exit 0
//   refresh --preview-only        read-only (diy/backend.go Refresh: no lock, no update recorded). With --yes or
//                                 --skip-preview: "error: --yes and --preview-only cannot be used together", exit 1
//                                 (operations/io.go). Missing stack: exit 6. With --json, prints the preview digest
//                                 (display/json.go ShowPreviewDigest, four-space indent): the file named by
//                                 PULUMI_STUB_REFRESH_<PROJECT>, else a clean one (every step `refresh`); a line on
//                                 stderr, the sleep, and exit 1 if PULUMI_STUB_FAIL is the project folder
//   preview|up|refresh|destroy    missing stack: exit 6. A stack file without its key material gets a new one
//                                 written into it, as the real CLI does (stack/secrets.go). Then prints a line on
//                                 stdout and one on stderr, sleeps PULUMI_STUB_SLEEP_<PROJECT> seconds (else
//                                 PULUMI_STUB_SLEEP, else 0), exits 1 if PULUMI_STUB_FAIL is the project folder,
//                                 else 0; up, refresh and destroy record an update in the history (failed ones too).
//                                 A successful up stores the deployment of the file PULUMI_STUB_DEPLOYMENT_<PROJECT>
//                                 names (as `pulumi stack export` prints one) as the checkpoint's `latest`
//   anything else                 the same line, sleep and exit code, no state
'use strict';
const { spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} = require('node:fs');
const { homedir } = require('node:os');
const { basename, join, resolve } = require('node:path');

const argv = process.argv.slice(2);
const cwd = process.cwd();
const folder = basename(cwd);
// When the process was created (Node's performance.timeOrigin), not when this script got to run: a caller's
// `pulumi` call starts at its spawn, and the stub's own Node start (40-150 ms) is no part of a real, native CLI's.
const start = Math.floor(performance.timeOrigin);
const env = process.env;

function git(...args) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

let policyPackConfig;

function finish(code) {
  if (env.PULUMI_STUB_LOG) {
    const line = { argv, cwd, project: folder, head: git('rev-parse', 'HEAD'), start, end: Date.now(), code };
    line.backend = env.PULUMI_BACKEND_URL;
    if (policyPackConfig !== undefined) line.policyPackConfig = policyPackConfig;
    appendFileSync(env.PULUMI_STUB_LOG, `${JSON.stringify(line)}\n`);
  }
  process.exit(code);
}

/** The diag sink's error line (sdk/go/common/util/cmdutil/exit.go DisplayErrorMessage). */
function error(message, code) {
  process.stderr.write(`error: ${message}\n`);
  finish(code);
}

function flag(name) {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : undefined;
}

/** The project (`name` in Pulumi.yaml) and its backend.url, as the CLI reads them from the cwd. */
function readProject() {
  const file = join(cwd, 'Pulumi.yaml');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const name = /^name:\s*['"]?([^'"\s]+)/m.exec(text)?.[1];
  const backendUrl = /^backend:\s*\n\s+url:\s*['"]?([^'"\s]+)/m.exec(text)?.[1];
  return { name, backendUrl };
}

/** The backend URL as pkg/workspace/creds.go GetCurrentCloudURL picks it. */
function backendUrl(project) {
  if (env.PULUMI_BACKEND_URL) return env.PULUMI_BACKEND_URL;
  if (project.backendUrl) return project.backendUrl;
  const folder = env.PULUMI_CREDENTIALS_PATH || env.PULUMI_HOME || join(homedir(), '.pulumi');
  const file = join(folder, 'credentials.json');
  if (existsSync(file)) {
    const current = JSON.parse(readFileSync(file, 'utf8')).current;
    if (current) return current;
  }
  return 'https://api.pulumi.com';
}

const project = readProject();
const url = backendUrl(project);
const cloud = /^https?:\/\//.test(url);

function storeRoot() {
  if (url.startsWith('file://')) return url.slice('file://'.length);
  if (!env.PULUMI_STUB_OBJECT_STORE)
    error(`stub: set PULUMI_STUB_OBJECT_STORE to keep the state of ${url}`, 1);
  if (cloud) {
    if (!env.PULUMI_ACCESS_TOKEN) {
      error('PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions', 1);
    }
    return join(env.PULUMI_STUB_OBJECT_STORE, 'pulumi-cloud');
  }
  return join(env.PULUMI_STUB_OBJECT_STORE, url.replace(/^(\w+):\/\//, '$1/'));
}

/** `[org/][project/]name` -> its parts; the diy backend's org is always `organization`. */
function parseStack(text) {
  const parts = text.split('/');
  const name = parts[parts.length - 1];
  const projectName = parts.length >= 2 ? parts[parts.length - 2] : project.name;
  const org = parts.length === 3 ? parts[0] : 'organization';
  return { text, name, project: projectName, org, full: `${org}/${projectName}/${name}` };
}

const stackPaths = (stack) => {
  const root = storeRoot();
  return {
    state: join(root, '.pulumi', 'stacks', stack.project, `${stack.name}.json`),
    history: join(root, '.pulumi', 'history', stack.project, stack.name),
  };
};

const stackExists = (stack) => existsSync(stackPaths(stack).state);

/** How StackNotFoundError names a stack `stack select` parsed: the current project's stacks by name alone. */
const selectName = (stack) => (!cloud && stack.project === project.name ? stack.name : stack.text);

// ---- the stack file and its secrets provider (pkg/secrets/passphrase/manager.go, stack/secrets.go) ----

const stackFileOf = (stack) => join(cwd, `Pulumi.${stack.name}.yaml`);

function readStackFile(stack) {
  const file = stackFileOf(stack);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const field = (name) => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(text)?.[1];
  return {
    file,
    text,
    provider: field('secretsprovider'),
    salt: field('encryptionsalt'),
    key: field('encryptedkey'),
  };
}

/** PULUMI_CONFIG_PASSPHRASE (even empty: the CLI accepts it) or a non-empty PULUMI_CONFIG_PASSPHRASE_FILE. */
function requirePassphrase(prefix) {
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined) return;
  if (env.PULUMI_CONFIG_PASSPHRASE_FILE) {
    if (!existsSync(resolve(env.PULUMI_CONFIG_PASSPHRASE_FILE))) {
      error(`${prefix}unable to read PULUMI_CONFIG_PASSPHRASE_FILE: no such file`, 1);
    }
    return;
  }
  error(
    `${prefix}passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables`,
    1,
  );
}

/** Inserts top-level fields before `config:`, as ProjectStack is marshalled (secrets fields first). */
function writeSecretsFields(file, text, fields) {
  // A field the file holds already (a committed secretsprovider) stays where it is.
  const lines = Object.entries(fields)
    .filter(([k]) => !new RegExp(`^${k}:`, 'm').test(text))
    .map(([k, v]) => `${k}: ${v}\n`);
  const at = text.search(/^config:/m);
  const updated = at >= 0 ? text.slice(0, at) + lines.join('') + text.slice(at) : text + lines.join('');
  writeFileSync(file, updated);
}

/** What GetSecretsManager does with the stack file: reuse its key material, or write new material into it. */
function ensureKeyMaterial(stack, provider, prefix = '') {
  const current = readStackFile(stack);
  const chosen = provider && provider !== 'default' ? provider : current.provider;
  if (chosen && chosen !== 'passphrase' && chosen !== 'default') {
    if (!current.key) {
      writeSecretsFields(current.file, current.text, {
        secretsprovider: chosen,
        encryptedkey: randomBytes(48).toString('base64'),
      });
    }
    return;
  }
  const passphrase = chosen === 'passphrase' || !cloud || current.salt;
  if (!passphrase) return;
  requirePassphrase(prefix);
  if (!current.salt) {
    // "v1:<salt>:<encrypted test message>", as NewPassphraseSecretsManager makes it.
    const salt = `v1:${randomBytes(8).toString('base64')}:v1:${randomBytes(12).toString('base64')}:${randomBytes(32).toString('base64')}`;
    writeSecretsFields(current.file, current.text, { encryptionsalt: salt });
  }
}

function createStack(stack, secretsProvider) {
  if (stackExists(stack)) error(`stack '${stack.full}' already exists`, 1);
  ensureKeyMaterial(stack, secretsProvider, 'could not create secrets manager for new stack: ');
  const { state } = stackPaths(stack);
  mkdirSync(join(state, '..'), { recursive: true });
  writeFileSync(
    state,
    `${JSON.stringify({ version: 3, checkpoint: { stack: stack.full, latest: null } })}\n`,
  );
  process.stdout.write(`Created stack '${selectName(stack)}'\n`);
}

// ---- the checkpoint (apitype.VersionedCheckpoint { version, checkpoint: { stack, latest } }, diy/state.go) ----

function readCheckpoint(stack) {
  return JSON.parse(readFileSync(stackPaths(stack).state, 'utf8'));
}

function writeLatest(stack, deployment) {
  const checkpoint = readCheckpoint(stack);
  checkpoint.checkpoint.latest = deployment;
  writeFileSync(stackPaths(stack).state, `${JSON.stringify(checkpoint)}\n`);
}

/** A secret as the engine serializes it (resource/sig.go): shown blinded unless --show-secrets. */
const isSecret = (v) =>
  v !== null &&
  typeof v === 'object' &&
  v['4dabf18193072939515e22adb298388d'] === '1b47061264138c4ac30d75fd1eb44270';

function blind(value) {
  if (isSecret(value)) return '[secret]';
  if (Array.isArray(value)) return value.map(blind);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blind(v)]));
  }
  return value;
}

// ---- history (pkg/backend/updates.go UpdateInfo, pkg/cmd/pulumi/stack/stack_history.go updateInfoJSON) ----

/** `2006-01-02T15:04:05.000Z07:00` in UTC, as cmd/time.go FormatTime prints it. */
const formatTime = (unixSeconds) => new Date(unixSeconds * 1000).toISOString();

function stackConfig(stack) {
  const { text } = readStackFile(stack);
  const config = {};
  const body = text.split(/^config:\s*$/m)[1] ?? '';
  for (const match of body.matchAll(/^ {2}([\w.-]+:[\w.-]+):\s*(\S.*)?$/gm)) {
    config[match[1]] = { value: match[2] ?? '', secret: false };
  }
  return config;
}

function recordUpdate(stack, kind, result, startSeconds) {
  const { history } = stackPaths(stack);
  mkdirSync(history, { recursive: true });
  const environment = { 'exec.kind': 'cli' };
  const head = git('rev-parse', 'HEAD');
  if (head) {
    environment['git.head'] = head;
    const headName = git('symbolic-ref', '-q', 'HEAD');
    if (headName) environment['git.headName'] = headName;
    environment['git.dirty'] = String((git('status', '--porcelain') ?? '') !== '');
  }
  const existing = readdirSync(history).filter((f) => f.endsWith('.history.json')).length;
  const update = {
    kind,
    startTime: startSeconds,
    // The commit's title when no --message is given (cmd/pulumi/metadata/metadata.go).
    message: flag('--message') ?? (head ? git('log', '-1', '--format=%s') : '') ?? '',
    environment,
    config: stackConfig(stack),
    // Only Pulumi Cloud numbers updates; the diy backend never sets it (diy/backend.go apply).
    version: cloud ? existing + 1 : 0,
    result,
    endTime: Math.floor(Date.now() / 1000),
    resourceChanges: result === 'succeeded' ? { same: 1 } : {},
  };
  const nanos = `${BigInt(Date.now()) * 1000000n + BigInt(existing)}`;
  writeFileSync(join(history, `${stack.name}-${nanos}.history.json`), JSON.stringify(update));
}

function printHistory(stack) {
  const { history } = stackPaths(stack);
  const files = existsSync(history)
    ? readdirSync(history)
        .filter((f) => f.endsWith('.history.json'))
        .sort()
        .reverse()
    : [];
  let size = Number(flag('--page-size') ?? 10);
  let page = Number(flag('--page') ?? 1);
  let rows = files;
  if (size > 0) {
    if (page < 1) page = 1;
    rows = files.slice((page - 1) * size, page * size);
  }
  const updates = rows.map((file) => {
    const u = JSON.parse(readFileSync(join(history, file), 'utf8'));
    const json = {
      version: u.version,
      kind: u.kind,
      startTime: formatTime(u.startTime),
      message: u.message,
      environment: u.environment,
      config: u.config,
      result: u.result,
    };
    if (u.result !== 'in-progress') {
      json.endTime = formatTime(u.endTime);
      json.resourceChanges = u.resourceChanges ?? {};
    }
    return json;
  });
  process.stdout.write(`${JSON.stringify(updates, null, 2)}\n`);
}

// ---- refresh --preview-only --json (pkg/display/json.go PreviewDigest) ----

/** A digest with nothing drifted: the stack's root resource, still `refresh`, and `same` counted once. */
function cleanDigest(stack) {
  const name = stack ? stack.name : 'dev';
  const projectName = stack ? stack.project : project.name;
  const urn = `urn:pulumi:${name}::${projectName}::pulumi:pulumi:Stack::${projectName}-${name}`;
  const state = { urn, custom: false, type: 'pulumi:pulumi:Stack' };
  return {
    steps: [{ op: 'refresh', urn, oldState: state, newState: state, detailedDiff: null }],
    duration: 1000000000,
    changeSummary: { same: 1 },
  };
}

// ---- commands ----

function stackArg() {
  const positional = argv
    .slice(2)
    .find((a, i, all) => !a.startsWith('-') && !(all[i - 1] ?? '').startsWith('--'));
  return flag('--stack') ?? flag('-s') ?? positional;
}

function readPolicyPackConfig() {
  const file = flag('--policy-pack-config');
  if (file === undefined) return;
  if (!argv.includes('--policy-pack'))
    error('"--policy-pack-config" must be specified with "--policy-pack"', 2);
  policyPackConfig = JSON.parse(readFileSync(resolve(file), 'utf8'));
}

if (argv[0] === 'stack' && argv[1] === 'select') {
  const stack = parseStack(stackArg());
  if (stackExists(stack)) finish(0);
  if (argv.includes('--create') || argv.includes('-c')) {
    createStack(stack, flag('--secrets-provider'));
    finish(0);
  }
  error(`no stack named '${selectName(stack)}' found`, 6);
} else if (argv[0] === 'stack' && (argv[1] === 'init' || argv[1] === 'new')) {
  createStack(parseStack(stackArg()), flag('--secrets-provider'));
  finish(0);
} else if (argv[0] === 'stack' && (argv[1] === 'history' || argv[1] === 'hist')) {
  const stack = parseStack(stackArg());
  if (!stackExists(stack)) error(`no stack named '${stack.text}' found`, 6);
  printHistory(stack);
  finish(0);
} else if (argv[0] === 'stack' && argv[1] === 'export') {
  const stack = parseStack(flag('--stack') ?? flag('-s') ?? '');
  if (!stackExists(stack)) error(`no stack named '${stack.text}' found`, 6);
  const latest = readCheckpoint(stack).checkpoint.latest;
  const deployment = latest ?? { manifest: { time: new Date(start).toISOString(), magic: '', version: '' } };
  const text = `${JSON.stringify({ version: 3, deployment }, null, 4)}\n`;
  const file = flag('--file');
  if (file) writeFileSync(resolve(file), text);
  else process.stdout.write(text);
  finish(0);
} else if (argv[0] === 'stack' && argv[1] === 'import') {
  const stack = parseStack(flag('--stack') ?? flag('-s') ?? '');
  if (!stackExists(stack)) error(`no stack named '${stack.text}' found`, 6);
  const file = flag('--file');
  const untyped = JSON.parse(readFileSync(file ? resolve(file) : 0, 'utf8'));
  const keep = env.PULUMI_STUB_IMPORT_KEEP;
  const deployment =
    keep === undefined
      ? untyped.deployment
      : { ...untyped.deployment, resources: (untyped.deployment.resources ?? []).slice(0, Number(keep)) };
  writeLatest(stack, deployment);
  process.stdout.write('Import complete.\n');
  finish(0);
} else if (argv[0] === 'stack' && argv[1] === 'output') {
  const stack = parseStack(flag('--stack') ?? flag('-s') ?? '');
  if (!stackExists(stack)) error(`no stack named '${stack.text}' found`, 6);
  const latest = readCheckpoint(stack).checkpoint.latest;
  const root = (latest?.resources ?? []).find((r) => r.type === 'pulumi:pulumi:Stack');
  const outputs = argv.includes('--show-secrets') ? (root?.outputs ?? {}) : blind(root?.outputs ?? {});
  process.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`);
  finish(0);
} else if (argv[0] === 'stack') {
  finish(0);
} else if (argv[0] === 'refresh' && argv.includes('--preview-only')) {
  if (argv.includes('--yes') || argv.includes('-y'))
    error('--yes and --preview-only cannot be used together', 1);
  if (argv.includes('--skip-preview') || argv.includes('-f')) {
    error('--skip-preview and --preview-only cannot be used together', 1);
  }
  const stackText = flag('--stack') ?? flag('-s');
  const stack = stackText ? parseStack(stackText) : undefined;
  if (stack && !stackExists(stack)) error(`no stack named '${stack.text}' found`, 6);
  if (stack) ensureKeyMaterial(stack);
  const fixture = env[`PULUMI_STUB_REFRESH_${folder.toUpperCase()}`];
  const seconds = Number(env[`PULUMI_STUB_SLEEP_${folder.toUpperCase()}`] ?? env.PULUMI_STUB_SLEEP ?? '0');
  process.stderr.write('stub: a line on stderr\n');
  setTimeout(() => {
    if (env.PULUMI_STUB_FAIL === folder) error('refreshing: the stub was told to fail', 1);
    if (argv.includes('--json')) {
      process.stdout.write(
        fixture ? readFileSync(fixture, 'utf8') : `${JSON.stringify(cleanDigest(stack), null, 4)}\n`,
      );
    } else {
      process.stdout.write(`stub: pulumi ${argv.join(' ')}\n`);
    }
    finish(0);
  }, seconds * 1000);
} else {
  const operation = ['preview', 'up', 'update', 'refresh', 'destroy'].includes(argv[0]);
  const stackText = flag('--stack') ?? flag('-s');
  const stack = operation && stackText ? parseStack(stackText) : undefined;
  if (stack && !stackExists(stack)) error(`no stack named '${stack.text}' found`, 6);
  if (stack) {
    readPolicyPackConfig();
    ensureKeyMaterial(stack);
  }
  const seconds = Number(env[`PULUMI_STUB_SLEEP_${folder.toUpperCase()}`] ?? env.PULUMI_STUB_SLEEP ?? '0');
  process.stdout.write(`stub: pulumi ${argv.join(' ')}\n`);
  process.stderr.write('stub: a line on stderr\n');
  const startSeconds = Math.floor(start / 1000);
  setTimeout(() => {
    const code = env.PULUMI_STUB_FAIL === folder ? 1 : 0;
    if (stack && argv[0] === 'up' && code === 0) {
      const fixture = env[`PULUMI_STUB_DEPLOYMENT_${folder.toUpperCase()}`];
      if (fixture) writeLatest(stack, JSON.parse(readFileSync(fixture, 'utf8')).deployment);
    }
    if (stack && argv[0] !== 'preview') {
      const kind = argv[0] === 'up' ? 'update' : argv[0];
      recordUpdate(stack, kind, code === 0 ? 'succeeded' : 'failed', startSeconds);
    }
    finish(code);
  }, seconds * 1000);
}
