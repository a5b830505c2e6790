import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStub, type Stub } from '../testing/stub';
import {
  PULUMI_NOT_FOUND,
  backendKind,
  commandArgs,
  credentialsFile,
  findPulumi,
  inCi,
  initStackArgs,
  keyMaterialRefusal,
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

  it('pass the policy pack and its config file to up and preview only, in pairs', () => {
    const pack = { dir: '/ws/packages/policies', config: '/ws/dist/policy-config/staging/network.json' };
    expect(commandArgs('up', STACK, pack)).toEqual([
      'up',
      '--stack',
      STACK,
      '--non-interactive',
      '--yes',
      '--policy-pack',
      '/ws/packages/policies',
      '--policy-pack-config',
      '/ws/dist/policy-config/staging/network.json',
    ]);
    expect(commandArgs('preview', STACK, pack).slice(-4)).toEqual([
      '--policy-pack',
      '/ws/packages/policies',
      '--policy-pack-config',
      '/ws/dist/policy-config/staging/network.json',
    ]);
    expect(commandArgs('preview', STACK, { dir: '/ws/packages/policies' }).slice(-2)).toEqual([
      '--policy-pack',
      '/ws/packages/policies',
    ]);
    expect(commandArgs('refresh', STACK, pack)).not.toContain('--policy-pack');
    expect(commandArgs('destroy', STACK, pack)).not.toContain('--policy-pack-config');
  });

  it('select an existing stack without creating it; only init creates one', () => {
    expect(selectStackArgs(STACK)).toEqual(['stack', 'select', STACK, '--non-interactive']);
    expect(initStackArgs(STACK)).toEqual(['stack', 'init', '--stack', STACK, '--non-interactive']);
    expect(initStackArgs(STACK, 'awskms://alias/state?region=us-east-1')).toEqual([
      'stack',
      'init',
      '--stack',
      STACK,
      '--non-interactive',
      '--secrets-provider',
      'awskms://alias/state?region=us-east-1',
    ]);
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
    const code = await runPulumi(join(stub.bin, 'pulumi'), ['about', '--json'], {
      cwd: dir,
      env: env(),
      prefix: '[network] ',
    });
    expect(code).toBe(0);
    expect(output.stdout).toEqual([`[network] stub: pulumi about --json\n`]);
    expect(output.stderr).toEqual(['[network] stub: a line on stderr\n']);
    expect(stub.calls()).toEqual([expect.objectContaining({ argv: ['about', '--json'], cwd: dir })]);
  });

  it('returns the failing exit code', async () => {
    captureOutput();
    const failing = { ...env(), PULUMI_STUB_FAIL: dir.split('/').pop() ?? '' };
    await expect(
      runPulumi(join(stub.bin, 'pulumi'), ['about'], { cwd: dir, env: failing, prefix: '' }),
    ).resolves.toBe(1);
  });

  it('passes a SIGTERM of the task on to Pulumi, and stops listening when it is gone', async () => {
    captureOutput();
    const listeners = process.listenerCount('SIGTERM');
    const slow = { ...env(), PULUMI_STUB_SLEEP: '30' };
    const started = Date.now();
    const running = runPulumi(join(stub.bin, 'pulumi'), ['about'], { cwd: dir, env: slow, prefix: '' });
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
  const login = (current: string, folder = home()) => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'credentials.json'), JSON.stringify({ current, accessTokens: {} }));
  };
  const passphrase = { PULUMI_CONFIG_PASSPHRASE: 'from-the-user' };

  it('is PULUMI_BACKEND_URL when set, self-managed unless it speaks HTTP', () => {
    login('https://api.pulumi.com');
    const env = { ...base(), ...passphrase, PULUMI_BACKEND_URL: 's3://state-bucket' };
    expect(resolveBackend(dir, { env })).toEqual({
      env,
      description: 'state backend s3://state-bucket (PULUMI_BACKEND_URL)',
      url: 's3://state-bucket',
      kind: 'self-managed',
      embedded: false,
    });
    expect(backendKind('https://api.pulumi.com')).toBe('pulumi-cloud');
    expect(backendKind('file:///var/state')).toBe('self-managed');
  });

  it("is the project's backend.url before the login, as the CLI reads it", () => {
    login('https://api.pulumi.com');
    expect(
      resolveBackend(dir, { env: { ...base(), ...passphrase }, projectBackendUrl: 's3://project-state' })
        .description,
    ).toBe('state backend s3://project-state (backend.url in Pulumi.yaml)');
  });

  it('is the one `pulumi login` selected, as the CLI records it', () => {
    login('s3://team-state');
    const env = { ...base(), ...passphrase };
    expect(resolveBackend(dir, { env }).description).toBe('state backend s3://team-state (pulumi login)');
    expect(loggedInBackend(env)).toBe('s3://team-state');
  });

  it('finds the login in PULUMI_CREDENTIALS_PATH before PULUMI_HOME, and ignores an empty one', () => {
    login('s3://home-state');
    const credentials = join(dir, 'credentials');
    login('s3://credentials-state', credentials);
    expect(credentialsFile({ ...base(), PULUMI_CREDENTIALS_PATH: credentials })).toBe(
      join(credentials, 'credentials.json'),
    );
    expect(loggedInBackend({ ...base(), PULUMI_CREDENTIALS_PATH: credentials })).toBe(
      's3://credentials-state',
    );
    expect(loggedInBackend({ ...base(), PULUMI_CREDENTIALS_PATH: '' })).toBe('s3://home-state');
  });

  it('is Pulumi Cloud with PULUMI_ACCESS_TOKEN, which needs no passphrase', () => {
    const env = { ...base(), PULUMI_ACCESS_TOKEN: 'pul-token' };
    const backend = resolveBackend(dir, { env });
    expect(backend.description).toBe('state backend https://api.pulumi.com (PULUMI_ACCESS_TOKEN)');
    expect(backend.kind).toBe('pulumi-cloud');
    expect(backend.env['PULUMI_BACKEND_URL']).toBeUndefined();
  });

  it('is the embedded file backend otherwise, created on first use', () => {
    login(''); // what `pulumi logout` leaves
    const backend = resolveBackend(dir, { env: { ...base(), ...passphrase } });
    expect(backend.env['PULUMI_BACKEND_URL']).toBe(`file://${join(dir, '.pulumi-state')}`);
    expect(backend.env['PULUMI_CONFIG_PASSPHRASE']).toBe('from-the-user');
    expect(backend.embedded).toBe(true);
    expect(existsSync(join(dir, '.pulumi-state'))).toBe(true);
  });

  it('goes to PAYMENTS_PULUMI_STATE_DIR when set', () => {
    const state = join(dir, 'elsewhere');
    const env = {
      ...base(),
      PULUMI_CONFIG_PASSPHRASE_FILE: stub.passphraseFile,
      PAYMENTS_PULUMI_STATE_DIR: state,
    };
    expect(resolveBackend(dir, { env }).env['PULUMI_BACKEND_URL']).toBe(`file://${state}`);
    expect(existsSync(state)).toBe(true);
  });

  it.each([
    ['CI', 'true', 'CI is set'],
    ['GITHUB_ACTIONS', 'true', 'GITHUB_ACTIONS is set'],
  ])(
    'refuses the embedded backend when %s=%s, naming PULUMI_BACKEND_URL, and creates nothing',
    (name, value, why) => {
      const env = { ...base(), ...passphrase, [name]: value };
      expect(inCi(env)).toBe(true);
      expect(() => resolveBackend(dir, { env })).toThrow(
        `No state backend is configured, and this is CI (${why}): refusing the embedded one ` +
          `(file://${join(dir, '.pulumi-state')}), whose state would vanish with the runner while the resources stay. ` +
          'Set PULUMI_BACKEND_URL to the shared backend (e.g. s3://<state bucket>; a repository variable in GitHub Actions).',
      );
      expect(existsSync(join(dir, '.pulumi-state'))).toBe(false);
      expect(inCi({ CI: 'false' })).toBe(false);
    },
  );

  it.each([
    'PULUMI_BACKEND_URL',
    'PULUMI_CONFIG_PASSPHRASE',
    'PULUMI_CONFIG_PASSPHRASE_FILE',
    'PULUMI_ACCESS_TOKEN',
  ])('treats an empty %s as an error, never as unset: GitHub gives an unset variable as ""', (name) => {
    const env = { ...base(), PULUMI_CONFIG_PASSPHRASE_FILE: stub.passphraseFile, [name]: '' };
    expect(() => resolveBackend(dir, { env })).toThrow(
      new RegExp(
        `^${name} is set but empty: set it .*or unset it \\(in GitHub Actions, a variable or secret`,
      ),
    );
    expect(existsSync(join(dir, '.pulumi-state'))).toBe(false);
  });

  it('refuses a passphrase file that is empty or missing: the CLI would encrypt with an empty passphrase', () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, ' \n');
    expect(() => resolveBackend(dir, { env: { ...base(), PULUMI_CONFIG_PASSPHRASE_FILE: empty } })).toThrow(
      `PULUMI_CONFIG_PASSPHRASE_FILE names ${empty}, which is empty: Pulumi would encrypt with an empty passphrase.`,
    );
    expect(() =>
      resolveBackend(dir, { env: { ...base(), PULUMI_CONFIG_PASSPHRASE_FILE: join(dir, 'nope') } }),
    ).toThrow(`PULUMI_CONFIG_PASSPHRASE_FILE names ${join(dir, 'nope')}, which cannot be read.`);
  });

  it('needs a passphrase from the user for the embedded backend, and creates nothing without one', () => {
    expect(() => resolveBackend(dir, { env: base() })).toThrow(
      `Not logged in to a Pulumi backend, and the embedded one (file://${join(dir, '.pulumi-state')}) encrypts ` +
        'secrets with a passphrase: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE, or choose ' +
        'another backend with `pulumi login` / PULUMI_BACKEND_URL.',
    );
    expect(existsSync(join(dir, '.pulumi-state'))).toBe(false);
  });

  it('needs the passphrase on S3 too, unless the stack file names a KMS secrets provider', () => {
    const env = { ...base(), PULUMI_BACKEND_URL: 's3://state-bucket' };
    expect(() => resolveBackend(dir, { env })).toThrow(
      'The state backend s3://state-bucket (PULUMI_BACKEND_URL) encrypts secrets with a passphrase',
    );
    const kms = { provider: 'awskms://alias/state?region=us-east-1', encryptedKey: 'ZW5j' };
    expect(resolveBackend(dir, { env, secrets: kms }).kind).toBe('self-managed');
  });

  it('reports a broken credentials file instead of guessing', () => {
    mkdirSync(home(), { recursive: true });
    writeFileSync(join(home(), 'credentials.json'), '{');
    expect(() => resolveBackend(dir, { env: base() })).toThrow(
      `${join(home(), 'credentials.json')} is not valid JSON: run \`pulumi login\` again or remove it.`,
    );
  });
});

