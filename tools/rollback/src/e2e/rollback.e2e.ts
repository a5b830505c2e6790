/**
 * `nx run database:rollback` end to end: the real `npx nx` in a temporary git repository (a copy of this
 * workspace, its staging stacks created on day zero, plus a few commits to infra/database), with the recording stub
 * `pulumi` first on PATH keeping the embedded file backend as Pulumi's self-managed backend does: every update in
 * its history has version 0, so rollback numbers them by position. Nothing is written to the workspace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CI_VARIABLES,
  createStub,
  createTempRepo,
  executorContext,
  policyPackDir,
  runNx,
  type Stub,
  type StubCall,
  type TempRepo,
} from '@payments/nx-pulumi';
import { CHECKOUT_PREFIX } from '../checkout';
import { runRollback } from '../rollback';

jest.setTimeout(180_000);

const STACK = 'organization/payments-database/staging';
const PROJECT = 'infra/database';

let repo: TempRepo;
let stub: Stub;
/**
 * The commits, oldest first: the copy (its stack files hold no salt yet), day zero (the staging stacks created and
 * their salts committed), a config change, a program without masterSecretArn, its repair.
 */
const sha = { base: '', init: '', config: '', broken: '', repaired: '' };

const worktrees = () => repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)?.length ?? 0;
/** The output of every rollback of the current test: each names the checkout it made, if it got that far. */
const outputs: string[] = [];
const checkoutsIn = (output: string) =>
  [...output.matchAll(/checked out [0-9a-f]+ in (\S+)/g)].map((m) => dirname(m[1] ?? ''));

const stubEnv = () => stub.env();

/** `pulumi up` of the database stack in `cwd`, as a user runs it: Pulumi records the update and its git.head. */
function upIn(cwd: string): void {
  const result = spawnSync(join(stub.bin, 'pulumi'), ['up', '--stack', STACK, '--non-interactive', '--yes'], {
    cwd,
    encoding: 'utf8',
    env: { ...stubEnv(), PULUMI_BACKEND_URL: `file://${stub.stateDir}` },
  });
  if (result.status !== 0) throw new Error(`pulumi up in ${cwd} failed: ${result.stderr}`);
}

/** How many updates the database stack's history holds now. */
const updatesRecorded = () =>
  readdirSync(join(stub.stateDir, '.pulumi', 'history', 'payments-database', 'staging')).length;

beforeAll(() => {
  stub = createStub();
  repo = createTempRepo('nx-pulumi-rollback-');
  sha.base = repo.git('rev-parse', 'HEAD').trim();
  // Day zero, as the README says: create the staging stacks on the backend and commit their stack files.
  const init = runNx(
    ['run-many', '-t', 'init', '--env=staging', '--outputStyle=static'],
    stubEnv(),
    repo.root,
  );
  if (init.status !== 0) throw new Error(`init failed:\n${init.output}`);
  sha.init = repo.commit('day zero: create the staging stacks and commit their salts', {});
  sha.config = repo.commit('database: note a capacity review in the staging config', {
    [`${PROJECT}/Pulumi.staging.yaml`]: (old) => `${old}# capacity reviewed\n`,
  });
  const stackTs = `${PROJECT}/src/stack.ts`;
  const original = repo.git('show', `HEAD:${stackTs}`);
  sha.broken = repo.commit('database: stop exporting masterSecretArn', {
    // The cast keeps the type checker quiet; what matters is the export set the program has at run time.
    [stackTs]: (old) => {
      const changed = old
        .replace('    masterSecretArn: aurora.masterSecretArn,\n', '')
        .replace(
          '    kmsKeyArn: key.arn,\n  };\n}',
          "    kmsKeyArn: key.arn,\n  } as Partial<StackExports<'database'>> as StackExports<'database'>;\n}",
        );
      if (changed === old || changed.includes('masterSecretArn')) throw new Error(`${stackTs} changed shape`);
      return changed;
    },
  });
  sha.repaired = repo.commit('database: export masterSecretArn again', { [stackTs]: original });

  // The history Pulumi recorded: an `up` at day zero (1) and after the config change (2), one from a copy that
  // is no git checkout (3: no git.head), then the broken program (4) and its repair (5).
  const deployAt = (commit: string) => {
    repo.git('checkout', '-q', commit);
    upIn(join(repo.root, PROJECT));
  };
  deployAt(sha.init);
  deployAt(sha.config);
  const outside = mkdtempSync(join(tmpdir(), 'nx-pulumi-not-git-'));
  for (const file of ['Pulumi.yaml', 'Pulumi.staging.yaml']) {
    copyFileSync(join(repo.root, PROJECT, file), join(outside, file));
  }
  upIn(outside);
  rmSync(outside, { recursive: true, force: true });
  deployAt(sha.broken);
  deployAt(sha.repaired);
  repo.git('checkout', '-q', 'main');
});

