import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { missingKeyMaterial, usesPassphrase, type BackendKind, type StackSecrets } from '@payments/config';
import { run } from '@payments/processes';
import { NxPulumiError } from './errors';

export const PULUMI_NOT_FOUND =
  'Pulumi CLI not found on PATH: install it from https://www.pulumi.com/docs/install/ ' +
  '(real deploys only; offline checks use `nx run-many -t synth`).';

/** The commands that reach the cloud. */
export type CloudCommand = 'preview' | 'up' | 'refresh' | 'destroy';

/**
 * The exit code of the Pulumi CLI for a stack that does not exist (v3.248.0 pkg/cmd/pulumi/cmd/exit_codes.go
 * `ExitStackNotFound`, "part of the contract for automation ... stable once released").
 */
export const EXIT_STACK_NOT_FOUND = 6;

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

/** The policy pack and its config file (`--policy-pack` / `--policy-pack-config`, paired in that order). */
export interface PolicyPackRun {
  dir: string;
  /** The JSON file of per-policy config (Pulumi v3.248.0 pkg/resource/analyzer/config.go). */
  config?: string;
}

/** The argument array of the main command; `pulumi stack select` has run before it. */
export function commandArgs(command: CloudCommand, stack: string, policyPack?: PolicyPackRun): string[] {
  const args = [command, '--stack', stack, '--non-interactive'];
  // preview changes nothing and needs no confirmation; the others must not wait for one.
  args.push(command === 'preview' ? '--diff' : '--yes');
  if (policyPack && (command === 'up' || command === 'preview')) {
    args.push('--policy-pack', policyPack.dir);
    if (policyPack.config) args.push('--policy-pack-config', policyPack.config);
  }
  return args;
}

/** Selects an existing stack, never creating one: a missing stack is exit code 6 (only `up` then runs `stack init`). */
export function selectStackArgs(stack: string): string[] {
  return ['stack', 'select', stack, '--non-interactive'];
}

/**
 * Creates the stack on the backend (`pulumi stack init`, an alias of `stack new`): the secrets provider writes
 * its key material into `Pulumi.<env>.yaml`, to be committed.
 */
export function initStackArgs(stack: string, secretsProvider?: string): string[] {
  return [
    'stack',
    'init',
    '--stack',
    stack,
    '--non-interactive',
    ...(secretsProvider ? ['--secrets-provider', secretsProvider] : []),
  ];
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Prepended to every line the CLI prints, e.g. `[network] `. */
  prefix: string;
}

/**
 * Runs `pulumi <args>` with every line it prints prefixed, and resolves to its exit code once its output is
 * flushed. SIGINT and SIGTERM sent to the task are passed on (`run`, @payments/processes), so Pulumi cancels
 * cleanly and releases the stack's lock instead of running on as an orphan. A binary that vanished between the
 * PATH check and the spawn is the same clear error as a missing one.
 */
export async function runPulumi(
  pulumi: string,
  args: readonly string[],
  options: RunOptions,
): Promise<number> {
  const { code } = await run(pulumi, args, { ...options, notFound: PULUMI_NOT_FOUND });
  return code;
}

export interface Backend {
  /** The environment the CLI runs with. */
  env: NodeJS.ProcessEnv;
  /** Where the state lives, for the log. */
  description: string;
  /** The backend's URL (`https://api.pulumi.com`, `s3://bucket`, `file:///...`). */
  url: string;
  /** Self-managed (file, S3, ...: no update numbers, passphrase by default) or Pulumi Cloud. */
  kind: BackendKind;
  /** The file backend in the workspace that this plugin picks when nothing else is configured. */
  embedded: boolean;
}

