/**
 * `nx run synth:diff`, as the pull-request workflow runs it, in a temporary git repository holding a copy of this
 * workspace: one branch per kind of change, each compared with the branch it started from. The base is synthesized
 * in a git worktree of the merge base, which must be gone afterwards. Nothing is written to the workspace.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS } from '@payments/aws-types';
import { DOMAINS, type Domain } from '@payments/config';
import { cleanEnv, createTempRepo, runNx, type FileChange, type TempRepo } from '@payments/nx-pulumi';
import type { EnvironmentDiff, StackDiff } from '@payments/synth';

jest.setTimeout(240_000);

let repo: TempRepo;

beforeAll(() => {
  repo = createTempRepo('ci-synth-diff-');
});

afterAll(() => repo?.cleanup());

const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith('payments-diff-staging-'));
let before: string[];
beforeEach(() => {
  before = leftovers();
});
afterEach(() => {
  // The base's worktree is removed, and git no longer knows it.
  expect(leftovers().filter((name) => !before.includes(name))).toEqual([]);
  expect(repo.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
});

interface DiffRun {
  status: number | null;
  output: string;
  diff: EnvironmentDiff;
  markdown: string;
}

/** Commits `changes` on a new branch from `from`, then runs `nx run synth:diff --env=staging --base=<from>` there. */
function diffOf(branch: string, from: string, changes: Record<string, FileChange>): DiffRun {
  repo.git('checkout', '-q', '-b', branch, from);
  repo.commit(branch, changes);
  const run = runNx(
    ['run', 'synth:diff', '--env=staging', `--base=${from}`, '--outputStyle=static'],
    cleanEnv({}),
    repo.root,
  );
  expect({ branch, status: run.status, tail: run.status === 0 ? '' : run.output.slice(-3000) }).toEqual({
    branch,
    status: 0,
    tail: '',
  });
  const dist = join(repo.root, 'dist', 'synth', 'staging');
  return {
    ...run,
    diff: JSON.parse(readFileSync(join(dist, 'diff.json'), 'utf8')) as EnvironmentDiff,
    markdown: readFileSync(join(dist, 'diff.md'), 'utf8'),
  };
}

const stackOf = (diff: EnvironmentDiff, domain: string): StackDiff => {
  const found = diff.stacks.find((s) => s.domain === domain);
  if (!found) throw new Error(`no ${domain} in the diff`);
  return found;
};
const statuses = (diff: EnvironmentDiff) => Object.fromEntries(diff.stacks.map((s) => [s.domain, s.status]));
/** Every stack unchanged but the ones named. */
const statusesOf = (changed: Partial<Record<Domain, string>>) =>
  Object.fromEntries(DOMAINS.map((d) => [d, changed[d] ?? 'unchanged']));

/** `infra/database/Pulumi.staging.yaml` with `database` overrides. */
const databaseOverrides = (yaml: string) => (old: string) =>
  `${old.trimEnd()}\n  payments:overrides:\n    database:\n${yaml}`;

describe('nx run synth:diff --env=staging --base=<branch>', () => {
  it('shows one more Aurora reader as an added resource with a positive cost delta, and prints the Markdown', () => {
    const run = diffOf('one-more-reader', 'main', {
      'infra/database/Pulumi.staging.yaml': databaseOverrides('      readers: 2\n'),
    });
    const database = stackOf(run.diff, 'database');
    expect(statuses(run.diff)).toEqual(statusesOf({ database: 'changed' }));
    // The reader, and the alarm every instance gets.
    expect(database.resources.added.map((r) => r.type).sort()).toEqual([
      AWS.cloudwatchMetricAlarm,
      AWS.rdsClusterInstance,
    ]);
    expect(database.resources.removed).toEqual([]);
    expect(database.resources.changed.filter((r) => r.replacement)).toEqual([]);
    expect(database.cost.delta.min).toBeGreaterThan(0);
    expect(database.cost.delta.max).toBeGreaterThan(database.cost.delta.min);
    expect(run.diff.cost.delta).toEqual(database.cost.delta);
    expect(run.diff.base.commit).toBe(repo.git('rev-parse', 'main').trim());
    // The Markdown is what the pull-request comment holds; the command prints it too.
    expect(run.markdown).toContain(`\nUnchanged: ${DOMAINS.filter((d) => d !== 'database').join(', ')}.\n`);
    const reader = database.resources.added.find((r) => r.type === AWS.rdsClusterInstance);
    expect(run.markdown).toContain(`Added (2):\n- \`rds.ClusterInstance\` \`${reader?.name}\``);
    expect(run.output).toContain(run.markdown.trim().split('\n').slice(0, 4).join('\n'));
  });

  it('flags a change to the database name, which AWS cannot make in place, as a replacement', () => {
    const run = diffOf('rename-database', 'main', {
      'infra/database/Pulumi.staging.yaml': databaseOverrides('      databaseName: ledger\n'),
    });
    const database = stackOf(run.diff, 'database');
    const replaced = database.resources.changed.filter((r) => r.replacement);
    expect(replaced.map((r) => [r.type, r.changes.filter((c) => c.replaces).map((c) => c.path)])).toEqual([
      [AWS.rdsCluster, ['databaseName']],
    ]);
    expect(replaced[0]?.changes.find((c) => c.path === 'databaseName')).toEqual(
      expect.objectContaining({ old: 'payments', new: 'ledger' }),
    );
    expect(run.markdown).toMatch(/`databaseName`: `"payments"` → `"ledger"` \*\*forces replacement\*\*/);
  });

  it('shows no change for a docs-only change', () => {
    const run = diffOf('docs-only', 'main', {
      'README.md': (old) => `${old}\nA line of documentation.\n`,
      'docs/design.md': (old) => `${old}\nAnother.\n`,
    });
    expect(statuses(run.diff)).toEqual(statusesOf({}));
    expect(run.diff.cost.delta).toEqual({ min: 0, max: 0 });
    expect(run.markdown).toContain(
      `No change to any of the ${DOMAINS.length} stacks: ${DOMAINS.join(', ')}.`,
    );
  });

  it('shows a stack the base did not have yet as added, with all its resources and cost', () => {
    // The base: the workspace before the api stack existed.
    repo.git('checkout', '-q', '-b', 'before-api', 'main');
    repo.git('rm', '-r', '-q', 'infra/api');
    repo.commit('before the api stack', {});
    const apiFiles = repo
      .git('ls-tree', '-r', '--name-only', 'main', 'infra/api')
      .split('\n')
      .filter(Boolean);
    const restore = Object.fromEntries(
      apiFiles.map((file): [string, FileChange] => [file, repo.git('show', `main:${file}`)]),
    );
    const run = diffOf('add-api', 'before-api', restore);
    const api = stackOf(run.diff, 'api');
    expect(statuses(run.diff)).toEqual(statusesOf({ api: 'added' }));
    expect(api.resources.added.length).toBeGreaterThan(10);
    expect(api.cost.before).toBeNull();
    expect(api.cost.delta).toEqual(api.cost.after);
    expect(run.markdown).toContain('#### api (new stack)');
    expect(existsSync(join(repo.root, 'infra', 'api', 'Pulumi.staging.yaml'))).toBe(true);
  });
});
