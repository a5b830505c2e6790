/**
 * What `nx affected` selects for each kind of change, proved in a temporary git repository: a copy of this
 * workspace (node_modules linked, workspace packages pointing into the copy) plus one commit per case, each
 * compared with the commit before it, exactly as CI compares base and head. Nothing is written to the workspace.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cleanEnv, runNx } from '@payments/nx-pulumi/src/testing/stub';
import { createTempRepo, type FileChange, type TempRepo } from '@payments/nx-pulumi/src/testing/temp-repo';

jest.setTimeout(120_000);

let repo: TempRepo;

interface Project {
  name: string;
  root: string;
  tags: string[];
  implicitDependencies: string[];
}

/** Every project of the copy, from the package.json files of the npm workspaces. */
let projects: Project[];

beforeAll(() => {
  repo = createTempRepo('ci-affected-');
  projects = ['apps', 'packages', 'infra', 'tools'].flatMap((group) => {
    const dir = join(repo.root, group);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((folder) => existsSync(join(dir, folder, 'package.json')))
      .map((folder) => {
        const pkg = JSON.parse(readFileSync(join(dir, folder, 'package.json'), 'utf8')) as {
          name: string;
          nx?: { name?: string; tags?: string[]; implicitDependencies?: string[] };
        };
        return {
          name: pkg.nx?.name ?? pkg.name,
          root: `${group}/${folder}`,
          tags: pkg.nx?.tags ?? [],
          implicitDependencies: pkg.nx?.implicitDependencies ?? [],
        };
      });
  });
});

afterAll(() => repo?.cleanup());

const named = (tag: string) =>
  projects
    .filter((p) => p.tags.includes(tag))
    .map((p) => p.name)
    .sort();
const STACKS = () => named('type:stack');
const TOOLS = () => named('type:tool');

/** Commits `changes` on top of HEAD and returns what `nx show projects --affected` selects, sorted. */
function affectedBy(message: string, changes: Record<string, FileChange>): string[] {
  const base = repo.git('rev-parse', 'HEAD').trim();
  repo.commit(message, changes);
  const run = runNx(
    ['show', 'projects', '--affected', `--base=${base}`, '--head=HEAD', '--json'],
    cleanEnv({}),
    repo.root,
  );
  expect({ message, status: run.status }).toEqual({ message, status: 0 });
  const json = run.output.slice(run.output.indexOf('['), run.output.lastIndexOf(']') + 1);
  return (JSON.parse(json) as string[]).sort();
}

/**
 * The packages and apps that declare an implicit dependency on one of `stacks`: their tests read those stacks'
 * synth output (cost estimates it, policies evaluate it), so they are rightly affected with them.
 */
const declaredReadersOf = (stacks: string[]) =>
  projects
    .filter((p) => !p.tags.includes('type:tool') && p.implicitDependencies.some((d) => stacks.includes(d)))
    .map((p) => p.name)
    .sort();

const append = (line: string) => (old: string) => `${old}${line}\n`;
const without = (all: string[], some: string[]) => all.filter((p) => !some.includes(p));

/** Projects of the copy whose sources import `pkg` (a spec file counts: its tests depend on it). */
function importersOf(pkg: string): string[] {
  const importer = new RegExp(`from '${pkg}(/[^']*)?'|require\\('${pkg}(/[^']*)?'\\)`);
  const files = repo.git('ls-files', '*.ts').split('\n').filter(Boolean);
  const roots = new Set(
    files
      .filter((file) => importer.test(readFileSync(join(repo.root, file), 'utf8')))
      .map((file) => projects.find((p) => file.startsWith(`${p.root}/`))?.name)
      .filter((name): name is string => name !== undefined),
  );
  return [...roots].sort();
}

