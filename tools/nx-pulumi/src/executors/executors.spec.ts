import { executorContext } from '../testing/context';
import pulumiExecutor from './pulumi/executor';
import type { PulumiExecutorOptions } from './pulumi/schema';
import { runSynth, type SynthEngine } from './synth/executor';

const context = executorContext('/ws', 'database', 'infra/database');

let stderr: string[];

beforeEach(() => {
  stderr = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
});

afterEach(() => jest.restoreAllMocks());

function fakeEngine(success = true) {
  return {
    synthProject: jest.fn().mockResolvedValue({ success }),
    summarizeEnvironment: jest.fn(),
  } satisfies SynthEngine;
}

describe('synth', () => {
  it('hands the project and the validated environment to the engine', async () => {
    const engine = fakeEngine();
    await expect(runSynth({ env: 'staging' }, context, engine)).resolves.toEqual({ success: true });
    expect(engine.synthProject).toHaveBeenCalledWith({
      workspaceRoot: '/ws',
      projectRoot: 'infra/database',
      projectName: 'database',
      env: 'staging',
      inProcess: true,
    });
  });

  it("fails when the engine does, with the engine's own report", async () => {
    await expect(runSynth({ env: 'dev' }, context, fakeEngine(false))).resolves.toEqual({
      success: false,
    });
    expect(stderr).toEqual([]);
  });

  it.each([
    [undefined, 'nothing'],
    ['qa', "'qa'"],
  ])('refuses the environment %j in one line before calling the engine', async (env, given) => {
    const engine = fakeEngine();
    await expect(runSynth({ env: env as 'dev' }, context, engine)).resolves.toEqual({ success: false });
    expect(engine.synthProject).not.toHaveBeenCalled();
    expect(stderr).toEqual([
      `[database] Unknown environment: got ${given}, expected one of dev, staging, prod (e.g. --env=staging).\n`,
    ]);
  });
});

describe('synth with summary (the synth project: the environment total)', () => {
  const summaryContext = executorContext('/ws', 'synth', 'tools/synth');
  const summary = (missing: string[], mandatoryViolations: number) => ({
    lines: ['synth staging: summary', '  total'],
    missing,
    mandatoryViolations,
  });

  it('prints the total and succeeds when every stack is synthesized without a mandatory violation', async () => {
    const engine = fakeEngine();
    engine.summarizeEnvironment.mockReturnValue(summary([], 0));
    const lines: string[] = [];
    await expect(
      runSynth({ env: 'staging', summary: true }, summaryContext, engine, (l) => lines.push(l)),
    ).resolves.toEqual({ success: true });
    expect(engine.summarizeEnvironment).toHaveBeenCalledWith('/ws', 'staging');
    expect(engine.synthProject).not.toHaveBeenCalled();
    expect(lines).toEqual(['synth staging: summary', '  total']);
  });

  it('fails naming the stacks not synthesized, and on a mandatory violation', async () => {
    const engine = fakeEngine();
    engine.summarizeEnvironment.mockReturnValueOnce(summary(['api'], 0));
    const lines: string[] = [];
    const log = (l: string) => lines.push(l);
    await expect(runSynth({ env: 'dev', summary: true }, summaryContext, engine, log)).resolves.toEqual({
      success: false,
    });
    expect(lines.at(-1)).toBe('Not synthesized: api. Run npx nx run-many -t synth --env=dev');
    engine.summarizeEnvironment.mockReturnValueOnce(summary([], 2));
    await expect(runSynth({ env: 'dev', summary: true }, summaryContext, engine, log)).resolves.toEqual({
      success: false,
    });
  });
});

describe('pulumi', () => {
  // '/ws' does not exist: each of these must fail before it looks at the project, its settings or the CLI.
  it('destroy refuses prod without --force-prod before looking at anything else', async () => {
    await expect(pulumiExecutor({ command: 'destroy', env: 'prod' }, context)).resolves.toEqual({
      success: false,
    });
    expect(stderr).toEqual([
      '[database] Refusing to destroy the prod stack of database: re-run with --force-prod if you really mean it.\n',
    ]);
  });

  it.each([
    ['up', { forceProd: true }, '--force-prod is an option of destroy only, not of up.'],
    [
      'preview',
      { secretsProvider: 'awskms://alias/x' },
      '--secrets-provider is an option of init only, not of preview.',
    ],
    [
      'destroy',
      { forceprod: true },
      'Unknown option --forceprod for destroy: the options are --env, --force-prod, --secrets-provider, --to.',
    ],
    ['destroy', { forceProd: 'yes' }, '--force-prod takes a boolean, got "yes".'],
  ] as const)(
    '%s refuses an unknown option or one of another command, in one line',
    async (command, extra, message) => {
      const options = { command, env: 'dev', ...extra } as unknown as PulumiExecutorOptions;
      await expect(pulumiExecutor(options, context)).resolves.toEqual({
        success: false,
      });
      expect(stderr).toEqual([`[database] ${message}\n`]);
    },
  );

  it.each(['preview', 'up', 'refresh', 'destroy', 'init', 'history'] as const)(
    '%s needs a valid environment first',
    async (command) => {
      await expect(
        pulumiExecutor({ command, env: 'production' as 'prod', forceProd: true }, context),
      ).resolves.toEqual({
        success: false,
      });
      expect(stderr).toEqual([
        "[database] Unknown environment: got 'production', expected one of dev, staging, prod (e.g. --env=staging).\n",
      ]);
    },
  );
});
