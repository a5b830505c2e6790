import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOTSTRAP_DOMAIN, GITHUB_REPOSITORY_PLACEHOLDER, type Environment } from '@payments/config';
import { run } from '@payments/processes';
import { prepareStack, runCloudCommand, stackExists, type PreparedStack } from './cloud-command';
import { NxPulumiError } from './errors';
import {
  EXIT_STACK_NOT_FOUND,
  backendKind,
  inCi,
  initStackArgs,
  runPulumi,
  selectStackArgs,
} from './pulumi-cli';
import type { Task } from './task';

// infra/bootstrap's own commands: `bootstrap-up` (an administrator's `pulumi up`), `migrate-state` (its state from
// the backend of its first run into the bucket it created) and `github-variables` (what the workflows need, from
// its outputs). `nx run-many -t up` never reaches them: the bootstrap project has no `up` target (plugin.ts).

function requireBootstrap(task: Task, prepared: PreparedStack, command: string): void {
  if (prepared.domain !== BOOTSTRAP_DOMAIN) {
    throw new NxPulumiError(
      `${command} is infra/bootstrap's command, not ${task.projectName}'s: run npx nx run ${BOOTSTRAP_DOMAIN}:${command} --env=${prepared.env}.`,
    );
  }
}

/**
 * `pulumi up` of the bootstrap stack, by an administrator only: refused in CI, whose deploy role cannot and must
 * not change its own trust, boundary, the state bucket or the keys; refused while the stack file names the
 * placeholder repository (the roles would trust a repository that is not yours).
 */
export async function runBootstrapUp(
  task: Task,
  env: Environment,
  command: 'up' | 'preview' = 'up',
): Promise<boolean> {
  const name = command === 'up' ? 'bootstrap-up' : 'bootstrap-preview';
  const prepared = prepareStack(task, env);
  requireBootstrap(task, prepared, name);
  if (inCi(prepared.backend.env)) {
    throw new NxPulumiError(
      `${name} works on the CI roles' own trust and boundary, the state bucket and the secrets keys of ${env}: ` +
        'an administrator runs it with their own credentials, never CI.',
    );
  }
  const repository = prepared.stack.settings.bootstrap.github.repository;
  if (repository === GITHUB_REPOSITORY_PLACEHOLDER) {
    throw new NxPulumiError(
      `${prepared.stack.file.file} names the placeholder repository '${repository}': set ` +
        'bootstrap.github.repository under payments:overrides to yours (<owner>/<repo>) before the roles trust it.',
    );
  }
  return runCloudCommand(command, task, env, { admin: true });
}