beforeEach(() => stub.reset());

afterEach(() => {
  // Whatever happened, the worktree is gone: git knows only the main one, and no temp folder is left.
  expect(worktrees()).toBe(1);
  const checkouts = outputs.splice(0).flatMap(checkoutsIn);
  for (const folder of checkouts) {
    expect(folder.startsWith(join(tmpdir(), CHECKOUT_PREFIX))).toBe(true);
    expect({ folder, exists: existsSync(folder) }).toEqual({ folder, exists: false });
  }
});

afterAll(() => {
  repo?.cleanup();
  stub?.cleanup();
});

function nxIn(repoArgs: string[]) {
  const run = runNx(repoArgs, stubEnv(), repo.root);
  outputs.push(run.output);
  return run;
}

const rollback = (...flags: string[]) =>
  nxIn(['run', 'database:rollback', '--env=staging', ...flags, '--outputStyle=static', '--skip-nx-cache']);

const deploys = (calls: StubCall[]) => calls.filter((c) => c.argv[0] === 'preview' || c.argv[0] === 'up');
const linesWith = (output: string, text: string) => output.split('\n').filter((line) => line.includes(text));

/** The checkout folder a preview or up ran in: `<tmp>/payments-rollback-database-XXXXXX/checkout/infra/database`. */
const CHECKOUT_CWD = new RegExp(
  `^${tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${CHECKOUT_PREFIX}database-[^/]+/checkout/${PROJECT}$`,
);

function expectDeployedFrom(
  calls: StubCall[],
  commit: string,
  commands: ('preview' | 'up')[],
  label: string,
) {
  const policy = policyPackDir(repo.root);
  expect(policy).toBe(join(repo.root, 'packages', 'policies'));
  // Today's pack, with the exemptions of the settings the old stack file deploys with.
  const pack = [
    '--policy-pack',
    policy,
    '--policy-pack-config',
    expect.stringMatching(/\/checkout\/dist\/policy-config\/staging\/database\.json$/),
  ];
  const expected = {
    preview: ['preview', '--stack', STACK, '--non-interactive', '--diff', ...pack],
    up: [
      'up',
      '--stack',
      STACK,
      '--non-interactive',
      '--yes',
      ...pack,
      '--message',
      `rollback of ${STACK} to ${label}`,
    ],
  };
  expect(deploys(calls)).toEqual(
    commands.map((command) =>
      expect.objectContaining({
        argv: expected[command],
        cwd: expect.stringMatching(CHECKOUT_CWD),
        head: commit,
      }),
    ),
  );
  // Only the database stack: no other project folder saw the CLI, and no other stack was named.
  for (const call of calls) {
    expect(call.project).toBe('database');
    expect(call.argv.filter((arg) => /^[\w-]+\/payments-\w+\/\w+$/.test(arg))).toEqual([STACK]);
  }
}