describe('nx affected', () => {
  it('knows the four stacks and the tools that run them', () => {
    expect(STACKS()).toEqual(['api', 'database', 'network', 'storage']);
    expect(TOOLS()).toEqual(expect.arrayContaining(['ci', 'nx-pulumi', 'synth']));
  });

  it("a stack's program: that stack and the stacks downstream of it, no other stack or package", () => {
    const affected = affectedBy('network: a program change', {
      'infra/network/src/stack.ts': append('// a program change'),
    });
    expect(affected.filter((p) => STACKS().includes(p))).toEqual(['api', 'database', 'network']);
    // Besides the stacks: the packages that declare them as implicit dependencies, and tools whose tests run
    // the stacks' programs (synth, and nx-pulumi, bench and ci, which import it).
    expect(without(affected, [...STACKS(), ...TOOLS()])).toEqual(
      declaredReadersOf(['api', 'database', 'network']),
    );
  });

  it("a stack's Pulumi.<env>.yaml: that stack and the stacks downstream of it", () => {
    const affected = affectedBy('database: staging config', {
      'infra/database/Pulumi.staging.yaml': append('# capacity reviewed'),
    });
    expect(affected.filter((p) => STACKS().includes(p))).toEqual(['api', 'database']);
    expect(without(affected, [...STACKS(), ...TOOLS()])).toEqual(declaredReadersOf(['api', 'database']));
  });

  it.each([
    ['packages/naming', '@payments/naming'],
    ['packages/config', '@payments/config'],
  ])('%s: every stack, and every project that imports it', (root, pkg) => {
    const source = repo
      .git('ls-files', `${root}/src/*.ts`)
      .split('\n')
      .find((file) => file !== '' && !file.endsWith('.spec.ts'));
    if (!source) throw new Error(`${root} has no source file`);
    const affected = affectedBy(`${root}: a change`, { [source]: append('// a change') });
    const importers = importersOf(pkg);
    expect(importers).toEqual(expect.arrayContaining(STACKS()));
    expect(affected).toEqual(expect.arrayContaining([...STACKS(), ...importers, relative('packages', root)]));
    // Not what neither imports it nor depends on what does: the Lambda handler and the test mocks.
    expect(affected).not.toContain('payments-handler');
    expect(affected).not.toContain('testing');
  });

  it.each([
    ['the root README', 'README.md'],
    ["a stack's README", 'infra/api/README.md'],
    ['both, and a new docs page', 'README.md,infra/network/README.md,docs/runbook.md'],
  ])('%s: nothing at all', (_case, files) => {
    const changes = Object.fromEntries(
      files
        .split(',')
        .map((file) => [file, existsSync(join(repo.root, file)) ? append('A docs edit.') : '# Runbook\n']),
    );
    expect(affectedBy(`docs: ${files}`, changes)).toEqual([]);
  });

  it('a workflow file: only the ci project, whose tests read it', () => {
    expect(affectedBy('ci: workflow', { '.github/workflows/pr.yml': append('# a comment') })).toEqual(['ci']);
  });

  it("the first deploy, whose base is nx-set-shas' fallback-sha (the empty tree): every project", () => {
    const emptyTree = repo.git('hash-object', '-t', 'tree', '/dev/null').trim();
    expect(emptyTree).toBe('4b825dc642cb6eb9a060e54bf8d69288fbee4904');
    const run = runNx(
      ['show', 'projects', '--affected', `--base=${emptyTree}`, '--head=HEAD', '--json'],
      cleanEnv({}),
      repo.root,
    );
    expect(run.status).toBe(0);
    const json = run.output.slice(run.output.indexOf('['), run.output.lastIndexOf(']') + 1);
    expect((JSON.parse(json) as string[]).sort()).toEqual(projects.map((p) => p.name).sort());
  });
});

describe('.nxignore', () => {
  /**
   * Ignoring Markdown must not hide a README that a test reads: Nx would neither rerun that test when the README
   * changes nor count the change as affecting anything. Each such README is re-included in .nxignore.
   */
  it('hides no README that a test reads', () => {
    const specs = repo.git('ls-files', '*.spec.ts').split('\n').filter(Boolean);
    const readers = new Set(
      specs
        .filter((file) => /join\([^)]*'README\.md'\)/.test(readFileSync(join(repo.root, file), 'utf8')))
        .map((file) => projects.find((p) => file.startsWith(`${p.root}/`)))
        .filter((project): project is Project => project !== undefined),
    );
    for (const project of readers) {
      const readme = `${project.root}/README.md`;
      const run = runNx(
        ['show', 'projects', '--affected', `--files=${readme}`, '--json'],
        cleanEnv({}),
        repo.root,
      );
      const json = run.output.slice(run.output.indexOf('['), run.output.lastIndexOf(']') + 1);
      expect({ readme, affects: (JSON.parse(json) as string[]).includes(project.name) }).toEqual({
        readme,
        affects: true,
      });
    }
  });
});
