/** The plugin as Nx loads it from nx.json, on the real workspace. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMAINS, STACK_DOMAINS } from '@payments/config';
import { upstreamsOf } from '@payments/contracts';
import { BOOTSTRAP_TARGETS, EXECUTORS, PULUMI_TARGETS, ROLLBACK_EXECUTOR } from '../plugin';
import { cleanEnv, runNx } from '../testing/stub';

jest.setTimeout(120_000);

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nx-pulumi-graph-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the workspace', () => {
  it('gives every stack project the Pulumi targets', () => {
    const run = runNx(['show', 'project', 'api', '--json'], cleanEnv({}));
    expect(run.status).toBe(0);
    const project = JSON.parse(
      run.output.slice(run.output.indexOf('{'), run.output.lastIndexOf('}') + 1),
    ) as {
      root: string;
      targets: Record<string, { executor?: string; cache?: boolean; options?: Record<string, unknown> }>;
    };
    expect(project.root).toBe('infra/api');
    for (const target of PULUMI_TARGETS) {
      const executor =
        target === 'synth'
          ? `${EXECUTORS}:synth`
          : target === 'rollback'
            ? ROLLBACK_EXECUTOR
            : `${EXECUTORS}:pulumi`;
      expect(project.targets[target]).toEqual(
        expect.objectContaining({ executor, cache: target === 'synth' }),
      );
      if (executor === `${EXECUTORS}:pulumi`)
        expect(project.targets[target]?.options).toEqual({ command: target });
    }
  });

  it('gives each environment-wide target every stack, and lets the stacks check drift in no order', () => {
    const show = (name: string) => {
      const run = runNx(['show', 'project', name, '--json'], cleanEnv({}));
      expect(run.status).toBe(0);
      return JSON.parse(run.output.slice(run.output.indexOf('{'), run.output.lastIndexOf('}') + 1)) as {
        targets: Record<
          string,
          { executor?: string; dependsOn?: { projects?: string[]; target?: string }[] }
        >;
      };
    };
    // `nx run-many -t synth` and `-t drift` end with the environment's summary, after every stack.
    for (const [project, target, executor] of [
      ['synth', 'synth', `${EXECUTORS}:synth`],
      ['nx-pulumi', 'drift', `${EXECUTORS}:drift-summary`],
    ] as const) {
      const summary = show(project).targets[target];
      expect(summary?.executor).toBe(executor);
      // By tag, so that a new stack project joins without an edit here.
      expect(summary?.dependsOn?.map((d) => [d.target, d.projects])).toEqual([[target, ['tag:type:stack']]]);
    }
    const tagged = runNx(['show', 'projects', '--projects=tag:type:stack', '--json'], cleanEnv({}));
    expect(tagged.status).toBe(0);
    const stacks = JSON.parse(
      tagged.output.slice(tagged.output.indexOf('['), tagged.output.lastIndexOf(']') + 1),
    );
    // The bootstrap is a stack project too: synthesized offline, never in the deploy graph.
    expect([...stacks].sort()).toEqual([...STACK_DOMAINS].sort());
    // The bootstrap's own targets, none of the ones CI runs.
    expect(
      Object.keys(show('bootstrap').targets)
        .filter((t) => t !== 'typecheck' && t !== 'lint' && t !== 'test')
        .sort(),
    ).toEqual([...BOOTSTRAP_TARGETS].sort());
    expect(show('database').targets['drift']?.dependsOn ?? []).toEqual([]);
  });

  it('answers nx run-many -t synth --env=qa with one line per stack, not a crash of the batch', () => {
    const run = runNx(['run-many', '-t', 'synth', '--env=qa', '--skip-nx-cache'], cleanEnv({}));
    expect(run.status).not.toBe(0);
    expect(run.output).not.toMatch(/SchemaError|UnhandledPromiseRejection/);
    expect(run.output).toContain(
      "[network] Unknown environment: got 'qa', expected one of dev, staging, prod (e.g. --env=staging).",
    );
  });

  it('orders the stacks in the Nx graph exactly as CONTRACTS declares', () => {
    const file = join(dir, 'graph.json');
    const run = runNx(['graph', `--file=${file}`], cleanEnv({}));
    expect(run.status).toBe(0);
    const { graph } = JSON.parse(readFileSync(file, 'utf8')) as {
      graph: { dependencies: Record<string, { source: string; target: string }[]> };
    };
    const stacks = new Set<string>(DOMAINS);
    const edges = (domain: string) =>
      (graph.dependencies[domain] ?? [])
        .map((edge) => edge.target)
        .filter((target) => stacks.has(target))
        .sort();
    for (const domain of DOMAINS) {
      expect({ domain, upstreams: edges(domain) }).toEqual({
        domain,
        upstreams: [...upstreamsOf(domain)].sort(),
      });
    }
  });
});
