import { executorContext } from '../testing/context';
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
  it('says it is planned and fails, changing nothing', async () => {
    await expect(rollbackExecutor({ env: 'prod', to: 'a1b2c3d' }, context)).resolves.toEqual({
      success: false,
    });
    expect(stderr).toEqual([
      '[database] rollback of database (prod) to a1b2c3d is planned but not implemented yet; nothing was changed.\n',
    ]);
  });

  it('needs --to', async () => {
    await expect(rollbackExecutor({ env: 'prod' }, context)).resolves.toEqual({ success: false });
    expect(stderr).toEqual(['[database] rollback needs --to=<stack version or git sha>.\n']);
  });

  it('needs a valid environment first', async () => {
    await expect(rollbackExecutor({ env: 'production' as 'prod', to: 'v3' }, context)).resolves.toEqual({
      success: false,
    });
    expect(stderr).toEqual([
      "[database] Unknown environment: got 'production', expected one of dev, staging, prod (e.g. --env=staging).\n",
    ]);
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
