import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStub, type Stub } from '../testing/stub';
import {
  PULUMI_NOT_FOUND,
  commandArgs,
  findPulumi,
  loggedInBackend,
  policyPackDir,
  resolveBackend,
  runPulumi,
  selectStackArgs,
} from './pulumi-cli';

const STACK = 'organization/payments-network/staging';

let stub: Stub;
let dir: string;

beforeEach(() => {
  stub = createStub();
  dir = mkdtempSync(join(tmpdir(), 'nx-pulumi-cli-'));
});

afterEach(() => {
  stub.cleanup();
  rmSync(dir, { recursive: true, force: true });
  jest.restoreAllMocks();
});

function captureOutput(): { stdout: string[]; stderr: string[] } {
  const captured = { stdout: [] as string[], stderr: [] as string[] };
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => captured.stdout.push(String(chunk)) > 0);
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => captured.stderr.push(String(chunk)) > 0);
  return captured;
}

describe('pulumi arguments', () => {
  it.each([
    ['preview', [STACK, '--non-interactive', '--diff']],
    ['up', [STACK, '--non-interactive', '--yes']],
    ['refresh', [STACK, '--non-interactive', '--yes']],
    ['destroy', [STACK, '--non-interactive', '--yes']],
  ] as const)('%s runs non-interactively on the fully qualified stack', (command, rest) => {
    expect(commandArgs(command, STACK)).toEqual([command, '--stack', ...rest]);
  });

  it('pass the policy pack to up and preview only', () => {
    expect(commandArgs('up', STACK, '/ws/packages/policies')).toEqual([
      'up',
      '--stack',
      STACK,
      '--non-interactive',
      '--yes',
      '--policy-pack',
      '/ws/packages/policies',
    ]);
    expect(commandArgs('preview', STACK, '/ws/packages/policies').slice(-2)).toEqual([
      '--policy-pack',
      '/ws/packages/policies',
    ]);
    expect(commandArgs('refresh', STACK, '/ws/packages/policies')).not.toContain('--policy-pack');
    expect(commandArgs('destroy', STACK, '/ws/packages/policies')).not.toContain('--policy-pack');
  });

  it('select the stack, creating it on first use', () => {
    expect(selectStackArgs(STACK)).toEqual(['stack', 'select', '--create', STACK, '--non-interactive']);
  });

  it('find the policy pack only where a PulumiPolicy.yaml says there is one', () => {
    expect(policyPackDir(dir)).toBeUndefined();
    mkdirSync(join(dir, 'packages', 'policies'), { recursive: true });
    expect(policyPackDir(dir)).toBeUndefined();
    writeFileSync(join(dir, 'packages', 'policies', 'PulumiPolicy.yaml'), 'runtime: nodejs\n');
    expect(policyPackDir(dir)).toBe(join(dir, 'packages', 'policies'));
  });
});

describe('finding the CLI', () => {
  it('takes the first executable pulumi on PATH', () => {
    const notExecutable = join(dir, 'a');
    mkdirSync(notExecutable);
    writeFileSync(join(notExecutable, 'pulumi'), '');
    chmodSync(join(notExecutable, 'pulumi'), 0o644);
    expect(findPulumi({ PATH: [notExecutable, stub.bin].join(':') })).toBe(join(stub.bin, 'pulumi'));
  });

  it('finds nothing when no folder on PATH has it', () => {
    expect(findPulumi({ PATH: dir })).toBeUndefined();
    expect(findPulumi({})).toBeUndefined();
  });
});

