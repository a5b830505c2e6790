import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { NxPulumiError, linkNodeModules } from '@payments/nx-pulumi';
import { run, type Interruption } from '@payments/processes';
import { fileAt, git } from './git';

/** A detached git worktree of one commit, in a temp folder of its own. */
export interface Checkout {
  /** The repository the worktree belongs to. */
  repo: string;
  /** The git worktree. */
  root: string;
  /** The Nx workspace inside it (the worktree itself unless the workspace is a sub-folder of the repository). */
  workspaceRoot: string;
  /** The temp folder that holds the worktree. */
  parent: string;
}

/** Prefix of the temp folders, so that a leftover is recognisable (`/tmp/payments-rollback-<project>-*`). */
export const CHECKOUT_PREFIX = 'payments-rollback-';

/** `git worktree add --detach` of `sha` into a new temp folder. */
export async function addCheckout(args: {
  repo: string;
  workspaceRoot: string;
  sha: string;
  project: string;
}): Promise<Checkout> {
  // A worktree left registered by a run that was killed outright would otherwise linger in `git worktree list`.
  await git(args.repo, ['worktree', 'prune'], 'git worktree prune');
  const parent = mkdtempSync(join(tmpdir(), `${CHECKOUT_PREFIX}${args.project}-`));
  const root = join(parent, 'checkout');
  try {
    await git(
      args.repo,
      ['worktree', 'add', '--detach', root, args.sha],
      `git worktree add of ${args.sha.slice(0, 12)}`,
    );
  } catch (error) {
    rmSync(parent, { recursive: true, force: true });
    throw error;
  }
  return {
    repo: args.repo,
    root,
    parent,
    workspaceRoot: join(root, relative(args.repo, args.workspaceRoot)),
  };
}

/**
 * Removes the worktree and its temp folder, and prunes git's record of it. Never throws: it runs in a `finally`,
 * where it must not hide the error that got there; what it cannot remove it reports with the command to do it.
 */
export async function removeCheckout(checkout: Checkout, prefix: string): Promise<void> {
  const { repo } = checkout;
  // node_modules first and on its own: it is ours, and mostly symlinks into this checkout's node_modules,
  // which rmSync unlinks without following.
  rmSync(join(checkout.workspaceRoot, 'node_modules'), { recursive: true, force: true });
  const quietly = (args: string[]) => git(repo, args, `git ${args.join(' ')}`).catch(() => undefined);
  await quietly(['worktree', 'remove', '--force', checkout.root]);
  // Whatever git left (or could not remove), then forget the registration of a folder that is gone.
  rmSync(checkout.parent, { recursive: true, force: true });
  await quietly(['worktree', 'prune']);
  if (existsSync(checkout.root)) {
    process.stderr.write(
      `${prefix}could not remove the checkout ${checkout.root}: remove it with git worktree remove --force ${checkout.root}\n`,
    );
  } else {
    process.stdout.write(`${prefix}removed the checkout ${checkout.root}\n`);
  }
}

/**
 * Installs the dependencies of the checked-out commit. When its `package-lock.json` is byte-for-byte the one of
 * this checkout, the installed packages are the same: they are linked (see linkNodeModules), which is fast and
 * needs no network. Otherwise `npm ci` installs exactly what that commit locked.
 */
export async function installDependencies(args: {
  repo: string;
  workspaceRoot: string;
  checkout: Checkout;
  sha: string;
  interruption: Interruption;
  prefix: string;
}): Promise<'linked' | 'npm ci'> {
  const { workspaceRoot, checkout, prefix } = args;
  const short = args.sha.slice(0, 12);
  const lockFile = join(workspaceRoot, 'package-lock.json');
  const then = await fileAt(args.repo, args.sha, relative(args.repo, lockFile).split('\\').join('/'));
  const now = existsSync(lockFile) ? readFileSync(lockFile, 'utf8') : undefined;
  if (then !== undefined && then === now && existsSync(join(workspaceRoot, 'node_modules'))) {
    process.stdout.write(
      `${prefix}dependencies: package-lock.json at ${short} is the one of this checkout: linking its installed ` +
        'packages (workspace packages from the checkout)\n',
    );
    linkNodeModules(workspaceRoot, checkout.workspaceRoot);
    return 'linked';
  }
  process.stdout.write(
    `${prefix}dependencies: package-lock.json differs at ${short}: npm ci in the checkout\n`,
  );
  const install = await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: checkout.workspaceRoot,
    prefix,
  });
  args.interruption.check(`the dependencies of ${short} were installed`);
  if (install.code !== 0) {
    throw new NxPulumiError(`npm ci failed in the checkout of ${short} (exit code ${install.code}).`);
  }
  return 'npm ci';
}

/** The workspace projects `project` depends on, directly or not, in the current project graph. */
export function dependenciesOf(context: ExecutorContext, project: string): { name: string; root: string }[] {
  const graph = context.projectGraph;
  const found = new Map<string, string>();
  const visit = (name: string) => {
    for (const { target } of graph.dependencies[name] ?? []) {
      const node = graph.nodes[target];
      if (!node || found.has(target)) continue;
      found.set(target, node.data.root);
      visit(target);
    }
  };
  visit(project);
  return [...found].map(([name, root]) => ({ name, root })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Builds, in the checkout, what the stack deploys from disk: like the `^build` that `preview` and `up` depend on,
 * the `build` script of every project the stack depends on that has one (the api's Lambda bundles, built from
 * apps/payments-handler as it was at that commit).
 */
export async function buildDependencies(args: {
  checkout: Checkout;
  dependencies: readonly { name: string; root: string }[];
  commit: string;
  interruption: Interruption;
  prefix: string;
}): Promise<string[]> {
  const built: string[] = [];
  for (const dependency of args.dependencies) {
    const dir = join(args.checkout.workspaceRoot, dependency.root);
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { scripts } = JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> };
    if (!scripts?.['build']) continue;
    process.stdout.write(`${args.prefix}building ${dependency.name} at ${args.commit} (npm run build)\n`);
    const build = await run('npm', ['run', 'build'], { cwd: dir, prefix: args.prefix });
    args.interruption.check(`${dependency.name} was built`);
    if (build.code !== 0) {
      throw new NxPulumiError(
        `the build of ${dependency.name} at ${args.commit} failed (exit code ${build.code}).`,
      );
    }
    built.push(dependency.name);
  }
  return built;
}
