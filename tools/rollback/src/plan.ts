import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import {
  BOOTSTRAP_DOMAIN,
  loadStackSettings,
  readStackFile,
  type Domain,
  type Environment,
} from '@payments/config';
import { contractViolations, downstreamsOf, upstreamsInOrder } from '@payments/contracts';
import { pulumiProjectName, stackPath } from '@payments/naming';
import {
  NxPulumiError,
  initCommand,
  keyMaterialRefusal,
  policyPackRun,
  readHistory,
  type Backend,
  type PolicyPackRun,
  type PreparedStack,
  type Task,
} from '@payments/nx-pulumi';
import {
  addCheckout,
  commitOf,
  describeCommit,
  gitTopLevel,
  installDependencies,
  uncommittedChanges,
  type Checkout,
  type Interruption,
} from '@payments/processes';
import {
  HARNESS_PATH,
  readProgram,
  runHarness,
  stackConfig,
  synthProject,
  type SynthDocument,
} from '@payments/synth';
import { CHECKOUT_PREFIX, buildDependencies, dependenciesOf } from './checkout';
import { commitOfVersion, type RollbackTarget } from './target';

/** What the rollback deploys and where, once every check has passed: applyRollback's input. */
export interface RollbackPlan {
  /** `<org>/payments-<domain>/<env>`. */
  stack: string;
  /** For messages: `version 3 (1a2b3c4)` or `1a2b3c4`. */
  label: string;
  /** The project folder in the checkout of the old commit: where preview and up run. */
  cwd: string;
  pulumi: string;
  backend: Backend;
  /** Today's policy pack, with the exemptions of the old stack file's settings. */
  policyPack: PolicyPackRun | undefined;
}

/** The Nx project of a stack: the project named after its domain. */
function projectOfDomain(context: ExecutorContext, domain: Domain): { name: string; root: string } {
  const project = context.projectsConfigurations.projects[domain];
  if (!project)
    throw new NxPulumiError(`No Nx project is named ${domain}: the ${domain} stack cannot be synthesized.`);
  return { name: domain, root: project.root };
}

/** What the rollback takes from the current checkout: these paths must have no uncommitted change. */
export function pathsReadFromCheckout(upstreamRoots: readonly string[]): string[] {
  return [
    // node_modules is reused when the lock file matches
    'package-lock.json',
    // the contracts the downstream check uses, the policy pack passed to preview and up, what synth imports
    'packages',
    // the synth engine that produces the upstream outputs
    'tools/synth',
    // the upstream programs whose current outputs the old program is synthesized against
    ...upstreamRoots,
  ];
}

async function refuseUncommittedChanges(task: Task, paths: readonly string[]): Promise<void> {
  const changes = await uncommittedChanges(task.workspaceRoot, paths);
  if (changes.length === 0) return;
  const files = changes.map((line) => line.slice(3));
  const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? ` and ${files.length - 3} more` : '');
  throw new NxPulumiError(
    `rollback reads ${paths.join(', ')} from this checkout, and they have uncommitted changes (${shown}): ` +
      'commit or stash them first. Nothing was changed.',
  );
}

/** The commit `--to` names: a git sha as it is, a version through the `git.head` its update recorded. */
async function resolveTarget(
  target: RollbackTarget,
  args: { repo: string; prepared: PreparedStack; interruption: Interruption; historyCommand: string },
  prefix: string,
): Promise<{ sha: string; label: string }> {
  if (target.kind === 'sha') {
    const sha = await commitOf(args.repo, target.sha);
    if (!sha) {
      throw new NxPulumiError(
        `Unknown commit ${target.sha}: this clone has no commit by that sha (git fetch it first if it is on another branch).`,
      );
    }
    return { sha, label: sha.slice(0, 12) };
  }
  const { pulumi, stack, cwd, backend } = args.prepared;
  const { updates } = await readHistory(pulumi, stack.path, {
    cwd,
    backend,
    interruption: args.interruption,
  });
  const { sha, dirty } = commitOfVersion(updates, target.version, stack.path, args.historyCommand);
  if (!(await commitOf(args.repo, sha))) {
    throw new NxPulumiError(
      `Version ${target.version} of ${stack.path} was deployed from commit ${sha}, which this clone does not have: ` +
        'git fetch it (or the branch it is on) and try again.',
    );
  }
  if (dirty) {
    process.stderr.write(
      `${prefix}warning: version ${target.version} was deployed from a checkout of ${sha.slice(0, 12)} with ` +
        'uncommitted changes (git.dirty): the commit may differ from what that version deployed; read the preview.\n',
    );
  }
  return { sha, label: `version ${target.version} (${sha.slice(0, 12)})` };
}

