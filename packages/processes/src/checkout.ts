import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CommandFailedError, fileAt, git } from './git';
import { linkNodeModules } from './node-modules';
import { run, type Interruption } from './run';

/**
 * A detached git worktree of one commit, in a temp folder of its own: how a tool reads an earlier commit (a
 * rollback's old program, the base of a synth diff) without touching the working tree.
 */
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

/**
 * `git worktree add --detach` of `sha` into a new temp folder named `<tmp>/<folderPrefix>XXXXXX/checkout`, so that
 * a leftover is recognisable (`payments-rollback-database-*`, `payments-diff-staging-*`).
 */
export async function addCheckout(args: {
  repo: string;
  workspaceRoot: string;
  sha: string;
  folderPrefix: string;
}): Promise<Checkout> {
  // A worktree left registered by a run that was killed outright would otherwise linger in `git worktree list`.
  await git(args.repo, ['worktree', 'prune'], 'git worktree prune');
  const parent = mkdtempSync(join(tmpdir(), args.folderPrefix));
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
    throw new CommandFailedError(`npm ci failed in the checkout of ${short} (exit code ${install.code}).`);
  }
  return 'npm ci';
}
