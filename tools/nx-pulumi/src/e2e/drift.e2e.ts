/**
 * `nx run-many -t drift`, as the drift workflow runs it: the real `npx nx` in a temporary git repository holding a
 * copy of this workspace, with the recording stub `pulumi` first on PATH. The stub answers `pulumi refresh
 * --preview-only --json` with the CLI's preview digest: a clean one, or the recorded drift of the database stack
 * (testing/fixtures/refresh-preview-drift.json). Nothing is written to the workspace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAINS, type Domain } from '@payments/config';
import { driftArgs } from '../lib/drift';
import type { StackDrift } from '../lib/drift-report';
import { PULUMI_NOT_FOUND } from '../lib/pulumi-cli';
import { createStub, pathWithoutPulumi, runNx, type Stub, type StubCall } from '../testing/stub';
import { createTempRepo, type TempRepo } from '../testing/temp-repo';

jest.setTimeout(180_000);

const FIXTURE = join(__dirname, '..', 'testing', 'fixtures', 'refresh-preview-drift.json');

let stub: Stub;
let repo: TempRepo;

beforeAll(() => {
  stub = createStub();
  repo = createTempRepo('nx-pulumi-drift-');
  // Day zero for staging: the stacks exist on the (stub's) backend, their salts committed.
  const init = runNx(
    ['run-many', '-t', 'init', '--env=staging', '--outputStyle=static'],
    stub.env(),
    repo.root,
  );
  expect(init.status).toBe(0);
  repo.commit('day zero: the staging stacks and their salts', {});
  stub.reset();
});

afterEach(() => {
  // Whatever a test did, drift only ever previewed a refresh: never one that writes state, never up.
  const refreshes = stub.calls().filter((c) => c.argv[0] === 'refresh');
  for (const call of refreshes) expect(call.argv).toContain('--preview-only');
  expect(
    stub.calls().filter((c) => ['up', 'update', 'destroy', 'preview'].includes(c.argv[0] ?? '')),
  ).toEqual([]);
  stub.reset();
});

afterAll(() => {
  stub?.cleanup();
  repo?.cleanup();
});

const stack = (domain: Domain, env = 'staging') => `organization/payments-${domain}/${env}`;
const driftMany = (env: NodeJS.ProcessEnv, target = 'staging') =>
  runNx(
    ['run-many', '-t', 'drift', `--env=${target}`, '--parallel=5', '--outputStyle=static'],
    env,
    repo.root,
  );
const linesWith = (output: string, text: string) => output.split('\n').filter((line) => line.includes(text));
const report = (domain: Domain) =>
  JSON.parse(
    readFileSync(join(repo.root, 'dist', 'drift', 'staging', `${domain}.json`), 'utf8'),
  ) as StackDrift;
/** The updates the stub's backend (the embedded one, in stub.stateDir) recorded for a stack. */
function history(domain: Domain): unknown[] {
  const result = spawnSync(
    join(stub.bin, 'pulumi'),
    ['stack', 'history', '--stack', stack(domain), '--json'],
    {
      cwd: join(repo.root, 'infra', domain),
      encoding: 'utf8',
      env: stub.env({ PULUMI_BACKEND_URL: `file://${stub.stateDir}` }),
    },
  );
  return JSON.parse(result.stdout) as unknown[];
}