/** `pulumi stack output --json` of the stack on the prepared backend: its outputs, secrets as `[secret]`. */
async function stackOutputs(prepared: PreparedStack, task: Task): Promise<Record<string, unknown>> {
  if (!(await stackExists(prepared, task))) {
    throw new NxPulumiError(
      `${prepared.stack.path} is not deployed on ${prepared.backend.url}: run npx nx run ${BOOTSTRAP_DOMAIN}:bootstrap-up --env=${prepared.env} first.`,
    );
  }
  const result = await run(prepared.pulumi, ['stack', 'output', '--json', '--stack', prepared.stack.path], {
    cwd: prepared.cwd,
    env: prepared.backend.env,
  });
  if (result.code !== 0) {
    throw new NxPulumiError(
      `pulumi stack output failed on ${prepared.stack.path} (exit code ${result.code}): ${result.stderr.trim().split('\n')[0] ?? ''}`,
    );
  }
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** `pulumi stack export --file <file>`, as the CLI writes it: an `apitype.UntypedDeployment`. */
interface ExportedDeployment {
  version?: number;
  deployment?: { resources?: { urn?: string }[] };
}

async function exportStack(
  prepared: PreparedStack,
  env: NodeJS.ProcessEnv,
  file: string,
  task: Task,
): Promise<string[]> {
  const code = await runPulumi(
    prepared.pulumi,
    ['stack', 'export', '--stack', prepared.stack.path, '--file', file],
    { cwd: prepared.cwd, env, prefix: task.prefix },
  );
  if (code !== 0)
    throw new NxPulumiError(`pulumi stack export failed on ${prepared.stack.path} (exit code ${code}).`);
  const exported = JSON.parse(readFileSync(file, 'utf8')) as ExportedDeployment;
  return (exported.deployment?.resources ?? []).map((r) => String(r.urn));
}

/**
 * Moves the bootstrap stack's state from the backend it runs on now (the embedded file backend of its first run)
 * into `to` (default: its own `backendUrl` output, the bucket it created): `pulumi stack export` there,
 * `pulumi stack init` and `pulumi stack import` in the bucket, then `pulumi stack export` again and the resources
 * compared, URN by URN. The export holds secrets only as ciphertext (no --show-secrets) and is deleted afterwards.
 * The old state is left as it was: remove it once every later run uses the bucket.
 */
export async function runMigrateState(
  task: Task,
  env: Environment,
  options: { to?: string },
): Promise<boolean> {
  const prepared = prepareStack(task, env);
  requireBootstrap(task, prepared, 'migrate-state');
  if (inCi(prepared.backend.env)) {
    throw new NxPulumiError(
      'migrate-state moves the bootstrap state of an account: an administrator runs it, never CI.',
    );
  }
  const to = options.to ?? String((await stackOutputs(prepared, task))['backendUrl'] ?? '');
  if (!/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(to)) {
    throw new NxPulumiError(
      `migrate-state moves the state into an S3 backend: got '${to}' (expected s3://<state bucket>, the bootstrap's backendUrl output).`,
    );
  }
  if (to === prepared.backend.url) {
    throw new NxPulumiError(`${prepared.stack.path} already runs on ${to}: nothing to migrate.`);
  }
  if (!(await stackExists(prepared, task))) {
    throw new NxPulumiError(
      `${prepared.stack.path} is not deployed on ${prepared.backend.url}: nothing to migrate (run bootstrap-up first).`,
    );
  }
  const target = { ...prepared.backend.env, PULUMI_BACKEND_URL: to };
  const onTarget = {
    ...prepared,
    backend: { ...prepared.backend, env: target, url: to, kind: backendKind(to) },
  };
  const selected = await run(prepared.pulumi, selectStackArgs(prepared.stack.path), {
    cwd: prepared.cwd,
    env: target,
  });
  if (selected.code === 0) {
    throw new NxPulumiError(
      `${prepared.stack.path} exists already on ${to}: it was migrated before. Use PULUMI_BACKEND_URL=${to} from now on.`,
    );
  }
  if (selected.code !== EXIT_STACK_NOT_FOUND) {
    throw new NxPulumiError(
      `pulumi stack select failed on ${to} (exit code ${selected.code}): ${selected.stderr.trim().split('\n')[0] ?? ''}`,
    );
  }

  const dir = mkdtempSync(join(tmpdir(), 'payments-migrate-'));
  try {
    process.stdout.write(
      `${task.prefix}pulumi stack export ${prepared.stack.path}, ${prepared.backend.description}\n`,
    );
    const before = await exportStack(prepared, prepared.backend.env, join(dir, 'source.json'), task);
    process.stdout.write(
      `${task.prefix}exported ${before.length} resources; creating ${prepared.stack.path} on ${to}\n`,
    );
    let code = await runPulumi(prepared.pulumi, initStackArgs(prepared.stack.path), {
      cwd: prepared.cwd,
      env: target,
      prefix: task.prefix,
    });
    if (code !== 0) throw new NxPulumiError(`pulumi stack init failed on ${to} (exit code ${code}).`);
    code = await runPulumi(
      prepared.pulumi,
      ['stack', 'import', '--stack', prepared.stack.path, '--file', join(dir, 'source.json')],
      { cwd: prepared.cwd, env: target, prefix: task.prefix },
    );
    if (code !== 0) throw new NxPulumiError(`pulumi stack import failed on ${to} (exit code ${code}).`);
    const after = await exportStack(onTarget, target, join(dir, 'target.json'), task);
    const missing = before.filter((urn) => !after.includes(urn));
    if (after.length !== before.length || missing.length > 0) {
      throw new NxPulumiError(
        `${to} holds ${after.length} resources of ${prepared.stack.path} after the import, not ${before.length}` +
          `${missing.length > 0 ? ` (missing ${missing.slice(0, 3).join(', ')})` : ''}: keep using ${prepared.backend.url} and look into it.`,
      );
    }
    process.stdout.write(
      `${task.prefix}migrated ${prepared.stack.path}: ${after.length} resources on ${to}, the same as on ${prepared.backend.url}. ` +
        `From now on: export PULUMI_BACKEND_URL=${to} (the old state is left as it was; remove it once you have checked a preview there).\n`,
    );
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The GitHub variables the workflows read, per GitHub environment, from the bootstrap stack's outputs. */
export function githubVariableCommands(outputs: Record<string, unknown>): string[] {
  const need = [
    'backendUrl',
    'deployRoleArn',
    'previewRoleArn',
    'region',
    'githubRepository',
    'deployEnvironment',
    'previewEnvironment',
  ];
  const missing = need.filter((key) => typeof outputs[key] !== 'string' || outputs[key] === '');
  if (missing.length > 0) {
    throw new NxPulumiError(
      `The bootstrap stack's outputs lack ${missing.join(', ')}: run npx nx run ${BOOTSTRAP_DOMAIN}:bootstrap-up first.`,
    );
  }
  const o = outputs as Record<string, string>;
  const set = (name: string, environment: string, value: string) =>
    `gh variable set ${name} --repo ${o['githubRepository']} --env ${environment} --body '${value}'`;
  return [o['deployEnvironment']!, o['previewEnvironment']!].flatMap((environment) => [
    set('PULUMI_BACKEND_URL', environment, o['backendUrl']!),
    set('AWS_REGION', environment, o['region']!),
    environment === o['deployEnvironment']
      ? set('AWS_DEPLOY_ROLE_ARN', environment, o['deployRoleArn']!)
      : set('AWS_PREVIEW_ROLE_ARN', environment, o['previewRoleArn']!),
  ]);
}

/** Prints the `gh variable set` commands of the environment's GitHub environments (nothing is set by itself). */
export async function runGithubVariables(task: Task, env: Environment): Promise<boolean> {
  const prepared = prepareStack(task, env);
  requireBootstrap(task, prepared, 'github-variables');
  const outputs = await stackOutputs(prepared, task);
  process.stdout.write(
    `${task.prefix}# the GitHub variables of ${env}, from ${prepared.stack.path} (create the environments and their reviewers first):\n`,
  );
  for (const line of githubVariableCommands(outputs)) process.stdout.write(`${line}\n`);
  return true;
}
