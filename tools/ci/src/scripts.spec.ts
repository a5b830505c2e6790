/**
 * The scripts the workflows run with write access (tools/ci/scripts), against a fake `gh` that records each call
 * and answers as GitHub would: the drift issue of an environment opened, updated and closed; the synth diff comment
 * posted once and then updated, and refused for an artifact that does not belong to the pull request that ran.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const SCRIPTS = resolve(__dirname, '..', 'scripts');

let dir: string;
let bin: string;

/**
 * A `gh` that logs its arguments (and the body file it is given) to calls.jsonl and answers from answers.json:
 * `<first args joined by space>` -> stdout.
 */
const FAKE_GH = `#!/usr/bin/env node
const { appendFileSync, existsSync, readFileSync } = require('node:fs');
const args = process.argv.slice(2);
const fileArg = (flag) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
const bodyFile = fileArg('--body-file') ?? (args.find((a) => a.startsWith('body=@')) ?? '').slice(6);
const body = bodyFile && existsSync(bodyFile) ? readFileSync(bodyFile, 'utf8') : undefined;
appendFileSync(process.env.FAKE_GH_LOG, JSON.stringify({ args, body }) + '\\n');
const answers = JSON.parse(readFileSync(process.env.FAKE_GH_ANSWERS, 'utf8'));
const key = Object.keys(answers).find((k) => args.join(' ').startsWith(k));
process.stdout.write(key ? answers[key] : '');
`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ci-scripts-'));
  bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'gh'), FAKE_GH);
  chmodSync(join(bin, 'gh'), 0o755);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface GhCall {
  args: string[];
  body?: string;
}

