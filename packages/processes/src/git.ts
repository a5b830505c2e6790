import { run } from './run';

/** A command that ran and failed (git, npm): its message is the whole story, e.g. git's own first line of stderr. */
export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
}

/** `git <args>` in `cwd`; resolves to stdout, or fails with `what` and git's own first line of stderr. */
export async function git(cwd: string, args: readonly string[], what: string): Promise<string> {
  const result = await run('git', args, { cwd });
  if (result.code !== 0) {
    const reason = result.stderr.split('\n').find((line) => line.trim() !== '') ?? `exit code ${result.code}`;
    throw new CommandFailedError(`${what} failed: ${reason.trim()}`);
  }
  return result.stdout;
}

/** The root of the git checkout `dir` is in; `why` says what needs git when it is in none. */
export async function gitTopLevel(dir: string, why: string): Promise<string> {
  const result = await run('git', ['rev-parse', '--show-toplevel'], { cwd: dir });
  if (result.code !== 0) throw new CommandFailedError(`${dir} is not in a git checkout: ${why}.`);
  return result.stdout.trim();
}

/** The full sha of the commit `rev` names, or undefined when the repository has no such commit. */
export async function commitOf(root: string, rev: string): Promise<string | undefined> {
  // `^{commit}` makes a tree or blob sha fail too; `--` is not accepted by --verify, so refuse options here.
  if (rev.startsWith('-')) return undefined;
  const result = await run('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: root });
  const sha = result.stdout.trim();
  return result.code === 0 && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
}

/** The best common ancestor of two commits (`git merge-base`), or undefined when they share no history. */
export async function mergeBase(root: string, a: string, b: string): Promise<string | undefined> {
  const result = await run('git', ['merge-base', a, b], { cwd: root });
  const sha = result.stdout.trim();
  return result.code === 0 && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
}

/** `<short sha> <subject>` of a commit, for the log. */
export async function describeCommit(root: string, sha: string): Promise<string> {
  return (await git(root, ['log', '-1', '--format=%h %s', sha], 'git log')).trim();
}

/**
 * The uncommitted changes (staged, unstaged, untracked; not ignored files) under `paths`, as `git status
 * --porcelain` lines.
 */
export async function uncommittedChanges(root: string, paths: readonly string[]): Promise<string[]> {
  const out = await git(
    root,
    ['status', '--porcelain', '--untracked-files=all', '--', ...paths],
    'git status',
  );
  return out.split('\n').filter((line) => line.trim() !== '');
}

/** The content of `path` at commit `sha`, or undefined when the commit has no such file. */
export async function fileAt(root: string, sha: string, path: string): Promise<string | undefined> {
  const result = await run('git', ['show', `${sha}:${path}`], { cwd: root });
  return result.code === 0 ? result.stdout : undefined;
}