/**
 * The one-line refusal when the old program no longer provides what a current downstream stack reads. Every
 * consumer reads an upstream through `readUpstream`, which checks the producer's whole declared export set
 * (CONTRACTS) before it uses any value, so what the downstream stacks read is exactly CONTRACTS[domain].outputs.
 */
export function downstreamRefusal(args: {
  domain: Domain;
  env: Environment;
  org: string;
  outputs: Record<string, unknown>;
  project: string;
  label: string;
}): string | undefined {
  const readers = downstreamsOf(args.domain);
  if (readers.length === 0) return undefined;
  const problems = contractViolations(args.domain, args.outputs);
  if (problems.length === 0) return undefined;
  const who = readers
    .map((d) => `${d} (${stackPath({ org: args.org, domain: d, env: args.env })})`)
    .join(' and ');
  return (
    `Refusing to roll back ${args.project} (${args.env}) to ${args.label}: its program no longer provides what ` +
    `${who} reads from it: ${problems.join('; ')}. Nothing was deployed.`
  );
}

/** The upstream exports the old program's StackReferences see: every document in the checkout's dist. */
function upstreamOutputs(checkoutRoot: string, env: Environment): Record<string, Record<string, unknown>> {
  const dir = join(checkoutRoot, 'dist', 'synth', env);
  if (!existsSync(dir)) return {};
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const document = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SynthDocument;
    outputs[document.stack] = document.outputs;
  }
  return outputs;
}

/**
 * Runs the old program offline under Pulumi's mocks with the old commit's own synth harness (tools/synth
 * harness.ts), mocks and dependencies (so the program, its workspace packages and the mocks share one
 * `@pulumi/pulumi`), its own `Pulumi.<env>.yaml`, and the current upstream exports copied into the checkout's
 * `dist/synth/<env>/`. Returns what the program exports; the contract check is the caller's.
 */
export async function synthesizeOldProgram(args: {
  checkoutRoot: string;
  /** The project folder, relative to the workspace root. */
  projectRoot: string;
  env: Environment;
  /** The short sha, for messages. */
  commit: string;
  interruption: Interruption;
  prefix: string;
}): Promise<Record<string, unknown>> {
  const { checkoutRoot, env, commit } = args;
  const projectDir = join(checkoutRoot, args.projectRoot);
  let request;
  try {
    // The one stack file reader (packages/config): the old file is checked by today's rules.
    const { project, programPath } = readProgram(projectDir);
    const { config } = stackConfig(projectDir, project, env, checkoutRoot);
    request = { programPath, project, env, config, stackOutputs: upstreamOutputs(checkoutRoot, env) };
  } catch (error) {
    throw new NxPulumiError(`at ${commit}: ${(error as Error).message}`);
  }
  const outcome = await runHarness({ root: checkoutRoot, projectDir, request });
  args.interruption.check(`the program of ${commit} was synthesized`);
  if (outcome.ok) return outcome.outputs;
  if (outcome.reason === 'no-harness') {
    throw new NxPulumiError(
      `${commit} predates the offline synth engine (it has no ${HARNESS_PATH}), so its exports cannot be checked ` +
        'against the stacks that read them: roll back to a later version.',
    );
  }
  if (outcome.reason === 'no-register') {
    throw new NxPulumiError(
      `the checkout of ${commit} has no @swc-node/register installed, which synth needs.`,
    );
  }
  for (const line of outcome.error.trim().split('\n').slice(-15))
    process.stderr.write(`${args.prefix}  ${line}\n`);
  throw new NxPulumiError(
    `the program at ${commit} cannot be synthesized offline (details above), so its exports are unknown.`,
  );
}

/**
 * Everything before the first cloud change: the target's commit, the current upstream outputs, the old source in
 * a temporary git worktree with its dependencies and build, the old program synthesized and checked against what
 * the downstream stacks read, and the old stack file's key material. The worktree is handed to `onCheckout` as
 * soon as it exists, so that the caller removes it whatever happens next.
 */
