/**
 * The recording stub speaks the real CLI's formats where the executors depend on them; these tests pin the
 * stub to what Pulumi v3.248.0 does (the source paths are in pulumi-stub.js), so that an executor test against
 * the stub means something.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStub, pathWithoutPulumi, type Stub } from './stub';

const STACK = 'organization/payments-network/staging';

let stub: Stub;
let project: string;

beforeEach(() => {
  stub = createStub();
  project = mkdtempSync(join(tmpdir(), 'nx-pulumi-stub-project-'));
  writeFileSync(join(project, 'Pulumi.yaml'), 'name: payments-network\nruntime: nodejs\n');
  writeFileSync(join(project, 'Pulumi.staging.yaml'), '# staging\nconfig:\n  aws:region: us-east-1\n');
});

afterEach(() => {
  stub.cleanup();
  rmSync(project, { recursive: true, force: true });
});

function pulumi(args: string[], extra: Record<string, string> = {}, cwd = project) {
  const result = spawnSync(join(stub.bin, 'pulumi'), args, {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: pathWithoutPulumi(),
      HOME: project,
      PULUMI_HOME: stub.pulumiHome,
      PULUMI_STUB_LOG: stub.log,
      PULUMI_STUB_OBJECT_STORE: stub.objectStore,
      PULUMI_BACKEND_URL: `file://${stub.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE_FILE: stub.passphraseFile,
      ...extra,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const stackFile = () => readFileSync(join(project, 'Pulumi.staging.yaml'), 'utf8');

describe('the stub pulumi', () => {
  it('answers a missing stack as the CLI does: exit code 6, "no stack named ... found"', () => {
    expect(pulumi(['stack', 'select', STACK, '--non-interactive'])).toEqual({
      code: 6,
      stdout: '',
      stderr: "error: no stack named 'staging' found\n",
    });
    expect(pulumi(['preview', '--stack', STACK, '--non-interactive'])).toEqual(
      expect.objectContaining({ code: 6, stderr: `error: no stack named '${STACK}' found\n` }),
    );
    expect(pulumi(['stack', 'history', '--stack', STACK, '--json']).code).toBe(6);
  });

  it('creates a stack with `stack init`, writing the passphrase salt into the stack file, once', () => {
    expect(pulumi(['stack', 'init', '--stack', STACK, '--non-interactive'])).toEqual(
      expect.objectContaining({ code: 0, stdout: "Created stack 'staging'\n" }),
    );
    expect(stackFile()).toMatch(
      /^# staging\nencryptionsalt: v1:[A-Za-z0-9+/=]+:v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+\nconfig:\n {2}aws:region: us-east-1\n$/,
    );
    expect(readdirSync(join(stub.stateDir, '.pulumi', 'stacks', 'payments-network'))).toEqual([
      'staging.json',
    ]);
    expect(pulumi(['stack', 'init', '--stack', STACK, '--non-interactive'])).toEqual(
      expect.objectContaining({ code: 1, stderr: `error: stack '${STACK}' already exists\n` }),
    );
    expect(pulumi(['stack', 'select', STACK, '--non-interactive']).code).toBe(0);
  });

  it('needs a passphrase to create a passphrase stack, and accepts an empty one as the CLI does', () => {
    // The CLI ignores an empty PULUMI_CONFIG_PASSPHRASE_FILE (passphrase/manager.go readPassphrase).
    const withoutFile = { PULUMI_CONFIG_PASSPHRASE_FILE: '' };
    expect(pulumi(['stack', 'init', '--stack', STACK], withoutFile)).toEqual(
      expect.objectContaining({
        code: 1,
        stderr:
          'error: could not create secrets manager for new stack: passphrase must be set with ' +
          'PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables\n',
      }),
    );
    expect(pulumi(['stack', 'init', '--stack', STACK], { PULUMI_CONFIG_PASSPHRASE: '' }).code).toBe(0);
  });

  it('rewrites a stack file that lost its salt on the next preview: the churn the executors refuse', () => {
    pulumi(['stack', 'init', '--stack', STACK]);
    const created = stackFile();
    writeFileSync(join(project, 'Pulumi.staging.yaml'), '# staging\nconfig:\n  aws:region: us-east-1\n');
    expect(pulumi(['preview', '--stack', STACK, '--non-interactive', '--diff']).code).toBe(0);
    expect(stackFile()).toMatch(/^# staging\nencryptionsalt: v1:/);
    expect(stackFile()).not.toBe(created);
  });

  it('keeps a cloud KMS provider in secretsprovider + encryptedkey', () => {
    pulumi([
      'stack',
      'init',
      '--stack',
      STACK,
      '--secrets-provider',
      'awskms://alias/state?region=us-east-1',
    ]);
    expect(stackFile()).toMatch(
      /^# staging\nsecretsprovider: awskms:\/\/alias\/state\?region=us-east-1\nencryptedkey: [A-Za-z0-9+/=]+\nconfig:/,
    );
  });

  it('prints the history of a self-managed backend as the CLI does: version 0, newest first, paged', () => {
    pulumi(['stack', 'init', '--stack', STACK]);
    for (const message of ['first', 'second', 'third']) {
      expect(pulumi(['up', '--stack', STACK, '--yes', '--message', message]).code).toBe(0);
    }
    pulumi(['preview', '--stack', STACK]); // a preview is no update
    const page = (size: string, number: string) =>
      JSON.parse(
        pulumi(['stack', 'history', '--stack', STACK, '--json', '--page-size', size, '--page', number])
          .stdout,
      ) as Record<string, unknown>[];
    const all = page('10', '1');
    expect(all.map((u) => [u.version, u.message])).toEqual([
      [0, 'third'],
      [0, 'second'],
      [0, 'first'],
    ]);
    expect(Object.keys(all[0] ?? {})).toEqual([
      'version',
      'kind',
      'startTime',
      'message',
      'environment',
      'config',
      'result',
      'endTime',
      'resourceChanges',
    ]);
    expect(all[0]).toEqual(
      expect.objectContaining({
        kind: 'update',
        result: 'succeeded',
        startTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
        config: { 'aws:region': { value: 'us-east-1', secret: false } },
        environment: { 'exec.kind': 'cli' }, // not a git checkout
      }),
    );
    expect(page('2', '1').map((u) => u.message)).toEqual(['third', 'second']);
    expect(page('2', '2').map((u) => u.message)).toEqual(['first']);
    expect(
      pulumi(['stack', 'history', '--stack', STACK, '--json', '--page-size', '2', '--page', '3']).stdout,
    ).toBe('[]\n');
  });

  it('numbers the updates on Pulumi Cloud', () => {
    const cloud = { PULUMI_BACKEND_URL: 'https://api.pulumi.com', PULUMI_ACCESS_TOKEN: 'pul-test' };
    pulumi(['stack', 'init', '--stack', STACK], cloud);
    expect(stackFile()).not.toContain('encryptionsalt'); // the service keeps the key
    pulumi(['up', '--stack', STACK, '--yes'], cloud);
    pulumi(['refresh', '--stack', STACK, '--yes'], cloud);
    const history = JSON.parse(pulumi(['stack', 'history', '--stack', STACK, '--json'], cloud).stdout) as {
      version: number;
      kind: string;
    }[];
    expect(history.map((u) => [u.version, u.kind])).toEqual([
      [2, 'refresh'],
      [1, 'update'],
    ]);
  });

  it('records the --policy-pack-config it is given, parsed, and refuses one without --policy-pack', () => {
    pulumi(['stack', 'init', '--stack', STACK]);
    const config = join(project, 'policy-config.json');
    writeFileSync(config, JSON.stringify({ 'rds-iam-authentication': { exemptions: [] } }));
    pulumi(['up', '--stack', STACK, '--yes', '--policy-pack', '/pack', '--policy-pack-config', config]);
    expect(JSON.parse(readFileSync(stub.log, 'utf8').trim().split('\n').pop() ?? '{}')).toEqual(
      expect.objectContaining({ policyPackConfig: { 'rds-iam-authentication': { exemptions: [] } } }),
    );
    expect(pulumi(['up', '--stack', STACK, '--yes', '--policy-pack-config', config])).toEqual(
      expect.objectContaining({
        code: 2,
        stderr: 'error: "--policy-pack-config" must be specified with "--policy-pack"\n',
      }),
    );
  });

  it('keeps the state of an s3:// backend in the object store', () => {
    const s3 = { PULUMI_BACKEND_URL: 's3://state-bucket/payments' };
    expect(pulumi(['stack', 'init', '--stack', STACK], s3).code).toBe(0);
    mkdirSync(join(stub.objectStore, 's3'), { recursive: true });
    expect(
      readdirSync(join(stub.objectStore, 's3', 'state-bucket', 'payments', '.pulumi', 'stacks')),
    ).toEqual(['payments-network']);
    expect(pulumi(['stack', 'select', STACK]).code).toBe(6); // another backend
  });
});

describe('the stub pulumi refresh --preview-only', () => {
  const historyOf = () =>
    JSON.parse(pulumi(['stack', 'history', '--stack', STACK, '--json']).stdout) as unknown[];
  beforeEach(() => {
    pulumi(['stack', 'init', '--stack', STACK, '--non-interactive']);
  });

  it('prints a preview digest as the CLI does, and records no update: it changes nothing', () => {
    const result = pulumi(['refresh', '--preview-only', '--json', '--non-interactive', '--stack', STACK]);
    expect(result.code).toBe(0);
    // pkg/display/json.go PreviewDigest, MarshalIndent with four spaces; `detailedDiff` has no omitempty.
    expect(result.stdout.split('\n')[1]).toBe('    "steps": [');
    const digest = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(digest).sort()).toEqual(['changeSummary', 'duration', 'steps']);
    expect(digest['steps']).toEqual([
      expect.objectContaining({
        op: 'refresh',
        urn: 'urn:pulumi:staging::payments-network::pulumi:pulumi:Stack::payments-network-staging',
        detailedDiff: null,
      }),
    ]);
    expect(digest['changeSummary']).toEqual({ same: 1 });
    expect(historyOf()).toEqual([]);
  });

  it('prints the digest it is given for the project folder', () => {
    // A folder named like a stack project: /bin/sh drops variables whose names hold a '-'.
    const network = join(project, 'network');
    mkdirSync(network);
    for (const file of ['Pulumi.yaml', 'Pulumi.staging.yaml']) {
      writeFileSync(join(network, file), readFileSync(join(project, file)));
    }
    const fixture = join(__dirname, 'fixtures', 'refresh-preview-drift.json');
    const args = ['refresh', '--preview-only', '--json', '--non-interactive', '--stack', STACK];
    const result = pulumi(args, { PULUMI_STUB_REFRESH_NETWORK: fixture }, network);
    expect(result.stdout).toBe(readFileSync(fixture, 'utf8'));
  });

  it('refuses --yes with --preview-only, and a missing stack, as the CLI does', () => {
    expect(pulumi(['refresh', '--preview-only', '--yes', '--stack', STACK])).toEqual(
      expect.objectContaining({
        code: 1,
        stderr: 'error: --yes and --preview-only cannot be used together\n',
      }),
    );
    expect(
      pulumi(['refresh', '--preview-only', '--json', '--stack', 'organization/payments-network/prod']).code,
    ).toBe(6);
  });

  it('records an update for a refresh that writes state: the one drift must never run', () => {
    expect(pulumi(['refresh', '--yes', '--non-interactive', '--stack', STACK]).code).toBe(0);
    expect(historyOf()).toEqual([expect.objectContaining({ kind: 'refresh', result: 'succeeded' })]);
  });
});

describe('the stub pulumi: stack export, import and output (pkg/cmd/pulumi/stack, apitype.UntypedDeployment)', () => {
  const fixture = join(__dirname, 'fixtures', 'bootstrap-export.json');
  const BOOTSTRAP = 'organization/payments-bootstrap/staging';
  // PULUMI_STUB_DEPLOYMENT_<project folder>: a folder named like the repository's, whose name is a valid variable.
  const deployment = { PULUMI_STUB_DEPLOYMENT_BOOTSTRAP: fixture };
  let cwd: string;
  const run = (args: string[], extra: Record<string, string> = {}) => pulumi(args, extra, cwd);

  beforeEach(() => {
    cwd = join(project, 'bootstrap');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'Pulumi.yaml'), 'name: payments-bootstrap\nruntime: nodejs\n');
    writeFileSync(join(cwd, 'Pulumi.staging.yaml'), 'config:\n  aws:region: us-east-1\n');
    run(['stack', 'init', '--stack', BOOTSTRAP, '--non-interactive']);
  });

  it('stores the deployment an up produced, exports it as the CLI prints it, imports it into another backend', () => {
    expect(run(['up', '--stack', BOOTSTRAP, '--yes'], deployment).code).toBe(0);
    const file = join(project, 'export.json');
    expect(run(['stack', 'export', '--stack', BOOTSTRAP, '--file', file])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const expected = JSON.parse(readFileSync(fixture, 'utf8')) as { version: number; deployment: unknown };
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(expected);
    expect(expected.version).toBe(3);

    const target = { PULUMI_BACKEND_URL: `file://${join(stub.stateDir, 'target')}` };
    expect(run(['stack', 'import', '--stack', BOOTSTRAP, '--file', file], target).code).toBe(6);
    run(['stack', 'init', '--stack', BOOTSTRAP, '--non-interactive'], target);
    expect(run(['stack', 'import', '--stack', BOOTSTRAP, '--file', file], target)).toEqual({
      code: 0,
      stdout: 'Import complete.\n',
      stderr: '',
    });
    expect(JSON.parse(run(['stack', 'export', '--stack', BOOTSTRAP], target).stdout)).toEqual(expected);
  });

  it("prints the root stack resource's outputs with --json", () => {
    expect(run(['stack', 'output', '--json', '--stack', BOOTSTRAP])).toEqual({
      code: 0,
      stdout: '{}\n',
      stderr: '',
    });
    run(['up', '--stack', BOOTSTRAP, '--yes'], deployment);
    const outputs = JSON.parse(run(['stack', 'output', '--json', '--stack', BOOTSTRAP]).stdout) as Record<
      string,
      unknown
    >;
    expect(outputs).toMatchObject({
      backendUrl: 's3://payments-staging-state-444455556666-us-east-1',
      deployRoleArn: 'arn:aws:iam::444455556666:role/payments-staging-deploy',
    });
    expect(run(['stack', 'output', '--json', '--stack', 'organization/payments-bootstrap/prod']).code).toBe(
      6,
    );
  });
});
