import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { executorContext } from '../../testing/context';
import type { BatchTaskResult } from '../../lib/batch';
import pulumiBatch, { parallelism, type TaskRunner } from './batch';
import type { PulumiExecutorOptions } from './schema';

// The batch Nx runs for `nx run-many -t up`: one process, each stack a task of its own, started when its
// dependencies in the batch are done.

const context: ExecutorContext = executorContext('/ws', 'network', 'infra/network');
const id = (project: string) => `${project}:up:env=staging`;

/** The contract graph (network -> database -> api, storage -> api), listed downstream first. */
const graph = (edges: Record<string, string[]>): TaskGraph =>
  ({
    roots: [],
    tasks: Object.fromEntries(
      Object.keys(edges).map((p) => [
        id(p),
        { id: id(p), target: { project: p, target: 'up' }, overrides: {} },
      ]),
    ),
    dependencies: Object.fromEntries(Object.entries(edges).map(([p, deps]) => [id(p), deps.map(id)])),
    continuousDependencies: {},
  }) as unknown as TaskGraph;

const deploy = graph({ api: ['database', 'storage'], database: ['network'], storage: [], network: [] });
const inputs = (taskGraph: TaskGraph) =>
  Object.fromEntries(
    Object.keys(taskGraph.tasks).map((t) => [t, { command: 'up', env: 'staging' } as PulumiExecutorOptions]),
  );

/** A runner that records start and end per project and takes `ms[project]` milliseconds. */
function recorder(ms: Record<string, number>, fail: string[] = []) {
  const events: string[] = [];
  let running = 0;
  let peak = 0;
  const runner: TaskRunner = async (_options, ctx) => {
    const project = ctx.projectName!;
    events.push(`start ${project}`);
    peak = Math.max(peak, ++running);
    await new Promise((done) => setTimeout(done, ms[project] ?? 0));
    running--;
    events.push(`end ${project}`);
    return { success: !fail.includes(project) };
  };
  return { runner, events, peak: () => peak };
}

async function collect(generator: AsyncGenerator<BatchTaskResult>): Promise<BatchTaskResult[]> {
  const results: BatchTaskResult[] = [];
  for await (const result of generator) results.push(result);
  return results;
}

let stderr: string[];
beforeEach(() => {
  stderr = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
});
afterEach(() => jest.restoreAllMocks());

describe('pulumiBatch', () => {
  it('starts each stack as soon as its upstreams are done, independent ones together, and reports each as it ends', async () => {
    const { runner, events, peak } = recorder({ network: 30, storage: 5, database: 10, api: 1 });
    const results = await collect(pulumiBatch(deploy, inputs(deploy), {}, context, runner, 3));
    expect(events).toEqual([
      'start network',
      'start storage',
      'end storage',
      'end network',
      'start database',
      'end database',
      'start api',
      'end api',
    ]);
    expect(peak()).toBe(2);
    expect(results.map((r) => [r.task, r.result.success, r.result.terminalOutput])).toEqual([
      [id('storage'), true, ''],
      [id('network'), true, ''],
      [id('database'), true, ''],
      [id('api'), true, ''],
    ]);
    for (const { result } of results) expect(result.endTime).toBeGreaterThanOrEqual(result.startTime);
  });

  it('runs no more stacks at once than --parallel allows', async () => {
    const wide = graph({ a: [], b: [], c: [], d: [], e: [] });
    const { runner, peak } = recorder({ a: 10, b: 10, c: 10, d: 10, e: 10 });
    const results = await collect(pulumiBatch(wide, inputs(wide), {}, context, runner, 2));
    expect(results).toHaveLength(5);
    expect(peak()).toBe(2);
  });

  it('skips the dependents of a failed stack, saying why, and lets the independent ones finish', async () => {
    const { runner, events } = recorder({ network: 1, storage: 20 }, ['network']);
    const results = await collect(pulumiBatch(deploy, inputs(deploy), {}, context, runner, 3));
    expect(events).not.toContain('start database');
    expect(events).not.toContain('start api');
    expect(events).toContain('end storage');
    const byTask = Object.fromEntries(results.map((r) => [r.task, r.result]));
    expect(byTask[id('network')]).toEqual(expect.objectContaining({ success: false }));
    expect(byTask[id('storage')]).toEqual(expect.objectContaining({ success: true }));
    expect(byTask[id('database')]).toEqual(
      expect.objectContaining({
        success: false,
        status: 'skipped',
        terminalOutput: `[database] up not run: ${id('network')} failed.\n`,
      }),
    );
    expect(byTask[id('api')]).toEqual(expect.objectContaining({ success: false, status: 'skipped' }));
    // The reason goes out live (Nx prints no output of a skipped task).
    expect(stderr).toContain(`[database] up not run: ${id('network')} failed.\n`);
    expect(stderr).toContain(`[api] up not run: ${id('database')} was not run.\n`);
  });

  it('reports a bug as a failure of its task, with its stack, and goes on', async () => {
    const runner: TaskRunner = async (_o, ctx) => {
      if (ctx.projectName === 'storage') throw new Error('boom');
      return { success: true };
    };
    const results = await collect(pulumiBatch(deploy, inputs(deploy), {}, context, runner, 3));
    expect(results.find((r) => r.task === id('storage'))?.result.success).toBe(false);
    expect(results.find((r) => r.task === id('database'))?.result.success).toBe(true);
    expect(results.find((r) => r.task === id('api'))?.result.status).toBe('skipped');
    expect(stderr.some((line) => line.startsWith('[storage] Error: boom'))).toBe(true);
  });

  it('starts nothing new after SIGINT: the running stack ends (the CLI got the signal), the rest is not run', async () => {
    const runner: TaskRunner = async (_o, ctx) => {
      if (ctx.projectName === 'network') process.emit('SIGINT', 'SIGINT');
      await new Promise((done) => setTimeout(done, 5));
      return { success: true };
    };
    const chain = graph({ database: ['network'], network: [] });
    const results = await collect(pulumiBatch(chain, inputs(chain), {}, context, runner, 1));
    expect(results.map((r) => [r.task, r.result.status ?? r.result.success])).toEqual([
      [id('network'), true],
      [id('database'), 'skipped'],
    ]);
    expect(stderr).toContain('[database] up not run: interrupted (SIGINT).\n');
  });
});

describe('parallelism', () => {
  const nx = (...args: string[]) => ['node', '/ws/node_modules/.bin/nx', 'run-many', '-t', 'up', ...args];
  const none = { nxJsonConfiguration: {} };

  it.each([
    [nx('--parallel=5'), {}, 5],
    [nx('--parallel', '2'), {}, 2],
    [nx('--parallel=false'), {}, 1],
    [nx('--parallel'), {}, 3],
    [nx('--parallel', '--maxParallel=4'), {}, 4],
    [nx(), { NX_PARALLEL: '6' }, 6],
    [nx(), {}, 3],
    [undefined, {}, 3],
  ])('%j with %j: %d at once, as Nx reads it', (argv, env, expected) => {
    expect(parallelism(none, argv, env)).toBe(expected);
  });

  it("falls back to nx.json's parallel", () => {
    expect(parallelism({ nxJsonConfiguration: { parallel: 2 } }, nx(), {})).toBe(2);
  });
});