/** Whether this runs in CI: `CI` (anything but false/0) or `GITHUB_ACTIONS` set, as runners set them. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env['CI'];
  return (ci !== undefined && ci !== '' && !/^(false|0)$/i.test(ci)) || !!env['GITHUB_ACTIONS'];
}

/**
 * Pulumi Cloud (or a self-hosted Pulumi service) speaks HTTP(S); every other backend URL (file://, s3://, gs://,
 * azblob://, postgres://) is self-managed: Pulumi v3.248.0 pkg/backend/diy `IsDIYBackendURL`.
 */
export function backendKind(url: string): BackendKind {
  return /^https?:\/\//i.test(url) ? 'pulumi-cloud' : 'self-managed';
}

/**
 * The CLI's credentials file: `credentials.json` in `$PULUMI_CREDENTIALS_PATH`, else in `$PULUMI_HOME`, else in
 * `~/.pulumi` (an empty variable counts as unset). Pulumi v3.248.0 sdk/go/common/workspace/creds.go
 * `getCredsFilePath` and paths.go `GetPulumiHomeDir`.
 */
export function credentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  const folder = env['PULUMI_CREDENTIALS_PATH'] || env['PULUMI_HOME'] || join(homedir(), '.pulumi');
  return join(folder, 'credentials.json');
}

/** The backend `pulumi login` selected: `current` in the credentials file. */
export function loggedInBackend(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = credentialsFile(env);
  if (!existsSync(file)) return undefined;
  try {
    const { current } = JSON.parse(readFileSync(file, 'utf8')) as { current?: unknown };
    return typeof current === 'string' && current !== '' ? current : undefined;
  } catch {
    throw new NxPulumiError(`${file} is not valid JSON: run \`pulumi login\` again or remove it.`);
  }
}

/**
 * Variables Pulumi treats as unset when empty, or (the passphrase) accepts as an empty passphrase. In GitHub
 * Actions `${{ vars.X }}` and `${{ secrets.X }}` are empty strings when X is not set, so an empty one is an
 * error here, never "unset": an empty PULUMI_BACKEND_URL would quietly fall through to a throwaway backend.
 */
const MUST_NOT_BE_EMPTY = [
  'PULUMI_BACKEND_URL',
  'PULUMI_CONFIG_PASSPHRASE',
  'PULUMI_CONFIG_PASSPHRASE_FILE',
  'PULUMI_ACCESS_TOKEN',
] as const;

export interface ResolveBackendOptions {
  env?: NodeJS.ProcessEnv;
  /** What the stack file says about its secrets provider (default: nothing, i.e. the backend's default). */
  secrets?: StackSecrets;
  /** `backend.url` of the project's Pulumi.yaml, which the CLI prefers to the login. */
  projectBackendUrl?: string;
}

function checkPassphrase(env: NodeJS.ProcessEnv, where: string): void {
  const file = env['PULUMI_CONFIG_PASSPHRASE_FILE'];
  if (env['PULUMI_CONFIG_PASSPHRASE'] === undefined && file === undefined) {
    throw new NxPulumiError(
      `${where} encrypts secrets with a passphrase: set PULUMI_CONFIG_PASSPHRASE or ` +
        'PULUMI_CONFIG_PASSPHRASE_FILE, or choose another backend with `pulumi login` / PULUMI_BACKEND_URL.',
    );
  }
  if (env['PULUMI_CONFIG_PASSPHRASE'] === undefined && file !== undefined) {
    // The CLI reads the file and trims it; an empty result is an empty passphrase, which it accepts.
    let text: string;
    try {
      text = readFileSync(resolve(file), 'utf8');
    } catch {
      throw new NxPulumiError(`PULUMI_CONFIG_PASSPHRASE_FILE names ${file}, which cannot be read.`);
    }
    if (text.trim() === '') {
      throw new NxPulumiError(
        `PULUMI_CONFIG_PASSPHRASE_FILE names ${file}, which is empty: Pulumi would encrypt with an empty passphrase.`,
      );
    }
  }
}

