/**
 * The CLI path end to end: the real `npx nx` in this workspace, with a recording stub `pulumi` first on PATH
 * (testing/pulumi-stub.js). State goes to a temp folder; nothing is left in the workspace.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DOMAINS, type Domain } from '@payments/config';
import { downstreamsOf, upstreamsOf } from '@payments/contracts/src/contracts';
import { PULUMI_NOT_FOUND, policyPackDir } from '../lib/pulumi-cli';
import {
  WORKSPACE_ROOT,
  cleanEnv,
  createStub,
  pathWithoutPulumi,
  runNx,
  type Stub,
  type StubCall,
} from '../testing/stub';

jest.setTimeout(120_000);

let stub: Stub;
const workspaceState = join(WORKSPACE_ROOT, '.pulumi-state');
const hadWorkspaceState = existsSync(workspaceState);

beforeAll(() => {
  stub = createStub();
});

beforeEach(() => stub.reset());

afterAll(() => stub.cleanup());

function stubEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cleanEnv({
    PATH: [stub.bin, pathWithoutPulumi()].join(delimiter),
    PULUMI_STUB_LOG: stub.log,
    PAYMENTS_PULUMI_STATE_DIR: stub.stateDir,
    PULUMI_HOME: stub.pulumiHome,
    PULUMI_CONFIG_PASSPHRASE_FILE: stub.passphraseFile,
    ...extra,
  });
}

const nx = (target: string, ...flags: string[]) => [
  'run-many',
  '-t',
  target,
  ...flags,
  '--parallel=4',
  '--outputStyle=static',
  '--skip-nx-cache',
];

const stack = (domain: Domain, env: string) => `organization/payments-${domain}/${env}`;

/** The one call of `command` (up, destroy, ...) the stub saw for `domain`. */
function callOf(calls: StubCall[], domain: Domain, command: string): StubCall {
  const matching = calls.filter((c) => c.project === domain && c.argv[0] === command);
  expect(matching).toHaveLength(1);
  return matching[0] as StubCall;
}

/** The lines of `output` that mention `text`. */
const linesWith = (output: string, text: string) => output.split('\n').filter((line) => line.includes(text));

describe('nx run-many -t up --env=staging', () => {
  it('calls the four stacks with the exact arguments, upstream first, network and storage together', () => {
    const run = runNx(
      nx('up', '--env=staging'),
      stubEnv({ PULUMI_STUB_SLEEP_NETWORK: '1', PULUMI_STUB_SLEEP_STORAGE: '1' }),
    );
    expect(run.status).toBe(0);

    const calls = stub.calls();
    const policy = policyPackDir(WORKSPACE_ROOT);
    for (const domain of DOMAINS) {
      expect(calls.filter((c) => c.project === domain)).toEqual([
        expect.objectContaining({
          argv: ['stack', 'select', '--create', stack(domain, 'staging'), '--non-interactive'],
          cwd: join(WORKSPACE_ROOT, 'infra', domain),
          backend: `file://${stub.stateDir}`,
        }),
        expect.objectContaining({
          argv: [
            'up',
            '--stack',
            stack(domain, 'staging'),
            '--non-interactive',
            '--yes',
            ...(policy ? ['--policy-pack', policy] : []),
          ],
          cwd: join(WORKSPACE_ROOT, 'infra', domain),
          backend: `file://${stub.stateDir}`,
          code: 0,
        }),
      ]);
      for (const upstream of upstreamsOf(domain)) {
        expect(callOf(calls, domain, 'stack').start).toBeGreaterThanOrEqual(
          callOf(calls, upstream, 'up').end,
        );
      }
    }
    const network = callOf(calls, 'network', 'up');
    const storage = callOf(calls, 'storage', 'up');
    expect(network.start).toBeLessThan(storage.end);
    expect(storage.start).toBeLessThan(network.end);

    expect(run.output).toContain(
      `[network] stub: pulumi up --stack ${stack('network', 'staging')} --non-interactive`,
    );
    expect(run.output).toContain('[api] stub: a line on stderr');
    expect(existsSync(stub.stateDir)).toBe(true);
    expect(existsSync(workspaceState)).toBe(hadWorkspaceState);
  });

  it('stops at a failed stack: storage is done, api is never called, and the run fails', () => {
    const run = runNx(nx('up', '--env=staging'), stubEnv({ PULUMI_STUB_FAIL: 'database' }));
    expect(run.status).not.toBe(0);

    const calls = stub.calls();
    expect(callOf(calls, 'network', 'up').code).toBe(0);
    expect(callOf(calls, 'storage', 'up').code).toBe(0);
    expect(callOf(calls, 'database', 'up').code).toBe(1);
    expect(calls.filter((c) => c.project === 'api')).toEqual([]);
    expect(run.output).toContain(
      `[database] pulumi up failed on ${stack('database', 'staging')} (exit code 1).`,
    );
  });
});