describe('running the CLI', () => {
  const env = () => ({ ...process.env, PULUMI_STUB_LOG: stub.log });

  it('streams every line of stdout and stderr with the project prefix and returns the exit code', async () => {
    const output = captureOutput();
    const code = await runPulumi(join(stub.bin, 'pulumi'), ['up', '--stack', STACK], {
      cwd: dir,
      env: env(),
      prefix: '[network] ',
    });
    expect(code).toBe(0);
    expect(output.stdout).toEqual([`[network] stub: pulumi up --stack ${STACK}\n`]);
    expect(output.stderr).toEqual(['[network] stub: a line on stderr\n']);
    expect(stub.calls()).toEqual([expect.objectContaining({ argv: ['up', '--stack', STACK], cwd: dir })]);
  });

  it('returns the failing exit code', async () => {
    captureOutput();
    const failing = { ...env(), PULUMI_STUB_FAIL: dir.split('/').pop() ?? '' };
    await expect(
      runPulumi(join(stub.bin, 'pulumi'), ['up'], { cwd: dir, env: failing, prefix: '' }),
    ).resolves.toBe(1);
  });

  it('passes a SIGTERM of the task on to Pulumi, and stops listening when it is gone', async () => {
    captureOutput();
    const listeners = process.listenerCount('SIGTERM');
    const slow = { ...env(), PULUMI_STUB_SLEEP: '30' };
    const started = Date.now();
    const running = runPulumi(join(stub.bin, 'pulumi'), ['up'], { cwd: dir, env: slow, prefix: '' });
    await new Promise((done) => setTimeout(done, 300));
    process.emit('SIGTERM', 'SIGTERM');
    await expect(running).resolves.not.toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
  });

  it('reports a binary that is gone with the install message', async () => {
    await expect(
      runPulumi(join(dir, 'pulumi'), ['up'], { cwd: dir, env: env(), prefix: '' }),
    ).rejects.toThrow(PULUMI_NOT_FOUND);
  });
});

describe('the state backend', () => {
  const home = () => join(dir, 'pulumi-home');
  const base = () => ({ PULUMI_HOME: home() });
  const login = (current: string) => {
    mkdirSync(home(), { recursive: true });
    writeFileSync(join(home(), 'credentials.json'), JSON.stringify({ current, accessTokens: {} }));
  };

  it('is PULUMI_BACKEND_URL when set', () => {
    login('https://api.pulumi.com');
    const env = { ...base(), PULUMI_BACKEND_URL: 's3://state-bucket' };
    expect(resolveBackend(dir, env)).toEqual({
      env,
      description: 'state backend s3://state-bucket (PULUMI_BACKEND_URL)',
    });
  });

  it('is the one `pulumi login` selected, as the CLI records it', () => {
    login('s3://team-state');
    const env = base();
    expect(resolveBackend(dir, env)).toEqual({
      env,
      description: 'state backend s3://team-state (pulumi login)',
    });
    expect(loggedInBackend(env)).toBe('s3://team-state');
  });

  it('is Pulumi Cloud with PULUMI_ACCESS_TOKEN', () => {
    const env = { ...base(), PULUMI_ACCESS_TOKEN: 'pul-token' };
    expect(resolveBackend(dir, env).description).toBe('state backend Pulumi Cloud (PULUMI_ACCESS_TOKEN)');
    expect(resolveBackend(dir, env).env['PULUMI_BACKEND_URL']).toBeUndefined();
  });

  it('is the embedded file backend otherwise, created on first use', () => {
    login(''); // what `pulumi logout` leaves
    const backend = resolveBackend(dir, { ...base(), PULUMI_CONFIG_PASSPHRASE: 'from-the-user' });
    expect(backend.env['PULUMI_BACKEND_URL']).toBe(`file://${join(dir, '.pulumi-state')}`);
    expect(backend.env['PULUMI_CONFIG_PASSPHRASE']).toBe('from-the-user');
    expect(existsSync(join(dir, '.pulumi-state'))).toBe(true);
  });

  it('goes to PAYMENTS_PULUMI_STATE_DIR when set', () => {
    const state = join(dir, 'elsewhere');
    const env = {
      ...base(),
      PULUMI_CONFIG_PASSPHRASE_FILE: '/run/secrets/p',
      PAYMENTS_PULUMI_STATE_DIR: state,
    };
    expect(resolveBackend(dir, env).env['PULUMI_BACKEND_URL']).toBe(`file://${state}`);
    expect(existsSync(state)).toBe(true);
  });

  it('needs a passphrase from the user for the embedded backend, and creates nothing without one', () => {
    expect(() => resolveBackend(dir, base())).toThrow(
      `Not logged in to a Pulumi backend, and the embedded one (file://${join(dir, '.pulumi-state')}) encrypts ` +
        'secrets with a passphrase: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE, or choose a ' +
        'backend with `pulumi login` / PULUMI_BACKEND_URL.',
    );
    expect(existsSync(join(dir, '.pulumi-state'))).toBe(false);
  });

  it('reports a broken credentials file instead of guessing', () => {
    mkdirSync(home(), { recursive: true });
    writeFileSync(join(home(), 'credentials.json'), '{');
    expect(() => resolveBackend(dir, base())).toThrow(
      `${join(home(), 'credentials.json')} is not valid JSON: run \`pulumi login\` again or remove it.`,
    );
  });
});
