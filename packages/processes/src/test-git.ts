import { spawnSync } from 'node:child_process';

/** Commits made by tests never depend on the developer's git identity, signing, hooks or system config. */
const TEST_GIT_ENV = {
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

/**
 * `git <args>` in `cwd` for tests that build a throwaway repository; returns stdout, throws with git's stderr on a
 * non-zero exit.
 */
export function testGit(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...TEST_GIT_ENV },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
