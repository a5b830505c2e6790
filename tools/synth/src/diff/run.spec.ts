import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@payments/config';
import { testGit } from '@payments/processes';
import { runDiff } from './run';
import { DiffError } from './synthesize';

let repo: string;
const gitSync = (...args: string[]): void => void testGit(repo, ...args);

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'synth-diff-run-'));
  gitSync('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'notes.txt'), 'one\n');
  gitSync('add', '-A');
  gitSync('commit', '-q', '-m', 'first');
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => {
  rmSync(repo, { recursive: true, force: true });
  jest.restoreAllMocks();
});

describe('synth:diff refuses, in one line and before any synth', () => {
  it('a missing or unknown --env', async () => {
    await expect(runDiff({ base: 'main' }, repo, [])).rejects.toThrow(ConfigError);
    await expect(runDiff({ env: 'qa', base: 'main' }, repo, [])).rejects.toThrow(/dev, staging, prod/);
  });

  it('a missing --base', async () => {
    await expect(runDiff({ env: 'staging' }, repo, [])).rejects.toThrow(
      new DiffError(
        'Missing --base: the git ref to compare with, e.g. --base=origin/main (its merge base with HEAD is synthesized).',
      ),
    );
  });

  it('a --base this clone does not have', async () => {
    await expect(runDiff({ env: 'staging', base: 'origin/main' }, repo, [])).rejects.toThrow(
      "Unknown --base 'origin/main': this clone has no commit or branch by that name (git fetch it first; in CI, " +
        'check out with fetch-depth: 0).',
    );
  });

  it('a --base that shares no history with HEAD', async () => {
    gitSync('checkout', '-q', '--orphan', 'other');
    gitSync('commit', '-q', '-m', 'unrelated');
    await expect(runDiff({ env: 'staging', base: 'main' }, repo, [])).rejects.toThrow(
      "'main' and HEAD share no history: there is no merge base to compare with.",
    );
  });

  it('a workspace outside git', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'synth-diff-nogit-'));
    try {
      await expect(runDiff({ env: 'staging', base: 'main' }, outside, [])).rejects.toThrow(
        `${outside} is not in a git checkout: synth:diff synthesizes the base commit from the git history.`,
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('synth:diff on a clean checkout of its own base', () => {
  it('synthesizes once and writes an empty diff as Markdown and JSON', async () => {
    const result = await runDiff({ env: 'staging', base: 'main' }, repo, []);
    expect(result.diff.stacks).toEqual([]);
    expect(existsSync(result.files.markdown)).toBe(true);
    expect(JSON.parse(readFileSync(result.files.json, 'utf8'))).toEqual(
      expect.objectContaining({ env: 'staging', base: expect.objectContaining({ ref: 'main' }) }),
    );
  });
});
