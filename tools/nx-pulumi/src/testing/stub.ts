import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

/** One line of the stub's log. */
export interface StubCall {
  argv: string[];
  cwd: string;
  project: string;
  /** `git rev-parse HEAD` where the CLI ran, or null outside a git checkout. */
  head: string | null;
  start: number;
  end: number;
  code: number;
  backend?: string;
  /** The parsed `--policy-pack-config` file, when the call had one. */
  policyPackConfig?: Record<string, unknown>;
}

export interface Stub {
  /** A folder holding the `pulumi` stub; prepend it to PATH. */
  bin: string;
  log: string;
  /** Where the embedded file backend goes (PAYMENTS_PULUMI_STATE_DIR). */
  stateDir: string;
  /** An empty PULUMI_HOME: no `pulumi login` of the developer's leaks in. */
  pulumiHome: string;
  /** Where the stub keeps the state of s3:// and Pulumi Cloud backends (PULUMI_STUB_OBJECT_STORE). */
  objectStore: string;
  /** A PULUMI_CONFIG_PASSPHRASE_FILE with random content: no passphrase literal anywhere. */
  passphraseFile: string;
  /**
   * A developer's shell with this stub first on PATH: the embedded backend in `stateDir`, the passphrase file, an
   * empty PULUMI_HOME, not CI (cleanEnv); `extra` on top.
   */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  calls(): StubCall[];
  reset(): void;
  cleanup(): void;
}

/**
 * A temp folder with a `pulumi` that runs testing/pulumi-stub.js and logs to a temp file. The stub keeps the
 * state of a file:// backend where its URL points, and of s3:// and Pulumi Cloud backends in `objectStore`.
 */
export function createStub(): Stub {
  const dir = mkdtempSync(join(tmpdir(), 'nx-pulumi-stub-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const pulumi = join(bin, 'pulumi');
  writeFileSync(
    pulumi,
    `#!/bin/sh\nexec "${process.execPath}" "${join(__dirname, 'pulumi-stub.js')}" "$@"\n`,
  );
  chmodSync(pulumi, 0o755);
  const log = join(dir, 'calls.jsonl');
  const passphraseFile = join(dir, 'passphrase');
  writeFileSync(passphraseFile, randomBytes(24).toString('base64'), { mode: 0o600 });
  const stateDir = join(dir, 'state');
  const pulumiHome = join(dir, 'pulumi-home');
  const objectStore = join(dir, 'object-store');
  return {
    bin,
    log,
    stateDir,
    pulumiHome,
    objectStore,
    passphraseFile,
    env: (extra = {}) =>
      cleanEnv({
        PATH: [bin, pathWithoutPulumi()].join(delimiter),
        PULUMI_STUB_LOG: log,
        PULUMI_STUB_OBJECT_STORE: objectStore,
        PAYMENTS_PULUMI_STATE_DIR: stateDir,
        PULUMI_HOME: pulumiHome,
        PULUMI_CONFIG_PASSPHRASE_FILE: passphraseFile,
        ...extra,
      }),
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as StubCall)
        : [],
    reset: () => rmSync(log, { force: true }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** PATH without any folder that holds a `pulumi`, so that tests never reach a real CLI. */
export function pathWithoutPulumi(path = process.env['PATH'] ?? ''): string {
  return path
    .split(delimiter)
    .filter((dir) => dir !== '' && !existsSync(join(dir, 'pulumi')))
    .join(delimiter);
}

/** Variables that say "this is CI"; a test that wants CI sets them itself. */
export const CI_VARIABLES = ['CI', 'GITHUB_ACTIONS'] as const;

/**
 * The environment of a nested `nx` run: none of the outer task's NX_* variables, no daemon, no cloud, no
 * colours, no Pulumi login or backend of the developer's own, and not CI (the repository's own tests run under
 * CI=true, and in CI the executors refuse the embedded backend).
 */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('NX_') || key.startsWith('PULUMI_') || key.startsWith('JEST_')) continue;
    if (key === 'FORCE_COLOR' || key === 'PAYMENTS_PULUMI_STATE_DIR') continue;
    if ((CI_VARIABLES as readonly string[]).includes(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    PATH: pathWithoutPulumi(),
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_SKIP_NX_CACHE: 'true',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    ...extra,
  };
}

export interface NxRun {
  status: number | null;
  /** stdout and stderr together. */
  output: string;
}

/** `npx nx <args>` in the real workspace (or in `cwd`, a temp copy of it), as a user types it. */
export function runNx(args: string[], env: NodeJS.ProcessEnv, cwd: string = WORKSPACE_ROOT): NxRun {
  const result = spawnSync('npx', ['nx', ...args], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

export interface TimedLine {
  /** When this process read the line, ms since the epoch (the stub's log uses the same clock). */
  at: number;
  line: string;
}

/**
 * `npx nx <args>` like `runNx`, but reading its stdout and stderr as they come: every line with the time it
 * arrived, so a test can tell output streamed while a task ran from output printed after it.
 */
export function runNxTimed(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string = WORKSPACE_ROOT,
): Promise<NxRun & { lines: TimedLine[] }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npx', ['nx', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: TimedLine[] = [];
    const read = (input: NodeJS.ReadableStream) => {
      const reader = createInterface({ input, crlfDelay: Infinity });
      reader.on('line', (line) => lines.push({ at: Date.now(), line }));
      return new Promise<void>((done) => reader.once('close', done));
    };
    const streams = Promise.all([read(child.stdout), read(child.stderr)]);
    const timer = setTimeout(() => child.kill('SIGTERM'), 120_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      void streams.then(() => resolvePromise({ status, output: lines.map((l) => l.line).join('\n'), lines }));
    });
  });
}