export async function planRollback(args: {
  task: Task;
  context: ExecutorContext;
  prepared: PreparedStack;
  target: RollbackTarget;
  interruption: Interruption;
  onCheckout: (checkout: Checkout) => void;
}): Promise<RollbackPlan> {
  const { task, prepared, interruption } = args;
  const { prefix } = task;
  const say = (line: string) => process.stdout.write(`${prefix}${line}\n`);
  const { domain, env, pulumi, backend } = prepared;
  // The bootstrap has no contract to check and no rollback target: an administrator re-runs bootstrap-up.
  if (domain === BOOTSTRAP_DOMAIN) {
    throw new NxPulumiError(
      'rollback is for the platform stacks: roll the bootstrap back by checking out its code and running bootstrap-up.',
    );
  }
  const { org } = prepared.stack.settings;
  const stack = prepared.stack.path;
  const repo = await gitTopLevel(
    task.workspaceRoot,
    'rollback checks out the source of an earlier version with git',
  );
  const upstreams = upstreamsInOrder(domain).map((d) => projectOfDomain(args.context, d));
  await refuseUncommittedChanges(task, pathsReadFromCheckout(upstreams.map((u) => u.root)));

  const { sha, label } = await resolveTarget(
    args.target,
    { repo, prepared, interruption, historyCommand: `npx nx run ${task.projectName}:history --env=${env}` },
    prefix,
  );
  say(`rollback of ${stack} to ${label}: ${await describeCommit(repo, sha)}`);

  // The current outputs of the upstream stacks, from this checkout, as synth makes them.
  const upstreamFiles: string[] = [];
  for (const upstream of upstreams) {
    interruption.check(`the current ${upstream.name} stack was synthesized`);
    const result = await synthProject({
      workspaceRoot: task.workspaceRoot,
      projectRoot: upstream.root,
      projectName: upstream.name,
      env,
      log: say,
    });
    if (!result.success || !result.file) {
      throw new NxPulumiError(
        `the current ${upstream.name} stack cannot be synthesized (${result.error ?? 'see above'}), so the ` +
          'old program cannot be checked against its outputs. Nothing was changed.',
      );
    }
    upstreamFiles.push(result.file);
  }

  interruption.check(`${label} was checked out`);
  const checkout = await addCheckout({
    repo,
    workspaceRoot: task.workspaceRoot,
    sha,
    folderPrefix: `${CHECKOUT_PREFIX}${task.projectName}-`,
  });
  args.onCheckout(checkout);
  say(`checked out ${sha.slice(0, 12)} in ${checkout.root}`);
  await installDependencies({ repo, workspaceRoot: task.workspaceRoot, checkout, sha, interruption, prefix });
  await buildDependencies({
    checkout,
    dependencies: dependenciesOf(args.context, task.projectName),
    commit: sha.slice(0, 12),
    interruption,
    prefix,
  });

  const dist = join(checkout.workspaceRoot, 'dist', 'synth', env);
  mkdirSync(dist, { recursive: true });
  for (const file of upstreamFiles) copyFileSync(file, join(dist, basename(file)));
  const readers = downstreamsOf(domain);
  say(
    `synthesizing ${pulumiProjectName(domain)} at ${sha.slice(0, 12)} against the current outputs of ` +
      `${upstreams.map((u) => u.name).join(', ') || 'no upstream stack'}`,
  );
  const outputs = await synthesizeOldProgram({
    checkoutRoot: checkout.workspaceRoot,
    projectRoot: task.projectRoot,
    env,
    commit: sha.slice(0, 12),
    interruption,
    prefix,
  });
  const refusal = downstreamRefusal({ domain, env, org, outputs, project: task.projectName, label });
  if (refusal) throw new NxPulumiError(refusal);
  say(
    readers.length > 0
      ? `its exports still provide everything ${readers.join(', ')} reads`
      : 'no stack reads its exports',
  );

  // The old commit's stack file is what the rollback deploys: checked by today's reader, and it must hold
  // its secrets provider's key material, or the preview would write a new one into it.
  const cwd = join(checkout.workspaceRoot, task.projectRoot);
  const oldStackFile = readStackFile({
    projectDir: cwd,
    project: pulumiProjectName(domain),
    env,
    workspaceRoot: checkout.workspaceRoot,
  });
  const noKey = keyMaterialRefusal({
    file: `${oldStackFile.file} at ${sha.slice(0, 12)}`,
    secrets: oldStackFile.secrets,
    backend,
    stack,
    init: initCommand(task.projectName, env),
  });
  if (noKey) throw new NxPulumiError(`Refusing to roll back to ${label}: ${noKey}`);
  // Today's policy pack judges the old program, with the exemptions of the settings it deploys with.
  const policyPack = policyPackRun(
    task.workspaceRoot,
    task.projectName,
    env,
    loadStackSettings(oldStackFile),
    checkout.workspaceRoot,
  );
  return { stack, label, cwd, pulumi, backend, policyPack };
}
