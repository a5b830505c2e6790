import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError, parseEnvironment, type Environment } from '@payments/config';
import { deployOrder } from '@payments/contracts';
import {
  CommandFailedError,
  CommandNotFoundError,
  Interruption,
  InterruptedError,
  commitOf,
  describeCommit,
  gitTopLevel,
  mergeBase,
  uncommittedChanges,
} from '@payments/processes';
import { SynthError } from '../synth';
import { diffEnvironment, type EnvironmentDiff } from './compare';
import { formatDiffMarkdown } from './markdown';
import { DiffError, synthesizeBase, synthesizeHead, type StackLocation } from './synthesize';

export interface DiffOptions {
  env?: string;
  /** The git ref to compare with; its merge base with HEAD is synthesized. */
  base?: string;
}

export interface DiffResult {
  diff: EnvironmentDiff;
  markdown: string;
  /** `dist/synth/<env>/diff.md` and `diff.json`. */
  files: { markdown: string; json: string };
}

const PREFIX = '[synth] ';

/**
 * `nx run synth:diff --env=<env> --base=<ref>`: synthesizes this checkout and the merge base of `<ref>` and HEAD
 * (in a temporary git worktree) offline, and compares them stack by stack: resources added, removed and changed
 * (replacements flagged), policy findings added and resolved, the monthly cost before and after. Writes
 * `dist/synth/<env>/diff.md` and `diff.json`.
 */
export async function runDiff(
  options: DiffOptions,
  workspaceRoot: string,
  stacks: readonly StackLocation[],
): Promise<DiffResult> {
  const env: Environment = parseEnvironment(options.env);
  const baseRef = options.base?.trim();
  if (!baseRef) {
    throw new DiffError(
      'Missing --base: the git ref to compare with, e.g. --base=origin/main (its merge base with HEAD is synthesized).',
    );
  }
  const say = (line: string) => process.stdout.write(`${PREFIX}${line}\n`);
  const repo = await gitTopLevel(
    workspaceRoot,
    'synth:diff synthesizes the base commit from the git history',
  );
  const head = await commitOf(repo, 'HEAD');
  if (!head) throw new DiffError(`${repo} has no commit yet: there is no base to compare with.`);
  const ref = await commitOf(repo, baseRef);
  if (!ref) {
    throw new DiffError(
      `Unknown --base '${baseRef}': this clone has no commit or branch by that name (git fetch it first; in CI, ` +
        'check out with fetch-depth: 0).',
    );
  }
  const base = await mergeBase(repo, ref, head);
  if (!base)
    throw new DiffError(`'${baseRef}' and HEAD share no history: there is no merge base to compare with.`);
  const dirty = (await uncommittedChanges(repo, [workspaceRoot])).length > 0;
  say(
    `${env}: ${baseRef} has merge base ${await describeCommit(repo, base)}; HEAD is ${head.slice(0, 12)}` +
      (dirty ? ' with uncommitted changes' : ''),
  );

  const interruption = new Interruption().start();
  try {
    const after = await synthesizeHead({ workspaceRoot, env, stacks, interruption, prefix: PREFIX });
    // The same tree on both sides needs no second synth.
    const before =
      base === head && !dirty
        ? after
        : await synthesizeBase({ repo, workspaceRoot, sha: base, env, stacks, interruption, prefix: PREFIX });
    const diff = diffEnvironment({
      env,
      base: { ref: baseRef, commit: base },
      head: { commit: head, dirty },
      order: stacks.map((s) => s.domain),
      before,
      after,
    });
    const markdown = formatDiffMarkdown(diff);
    const dir = join(workspaceRoot, 'dist', 'synth', env);
    mkdirSync(dir, { recursive: true });
    const files = { markdown: join(dir, 'diff.md'), json: join(dir, 'diff.json') };
    writeFileSync(files.markdown, markdown);
    writeFileSync(files.json, `${JSON.stringify(diff, null, 2)}\n`);
    process.stdout.write(`\n${markdown}\n`);
    say(`wrote ${relative(workspaceRoot, files.markdown)} and ${relative(workspaceRoot, files.json)}`);
    return { diff, markdown, files };
  } finally {
    interruption.stop();
  }
}

/** The stacks of the workspace in deploy order: the Nx project of each domain and its folder. */
export function stackLocations(projects: Record<string, { root: string }>): StackLocation[] {
  return deployOrder().flatMap((domain) => {
    const project = projects[domain];
    return project ? [{ domain, root: project.root }] : [];
  });
}

/** Errors whose message is the whole story: one line, no stack trace. */
export function isDiffUserError(error: unknown): error is Error {
  return (
    error instanceof DiffError ||
    error instanceof SynthError ||
    error instanceof ConfigError ||
    error instanceof CommandFailedError ||
    error instanceof CommandNotFoundError ||
    error instanceof InterruptedError
  );
}
