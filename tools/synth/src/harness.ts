import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { StackResource } from '@payments/mocks';
import { run } from '@payments/processes';

/**
 * The harness runs one Pulumi program under runtime mocks in a process of its own (the Pulumi runtime is
 * process-global). Its protocol, defined here and nowhere else:
 *
 *   node -r <root>/node_modules/@swc-node/register <root>/tools/synth/src/child.ts <request.json> <result.json>
 *
 * in the program's project folder (whose tsconfig.json compiles it), where `<root>` is a workspace: this one for
 * synth, or the checkout of an old commit for a rollback, which must run that commit's own harness, mocks and
 * packages. The request and the result travel as files, so that whatever the program prints cannot corrupt them.
 * Commits keep the path and the shapes below, so that a rollback can run a harness older than this code.
 */
export const HARNESS_PATH = 'tools/synth/src/child.ts';

/** The workspace this harness belongs to. */
export const HARNESS_ROOT = resolve(__dirname, '../../..');

export interface HarnessRequest {
  /** The program: Pulumi.yaml `main`, resolved. */
  programPath: string;
  /** The Pulumi project name, `payments-<domain>`. */
  project: string;
  /** The stack name: the environment. */
  env: string;
  /** `namespace:key` -> value, as the Pulumi runtime reads `Pulumi.<env>.yaml`. */
  config: Record<string, string>;
  /** The exports of the upstream stacks by full stack path, for the program's StackReferences. */
  stackOutputs: Record<string, Record<string, unknown>>;
}

/** What the harness writes to its result file. */
export type HarnessResult =
  | {
      ok: true;
      resources: StackResource[];
      outputs: Record<string, unknown>;
      secretOutputs: string[];
      reads: { stack: string; outputs: string[] }[];
    }
  | { ok: false; error: string };

/** A harness run that produced no result, and why. */
export interface HarnessFailure {
  ok: false;
  error: string;
  /** No harness in that workspace, no swc there, the process died, or the program failed. */
  reason: 'no-harness' | 'no-register' | 'crashed' | 'failed';
}

export type HarnessOutcome = Extract<HarnessResult, { ok: true }> | HarnessFailure;

/** Runs `request` with the harness of the workspace at `root`, in `projectDir`: the one launcher. */
export async function runHarness(args: {
  root: string;
  projectDir: string;
  request: HarnessRequest;
}): Promise<HarnessOutcome> {
  const harness = join(args.root, HARNESS_PATH);
  if (!existsSync(harness)) {
    return { ok: false, reason: 'no-harness', error: `${args.root} has no synth harness (${HARNESS_PATH}).` };
  }
  let register: string;
  try {
    register = require.resolve('@swc-node/register', { paths: [args.root] });
  } catch {
    return {
      ok: false,
      reason: 'no-register',
      error: `${args.root} has no @swc-node/register installed, which the synth harness needs.`,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'payments-synth-'));
  try {
    const requestFile = join(dir, 'request.json');
    const resultFile = join(dir, 'result.json');
    writeFileSync(requestFile, JSON.stringify(args.request));
    const child = await run(process.execPath, ['-r', register, harness, requestFile, resultFile], {
      cwd: args.projectDir,
      env: { ...process.env, SWC_NODE_PROJECT: join(args.projectDir, 'tsconfig.json') },
    });
    if (!existsSync(resultFile)) {
      const detail = (child.stderr || child.stdout || '').trim().split('\n').slice(-15).join('\n');
      return {
        ok: false,
        reason: 'crashed',
        error: `the program crashed before finishing (exit ${child.code}):\n${detail}`,
      };
    }
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as HarnessResult;
    return result.ok ? result : { ok: false, reason: 'failed', error: String(result.error) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let inProcessQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `request` in this process instead of a child: what `nx run-many -t synth` does (one process for the whole
 * environment, the same mocks), so that @pulumi/pulumi and @pulumi/aws load once, not once per stack. Only for this
 * workspace's own harness (a base checkout runs its own, with runHarness). The program compiles as in the child
 * (swc with its project's tsconfig.json, in its project folder). Runs queue (the Pulumi runtime is process-global);
 * each program's own modules load afresh, as they would in a child, and a program that calls process.exit fails
 * alone instead of taking the process down.
 */
export async function runInProcess(args: {
  projectDir: string;
  request: HarnessRequest;
}): Promise<HarnessOutcome> {
  const run = inProcessQueue.then(() => runQueued(args));
  inProcessQueue = run.catch(() => undefined);
  return run;
}

/** Compiles TypeScript on require, as `-r @swc-node/register` does for the child; returns the undo. */
function compileTypeScript(projectDir: string): () => void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { register } = require('@swc-node/register/register') as {
    register(options: object): () => void;
  };
  const { readDefaultTsConfig } = require('@swc-node/register/read-default-tsconfig') as {
    readDefaultTsConfig(tsconfig: string): object;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return register(readDefaultTsConfig(join(projectDir, 'tsconfig.json')));
}

/**
 * A full garbage collection, as jest's leak detector gets one: the finished program's resources go before the next
 * program runs, which keeps the process's peak memory near one program's (measured: 244-260 MiB against 248-268 MiB
 * for staging's five stacks), for about 20 ms.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function runQueued(args: { projectDir: string; request: HarnessRequest }): Promise<HarnessOutcome> {
  // Nx drops its own TypeScript hook once the executor is loaded; a process that still has one keeps it.
  const uncompile = require.extensions?.['.ts'] ? () => {} : compileTypeScript(args.projectDir);
  // Loaded on first use: it brings in @pulumi/pulumi, which the rest of the engine does without.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runProgram } = require('./program') as typeof import('./program');
  const loaded = new Set(Object.keys(require.cache));
  const cwd = process.cwd();
  const exit = process.exit;
  let exitCode: string | undefined;
  let result: HarnessResult;
  process.chdir(args.projectDir);
  process.exit = ((code?: number | string | null) => {
    exitCode = String(code ?? process.exitCode ?? 0);
    throw new Error(`process.exit(${exitCode})`);
  }) as typeof process.exit;
  try {
    result = await runProgram(args.request);
  } finally {
    process.exit = exit;
    process.chdir(cwd);
    uncompile();
    // The next program loads its own workspace modules afresh; what it shares is node_modules (Pulumi, the AWS SDK).
    for (const id of Object.keys(require.cache)) {
      if (!loaded.has(id) && !id.includes(`${sep}node_modules${sep}`)) delete require.cache[id];
    }
    collectGarbage();
  }
  if (exitCode !== undefined) {
    return { ok: false, reason: 'crashed', error: `the program crashed before finishing (exit ${exitCode})` };
  }
  // The same plain data the child's result file carries.
  const plain = JSON.parse(JSON.stringify(result)) as HarnessResult;
  return plain.ok ? plain : { ok: false, reason: 'failed', error: String(plain.error) };
}
