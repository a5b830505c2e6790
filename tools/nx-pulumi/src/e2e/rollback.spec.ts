/**
 * `nx run database:rollback` end to end: the real `npx nx` in a temporary git repository (a copy of this
 * workspace plus a few commits to infra/database), with the recording stub `pulumi` first on PATH answering
 * `stack history --json` with canned updates. Nothing is written to the workspace.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { CHECKOUT_PREFIX } from '../lib/checkout';
import { runRollback } from '../lib/rollback';
import { policyPackDir } from '../lib/pulumi-cli';
import { executorContext } from '../testing/context';
import { cleanEnv, createStub, pathWithoutPulumi, runNx, type Stub, type StubCall } from '../testing/stub';
import { createTempRepo, type TempRepo } from '../testing/temp-repo';

jest.setTimeout(120_000);

const STACK = 'organization/payments-database/staging';
const PROJECT = 'infra/database';

let repo: TempRepo;
let stub: Stub;
/** The commits, oldest first: the copy, a config change, a program without masterSecretArn, its repair. */
const sha = { base: '', config: '', broken: '', repaired: '' };

const worktrees = () => repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)?.length ?? 0;
/** The output of every rollback of the current test: each names the checkout it made, if it got that far. */
const outputs: string[] = [];
const checkoutsIn = (output: string) =>
  [...output.matchAll(/checked out [0-9a-f]+ in (\S+)/g)].map((m) => dirname(m[1] ?? ''));

beforeAll(() => {
  stub = createStub();
  repo = createTempRepo('nx-pulumi-rollback-');
  sha.base = repo.git('rev-parse', 'HEAD').trim();
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
  const history = [
    { version: 5, kind: 'update', result: 'succeeded', environment: { 'git.head': sha.repaired } },
    { version: 4, kind: 'update', result: 'succeeded', environment: { 'git.head': sha.broken } },
    { version: 3, kind: 'update', result: 'succeeded', environment: { 'exec.kind': 'cli' } },
    {
      version: 2,
      kind: 'update',
      result: 'succeeded',
      environment: { 'git.head': sha.config, 'git.dirty': 'false' },
    },
    { version: 1, kind: 'update', result: 'succeeded', environment: { 'git.head': sha.base } },
  ];
  writeFileSync(join(stub.bin, '..', 'history.json'), JSON.stringify(history));
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

function stubEnv(): NodeJS.ProcessEnv {
  return cleanEnv({
    PATH: [stub.bin, pathWithoutPulumi()].join(delimiter),
    PULUMI_STUB_LOG: stub.log,
    PULUMI_STUB_HISTORY: join(stub.bin, '..', 'history.json'),
    PAYMENTS_PULUMI_STATE_DIR: stub.stateDir,
    PULUMI_HOME: stub.pulumiHome,
    PULUMI_CONFIG_PASSPHRASE_FILE: stub.passphraseFile,
  });
}

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
  const pack = policy ? ['--policy-pack', policy] : [];
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

describe('nx run database:rollback --env=staging', () => {
  it('--to=<version> previews and deploys the database stack from the commit that produced that version', () => {
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
    const run = rollback(`--to=${sha.base.slice(0, 10)}`, '--yes');
    expect(run.status).toBe(0);
    const calls = stub.calls();
    expect(calls.filter((c) => c.argv[1] === 'history')).toEqual([]);
    expectDeployedFrom(calls, sha.base, ['preview', 'up'], sha.base.slice(0, 12));
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

  it.each([
    [
      'an unknown version',
      ['--to=99'],
      `[database] Stack ${STACK} has no version 99 (its history holds versions 1 to 5; see pulumi stack history --stack ${STACK}).`,
    ],
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
    expect(
      linesWith(run.output, '[database] ').filter((line) => /no version|no git commit|Unknown/.test(line)),
    ).toEqual([message]);
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
      `--to=${sha.base}`,
      '--dry-run',
      '--outputStyle=static',
    ]);
    expect(run.status).toBe(0);
    expect(deploys(stub.calls())).toEqual([
      expect.objectContaining({
        argv: expect.arrayContaining(['preview', '--stack', 'organization/payments-api/staging']),
        cwd: expect.stringMatching(/\/checkout\/infra\/api$/),
        project: 'api',
        head: sha.base,
      }),
    ]);
    const synthesized = ['network', 'storage', 'database'].map((d) =>
      run.output.indexOf(`[api] [${d}] synth staging: running payments-${d}`),
    );
    expect(synthesized.every((i) => i >= 0)).toBe(true);
    expect(synthesized[0]).toBeLessThan(synthesized[2] ?? -1);
    expect(run.output).toContain(
      `[api] building payments-handler at ${sha.base.slice(0, 12)} (npm run build)`,
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
    // The stub's environment, and no Pulumi login or backend of the developer's own.
    for (const key of Object.keys(process.env)) if (/^(PULUMI_|PAYMENTS_)/.test(key)) delete process.env[key];
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
