import { executorContext } from '../testing/context';
import { runRollback } from '../lib/rollback';
import rollbackExecutor from './rollback/executor';
import { runSynth, type SynthEngine } from './synth/executor';
import destroyExecutor from './destroy/executor';

const context = executorContext('/ws', 'database', 'infra/database');

let stderr: string[];

beforeEach(() => {
  stderr = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
});

afterEach(() => jest.restoreAllMocks());

function fakeEngine(success = true) {
  return { synthProject: jest.fn().mockResolvedValue({ success }) } satisfies SynthEngine;
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

describe('rollback', () => {
  // '/ws' does not exist: each of these must fail before it looks at the project, git or the CLI.
  const noTerminal = { interactive: () => false, confirm: jest.fn() };

  it('needs --to', async () => {
    await expect(rollbackExecutor({ env: 'prod' }, context)).resolves.toEqual({ success: false });
    expect(stderr).toEqual(['[database] rollback needs --to=<stack version or git sha>.\n']);
  });

  it('needs a valid environment first', async () => {
    await expect(rollbackExecutor({ env: 'production' as 'prod', to: '3' }, context)).resolves.toEqual({
      success: false,
    });
    expect(stderr).toEqual([
      "[database] Unknown environment: got 'production', expected one of dev, staging, prod (e.g. --env=staging).\n",
    ]);
  });

  it.each(['v3', 'main', 'HEAD~1', '-1', '0'])(
    'refuses --to=%s, which is neither a version nor a sha',
    async (to) => {
      await expect(rollbackExecutor({ env: 'prod', to, yes: true }, context)).resolves.toEqual({
        success: false,
      });
      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toMatch(/^\[database\] --to(=0 is not a stack version| must be a stack version)/);
    },
  );

  it('without a terminal, needs --yes or --dry-run before it does anything', async () => {
    await expect(runRollback({ env: 'prod', to: '3' }, context, noTerminal)).resolves.toEqual({
      success: false,
    });
    expect(stderr).toEqual([
      '[database] rollback asks for confirmation after the preview, but stdin is not a terminal: re-run with --yes ' +
        'to deploy without asking, or with --dry-run to stop after the preview. Nothing was changed.\n',
    ]);
    expect(noTerminal.confirm).not.toHaveBeenCalled();
  });
});

describe('destroy', () => {
  it('refuses prod without --force-prod before looking at anything else', async () => {
    // '/ws' does not exist: reaching the project, the settings or the CLI would fail differently.
    await expect(destroyExecutor({ env: 'prod' }, context)).resolves.toEqual({ success: false });
    expect(stderr).toEqual([
      '[database] Refusing to destroy the prod stack of database: re-run with --force-prod if you really mean it.\n',
    ]);
  });
});
