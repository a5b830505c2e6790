import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addCheckout, removeCheckout } from './checkout';
import { CommandFailedError, commitOf, fileAt, gitTopLevel, mergeBase } from './git';
import { testGit } from './test-git';

/** `git <args>` in the temp repository, trimmed. */
const gitSync = (...args: string[]): string => testGit(repo, ...args).trim();

let repo: string;

function commit(file: string, content: string): string {
  writeFileSync(join(repo, file), content);
  gitSync('add', '-A');
  gitSync('commit', '-q', '-m', `${file}: ${content}`);
  return gitSync('rev-parse', 'HEAD');
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'processes-repo-'));
  gitSync('init', '-q', '-b', 'main');
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => {
  rmSync(repo, { recursive: true, force: true });
  jest.restoreAllMocks();
});

const leftovers = (prefix: string) => readdirSync(tmpdir()).filter((name) => name.startsWith(prefix));

describe('a checkout of an earlier commit', () => {
  it('holds that commit in a temp worktree, leaves the working tree alone, and is removed without a trace', async () => {
    const first = commit('a.txt', 'one');
    commit('a.txt', 'two');
    const prefix = `processes-spec-${process.pid}-`;
    const checkout = await addCheckout({ repo, workspaceRoot: repo, sha: first, folderPrefix: prefix });
    expect(checkout.root.startsWith(join(tmpdir(), prefix))).toBe(true);
    expect(readFileSync(join(checkout.workspaceRoot, 'a.txt'), 'utf8')).toBe('one');
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('two');
    expect(gitSync('worktree', 'list')).toContain(checkout.root);

    await removeCheckout(checkout, '[test] ');
    expect(existsSync(checkout.parent)).toBe(false);
    expect(gitSync('worktree', 'list')).not.toContain(checkout.root);
    expect(leftovers(prefix)).toEqual([]);
  });

  it('places the workspace where it sits in the repository', async () => {
    mkdirSync(join(repo, 'ws'));
    const sha = commit('ws/b.txt', 'inside');
    const checkout = await addCheckout({
      repo,
      workspaceRoot: join(repo, 'ws'),
      sha,
      folderPrefix: `processes-spec-${process.pid}-`,
    });
    try {
      expect(readFileSync(join(checkout.workspaceRoot, 'b.txt'), 'utf8')).toBe('inside');
    } finally {
      await removeCheckout(checkout, '');
    }
  });

  it('fails in one line, leaving no temp folder, for a commit the repository does not have', async () => {
    commit('a.txt', 'one');
    const prefix = `processes-spec-missing-${process.pid}-`;
    await expect(
      addCheckout({ repo, workspaceRoot: repo, sha: 'f'.repeat(40), folderPrefix: prefix }),
    ).rejects.toThrow(CommandFailedError);
    expect(leftovers(prefix)).toEqual([]);
  });
});

describe('git lookups', () => {
  it('resolve commits, merge bases and files at a commit, and say when there is none', async () => {
    const base = commit('a.txt', 'one');
    gitSync('checkout', '-q', '-b', 'feature');
    const feature = commit('a.txt', 'feature');
    gitSync('checkout', '-q', 'main');
    commit('c.txt', 'main moved on');
    expect(await commitOf(repo, 'feature')).toBe(feature);
    expect(await commitOf(repo, 'no-such-branch')).toBeUndefined();
    expect(await commitOf(repo, '--all')).toBeUndefined();
    expect(await mergeBase(repo, 'main', 'feature')).toBe(base);
    expect(await fileAt(repo, base, 'a.txt')).toBe('one');
    expect(await fileAt(repo, base, 'c.txt')).toBeUndefined();
    expect(await gitTopLevel(join(repo), 'why')).toBe(gitSync('rev-parse', '--show-toplevel'));
    await expect(gitTopLevel(tmpdir(), 'diff compares commits')).rejects.toThrow(
      `${tmpdir()} is not in a git checkout: diff compares commits.`,
    );
  });
});