describe('nx run database:up --env=dev', () => {
  it('deploys its upstream first with the same environment, and nothing else', () => {
    const run = runNx(
      ['run', 'database:up', '--env=dev', '--outputStyle=static', '--skip-nx-cache'],
      stubEnv(),
    );
    expect(run.status).toBe(0);

    const ups = stub.calls().filter((c) => c.argv[0] === 'up');
    expect(ups.map((c) => c.argv[2])).toEqual([stack('network', 'dev'), stack('database', 'dev')]);
  });
});

describe('nx run-many -t destroy', () => {
  it('--env=dev destroys every stack after the stacks that read it: api first, network last', () => {
    const run = runNx(nx('destroy', '--env=dev'), stubEnv());
    expect(run.status).toBe(0);

    const calls = stub.calls();
    const destroys = calls.filter((c) => c.argv[0] === 'destroy').sort((a, b) => a.start - b.start);
    expect(destroys.map((c) => c.argv)).toEqual(
      expect.arrayContaining(
        DOMAINS.map((d) => ['destroy', '--stack', stack(d, 'dev'), '--non-interactive', '--yes']),
      ),
    );
    expect(destroys[0]?.project).toBe('api');
    expect(destroys[destroys.length - 1]?.project).toBe('network');
    for (const domain of DOMAINS) {
      for (const reader of downstreamsOf(domain)) {
        expect(callOf(calls, domain, 'stack').start).toBeGreaterThanOrEqual(
          callOf(calls, reader, 'destroy').end,
        );
      }
    }
  });

  it('--env=prod refuses without --force-prod and calls nothing', () => {
    const run = runNx(nx('destroy', '--env=prod'), stubEnv());
    expect(run.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    expect(linesWith(run.output, 'Refusing')).toEqual([
      '[api] Refusing to destroy the prod stack of api: re-run with --force-prod if you really mean it.',
    ]);
  });
});

describe('a bad environment', () => {
  it('--env=qa calls nothing and says what is allowed, in one line', () => {
    const run = runNx(nx('up', '--env=qa'), stubEnv());
    expect(run.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    const errors = linesWith(run.output, "'qa'");
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) {
      expect(line).toMatch(
        /Property 'env' does not match the schema\. 'qa' should be one of dev,staging,prod\.$/,
      );
    }
  });

  it('a missing --env calls nothing and says what is allowed, in one line', () => {
    const run = runNx(nx('preview'), stubEnv());
    expect(run.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    const errors = linesWith(run.output, 'Unknown environment');
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) {
      expect(line).toMatch(
        /^\[(network|storage)\] Unknown environment: got nothing, expected one of dev, staging, prod \(e\.g\. --env=staging\)\.$/,
      );
    }
  });
});

describe('without the Pulumi CLI', () => {
  it('says what to install and runs nothing else', () => {
    const run = runNx(nx('up', '--env=dev'), stubEnv({ PATH: pathWithoutPulumi() }));
    expect(run.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    const errors = linesWith(run.output, 'Pulumi CLI not found');
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) expect(line).toMatch(/^\[(network|storage)\] /);
    expect(errors[0]).toContain(PULUMI_NOT_FOUND);
    expect(run.output).not.toMatch(/> nx run (database|api):up/);
  });
});
