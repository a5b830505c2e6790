import type { SynthExecutorOptions } from './schema';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import type { SynthProjectOptions } from '@payments/synth';
import synthBatch, { type BatchTaskResult } from './batch';
import type { SynthEngine } from './executor';

// The batch Nx runs for `nx run-many -t synth`: one process, each stack a task of its own.

const projects = {
  network: 'infra/network',
  storage: 'infra/storage',
  database: 'infra/database',
  api: 'infra/api',
};

const context: ExecutorContext = {
  root: '/ws',
  cwd: '/ws',
  isVerbose: false,
  projectsConfigurations: {
    version: 2,
    projects: Object.fromEntries(Object.entries(projects).map(([name, root]) => [name, { root }])),
  },
  nxJsonConfiguration: {},
  projectGraph: { nodes: {}, dependencies: {} },
};

const id = (project: string) => `${project}:synth:env=staging`;

// database reads network and storage; api reads database. Listed downstream first, as Nx need not order them.
const taskGraph: TaskGraph = {
  roots: [id('network'), id('storage')],
  tasks: Object.fromEntries(
    ['api', 'database', 'storage', 'network'].map((project) => [
      id(project),
      { id: id(project), target: { project, target: 'synth' }, overrides: { env: 'staging' } },
    ]),
  ) as unknown as TaskGraph['tasks'],
  dependencies: {
    [id('api')]: [id('database')],
    [id('database')]: [id('network'), id('storage')],
    [id('network')]: [],
    [id('storage')]: [],
  },
  continuousDependencies: {},
};

const inputs = Object.fromEntries(
  Object.keys(taskGraph.tasks).map((task) => [task, { env: 'staging' as const }]),
);

/** An engine that logs one line per stack and fails the named ones. */
function engine(failing: string[] = []) {
  const calls: SynthProjectOptions[] = [];
  const fake: SynthEngine = {
    summarizeEnvironment: () => {
      throw new Error('no summary task in this batch');
    },
    synthProject: async (options) => {
      calls.push(options);
      options.log?.(`[${options.projectName}] synthesized`);
      return { success: !failing.includes(options.projectName) };
    },
  };
  return { fake, calls };
}

async function run(fake: SynthEngine): Promise<BatchTaskResult[]> {
  const results: BatchTaskResult[] = [];
  for await (const result of synthBatch(taskGraph, inputs, {}, context, fake)) results.push(result);
  return results;
}

describe('the synth batch', () => {
  it('synthesizes every stack in this process, upstream first, each with its own output', async () => {
    const { fake, calls } = engine();
    const results = await run(fake);
    const order = calls.map((c) => c.projectName);
    expect(order.indexOf('database')).toBeGreaterThan(order.indexOf('network'));
    expect(order.indexOf('database')).toBeGreaterThan(order.indexOf('storage'));
    expect(order.at(-1)).toBe('api');
    expect(calls.every((c) => c.inProcess === true && c.env === 'staging')).toBe(true);
    expect(calls.find((c) => c.projectName === 'api')?.projectRoot).toBe('infra/api');
    expect(results.map((r) => [r.task, r.result.success, r.result.terminalOutput])).toEqual(
      order.map((project) => [id(project), true, `[${project}] synthesized\n`]),
    );
  });

  it('skips the stacks downstream of a failed one, as Nx would, and still runs the independent ones', async () => {
    const stderr: string[] = [];
    const write = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
    const { fake, calls } = engine(['network']);
    const results = Object.fromEntries((await run(fake)).map((r) => [r.task.split(':')[0], r.result]));
    expect(calls.map((c) => c.projectName).sort()).toEqual(['network', 'storage']);
    expect(results['network']).toMatchObject({ success: false });
    expect(results['storage']).toMatchObject({ success: true });
    expect(results['database']).toMatchObject({
      success: false,
      status: 'skipped',
      terminalOutput: `[database] synth not run: ${id('network')} failed.\n`,
    });
    expect(results['api']).toMatchObject({ success: false, status: 'skipped' });
    // Nx prints no output for a skipped task: the reason goes out live.
    expect(stderr).toEqual([
      `[database] synth not run: ${id('network')} failed.\n`,
      `[api] synth not run: ${id('database')} was not run.\n`,
    ]);
    write.mockRestore();
  });

  it("puts a bad --env in the task's own output, not on stderr", async () => {
    const { fake, calls } = engine();
    const bad = Object.fromEntries(Object.keys(inputs).map((task) => [task, { env: 'qa' as 'dev' }]));
    const results: BatchTaskResult[] = [];
    for await (const result of synthBatch(taskGraph, bad, {}, context, fake)) results.push(result);
    expect(calls).toEqual([]);
    const network = results.find((r) => r.task === id('network'));
    expect(network?.result.terminalOutput).toBe(
      "[network] Unknown environment: got 'qa', expected one of dev, staging, prod (e.g. --env=staging).\n",
    );
  });

  it('refuses an option synth does not take, in one line, before running anything', async () => {
    const { fake, calls } = engine();
    const bad = Object.fromEntries(
      Object.keys(inputs).map((task) => [task, { env: 'staging', forceProd: true } as SynthExecutorOptions]),
    );
    const results: BatchTaskResult[] = [];
    for await (const result of synthBatch(taskGraph, bad, {}, context, fake)) results.push(result);
    expect(calls).toEqual([]);
    expect(results.find((r) => r.task === id('network'))?.result.terminalOutput).toBe(
      '[network] Unknown option --force-prod for synth: the options are --env, --summary.\n',
    );
  });
});