describe('nx run database:history --env=staging', () => {
  it('lists the updates newest first, numbered by position (oldest = 1) since the backend records version 0', () => {
    const run = nxIn(['run', 'database:history', '--env=staging', '--outputStyle=static']);
    expect(run.status).toBe(0);
    const rows = run.output
      .split('\n')
      .filter((line) => /^\[database\] +\d+ /.test(line))
      .map((line) => line.replace('[database] ', '').trim().split(/\s+/).slice(0, 2));
    const commits = [sha.repaired, sha.broken, '', sha.config, sha.init].map((c) => c.slice(0, 12));
    const total = updatesRecorded();
    expect(rows.slice(-5)).toEqual(
      commits.map((commit, i) => (commit ? [String(5 - i), commit] : [String(5 - i), expect.any(String)])),
    );
    expect(rows.map(([n]) => Number(n))).toEqual(Array.from({ length: total }, (_, i) => total - i));
    expect(run.output).toContain(
      `[database] ${STACK}, state backend file://${stub.stateDir} (embedded default): ${total} update(s), ` +
        'numbered by position (oldest = 1; this backend records no version numbers)',
    );
    expect(run.output).toMatch(/\[database\] version +commit +started \(UTC\) +kind +result +message/);
  });
});

describe('nx run database:rollback --env=staging', () => {
  // One rollback (an nx run, a checkout, a synth) serves both: what it deploys, and the update it records.
  it('--to=<version> previews and deploys the database stack from the commit that produced that version, and records the rollback as a new update whose commit a later rollback can return to', () => {
    const before = updatesRecorded();
    const run = rollback('--to=2', '--yes');
    expect(run.status).toBe(0);
    const calls = stub.calls();
    expect(calls.filter((c) => c.argv[1] === 'history')).toEqual([
      expect.objectContaining({
        argv: ['stack', 'history', '--stack', STACK, '--json', '--page-size', '100', '--page', '1'],
        cwd: join(repo.root, PROJECT),
      }),
    ]);
    const label = `version 2 (${sha.config.slice(0, 12)})`;
    expectDeployedFrom(calls, sha.config, ['preview', 'up'], label);
    const [preview, up] = deploys(calls);
    expect(up?.start).toBeGreaterThanOrEqual(preview?.end ?? Infinity);
    expect(run.output).toContain(`[database] rollback of ${STACK} to ${label}`);
    expect(run.output).toContain('[database] its exports still provide everything api reads');
    expect(run.output).toContain(`[database] rolled back ${STACK} to ${label}.`);
    expect(checkoutsIn(run.output)).toHaveLength(1);

    expect(updatesRecorded()).toBe(before + 1);
    const history = nxIn(['run', 'database:history', '--env=staging', '--outputStyle=static']).output;
    expect(history).toMatch(
      new RegExp(
        `\\[database\\] +${before + 1} +${sha.config.slice(0, 12)} .* update +succeeded +rollback of ${STACK} to ${label.replace(/[()]/g, '\\$&')}`,
      ),
    );
  });

  it('--dry-run stops after the preview', () => {
    const run = rollback('--to=2', '--dry-run');
    expect(run.status).toBe(0);
    const label = `version 2 (${sha.config.slice(0, 12)})`;
    expectDeployedFrom(stub.calls(), sha.config, ['preview'], label);
    expect(linesWith(run.output, '--dry-run: stopped')).toEqual([
      `[database] --dry-run: stopped after the preview of ${label}; nothing was deployed.`,
    ]);
  });

  it('--to=<sha> deploys that commit without reading the stack history', () => {
    const run = rollback(`--to=${sha.init.slice(0, 10)}`, '--yes');
    expect(run.status).toBe(0);
    const calls = stub.calls();
    expect(calls.filter((c) => c.argv[1] === 'history')).toEqual([]);
    expectDeployedFrom(calls, sha.init, ['preview', 'up'], sha.init.slice(0, 12));
  });

  it('refuses a commit whose stack file holds no key material: its preview would write a new salt', () => {
    const run = rollback(`--to=${sha.base}`, '--yes');
    expect(run.status).not.toBe(0);
    expect(deploys(stub.calls())).toEqual([]);
    expect(linesWith(run.output, 'Refusing to roll back')).toEqual([
      `[database] Refusing to roll back to ${sha.base.slice(0, 12)}: ${PROJECT}/Pulumi.staging.yaml at ` +
        `${sha.base.slice(0, 12)} has no encryptedkey (secretsprovider awskms://alias/payments-staging-secrets-database?region=us-east-1), so Pulumi would write a new ` +
        'one into it on this run (and the committed file would change on every run). Create ' +
        `${STACK} once against the shared backend with \`npx nx run database:init --env=staging\` and commit ` +
        `${PROJECT}/Pulumi.staging.yaml at ${sha.base.slice(0, 12)}; if the stack exists already, restore the ` +
        'committed file.',
    ]);
  });

  it('refuses a version whose program no longer exports what api reads, naming the output', () => {
    const run = rollback('--to=4', '--yes');
    expect(run.status).not.toBe(0);
    expect(deploys(stub.calls())).toEqual([]);
    expect(linesWith(run.output, 'Refusing')).toEqual([
      `[database] Refusing to roll back database (staging) to version 4 (${sha.broken.slice(0, 12)}): its program ` +
        "no longer provides what api (organization/payments-api/staging) reads from it: missing output 'masterSecretArn' " +
        '(string). Nothing was deployed.',
    ]);
  });

  it('fails on an unknown version in one line, saying which versions there are and where to see them', () => {
    const run = rollback('--to=99', '--yes');
    expect(run.status).not.toBe(0);
    expect(deploys(stub.calls())).toEqual([]);
    expect(linesWith(run.output, 'no version 99')).toEqual([
      `[database] Stack ${STACK} has no version 99 (its history holds versions 1 to ${updatesRecorded()}; see ` +
        'npx nx run database:history --env=staging).',
    ]);
  });

  it.each([
    [
      'a version with no recorded commit',
      ['--to=3'],
      `[database] Version 3 of ${STACK} recorded no git commit (no git.head in its environment), so the source that ` +
        'produced it is unknown: roll back with --to=<git sha> instead.',
    ],
    [
      'an unknown sha',
      ['--to=deadbeef'],
      '[database] Unknown commit deadbeef: this clone has no commit by that sha (git fetch it first if it is on another branch).',
    ],
  ])('fails on %s in one line, deploying nothing', (_case, flags, message) => {
    const run = rollback(...flags, '--yes');
    expect(run.status).not.toBe(0);
    expect(deploys(stub.calls())).toEqual([]);
    expect(linesWith(run.output, '[database] ').filter((line) => /no git commit|Unknown/.test(line))).toEqual(
      [message],
    );
  });

  it('without a terminal and without --yes, fails before anything runs', () => {
    const run = rollback('--to=2');
    expect(run.status).not.toBe(0);
    expect(stub.calls()).toEqual([]);
    expect(linesWith(run.output, 'not a terminal')).toEqual([
      '[database] rollback asks for confirmation after the preview, but stdin is not a terminal: re-run with --yes ' +
        'to deploy without asking, or with --dry-run to stop after the preview. Nothing was changed.',
    ]);
  });

  it('refuses while an upstream program it synthesizes has uncommitted changes', () => {
    repo.write({ 'infra/network/src/stack.ts': (old) => `${old}// work in progress\n` });
    try {
      const run = rollback('--to=2', '--yes');
      expect(run.status).not.toBe(0);
      expect(stub.calls()).toEqual([]);
      expect(linesWith(run.output, 'uncommitted changes')).toEqual([
        '[database] rollback reads package-lock.json, packages, tools/synth, infra/network from this checkout, and ' +
          'they have uncommitted changes (infra/network/src/stack.ts): commit or stash them first. Nothing was changed.',
      ]);
    } finally {
      repo.git('checkout', '--', 'infra/network/src/stack.ts');
    }
  });

  it('api:rollback synthesizes all three upstreams first and builds the handler bundles in the checkout', () => {
    const run = nxIn([
      'run',
      'api:rollback',
      '--env=staging',
      `--to=${sha.init}`,
      '--dry-run',
      '--outputStyle=static',
    ]);
    expect(run.status).toBe(0);
    expect(deploys(stub.calls())).toEqual([
      expect.objectContaining({
        argv: expect.arrayContaining(['preview', '--stack', 'organization/payments-api/staging']),
        cwd: expect.stringMatching(/\/checkout\/infra\/api$/),
        project: 'api',
        head: sha.init,
      }),
    ]);
    const synthesized = ['network', 'storage', 'database'].map((d) =>
      run.output.indexOf(`[api] [${d}] synth staging: running payments-${d}`),
    );
    expect(synthesized.every((i) => i >= 0)).toBe(true);
    expect(synthesized[0]).toBeLessThan(synthesized[2] ?? -1);
    expect(run.output).toContain(
      `[api] building payments-handler at ${sha.init.slice(0, 12)} (npm run build)`,
    );
    expect(run.output).toContain('[api] no stack reads its exports');
  });

  it('removes the worktree when interrupted during the preview, and deploys nothing', async () => {
    const env = { ...stubEnv(), PULUMI_STUB_SLEEP_DATABASE: '60' };
    // Its own process group, like a terminal's foreground job: Ctrl-C reaches nx, the task and pulumi at once.
    // `stream` prints the task's lines as they come, so the test sees the preview start.
    const args = ['run', 'database:rollback', '--env=staging', '--to=2', '--yes', '--outputStyle=stream'];
    const child = spawn('npx', ['nx', ...args, '--skip-nx-cache'], {
      cwd: repo.root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const group = -(child.pid as number);
    let output = '';
    const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
    try {
      await new Promise<void>((previewing, failed) => {
        const timer = setTimeout(() => failed(new Error(`no preview started:\n${output}`)), 30_000);
        const watch = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('stub: pulumi preview')) {
            clearTimeout(timer);
            previewing();
          }
        };
        child.stdout?.on('data', watch);
        child.stderr?.on('data', watch);
      });
      process.kill(group, 'SIGINT');
      expect(await exited).not.toBe(0);
      // The task may finish its cleanup a moment after nx itself has exited.
      const deadline = Date.now() + 20_000;
      outputs.push(output);
      const checkouts = checkoutsIn(output);
      expect(checkouts).toHaveLength(1);
      while (Date.now() < deadline && (checkouts.some((c) => existsSync(c)) || worktrees() > 1)) {
        await new Promise((tick) => setTimeout(tick, 200));
      }
      expect(stub.calls().filter((c) => c.argv[0] === 'up')).toEqual([]);
    } finally {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
});

describe('on a terminal (the executor in-process, with a scripted terminal)', () => {
  const context = {
    ...executorContext('', 'database', PROJECT),
    projectsConfigurations: {
      version: 2,
      projects: Object.fromEntries(
        ['network', 'storage', 'database', 'api'].map((d) => [d, { root: `infra/${d}` }]),
      ),
    },
  };
  const saved = { ...process.env };
  let printed: string[];

  beforeEach(() => {
    context.root = repo.root;
    context.cwd = repo.root;
    // The stub's environment, no Pulumi login or backend of the developer's own, and not CI (which refuses the
    // embedded backend).
    for (const key of Object.keys(process.env)) {
      if (/^(PULUMI_|PAYMENTS_)/.test(key) || (CI_VARIABLES as readonly string[]).includes(key)) {
        delete process.env[key];
      }
    }
    Object.assign(process.env, stubEnv());
    printed = [];
    const keep = (chunk: unknown) => printed.push(String(chunk)) > 0;
    jest.spyOn(process.stdout, 'write').mockImplementation(keep);
    jest.spyOn(process.stderr, 'write').mockImplementation(keep);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it.each([
    ['deploys after a yes', true, ['preview', 'up']],
    ['deploys nothing after a no', false, ['preview']],
  ] as const)('asks after the preview, and %s', async (_case, answer, commands) => {
    const questions: string[] = [];
    const terminal = {
      interactive: () => true,
      confirm: async (question: string) => {
        questions.push(question);
        expect(deploys(stub.calls()).map((c) => c.argv[0])).toEqual(['preview']);
        return answer;
      },
    };
    const label = `version 2 (${sha.config.slice(0, 12)})`;
    await expect(runRollback({ env: 'staging', to: '2' }, context, terminal)).resolves.toEqual({
      success: answer,
    });
    outputs.push(printed.join(''));
    expect(questions).toEqual([`[database] Deploy ${label} to ${STACK}, and only that stack? [y/N] `]);
    expectDeployedFrom(stub.calls(), sha.config, [...commands], label);
    if (!answer) expect(printed).toContain('[database] Not confirmed: nothing was deployed.\n');
  });
});
