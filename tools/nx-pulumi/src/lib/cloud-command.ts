import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOOTSTRAP_DOMAIN, type Environment, type Settings, type StackDomain } from '@payments/config';
import { policies, policyPackConfig } from '@payments/policies';
import { run } from '@payments/processes';
import { NxPulumiError } from './errors';
import {
  EXIT_STACK_NOT_FOUND,
  PULUMI_NOT_FOUND,
  commandArgs,
  findPulumi,
  inCi,
  initStackArgs,
  keyMaterialRefusal,
  policyPackDir,
  resolveBackend,
  runPulumi,
  selectStackArgs,
  type Backend,
  type CloudCommand,
  type PolicyPackRun,
} from './pulumi-cli';
import { readPulumiProject } from './pulumi-project';
import { resolveStack, type ResolvedStack } from './stack';
import type { Task } from './task';

/** Everything a cloud target checks offline before its first process: the stack, its file, the CLI, the backend. */
export interface PreparedStack {
  domain: StackDomain;
  env: Environment;
  stack: ResolvedStack;
  pulumi: string;
  backend: Backend;
  /** The project folder, where the CLI runs. */
  cwd: string;
}

export function prepareStack(task: Task, env: Environment): PreparedStack {
  const project = readPulumiProject(task.workspaceRoot, task.projectRoot);
  const stack = resolveStack({
    workspaceRoot: task.workspaceRoot,
    projectRoot: task.projectRoot,
    domain: project.domain,
    env,
  });
  const pulumi = findPulumi();
  if (!pulumi) throw new NxPulumiError(PULUMI_NOT_FOUND);
  const backend = resolveBackend(task.workspaceRoot, {
    secrets: stack.file.secrets,
    ...(project.backendUrl ? { projectBackendUrl: project.backendUrl } : {}),
  });
  return {
    domain: project.domain,
    env,
    stack,
    pulumi,
    backend,
    cwd: join(task.workspaceRoot, task.projectRoot),
  };
}

/**
 * The secrets provider the committed stack file names (`secretsprovider: awskms://...`), for `pulumi stack init`:
 * without `--secrets-provider` the CLI would make the backend's default (a passphrase on a self-managed backend)
 * whatever the file says (v3.248.0 pkg/cmd/pulumi/stack/secrets.go `createSecretsManagerForNewStack`).
 */
export function fileSecretsProvider(stack: ResolvedStack): string | undefined {
  const provider = stack.file.secrets.provider;
  return provider === undefined || provider === 'default' ? undefined : provider;
}

/** The day-zero command, as the refusals name it. */
export const initCommand = (project: string, env: Environment) => `npx nx run ${project}:init --env=${env}`;

/**
 * Why the stack file cannot be used as it is (it lacks its secrets provider's key material), or undefined. Thrown at
 * once in CI, where nothing may write a stack file (a salt made there dies with the runner); elsewhere the caller
 * decides once it knows whether the stack exists.
 */
export function keyMaterialCheck(prepared: PreparedStack, task: Task): string | undefined {
  const { stack, backend, env } = prepared;
  const refusal = keyMaterialRefusal({
    file: stack.file.file,
    secrets: stack.file.secrets,
    backend,
    stack: stack.path,
    init: initCommand(task.projectName, env),
  });
  if (refusal && inCi(backend.env)) throw new NxPulumiError(refusal);
  return refusal;
}

/**
 * The policy pack, with a config file holding the stack's resolved exemptions (`--policy-pack-config`), so the
 * real pack decides what synth decides. Written to `dist/policy-config/<env>/<project>.json`.
 */
export function policyPackRun(
  workspaceRoot: string,
  projectName: string,
  env: Environment,
  settings: Settings,
  distRoot: string = workspaceRoot,
): PolicyPackRun | undefined {
  const dir = policyPackDir(workspaceRoot);
  if (!dir) return undefined;
  const folder = join(distRoot, 'dist', 'policy-config', env);
  mkdirSync(folder, { recursive: true });
  const config = join(folder, `${projectName}.json`);
  writeFileSync(config, `${JSON.stringify(policyPackConfig(policies, settings.exemptions), null, 2)}\n`);
  return { dir, config };
}

/** `pulumi stack select <stack>`: true when it exists, false when the CLI says it does not (exit code 6). */
export async function stackExists(prepared: PreparedStack, task: Task): Promise<boolean> {
  const result = await run(prepared.pulumi, selectStackArgs(prepared.stack.path), {
    cwd: prepared.cwd,
    env: prepared.backend.env,
  });
  if (result.code === 0) return true;
  if (result.code === EXIT_STACK_NOT_FOUND) return false;
  for (const line of `${result.stdout}${result.stderr}`.split('\n').filter((l) => l.trim() !== '')) {
    process.stderr.write(`${task.prefix}${line}\n`);
  }
  throw new NxPulumiError(`pulumi stack select failed on ${prepared.stack.path} (exit code ${result.code}).`);
}