describe('key material in the stack file', () => {
  const backend = (kind: 'self-managed' | 'pulumi-cloud') => ({
    env: {},
    description: '',
    url: kind === 'pulumi-cloud' ? 'https://api.pulumi.com' : 's3://state',
    kind,
    embedded: false,
  });
  const refusal = (secrets: object, kind: 'self-managed' | 'pulumi-cloud') =>
    keyMaterialRefusal({
      file: 'infra/network/Pulumi.staging.yaml',
      secrets,
      backend: backend(kind),
      stack: STACK,
      init: 'npx nx run network:init --env=staging',
    });

  it('is required on a self-managed backend: without its salt the file would be rewritten on every run', () => {
    expect(refusal({}, 'self-managed')).toBe(
      'infra/network/Pulumi.staging.yaml has no encryptionsalt (passphrase secrets provider), so Pulumi would ' +
        'write a new one into it on this run (and the committed file would change on every run). Create ' +
        `${STACK} once against the shared backend with \`npx nx run network:init --env=staging\` and commit ` +
        'infra/network/Pulumi.staging.yaml; if the stack exists already, restore the committed file.',
    );
    expect(refusal({ encryptionSalt: 'v1:c2FsdA==:v1:x:y' }, 'self-managed')).toBeUndefined();
  });

  it('is not needed with the Pulumi Cloud default provider', () => {
    expect(refusal({}, 'pulumi-cloud')).toBeUndefined();
  });
});
