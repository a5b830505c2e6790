/**
 * infra/bootstrap end to end: the real `npx nx` in a temporary git repository holding a copy of this workspace,
 * against the recording stub `pulumi`. CI's `nx run-many -t up` never runs Pulumi there; an administrator's
 * `bootstrap-up` creates the stack on the local file backend, `migrate-state` moves it into its bucket (s3://, kept by
 * the stub in its object store) and checks the resources, `github-variables` prints what the workflows need.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAINS } from '@payments/config';
import { createStub, runNx, type Stub } from '../testing/stub';
import { createTempRepo, type TempRepo } from '../testing/temp-repo';

jest.setTimeout(180_000);

const FIXTURE = join(__dirname, '..', 'testing', 'fixtures', 'bootstrap-export.json');
const STACK = 'organization/payments-bootstrap/staging';
const BUCKET = 's3://payments-staging-state-444455556666-us-east-1';
const BOOTSTRAP_DIR = (repo: TempRepo) => join(repo.root, 'infra', 'bootstrap');

let stub: Stub;
let repo: TempRepo;

beforeAll(() => {
  stub = createStub();
  repo = createTempRepo('nx-pulumi-bootstrap-');
  // The committed stack files name a placeholder repository; a team puts its own there first.
  repo.commit('bootstrap: our repository', {
    'infra/bootstrap/Pulumi.staging.yaml': (old) =>
      old.replace('your-org/payments-infra', 'acme/payments-infra'),
  });
});

beforeEach(() => stub.reset());

afterAll(() => {
  stub?.cleanup();
  repo?.cleanup();
});

const run = (args: string[], env: NodeJS.ProcessEnv) => runNx(args, env, repo.root);
const admin = (extra: Record<string, string> = {}) =>
  stub.env({ PULUMI_STUB_DEPLOYMENT_BOOTSTRAP: FIXTURE, ...extra });
const ci = () => stub.env({ CI: 'true', GITHUB_ACTIONS: 'true', PULUMI_BACKEND_URL: BUCKET });
const bootstrapCalls = () => stub.calls().filter((c) => c.cwd === BOOTSTRAP_DIR(repo));
const linesWith = (output: string, text: string) => output.split('\n').filter((line) => line.includes(text));
const exported = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { deployment: { resources: unknown[] } };

describe('CI never deploys the bootstrap', () => {
  it('nx run-many -t up --env=staging runs every platform stack and no pulumi in infra/bootstrap', () => {
    const result = run(
      ['run-many', '-t', 'up', '--env=staging', '--outputStyle=static', '--skip-nx-cache'],
      stub.env(),
    );
    expect(result.status).toBe(0);
    const ups = stub.calls().filter((c) => c.argv[0] === 'up');
    expect(ups.map((c) => c.project).sort()).toEqual([...DOMAINS].sort());
    expect(bootstrapCalls()).toEqual([]);
    expect(result.output).not.toContain('nx run bootstrap:');
  });

  it('has no up, refresh or destroy target to call by mistake', () => {
    for (const target of ['up', 'refresh', 'destroy', 'preview', 'drift']) {
      const result = run(['run', `bootstrap:${target}`, '--env=staging', '--outputStyle=static'], stub.env());
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/Cannot find configuration for task bootstrap:|cannot find target/i);
    }
    expect(stub.calls()).toEqual([]);
  });

  it('bootstrap-up refuses to run in CI, before anything runs', () => {
    const result = run(['run', 'bootstrap:bootstrap-up', '--env=staging', '--outputStyle=static'], ci());
    expect(result.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    expect(linesWith(result.output, 'never CI')).toEqual([
      expect.stringMatching(/^\[bootstrap\] bootstrap-up works on the CI roles' own trust and boundary/),
    ]);
  });

  it('bootstrap-up refuses the placeholder repository the committed dev stack file names', () => {
    const result = run(['run', 'bootstrap:bootstrap-up', '--env=dev', '--outputStyle=static'], admin());
    expect(result.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    expect(linesWith(result.output, 'placeholder repository')).toEqual([
      "[bootstrap] infra/bootstrap/Pulumi.dev.yaml names the placeholder repository 'your-org/payments-infra': set " +
        'bootstrap.github.repository under payments:overrides to yours (<owner>/<repo>) before the roles trust it.',
    ]);
  });
});

describe('day zero of an account: bootstrap-up, migrate-state, github-variables', () => {
  it('bootstrap-up creates the stack on the local file backend and deploys it with the policy pack', () => {
    const result = run(['run', 'bootstrap:bootstrap-up', '--env=staging', '--outputStyle=static'], admin());
    expect(result.status).toBe(0);
    expect(bootstrapCalls().map((c) => [c.argv.slice(0, 2), c.code, c.backend])).toEqual([
      [['stack', 'select'], 6, `file://${stub.stateDir}`],
      [['stack', 'init'], 0, `file://${stub.stateDir}`],
      [['up', '--stack'], 0, `file://${stub.stateDir}`],
    ]);
    const up = bootstrapCalls()[2]!;
    expect(up.argv).toEqual(expect.arrayContaining(['--policy-pack', '--policy-pack-config', '--yes']));
    expect(existsSync(join(stub.stateDir, '.pulumi', 'stacks', 'payments-bootstrap', 'staging.json'))).toBe(
      true,
    );
  });

  it('github-variables prints the gh variable set commands of both GitHub environments from its outputs', () => {
    const result = run(
      ['run', 'bootstrap:github-variables', '--env=staging', '--outputStyle=static'],
      admin(),
    );
    expect(result.status).toBe(0);
    const set = (name: string, environment: string, value: string) =>
      `gh variable set ${name} --repo acme/payments-infra --env ${environment} --body '${value}'`;
    expect(linesWith(result.output, 'gh variable set')).toEqual([
      set('PULUMI_BACKEND_URL', 'staging', BUCKET),
      set('AWS_REGION', 'staging', 'us-east-1'),
      set('AWS_DEPLOY_ROLE_ARN', 'staging', 'arn:aws:iam::444455556666:role/payments-staging-deploy'),
      set('PULUMI_BACKEND_URL', 'staging-preview', BUCKET),
      set('AWS_REGION', 'staging-preview', 'us-east-1'),
      set(
        'AWS_PREVIEW_ROLE_ARN',
        'staging-preview',
        'arn:aws:iam::444455556666:role/payments-staging-preview',
      ),
    ]);
    expect(bootstrapCalls().map((c) => c.argv.slice(0, 2))).toEqual([
      ['stack', 'select'],
      ['stack', 'output'],
    ]);
  });

  it('migrate-state moves the state into its bucket with export and import, and checks every resource is there', () => {
    const result = run(['run', 'bootstrap:migrate-state', '--env=staging', '--outputStyle=static'], admin());
    expect(result.status).toBe(0);
    const source = `file://${stub.stateDir}`;
    expect(bootstrapCalls().map((c) => [c.argv, c.backend, c.code])).toEqual([
      [['stack', 'select', STACK, '--non-interactive'], source, 0],
      [['stack', 'output', '--json', '--stack', STACK], source, 0],
      [['stack', 'select', STACK, '--non-interactive'], source, 0],
      [['stack', 'select', STACK, '--non-interactive'], BUCKET, 6],
      [['stack', 'export', '--stack', STACK, '--file', expect.stringMatching(/source\.json$/)], source, 0],
      [['stack', 'init', '--stack', STACK, '--non-interactive'], BUCKET, 0],
      [['stack', 'import', '--stack', STACK, '--file', expect.stringMatching(/source\.json$/)], BUCKET, 0],
      [['stack', 'export', '--stack', STACK, '--file', expect.stringMatching(/target\.json$/)], BUCKET, 0],
    ]);
    const count = exported.deployment.resources.length;
    expect(linesWith(result.output, 'migrated')).toEqual([
      `[bootstrap] migrated ${STACK}: ${count} resources on ${BUCKET}, the same as on ${source}. From now on: ` +
        `export PULUMI_BACKEND_URL=${BUCKET} (the old state is left as it was; remove it once you have checked a preview there).`,
    ]);
    const inBucket = join(
      stub.objectStore,
      's3',
      BUCKET.slice('s3://'.length),
      '.pulumi',
      'stacks',
      'payments-bootstrap',
      'staging.json',
    );
    const checkpoint = JSON.parse(readFileSync(inBucket, 'utf8')) as { checkpoint: { latest: unknown } };
    expect(checkpoint.checkpoint.latest).toEqual(exported.deployment);
    // The export held the state only for the run: no copy left behind.
    for (const call of bootstrapCalls().filter((c) => c.argv[1] === 'export')) {
      expect(existsSync(call.argv[call.argv.length - 1]!)).toBe(false);
    }
  });

  it('refuses to migrate twice, naming the backend to use', () => {
    const result = run(['run', 'bootstrap:migrate-state', '--env=staging', '--outputStyle=static'], admin());
    expect(result.status).not.toBe(0);
    expect(linesWith(result.output, 'exists already')).toEqual([
      `[bootstrap] ${STACK} exists already on ${BUCKET}: it was migrated before. Use PULUMI_BACKEND_URL=${BUCKET} from now on.`,
    ]);
    expect(bootstrapCalls().some((c) => c.argv[1] === 'import')).toBe(false);
  });

  it('then runs on the bucket: bootstrap-up with PULUMI_BACKEND_URL finds its stack there', () => {
    const result = run(
      ['run', 'bootstrap:bootstrap-up', '--env=staging', '--outputStyle=static'],
      admin({ PULUMI_BACKEND_URL: BUCKET }),
    );
    expect(result.status).toBe(0);
    expect(bootstrapCalls().map((c) => [c.argv.slice(0, 2), c.backend, c.code])).toEqual([
      [['stack', 'select'], BUCKET, 0],
      [['up', '--stack'], BUCKET, 0],
    ]);
  });

  it('fails, naming what is missing, when the bucket does not hold every resource after the import', () => {
    const other = 's3://payments-staging-other-444455556666-us-east-1';
    const result = run(
      ['run', 'bootstrap:migrate-state', '--env=staging', `--to=${other}`, '--outputStyle=static'],
      admin({ PULUMI_STUB_IMPORT_KEEP: '40' }),
    );
    expect(result.status).not.toBe(0);
    const count = exported.deployment.resources.length;
    expect(linesWith(result.output, 'after the import')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\[bootstrap\\] ${other.replaceAll('.', '\\.')} holds 40 resources of ${STACK} after the import, not ${count} \\(missing urn:pulumi:staging::payments-bootstrap::.*\\): keep using file://`,
        ),
      ),
    ]);
  });

  it('refuses a target that is not an S3 backend', () => {
    const result = run(
      [
        'run',
        'bootstrap:migrate-state',
        '--env=staging',
        '--to=https://api.pulumi.com',
        '--outputStyle=static',
      ],
      admin(),
    );
    expect(result.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    expect(linesWith(result.output, 'migrate-state moves the state into an S3 backend')).toHaveLength(1);
  });
});