describe('nx run-many -t drift --env=staging', () => {
  it('reports the drifted stack, its changed properties and deleted resource, and fails naming it', () => {
    const result = driftMany(stub.env({ PULUMI_STUB_REFRESH_DATABASE: FIXTURE, PULUMI_STUB_SLEEP: '2' }));
    expect(result.status).not.toBe(0);

    // Each stack: select (never --create), then the read-only refresh preview, all of them at once.
    const calls = stub.calls();
    for (const domain of DOMAINS) {
      expect(calls.filter((c) => c.project === domain).map((c) => c.argv)).toEqual([
        ['stack', 'select', stack(domain), '--non-interactive'],
        driftArgs(stack(domain)),
      ]);
    }
    const refreshes = calls.filter((c: StubCall) => c.argv[0] === 'refresh');
    expect(Math.max(...refreshes.map((c) => c.start))).toBeLessThan(Math.min(...refreshes.map((c) => c.end)));

    expect(linesWith(result.output, '[database] ')).toEqual(
      expect.arrayContaining([
        `[database] ${stack('database')}: DRIFTED: 1 resource changed, 1 deleted out of band (15 unchanged)`,
        '[database]   ~ aws:rds/cluster:Cluster aurora-cluster',
        '[database]       backupRetentionPeriod: 7 → 1',
        '[database]       masterPassword: [secret] → [secret]',
        '[database]       tags.Owner: (unset) → "someone@example.com"',
        '[database]   - aws:cloudwatch/metricAlarm:MetricAlarm database-alarms-connections: deleted out of band',
        '[database] report: dist/drift/staging/database.json',
      ]),
    );
    for (const domain of DOMAINS.filter((d) => d !== 'database')) {
      expect(linesWith(result.output, `[${domain}] ${stack(domain)}: no drift`)).toHaveLength(1);
    }
    expect(linesWith(result.output, '[drift] drift staging:')).toEqual([
      `[drift] drift staging: 1 of ${DOMAINS.length} stacks drifted: database (1 changed, 1 deleted out of band); ` +
        `clean: ${DOMAINS.filter((d) => d !== 'database').join(', ')} -> dist/drift/staging/report.md`,
    ]);
    expect(linesWith(result.output, 'Drift in staging:')).toEqual([
      `[drift] Drift in staging: ${stack('database')} changed outside their code (reports in dist/drift/staging/).`,
    ]);

    expect(report('database')).toEqual(
      expect.objectContaining({ stack: stack('database'), drifted: true, unchanged: 15 }),
    );
    expect(report('network').drifted).toBe(false);
    const markdown = readFileSync(join(repo.root, 'dist', 'drift', 'staging', 'report.md'), 'utf8');
    expect(markdown).toContain('  - `tags.Owner`: (unset) → `"someone@example.com"`');
    // No secret reaches the log or the reports: only the CLI's placeholder, and nothing of the passphrase.
    const passphrase = readFileSync(stub.passphraseFile, 'utf8');
    for (const text of [result.output, markdown, JSON.stringify(report('database'))]) {
      expect(text).not.toContain(passphrase);
    }
    expect(report('database').changed[0]?.properties.find((p) => p.path === 'masterPassword')).toEqual({
      path: 'masterPassword',
      kind: 'update',
      old: '[secret]',
      new: '[secret]',
    });
    // A preview-only refresh writes no state: no update was recorded.
    for (const domain of DOMAINS) expect(history(domain)).toEqual([]);
  });

  it('exits 0 with one summary line when nothing drifted', () => {
    const result = driftMany(stub.env());
    expect(result.status).toBe(0);
    expect(linesWith(result.output, '[drift] drift staging:')).toEqual([
      `[drift] drift staging: 0 of ${DOMAINS.length} stacks drifted; clean: ${DOMAINS.join(', ')} -> dist/drift/staging/report.md`,
    ]);
    const summary = JSON.parse(
      readFileSync(join(repo.root, 'dist', 'drift', 'staging', 'summary.json'), 'utf8'),
    );
    expect(summary).toEqual({ env: 'staging', drifted: [], clean: DOMAINS.map((d) => stack(d)) });
  });

  it('fails a single stack run on its own drift', () => {
    const result = runNx(
      ['run', 'database:drift', '--env=staging', '--outputStyle=static'],
      stub.env({ PULUMI_STUB_REFRESH_DATABASE: FIXTURE }),
      repo.root,
    );
    expect(result.status).not.toBe(0);
    expect(linesWith(result.output, 'has drifted from its code')).toEqual([
      `[database] ${stack('database')} has drifted from its code (above, and in dist/drift/staging/database.json).`,
    ]);
  });
});

describe('drift errors, each its own one-line message', () => {
  it('a stack that does not exist: never created, nothing refreshed, no summary', () => {
    const result = driftMany(stub.env(), 'prod');
    expect(result.status).not.toBe(0);
    expect(stub.calls().filter((c) => c.argv[0] === 'refresh')).toEqual([]);
    expect(stub.calls().every((c) => !c.argv.includes('--create') && c.argv[1] !== 'init')).toBe(true);
    expect(linesWith(result.output, 'nothing to check for drift')).toContain(
      `[network] ${stack('network', 'prod')} is not deployed on file://${stub.stateDir}: there is nothing to check ` +
        'for drift (deploy it with `npx nx run network:up --env=prod`, or check the code offline with ' +
        '`npx nx run network:synth --env=prod`).',
    );
    expect(linesWith(result.output, '[drift] drift prod:')).toEqual([]);
    expect(existsSync(join(repo.root, 'dist', 'drift', 'prod', 'network.json'))).toBe(false);
  });

  it('not logged in to Pulumi Cloud: the CLI says so, and so does the target', () => {
    const result = runNx(
      ['run', 'network:drift', '--env=staging', '--outputStyle=static'],
      stub.env({ PULUMI_BACKEND_URL: 'https://api.pulumi.com' }),
      repo.root,
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(
      '[network] error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions',
    );
    expect(linesWith(result.output, 'pulumi stack select failed')).toEqual([
      `[network] pulumi stack select failed on ${stack('network')} (exit code 1).`,
    ]);
  });

  it('no Pulumi CLI: one line, nothing run', () => {
    const result = runNx(
      ['run', 'network:drift', '--env=staging', '--outputStyle=static'],
      stub.env({ PATH: pathWithoutPulumi() }),
      repo.root,
    );
    expect(result.status).not.toBe(0);
    expect(linesWith(result.output, PULUMI_NOT_FOUND)).toEqual([`[network] ${PULUMI_NOT_FOUND}`]);
    expect(stub.calls()).toEqual([]);
  });

  it('in CI without the shared backend: refused, never the embedded one', () => {
    const result = runNx(
      ['run', 'network:drift', '--env=staging', '--outputStyle=static'],
      stub.env({ CI: 'true', GITHUB_ACTIONS: 'true' }),
      repo.root,
    );
    expect(result.status).not.toBe(0);
    expect(linesWith(result.output, 'No state backend is configured, and this is CI')).toHaveLength(1);
    expect(stub.calls()).toEqual([]);
  });
});