/**
 * `pulumi <command>` on the project's `<env>` stack. Everything that can be checked offline is checked before
 * the first process starts: the prod guard, the project, its stack file and settings, the CLI, the backend. Only
 * `up` creates a missing stack; a stack file without its secrets provider's key material is refused rather than
 * rewritten.
 */
export async function runCloudCommand(
  command: CloudCommand,
  task: Task,
  env: Environment,
  options: { forceProd?: boolean; admin?: boolean } = {},
): Promise<boolean> {
  if (command === 'destroy' && env === 'prod' && options.forceProd !== true) {
    throw new NxPulumiError(
      `Refusing to destroy the prod stack of ${task.projectName}: re-run with --force-prod if you really mean it.`,
    );
  }
  const prepared = prepareStack(task, env);
  // The bootstrap changes what CI may do: only its own bootstrap-up deploys it (lib/bootstrap.ts).
  if (prepared.domain === BOOTSTRAP_DOMAIN && options.admin !== true) {
    throw new NxPulumiError(
      `The bootstrap stack is not deployed with ${command}: an administrator runs npx nx run ${BOOTSTRAP_DOMAIN}:bootstrap-up --env=${env}.`,
    );
  }
  const { stack, backend, pulumi, cwd } = prepared;
  const refusal = keyMaterialCheck(prepared, task);
  process.stdout.write(`${task.prefix}pulumi ${command} ${stack.path}, ${backend.description}\n`);

  if (!(await stackExists(prepared, task))) {
    if (command === 'destroy') {
      process.stdout.write(`${task.prefix}${stack.path} is not deployed: nothing to destroy.\n`);
      return true;
    }
    if (command !== 'up') {
      throw new NxPulumiError(
        `${stack.path} is not deployed yet: run \`npx nx run ${task.projectName}:${prepared.domain === BOOTSTRAP_DOMAIN ? 'bootstrap-up' : 'up'} --env=${env}\` to create it, ` +
          `or check it offline with \`npx nx run ${task.projectName}:synth --env=${env}\`.`,
      );
    }
    const code = await runPulumi(pulumi, initStackArgs(stack.path, fileSecretsProvider(stack)), {
      cwd,
      env: backend.env,
      prefix: task.prefix,
    });
    if (code !== 0) throw new NxPulumiError(`pulumi stack init failed on ${stack.path} (exit code ${code}).`);
    if (refusal) {
      process.stdout.write(
        `${task.prefix}created ${stack.path}: commit ${stack.file.file}, which now holds its secrets provider's key material.\n`,
      );
    }
  } else if (refusal) {
    throw new NxPulumiError(refusal);
  }

  const args = commandArgs(
    command,
    stack.path,
    policyPackRun(task.workspaceRoot, task.projectName, env, stack.settings),
  );
  const code = await runPulumi(pulumi, args, { cwd, env: backend.env, prefix: task.prefix });
  if (code !== 0) throw new NxPulumiError(`pulumi ${command} failed on ${stack.path} (exit code ${code}).`);
  return true;
}

/**
 * The day-zero step: `pulumi stack init` of the `<env>` stack on the shared backend, which writes the secrets
 * provider's key material into `Pulumi.<env>.yaml`, to be committed. Deploys nothing.
 */
export async function runInit(
  task: Task,
  env: Environment,
  options: { secretsProvider?: string } = {},
): Promise<boolean> {
  const prepared = prepareStack(task, env);
  const { stack, backend, pulumi, cwd } = prepared;
  if (inCi(backend.env)) {
    throw new NxPulumiError(
      `init writes the key material of ${stack.path} into ${stack.file.file}, which must be committed: run it on ` +
        'a workstation against the shared backend (PULUMI_BACKEND_URL), not in CI.',
    );
  }
  if (backend.embedded) {
    process.stderr.write(
      `${task.prefix}warning: creating ${stack.path} on the embedded backend (${backend.url}), which only this ` +
        'checkout sees; the stacks CI deploys are created against the shared backend (PULUMI_BACKEND_URL).\n',
    );
  }
  if (await stackExists(prepared, task)) {
    throw new NxPulumiError(
      `${stack.path} exists already on ${backend.url}: nothing to initialize. Its ${stack.file.file} must hold ` +
        'the key material it was created with: restore the committed file if it lost it.',
    );
  }
  const args = initStackArgs(stack.path, options.secretsProvider ?? fileSecretsProvider(stack));
  process.stdout.write(
    `${task.prefix}pulumi ${args.slice(0, 2).join(' ')} ${stack.path}, ${backend.description}\n`,
  );
  const code = await runPulumi(pulumi, args, { cwd, env: backend.env, prefix: task.prefix });
  if (code !== 0) throw new NxPulumiError(`pulumi stack init failed on ${stack.path} (exit code ${code}).`);
  process.stdout.write(
    `${task.prefix}created ${stack.path}: commit ${stack.file.file} (its secrets provider's key material) so ` +
      'that no later preview or up rewrites it.\n',
  );
  return true;
}
