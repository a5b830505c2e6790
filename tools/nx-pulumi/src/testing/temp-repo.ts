import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { linkNodeModules, testGit } from '@payments/processes';
import { WORKSPACE_ROOT } from './stub';

/** A change to one file: its new content, a function of its old content, or null to delete it. */
export type FileChange = string | ((old: string) => string) | null;

export interface TempRepo {
  root: string;
  /** `git <args>` in the repository; returns stdout, throws on a non-zero exit. */
  git(...args: string[]): string;
  /** Writes the changes without committing them. */
  write(changes: Record<string, FileChange>): void;
  /** Writes the changes and commits them; returns the new commit's full sha. */
  commit(message: string, changes: Record<string, FileChange>): string;
  cleanup(): void;
}

/**
 * A git repository holding a copy of this workspace's sources (tracked and untracked, not ignored: what a
 * `git add -A` would commit) in one first commit on `main`, with node_modules linked the way rollback links it
 * (installed packages shared, workspace packages pointing into the copy). Nothing is written to the workspace.
 */
export function createTempRepo(prefix: string): TempRepo {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]): string => testGit(root, ...args);
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${WORKSPACE_ROOT}: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = join(WORKSPACE_ROOT, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(from, join(root, file));
  }
  linkNodeModules(WORKSPACE_ROOT, root);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'the workspace as it is');

  const write = (changes: Record<string, FileChange>) => {
    for (const [file, change] of Object.entries(changes)) {
      const path = join(root, file);
      if (change === null) {
        rmSync(path, { force: true });
      } else {
        const content = typeof change === 'function' ? change(readFileSync(path, 'utf8')) : change;
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, content);
      }
    }
  };
  return {
    root,
    git,
    write,
    commit: (message, changes) => {
      write(changes);
      git('add', '-A');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
