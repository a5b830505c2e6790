/**
 * The CLI path end to end: the real `npx nx` in a temporary git repository holding a copy of this workspace, with
 * the recording stub `pulumi` first on PATH (testing/pulumi-stub.js), which keeps stacks and writes stack files
 * as the real CLI does. The stacks' state goes to temp folders; nothing is written to the workspace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAINS, loadSettings, type Domain } from '@payments/config';
import { downstreamsOf, upstreamsOf } from '@payments/contracts';
import { policies } from '@payments/policies';
import { PULUMI_NOT_FOUND, policyPackDir } from '../lib/pulumi-cli';
import {
  WORKSPACE_ROOT,
  createStub,
  pathWithoutPulumi,
  runNx,
  runNxTimed,
  type Stub,
  type StubCall,
} from '../testing/stub';
import { createTempRepo, type TempRepo } from '../testing/temp-repo';

jest.setTimeout(180_000);

let stub: Stub;
let repo: TempRepo;
const workspaceState = join(WORKSPACE_ROOT, '.pulumi-state');
const hadWorkspaceState = existsSync(workspaceState);

beforeAll(() => {
  stub = createStub();
  repo = createTempRepo('nx-pulumi-deploy-');
});

beforeEach(() => stub.reset());

afterAll(() => {
  stub?.cleanup();
  repo?.cleanup();
  expect(existsSync(workspaceState)).toBe(hadWorkspaceState);
});

/** A developer's shell: the embedded backend in a temp folder, a passphrase file, not CI. */
const stubEnv = (extra: Record<string, string> = {}) => stub.env(extra);

/** A GitHub Actions job: CI and GITHUB_ACTIONS set, the shared backend in PULUMI_BACKEND_URL. */
const ciEnv = (extra: Record<string, string> = {}) =>
  stubEnv({ CI: 'true', GITHUB_ACTIONS: 'true', PULUMI_BACKEND_URL: 's3://payments-state', ...extra });

const nx = (target: string, ...flags: string[]) => [
  'run-many',
  '-t',
  target,
  ...flags,
  '--parallel=4',
  '--outputStyle=static',
  '--skip-nx-cache',
];

const run = (args: string[], env: NodeJS.ProcessEnv) => runNx(args, env, repo.root);

const stack = (domain: Domain, env: string) => `organization/payments-${domain}/${env}`;
const stackFile = (domain: Domain, env: string) => `infra/${domain}/Pulumi.${env}.yaml`;
const readStackFile = (domain: Domain, env: string) =>
  readFileSync(join(repo.root, stackFile(domain, env)), 'utf8');
/** Uncommitted changes in the copy: what a run left modified. */
const changed = () =>
  repo
    .git('status', '--porcelain')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim())
    .join('\n');

/** The one call of `command` (up, destroy, ...) the stub saw for `domain`. */
function callOf(calls: StubCall[], domain: Domain, command: string): StubCall {
  const matching = calls.filter((c) => c.project === domain && c.argv[0] === command);
  expect(matching).toHaveLength(1);
  return matching[0] as StubCall;
}

/** The lines of `output` that mention `text`. */
const linesWith = (output: string, text: string) => output.split('\n').filter((line) => line.includes(text));

/** The secrets provider each committed stack file names: the stack's own KMS key, made by infra/bootstrap. */
const provider = (domain: Domain, env: string) =>
  `awskms://alias/payments-${env}-secrets-${domain}?region=us-east-1`;