/**
 * Chooses the state backend the way the CLI does (v3.248.0 pkg/workspace/creds.go `GetCurrentCloudURL`):
 * `PULUMI_BACKEND_URL`, else the project's `backend.url`, else the one `pulumi login` selected (or Pulumi Cloud
 * through `PULUMI_ACCESS_TOKEN`), else the embedded file backend in `<workspaceRoot>/.pulumi-state` (or
 * `$PAYMENTS_PULUMI_STATE_DIR`), which is refused in CI: its state would vanish with the runner while the
 * resources `up` made stay. A login is read from the CLI's credentials file, not probed with `pulumi whoami`: a
 * whoami that fails for a passing reason (network, expired token) must not switch a team's deploy to an empty
 * local backend. A passphrase must come from the user, never from code, and never be empty.
 */
export function resolveBackend(workspaceRoot: string, options: ResolveBackendOptions = {}): Backend {
  const env = options.env ?? process.env;
  for (const name of MUST_NOT_BE_EMPTY) {
    if (env[name] === '') {
      throw new NxPulumiError(
        `${name} is set but empty: set it${name === 'PULUMI_BACKEND_URL' ? ' to the state backend (e.g. s3://<state bucket>)' : ''} or unset it ` +
          '(in GitHub Actions, a variable or secret that is not set reads as an empty string).',
      );
    }
  }
  const secrets = options.secrets ?? {};
  const chosen = (url: string, source: string): Backend => {
    const kind = backendKind(url);
    if (usesPassphrase(secrets, kind)) checkPassphrase(env, `The state backend ${url} (${source})`);
    return { env, description: `state backend ${url} (${source})`, url, kind, embedded: false };
  };
  if (env['PULUMI_BACKEND_URL']) return chosen(env['PULUMI_BACKEND_URL'], 'PULUMI_BACKEND_URL');
  if (options.projectBackendUrl) return chosen(options.projectBackendUrl, 'backend.url in Pulumi.yaml');
  const login = loggedInBackend(env);
  if (login) return chosen(login, 'pulumi login');
  if (env['PULUMI_ACCESS_TOKEN']) return chosen('https://api.pulumi.com', 'PULUMI_ACCESS_TOKEN');

  const dir = resolve(workspaceRoot, env[STATE_DIR_VARIABLE] || '.pulumi-state');
  const url = `file://${dir}`;
  if (inCi(env)) {
    throw new NxPulumiError(
      `No state backend is configured, and this is CI (${env['GITHUB_ACTIONS'] ? 'GITHUB_ACTIONS' : 'CI'} is set): ` +
        `refusing the embedded one (${url}), whose state would vanish with the runner while the resources stay. ` +
        'Set PULUMI_BACKEND_URL to the shared backend (e.g. s3://<state bucket>; a repository variable in GitHub Actions).',
    );
  }
  checkPassphrase(env, `Not logged in to a Pulumi backend, and the embedded one (${url})`);
  mkdirSync(dir, { recursive: true });
  return {
    env: { ...env, PULUMI_BACKEND_URL: url },
    description: `state backend ${url} (embedded default)`,
    url,
    kind: 'self-managed',
    embedded: true,
  };
}

/**
 * The one-line refusal when a stack file lacks the key material its secrets provider needs: Pulumi would write
 * a new salt (or key) into the committed file on this run, so every later run rewrites it again (v3.248.0
 * pkg/cmd/pulumi/stack/secrets.go `GetSecretsManager`).
 */
export function keyMaterialRefusal(args: {
  file: string;
  secrets: StackSecrets;
  backend: Backend;
  stack: string;
  init: string;
}): string | undefined {
  const missing = missingKeyMaterial(args.secrets, args.backend.kind);
  if (!missing) return undefined;
  return (
    `${args.file} has no ${missing}, so Pulumi would write a new one into it on this run (and the committed ` +
    `file would change on every run). Create ${args.stack} once against the shared backend with ` +
    `\`${args.init}\` and commit ${args.file}; if the stack exists already, restore the committed file.`
  );
}
