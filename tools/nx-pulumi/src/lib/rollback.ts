import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ExecutorContext } from '@nx/devkit';
import {
  loadStackSettings,
  parseEnvironment,
  readStackFile,
  type Domain,
  type Environment,
} from '@payments/config';
import { contractViolations, downstreamsOf, upstreamsInOrder } from '@payments/contracts/src/contracts';
import { pulumiProjectName, stackPath } from '@payments/naming';
import { synthProject } from '@payments/synth';
import {
  addCheckout,
  buildDependencies,
  dependenciesOf,
  installDependencies,
  removeCheckout,
  type Checkout,
} from './checkout';
import { NxPulumiError } from './errors';
import { commitOf, describeCommit, gitTopLevel, uncommittedChanges } from './git';
import { synthesizeOldProgram } from './old-program';
import type { RollbackExecutorOptions } from '../executors/rollback/schema';
import { initCommand, policyPackRun, prepareStack } from './cloud-command';
import { readHistory } from './history';
import { Interruption } from './processes';
import { commandArgs, keyMaterialRefusal, runPulumi, type Backend } from './pulumi-cli';
import { commitOfVersion, parseTarget, type RollbackTarget } from './rollback-target';
import { guarded, taskOf, type Task } from './task';

/** How the rollback talks to the person running it; tests pass their own. */
export interface RollbackTerminal {
  /** Whether someone can answer a question on stdin. */
  interactive(): boolean;
  /** Asks `question`; resolves true only for an explicit yes. */
  confirm(question: string): Promise<boolean>;
}

export const processTerminal: RollbackTerminal = {
  interactive: () => process.stdin.isTTY === true,
  confirm: (question) =>
    new Promise((resolvePromise) => {
      const lines = createInterface({ input: process.stdin, output: process.stdout });
      let answered = false;
      const answer = (yes: boolean) => {
        if (answered) return;
        answered = true;
        lines.close();
        resolvePromise(yes);
      };
      // Ctrl-C at the prompt reaches readline, not the process: it is a no. So is end of input.
      lines.once('SIGINT', () => answer(false));
      lines.once('close', () => answer(false));
      lines.question(question, (text) => answer(/^(y|yes)$/i.test(text.trim())));
    }),
};

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

interface ResolvedTarget {
  sha: string;
  /** For messages: `version 3 (1a2b3c4)` or `1a2b3c4`. */
  label: string;
}

async function resolveTarget(
  target: RollbackTarget,
  args: {
    repo: string;
    stack: string;
    pulumi: string;
    cwd: string;
    backend: Backend;
    interruption: Interruption;
    /** `npx nx run <project>:history --env=<env>`, for messages. */
    historyCommand: string;
  },
  prefix: string,
): Promise<ResolvedTarget> {
  if (target.kind === 'sha') {
    const sha = await commitOf(args.repo, target.sha);
    if (!sha) {
      throw new NxPulumiError(
        `Unknown commit ${target.sha}: this clone has no commit by that sha (git fetch it first if it is on another branch).`,
      );
    }
    return { sha, label: sha.slice(0, 12) };
  }
  const { updates } = await readHistory(args.pulumi, args.stack, args);
  const { sha, dirty } = commitOfVersion(updates, target.version, args.stack, args.historyCommand);
  if (!(await commitOf(args.repo, sha))) {
    throw new NxPulumiError(
      `Version ${target.version} of ${args.stack} was deployed from commit ${sha}, which this clone does not have: ` +
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

/**
 * `nx run <stack>:rollback --env=<env> --to=<version | sha>`: re-deploys this one stack from the source of an
 * earlier commit, checked out in a temporary git worktree. See README.md ("rollback") for every step.
 */
export function runRollback(
  options: RollbackExecutorOptions,
  context: ExecutorContext,
  terminal: RollbackTerminal = processTerminal,
): Promise<{ success: boolean }> {
  const task = taskOf(context);
  const { prefix } = task;
  const say = (line: string) => process.stdout.write(`${prefix}${line}\n`);
  return guarded(task, async () => {
    // Everything that needs no process first: a bad flag costs nothing and changes nothing.
    const env = parseEnvironment(options.env);
    const target = parseTarget(options.to);
    const dryRun = options.dryRun === true;
    const yes = options.yes === true;
    if (!dryRun && !yes && !terminal.interactive()) {
      throw new NxPulumiError(
        'rollback asks for confirmation after the preview, but stdin is not a terminal: re-run with --yes to ' +
          'deploy without asking, or with --dry-run to stop after the preview. Nothing was changed.',
      );
    }
    const prepared = prepareStack(task, env);
    const { domain, pulumi, backend } = prepared;
    const { org } = prepared.stack.settings;
    const stack = prepared.stack.path;
    const repo = await gitTopLevel(task.workspaceRoot);
    const upstreams = upstreamsInOrder(domain).map((d) => projectOfDomain(context, d));
    await refuseUncommittedChanges(task, pathsReadFromCheckout(upstreams.map((u) => u.root)));

    const interruption = new Interruption().start();
    let checkout: Checkout | undefined;
    try {
      const { sha, label } = await resolveTarget(
        target,
        {
          repo,
          stack,
          pulumi,
          cwd: prepared.cwd,
          backend,
          interruption,
          historyCommand: `npx nx run ${task.projectName}:history --env=${env}`,
        },
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
      checkout = await addCheckout({
        repo,
        workspaceRoot: task.workspaceRoot,
        sha,
        project: task.projectName,
        interruption,
      });
      say(`checked out ${sha.slice(0, 12)} in ${checkout.root}`);
      await installDependencies({
        repo,
        workspaceRoot: task.workspaceRoot,
        checkout,
        sha,
        interruption,
        prefix,
      });
      await buildDependencies({
        checkout,
        dependencies: dependenciesOf(context, task.projectName),
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
      const pulumiRun = async (args: string[], what: string) => {
        interruption.check(what);
        say(`pulumi ${args.join(' ')} (in ${cwd}, ${backend.description})`);
        const code = await runPulumi(pulumi, args, { cwd, env: backend.env, prefix });
        interruption.check(`pulumi ${args[0]} finished`);
        if (code !== 0) {
          const after = args[0] === 'preview' ? ' Nothing was deployed.' : '';
          throw new NxPulumiError(`pulumi ${args[0]} failed on ${stack} (exit code ${code}).${after}`);
        }
      };
      await pulumiRun(commandArgs('preview', stack, policyPack), 'the preview');
      if (dryRun) {
        say(`--dry-run: stopped after the preview of ${label}; nothing was deployed.`);
        return true;
      }
      if (
        !yes &&
        !(await terminal.confirm(`${prefix}Deploy ${label} to ${stack}, and only that stack? [y/N] `))
      ) {
        say('Not confirmed: nothing was deployed.');
        return false;
      }
      await pulumiRun(
        [...commandArgs('up', stack, policyPack), '--message', `rollback of ${stack} to ${label}`],
        'the update',
      );
      say(`rolled back ${stack} to ${label}.`);
      return true;
    } finally {
      if (checkout) await removeCheckout(repo, checkout, prefix);
      interruption.stop();
    }
  });
}