function runScript(
  script: string,
  args: string[],
  answers: Record<string, string>,
  env: Record<string, string>,
) {
  writeFileSync(join(dir, 'answers.json'), JSON.stringify(answers));
  const result = spawnSync('bash', [join(SCRIPTS, script), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: [bin, process.env['PATH']].join(delimiter),
      FAKE_GH_LOG: join(dir, 'calls.jsonl'),
      FAKE_GH_ANSWERS: join(dir, 'answers.json'),
      RUN_URL: 'https://github.com/acme/payments/actions/runs/42',
      ...env,
    },
  });
  let calls: GhCall[] = [];
  try {
    calls = readFileSync(join(dir, 'calls.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as GhCall);
  } catch {
    // no call
  }
  return { status: result.status, stdout: result.stdout, calls };
}

describe('drift-issue.sh <env>', () => {
  const REPORT =
    '<!-- payments-drift env=staging -->\n## Drift in staging\n\n- `aws:rds/cluster:Cluster` `aurora-cluster`\n';
  function driftRun(summary: { drifted: string[]; clean: string[] } | undefined) {
    const out = join(dir, 'dist', 'drift', 'staging');
    mkdirSync(out, { recursive: true });
    if (summary) {
      writeFileSync(join(out, 'summary.json'), JSON.stringify({ env: 'staging', ...summary }));
      writeFileSync(join(out, 'report.md'), REPORT);
    }
  }
  const LIST = 'issue list --label drift-staging --state open';
  const drifted = { drifted: ['organization/payments-database/staging'], clean: [] };
  const clean = { drifted: [], clean: ['organization/payments-database/staging'] };

  it("opens the environment's issue with the report when it drifted, and fails the job naming the stacks", () => {
    driftRun(drifted);
    const { status, stdout, calls } = runScript('drift-issue.sh', ['staging'], {}, {});
    expect(status).toBe(1);
    expect(stdout).toContain('::error::Drift in staging: organization/payments-database/staging.');
    expect(calls.map((c) => c.args.slice(0, 2).join(' '))).toEqual([
      'issue list',
      'label create',
      'issue create',
    ]);
    const create = calls[2];
    expect(create?.args).toEqual(
      expect.arrayContaining(['--title', 'Drift in staging', '--label', 'drift-staging']),
    );
    expect(create?.body).toBe(
      `${REPORT}\nLast checked by the drift workflow ([drift run](https://github.com/acme/payments/actions/runs/42)).\n`,
    );
  });

  it('updates the open issue instead of opening a second one', () => {
    driftRun(drifted);
    const { status, calls } = runScript('drift-issue.sh', ['staging'], { [LIST]: '17\n' }, {});
    expect(status).toBe(1);
    expect(calls.map((c) => c.args.slice(0, 3).join(' '))).toEqual(['issue list --label', 'issue edit 17']);
    expect(calls[1]?.body).toContain(REPORT);
  });

  it('closes the open issue once the environment is clean again', () => {
    driftRun(clean);
    const { status, stdout, calls } = runScript('drift-issue.sh', ['staging'], { [LIST]: '17\n' }, {});
    expect(status).toBe(0);
    expect(stdout).toContain('Closed the drift issue of staging: #17');
    expect(calls[1]?.args).toEqual([
      'issue',
      'close',
      '17',
      '--comment',
      'No drift in staging any more: every stack matches its code ([drift run](https://github.com/acme/payments/actions/runs/42)).',
    ]);
  });

  it('does nothing when clean and no issue is open', () => {
    driftRun(clean);
    const { status, calls } = runScript('drift-issue.sh', ['staging'], {}, {});
    expect(status).toBe(0);
    expect(calls.map((c) => c.args[1])).toEqual(['list']);
  });

  it('leaves the issue alone, and fails, when the check itself did not finish', () => {
    driftRun(undefined);
    const { status, stdout, calls } = runScript('drift-issue.sh', ['staging'], { [LIST]: '17\n' }, {});
    expect(status).toBe(1);
    expect(stdout).toContain('::error::The drift check of staging did not finish');
    expect(calls).toEqual([]);
  });
});

describe('pr-comment.sh <artifact dir>', () => {
  const HEAD = 'c0ffee0000000000000000000000000000000042';
  const REPO = 'acme/payments';
  const DIFF = (env: string) => `<!-- synth-diff env=${env} -->\n### synth diff: ${env}\n\nNo change.\n`;
  function artifact(number: string, envs: string[] = ['staging', 'prod']): string {
    const root = join(dir, 'artifact');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'pr-number'), number);
    for (const env of envs) {
      mkdirSync(join(root, env), { recursive: true });
      writeFileSync(join(root, env, 'diff.md'), DIFF(env));
    }
    return root;
  }
  const env = { GH_REPO: REPO, HEAD_SHA: HEAD };
  const PULL = `api repos/${REPO}/pulls/7`;
  const COMMENTS = `api repos/${REPO}/issues/7/comments --paginate`;

  it('posts staging and prod as one comment, marked so that the next push finds it', () => {
    const { status, calls } = runScript('pr-comment.sh', [artifact('7\n')], { [PULL]: `${HEAD}\n` }, env);
    expect(status).toBe(0);
    const post = calls.at(-1);
    expect(post?.args.slice(0, 2)).toEqual(['api', `repos/${REPO}/issues/7/comments`]);
    const body = post?.body ?? '';
    expect(body.split('\n')[0]).toBe('<!-- payments-synth-diff -->');
    expect(body.indexOf(DIFF('staging'))).toBeGreaterThan(0);
    expect(body.indexOf(DIFF('prod'))).toBeGreaterThan(body.indexOf(DIFF('staging')));
  });

  it('updates its own earlier comment on every push instead of adding one', () => {
    const { status, calls } = runScript(
      'pr-comment.sh',
      [artifact('7')],
      { [PULL]: HEAD, [COMMENTS]: '991\n' },
      env,
    );
    expect(status).toBe(0);
    expect(calls.at(-1)?.args.slice(0, 4)).toEqual([
      'api',
      '-X',
      'PATCH',
      `repos/${REPO}/issues/comments/991`,
    ]);
    // Only comments of github-actions[bot] that start with the marker count.
    const query = calls.find((c) => c.args.includes('--paginate'))?.args.at(-1) ?? '';
    expect(query).toContain(
      'select(.user.login == "github-actions[bot]" and (.body | startswith("<!-- payments-synth-diff -->")))',
    );
  });

  it("says so in the comment when one environment's diff failed", () => {
    const { calls } = runScript('pr-comment.sh', [artifact('7', ['prod'])], { [PULL]: HEAD }, env);
    expect(calls.at(-1)?.body).toContain(
      'Not available: `nx run synth:diff --env=staging` failed; its error is in the run (https://github.com/acme/payments/actions/runs/42).',
    );
  });

  it.each([
    ['a pull request number that is not one', '7; rm -rf /', {}],
    ['a pull request whose head is not the commit that ran', '7', { [PULL]: 'deadbeef' }],
  ])('refuses %s, posting nothing', (_what, number, answers) => {
    const { status, calls } = runScript('pr-comment.sh', [artifact(number)], answers, env);
    expect(status).toBe(1);
    expect(calls.filter((c) => c.body !== undefined)).toEqual([]);
  });
});
