import { join } from 'node:path';
import { ENVIRONMENTS } from '@payments/config';
import { executorContext, schemaOptions, type SchemaOf } from '@payments/nx-pulumi';
import { runRollback } from '../../rollback';
import rollbackExecutor from './executor';
import type { RollbackExecutorOptions } from './schema';

const context = executorContext('/ws', 'database', 'infra/database');

let stderr: string[];

beforeEach(() => {
  stderr = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
});

afterEach(() => jest.restoreAllMocks());

describe('the rollback schema', () => {
  const EXPECTED = {
    env: { type: 'string', required: false },
    // Nx's argument parser turns `--to=12` into a number.
    to: { type: ['number', 'string'], required: false },
    yes: { type: 'boolean', required: false },
    dryRun: { type: 'boolean', required: false },
  } satisfies SchemaOf<RollbackExecutorOptions>;
  const schema = schemaOptions(join(__dirname, 'schema.json'));

  it('declares exactly the options of its schema.d.ts, and nothing else', () => {
    expect(schema.options).toEqual(EXPECTED);
    expect(schema.closed).toBe(true);
  });

  it('accepts exactly the environments of packages/config', () => {
    expect(schema.enums['env']).toEqual([...ENVIRONMENTS]);
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