describe('day zero: nx run-many -t init --env=staging', () => {
  it("creates each stack once with its file's KMS secrets provider, whose encrypted key it writes, to be committed", () => {
    const result = run(nx('init', '--env=staging'), stubEnv());
    expect(result.status).toBe(0);
    const calls = stub.calls();
    for (const domain of DOMAINS) {
      expect(calls.filter((c) => c.project === domain).map((c) => [c.argv, c.code])).toEqual([
        [['stack', 'select', stack(domain, 'staging'), '--non-interactive'], 6],
        [
          [
            'stack',
            'init',
            '--stack',
            stack(domain, 'staging'),
            '--non-interactive',
            '--secrets-provider',
            provider(domain, 'staging'),
          ],
          0,
        ],
      ]);
      // The committed provider stays as it was, once; its data key is added; no passphrase salt.
      const file = readStackFile(domain, 'staging');
      expect(file.match(/^secretsprovider: .*$/gm)).toEqual([
        `secretsprovider: ${provider(domain, 'staging')}`,
      ]);
      expect(file).toMatch(/^encryptedkey: \S+$/m);
      expect(file).not.toMatch(/^encryptionsalt:/m);
      expect(result.output).toContain(
        `[${domain}] created ${stack(domain, 'staging')}: commit ${stackFile(domain, 'staging')}`,
      );
    }
    repo.commit('day zero: the staging stacks and their salts', {});
    expect(changed()).toBe('');
  });

  it('refuses to create a stack twice, in one line', () => {
    const result = run(['run', 'network:init', '--env=staging', '--outputStyle=static'], stubEnv());
    expect(result.status).not.toBe(0);
    expect(stub.calls().map((c) => c.argv[1])).toEqual(['select']);
    expect(linesWith(result.output, 'exists already')).toEqual([
      `[network] ${stack('network', 'staging')} exists already on file://${stub.stateDir}: nothing to initialize. ` +
        `Its ${stackFile('network', 'staging')} must hold the key material it was created with: restore the ` +
        'committed file if it lost it.',
    ]);
  });

  it('is not done in CI, where the key material it writes would vanish with the runner', () => {
    const result = run(['run', 'network:init', '--env=prod', '--outputStyle=static'], ciEnv());
    expect(result.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    expect(linesWith(result.output, 'not in CI')).toHaveLength(1);
  });
});

describe('nx run-many -t up --env=staging', () => {
  it('calls every stack with the exact arguments, upstream first, network and storage together', () => {
    const result = run(
      nx('up', '--env=staging'),
      // Long enough that Nx starting the second task on a loaded 2-core machine still overlaps the first.
      stubEnv({ PULUMI_STUB_SLEEP_NETWORK: '4', PULUMI_STUB_SLEEP_STORAGE: '4' }),
    );
    expect(result.status).toBe(0);

    const calls = stub.calls();
    const policy = policyPackDir(repo.root);
    expect(policy).toBe(join(repo.root, 'packages', 'policies'));
    const exemptions = loadSettings('staging').exemptions;
    for (const domain of DOMAINS) {
      const config = join(repo.root, 'dist', 'policy-config', 'staging', `${domain}.json`);
      expect(calls.filter((c) => c.project === domain)).toEqual([
        expect.objectContaining({
          argv: ['stack', 'select', stack(domain, 'staging'), '--non-interactive'],
          cwd: join(repo.root, 'infra', domain),
          backend: `file://${stub.stateDir}`,
          code: 0,
        }),
        expect.objectContaining({
          argv: [
            'up',
            '--stack',
            stack(domain, 'staging'),
            '--non-interactive',
            '--yes',
            '--policy-pack',
            policy,
            '--policy-pack-config',
            config,
          ],
          cwd: join(repo.root, 'infra', domain),
          backend: `file://${stub.stateDir}`,
          code: 0,
          // Every policy gets the exemptions of the stack's resolved settings: what synth evaluates with.
          policyPackConfig: Object.fromEntries(policies.map((p) => [p.name, { exemptions }])),
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

    expect(result.output).toContain(
      `[network] stub: pulumi up --stack ${stack('network', 'staging')} --non-interactive`,
    );
    expect(result.output).toContain('[api] stub: a line on stderr');
    // The committed stack files hold their salts: nothing rewrote them.
    expect(changed()).toBe('');
  });

  it('stops at a failed stack: storage is done, api is never called, and the run fails', () => {
    const result = run(nx('up', '--env=staging'), stubEnv({ PULUMI_STUB_FAIL: 'database' }));
    expect(result.status).not.toBe(0);

    const calls = stub.calls();
    expect(callOf(calls, 'network', 'up').code).toBe(0);
    expect(callOf(calls, 'storage', 'up').code).toBe(0);
    expect(callOf(calls, 'database', 'up').code).toBe(1);
    expect(calls.filter((c) => c.project === 'api')).toEqual([]);
    // Each line once: live from the batch process, never again from Nx's copy of the task's output.
    expect(linesWith(result.output, 'pulumi up failed')).toEqual([
      `[database] pulumi up failed on ${stack('database', 'staging')} (exit code 1).`,
    ]);
    expect(linesWith(result.output, '[database] stub: a line on stderr')).toHaveLength(1);
    // The dependent is not run, and says why (Nx prints nothing for a skipped task).
    expect(linesWith(result.output, 'not run').filter((line) => line.startsWith('['))).toEqual([
      expect.stringMatching(/^\[api\] up not run: database:up\S* failed\.$/),
    ]);
    expect(callOf(calls, 'identity', 'up').code).toBe(0);
  });

  it('runs every stack in one process: lines stream as the CLI prints them, once, and a dependent starts right after its upstreams', async () => {
    const result = await runNxTimed(
      nx('up', '--env=staging'),
      stubEnv({ PULUMI_STUB_SLEEP: '1', PULUMI_STUB_SLEEP_NETWORK: '2' }),
      repo.root,
    );
    expect(result.status).toBe(0);
    expect(result.output).toContain('Running 5 tasks with @payments/nx-pulumi:pulumi');
    const calls = stub.calls();
    for (const domain of DOMAINS) {
      const up = callOf(calls, domain, 'up');
      const printed = result.lines.filter((l) => l.line.startsWith(`[${domain}] stub: pulumi up `));
      expect(printed).toHaveLength(1);
      // Read while the CLI was still running (it sleeps after printing), not after the task ended.
      expect(printed[0]!.at).toBeLessThan(up.end);
      expect(linesWith(result.output, `[${domain}] stub: a line on stderr`)).toHaveLength(1);
      const upstreams = upstreamsOf(domain);
      if (upstreams.length === 0) continue;
      // The hand-off: the last upstream's `pulumi up` end to this stack's first pulumi call. A task process per
      // stack took 0.5-0.7 s here; in the batch it is the executor's own checks (bound loose for a loaded machine).
      const ready = Math.max(...upstreams.map((u) => callOf(calls, u, 'up').end));
      const first = Math.min(...calls.filter((c) => c.project === domain).map((c) => c.start));
      expect(first).toBeGreaterThanOrEqual(ready);
      expect(first - ready).toBeLessThan(400);
    }
  });
});

describe('a stack that is not deployed', () => {
  it('preview says so in one line and creates nothing', () => {
    const result = run(['run', 'network:preview', '--env=prod', '--outputStyle=static'], stubEnv());
    expect(result.status).not.toBe(0);
    expect(stub.calls().map((c) => [c.argv.slice(0, 2), c.code])).toEqual([[['stack', 'select'], 6]]);
    expect(linesWith(result.output, 'not deployed yet')).toEqual([
      `[network] ${stack('network', 'prod')} is not deployed yet: run \`npx nx run network:up --env=prod\` to ` +
        'create it, or check it offline with `npx nx run network:synth --env=prod`.',
    ]);
    expect(existsSync(join(stub.stateDir, '.pulumi', 'stacks', 'payments-network', 'prod.json'))).toBe(false);
  });

  it('refresh too', () => {
    const result = run(['run', 'storage:refresh', '--env=prod', '--outputStyle=static'], stubEnv());
    expect(result.status).not.toBe(0);
    expect(stub.calls().map((c) => c.argv[0] === 'refresh')).toEqual([false]);
    expect(linesWith(result.output, 'not deployed yet')).toHaveLength(1);
  });

  it('destroy has nothing to do, and creates nothing', () => {
    const result = run(
      ['run', 'api:destroy', '--env=prod', '--force-prod', '--outputStyle=static'],
      stubEnv(),
    );
    expect(result.status).toBe(0);
    expect(stub.calls().map((c) => c.argv[1])).toEqual(['select']);
    expect(result.output).toContain(`[api] ${stack('api', 'prod')} is not deployed: nothing to destroy.`);
  });

  it('up creates it on a workstation, and says to commit the salt it wrote', () => {
    const result = run(
      ['run', 'database:up', '--env=dev', '--outputStyle=static', '--skip-nx-cache'],
      stubEnv(),
    );
    expect(result.status).toBe(0);
    expect(stub.calls().map((c) => [c.project, c.argv[0] === 'stack' ? c.argv[1] : c.argv[0]])).toEqual([
      ['network', 'select'],
      ['network', 'init'],
      ['network', 'up'],
      ['database', 'select'],
      ['database', 'init'],
      ['database', 'up'],
    ]);
    expect(result.output).toContain(
      `[database] created ${stack('database', 'dev')}: commit ${stackFile('database', 'dev')}, which now holds ` +
        "its secrets provider's key material.",
    );
    try {
      expect(changed().split('\n').sort()).toEqual([
        `M ${stackFile('database', 'dev')}`,
        `M ${stackFile('network', 'dev')}`,
      ]);
    } finally {
      repo.git('checkout', '--', 'infra');
    }
  });
});

describe('a stack file without its key material', () => {
  it('is refused, not rewritten, when the stack exists', () => {
    // network/dev exists since the test above; its committed file never got the salt.
    const result = run(['run', 'network:preview', '--env=dev', '--outputStyle=static'], stubEnv());
    expect(result.status).not.toBe(0);
    expect(stub.calls().map((c) => c.argv[0] === 'preview')).toEqual([false]);
    expect(linesWith(result.output, 'has no encryptedkey')).toEqual([
      `[network] ${stackFile('network', 'dev')} has no encryptedkey (secretsprovider ${provider('network', 'dev')}), so Pulumi ` +
        'would write a new one into it on this run (and the committed file would change on every run). Create ' +
        `${stack('network', 'dev')} once against the shared backend with \`npx nx run network:init --env=dev\` ` +
        `and commit ${stackFile('network', 'dev')}; if the stack exists already, restore the committed file.`,
    ]);
    expect(changed()).toBe('');
  });

  it('is refused in CI before anything runs, for preview and for up', () => {
    for (const target of ['preview', 'up']) {
      const result = run(['run', `storage:${target}`, '--env=prod', '--outputStyle=static'], ciEnv());
      expect(result.status).not.toBe(0);
      expect(stub.calls()).toEqual([]);
      expect(linesWith(result.output, `${stackFile('storage', 'prod')} has no encryptedkey`)).toHaveLength(1);
    }
    expect(changed()).toBe('');
  });
});

describe('in CI', () => {
  it('deploys to the shared backend, creating the missing stacks from the committed salts without a rewrite', () => {
    const result = run(['run', 'storage:up', '--env=staging', '--outputStyle=static'], ciEnv());
    expect(result.status).toBe(0);
    expect(stub.calls().map((c) => [c.argv.slice(0, 2), c.backend])).toEqual([
      [['stack', 'select'], 's3://payments-state'],
      [['stack', 'init'], 's3://payments-state'],
      [['up', '--stack'], 's3://payments-state'],
    ]);
    expect(changed()).toBe('');
  });

  it('never falls back to the embedded backend: without PULUMI_BACKEND_URL it stops, naming it', () => {
    const { PULUMI_BACKEND_URL: _unset, ...withoutBackend } = ciEnv();
    const result = run(['run', 'storage:up', '--env=staging', '--outputStyle=static'], withoutBackend);
    expect(result.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    expect(linesWith(result.output, 'refusing the embedded one')).toEqual([
      expect.stringMatching(
        /^\[storage\] No state backend is configured, and this is CI \(GITHUB_ACTIONS is set\).*Set PULUMI_BACKEND_URL/,
      ),
    ]);
  });

  it.each(['PULUMI_BACKEND_URL', 'PULUMI_CONFIG_PASSPHRASE'])(
    'stops on an empty %s, as GitHub passes a variable or secret that is not set',
    (name) => {
      const result = run(
        ['run', 'storage:up', '--env=staging', '--outputStyle=static'],
        ciEnv({ [name]: '' }),
      );
      expect(result.status).not.toBe(0);
      expect(stub.calls()).toEqual([]);
      expect(linesWith(result.output, `${name} is set but empty`)).toHaveLength(1);
    },
  );
});

describe('nx run-many -t destroy', () => {
  it('--env=staging destroys every stack after the stacks that read it: api first, network last', () => {
    const result = run(nx('destroy', '--env=staging'), stubEnv());
    expect(result.status).toBe(0);

    const calls = stub.calls();
    const destroys = calls.filter((c) => c.argv[0] === 'destroy').sort((a, b) => a.start - b.start);
    expect(destroys.map((c) => c.argv)).toEqual(
      expect.arrayContaining(
        DOMAINS.map((d) => ['destroy', '--stack', stack(d, 'staging'), '--non-interactive', '--yes']),
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
    const result = run(nx('destroy', '--env=prod'), stubEnv());
    expect(result.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    expect(linesWith(result.output, 'Refusing')).toEqual([
      '[api] Refusing to destroy the prod stack of api: re-run with --force-prod if you really mean it.',
    ]);
  });
});

describe('a bad environment', () => {
  it('--env=qa calls nothing and says what is allowed, in one line', () => {
    const result = run(nx('up', '--env=qa'), stubEnv());
    expect(result.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    const errors = linesWith(result.output, "'qa'");
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) {
      expect(line).toMatch(
        /^\[(network|storage|identity)\] Unknown environment: got 'qa', expected one of dev, staging, prod \(e\.g\. --env=staging\)\.$/,
      );
    }
  });

  it('a missing --env calls nothing and says what is allowed, in one line', () => {
    const result = run(nx('preview'), stubEnv());
    expect(result.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    const errors = linesWith(result.output, 'Unknown environment');
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) {
      expect(line).toMatch(
        /^\[(network|storage|identity|bootstrap)\] Unknown environment: got nothing, expected one of dev, staging, prod \(e\.g\. --env=staging\)\.$/,
      );
    }
  });
});

describe('a mistyped option', () => {
  it('--forceprod calls nothing and names the options, in one line', () => {
    const result = run(nx('destroy', '--env=prod', '--forceprod'), stubEnv());
    expect(result.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    // api is destroyed first; the stacks it reads are not run after it failed.
    expect(linesWith(result.output, 'forceprod').filter((line) => line.startsWith('['))).toEqual([
      '[api] Unknown option --forceprod for destroy: the options are --env, --force-prod, --secrets-provider, --to.',
    ]);
  });
});

describe('a stack file with a typo', () => {
  it('stops before any cloud command, naming the file, the key and the nearest valid key', () => {
    repo.write({ [stackFile('storage', 'staging')]: (old) => `${old}  payments:overides:\n    org: acme\n` });
    try {
      const result = run(['run', 'storage:preview', '--env=staging', '--outputStyle=static'], stubEnv());
      expect(result.status).not.toBe(0);
      expect(stub.calls()).toEqual([]);
      expect(linesWith(result.output, 'payments:overides')).toEqual([
        expect.stringContaining(
          `[storage] ${stackFile('storage', 'staging')}: config key 'payments:overides' is not a documented key: ` +
            "did you mean 'payments:overrides'?",
        ),
      ]);
    } finally {
      repo.git('checkout', '--', 'infra');
    }
  });
});

describe('without the Pulumi CLI', () => {
  it('says what to install and runs nothing else', () => {
    const result = run(nx('up', '--env=dev'), stubEnv({ PATH: pathWithoutPulumi() }));
    expect(result.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    const errors = linesWith(result.output, 'Pulumi CLI not found');
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) expect(line).toMatch(/^\[(network|storage|identity)\] /);
    expect(errors[0]).toContain(PULUMI_NOT_FOUND);
    expect(result.output).not.toMatch(/> nx run (database|api):up/);
  });
});
