/**
 * What `nx affected` selects for each kind of change, proved in a temporary git repository: a copy of this
 * workspace (node_modules linked, workspace packages pointing into the copy) plus one commit per case, each
 * compared with the commit before it, exactly as CI compares base and head. Nothing is written to the workspace.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { cleanEnv, createTempRepo, runNx, type FileChange, type TempRepo } from '@payments/nx-pulumi';

jest.setTimeout(120_000);

let repo: TempRepo;

interface Project {
  name: string;
  root: string;
  tags: string[];
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
          nx?: { name?: string; tags?: string[] };
        };
        return {
          name: pkg.nx?.name ?? pkg.name,
          root: `${group}/${folder}`,
          tags: pkg.nx?.tags ?? [],
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
  it('knows the five platform stacks, the bootstrap, and the tools that run them', () => {
    // infra/bootstrap is a stack project (type:stack) outside the deploy graph: nothing is downstream of it.
    expect(STACKS()).toEqual(['api', 'bootstrap', 'database', 'identity', 'network', 'storage']);
    expect(TOOLS()).toEqual(expect.arrayContaining(['ci', 'nx-pulumi', 'synth']));
  });

  it("a stack's program: that stack and the stacks downstream of it, no other stack or package", () => {
    const affected = affectedBy('network: a program change', {
      'infra/network/src/stack.ts': append('// a program change'),
    });
    expect(affected.filter((p) => STACKS().includes(p))).toEqual(['api', 'database', 'network']);
    // Besides the stacks, only tools: synth (whose end-to-end tests synthesize the stacks) and the tools that
    // import it. No package depends on a stack, not even in a test.
    expect(without(affected, [...STACKS(), ...TOOLS()])).toEqual([]);
  });

  it("a stack's Pulumi.<env>.yaml: that stack and the stacks downstream of it", () => {
    const affected = affectedBy('database: staging config', {
      'infra/database/Pulumi.staging.yaml': append('# capacity reviewed'),
    });
    expect(affected.filter((p) => STACKS().includes(p))).toEqual(['api', 'database']);
    expect(without(affected, [...STACKS(), ...TOOLS()])).toEqual([]);
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
    // Not what neither imports it nor depends on what does: the Lambda handler, the mocks, the type tokens and
    // the process runner.
    for (const unrelated of ['payments-handler', 'mocks', 'aws-types', 'processes']) {
      expect(affected).not.toContain(unrelated);
    }
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
    // Every test but this one, whose own code would match.
    const tests = repo
      .git('ls-files', '*.spec.ts', '*.e2e.ts')
      .split('\n')
      .filter((file) => file !== '' && !__filename.endsWith(file));
    const reads: { readme: string; reader: Project }[] = [];
    for (const file of tests) {
      const reader = projects.find((p) => file.startsWith(`${p.root}/`));
      if (!reader) continue;
      // Its own README (a path from __dirname), or another project's (a path from the workspace root).
      for (const [, args = ''] of readFileSync(join(repo.root, file), 'utf8').matchAll(
        /join\(([^)]*)'README\.md'\)/g,
      )) {
        const parts = [...args.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
        const readme = args.trim().startsWith('__dirname')
          ? join(dirname(file), ...parts, 'README.md')
          : join(...parts, 'README.md');
        reads.push({ readme, reader });
      }
    }
    expect(reads.length).toBeGreaterThan(0);
    for (const { readme, reader } of reads) {
      expect(existsSync(join(repo.root, readme))).toBe(true);
      const run = runNx(
        ['show', 'projects', '--affected', `--files=${readme}`, '--json'],
        cleanEnv({}),
        repo.root,
      );
      const json = run.output.slice(run.output.indexOf('['), run.output.lastIndexOf(']') + 1);
      expect({
        readme,
        reader: reader.name,
        affected: (JSON.parse(json) as string[]).includes(reader.name),
      }).toEqual({
        readme,
        reader: reader.name,
        affected: true,
      });
    }
  });
});
