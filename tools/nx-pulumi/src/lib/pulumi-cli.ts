import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { NxPulumiError } from './errors';

export const PULUMI_NOT_FOUND =
  'Pulumi CLI not found on PATH: install it from https://www.pulumi.com/docs/install/ ' +
  '(real deploys only; offline checks use `nx run-many -t synth`).';

/** The commands that reach the cloud. */
export type CloudCommand = 'preview' | 'up' | 'refresh' | 'destroy';

/** Overrides the folder of the embedded file backend (default `<workspaceRoot>/.pulumi-state`). */
export const STATE_DIR_VARIABLE = 'PAYMENTS_PULUMI_STATE_DIR';

/** The first executable `pulumi` on `PATH`, or undefined. */
export function findPulumi(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const windows = process.platform === 'win32';
  const extensions = windows ? (env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const extension of extensions) {
      const candidate = join(dir, `pulumi${extension.toLowerCase()}`);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here: keep looking
      }
    }
  }
  return undefined;
}

/** The policy pack folder, when the workspace has one. */
export function policyPackDir(workspaceRoot: string): string | undefined {
  const dir = join(workspaceRoot, 'packages', 'policies');
  return existsSync(join(dir, 'PulumiPolicy.yaml')) ? dir : undefined;
}

/** The argument array of the main command; `pulumi stack select` has run before it. */
export function commandArgs(command: CloudCommand, stack: string, policyPack?: string): string[] {
  const args = [command, '--stack', stack, '--non-interactive'];
  // preview changes nothing and needs no confirmation; the others must not wait for one.
  args.push(command === 'preview' ? '--diff' : '--yes');
  if (policyPack && (command === 'up' || command === 'preview')) args.push('--policy-pack', policyPack);
  return args;
}

/** Selects the stack, creating it (with the backend's default secrets provider) on first use. */
export function selectStackArgs(stack: string): string[] {
  return ['stack', 'select', '--create', stack, '--non-interactive'];
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Prepended to every line the CLI prints, e.g. `[network] `. */
  prefix: string;
}

function forward(
  input: NodeJS.ReadableStream | null,
  output: NodeJS.WritableStream,
  prefix: string,
): Promise<void> {
  if (!input) return Promise.resolve();
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => output.write(`${prefix}${line}\n`));
  return new Promise((done) => lines.once('close', done));
}

/**
 * Runs `pulumi <args>` (argument array, no shell) and resolves to its exit code once its output is flushed.
 * A binary that vanished between the PATH check and the spawn is the same clear error as a missing one.
 * SIGINT and SIGTERM sent to the task are passed on, so Pulumi cancels cleanly and releases the stack's lock
 * instead of running on as an orphan.
 */
export function runPulumi(pulumi: string, args: readonly string[], options: RunOptions): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(pulumi, [...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const flushed = Promise.all([
      forward(child.stdout, process.stdout, options.prefix),
      forward(child.stderr, process.stderr, options.prefix),
    ]);
    const passOn = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', passOn).on('SIGTERM', passOn);
    const stopPassingOn = () => process.off('SIGINT', passOn).off('SIGTERM', passOn);
    child.once('error', (error: NodeJS.ErrnoException) => {
      stopPassingOn();
      reject(error.code === 'ENOENT' ? new NxPulumiError(PULUMI_NOT_FOUND) : error);
    });
    child.once('close', (code) => {
      stopPassingOn();
      void flushed.then(() => resolvePromise(code ?? 1));
    });
  });
}

export interface Backend {
  /** The environment the CLI runs with. */
  env: NodeJS.ProcessEnv;
  /** Where the state lives, for the log. */
  description: string;
}

/** The backend `pulumi login` selected: `current` in `$PULUMI_HOME/credentials.json` (default `~/.pulumi`). */
export function loggedInBackend(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = join(env['PULUMI_HOME'] || join(homedir(), '.pulumi'), 'credentials.json');
  if (!existsSync(file)) return undefined;
  try {
    const { current } = JSON.parse(readFileSync(file, 'utf8')) as { current?: unknown };
    return typeof current === 'string' && current !== '' ? current : undefined;
  } catch {
    throw new NxPulumiError(`${file} is not valid JSON: run \`pulumi login\` again or remove it.`);
  }
}

/**
 * Chooses the state backend: `PULUMI_BACKEND_URL` when set, else the one `pulumi login` selected (or Pulumi Cloud
 * through `PULUMI_ACCESS_TOKEN`), else the embedded file backend in `<workspaceRoot>/.pulumi-state` (or
 * `$PAYMENTS_PULUMI_STATE_DIR`). A login is read from the CLI's credentials file, not probed with `pulumi whoami`:
 * a whoami that fails for a passing reason (network, expired token) must not switch a team's deploy to an empty
 * local backend, where `up` would create every resource a second time. The embedded backend encrypts secrets
 * with a passphrase, which must come from the user, never from code.
 */
export function resolveBackend(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): Backend {
  if (env['PULUMI_BACKEND_URL']) {
    return { env, description: `state backend ${env['PULUMI_BACKEND_URL']} (PULUMI_BACKEND_URL)` };
  }
  const login = loggedInBackend(env);
  if (login) return { env, description: `state backend ${login} (pulumi login)` };
  if (env['PULUMI_ACCESS_TOKEN'])
    return { env, description: 'state backend Pulumi Cloud (PULUMI_ACCESS_TOKEN)' };

  const dir = resolve(workspaceRoot, env[STATE_DIR_VARIABLE] || '.pulumi-state');
  const url = `file://${dir}`;
  if (env['PULUMI_CONFIG_PASSPHRASE'] === undefined && env['PULUMI_CONFIG_PASSPHRASE_FILE'] === undefined) {
    throw new NxPulumiError(
      `Not logged in to a Pulumi backend, and the embedded one (${url}) encrypts secrets with a passphrase: ` +
        'set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE, or choose a backend with ' +
        '`pulumi login` / PULUMI_BACKEND_URL.',
    );
  }
  mkdirSync(dir, { recursive: true });
  return { env: { ...env, PULUMI_BACKEND_URL: url }, description: `state backend ${url} (embedded default)` };
}
