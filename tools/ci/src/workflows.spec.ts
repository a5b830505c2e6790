/** The GitHub workflows, parsed: what triggers them, what each job runs, and with which credentials. */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { PULUMI_TARGETS } from '@payments/nx-pulumi';

const ROOT = resolve(__dirname, '../../..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
}

interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  environment?: string;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const text = (file: string) => readFileSync(join(WORKFLOWS, file), 'utf8');
const workflow = (file: string) => parse(text(file)) as Workflow;
const pr = workflow('pr.yml');
const deploy = workflow('deploy.yml');
const drift = workflow('drift.yml');
const comment = workflow('pr-comment.yml');
/** The workflows that run nx, by file. */
const NX_WORKFLOWS = [
  ['pr.yml', pr],
  ['deploy.yml', deploy],
  ['drift.yml', drift],
] as const;
const FILES = ['deploy.yml', 'drift.yml', 'pr-comment.yml', 'pr.yml'];

function job(of: Workflow, name: string): Job {
  const found = of.jobs[name];
  if (!found) throw new Error(`${of.name} has no job ${name}`);
  return found;
}

/** The step that stops a job when a variable or secret it needs is empty. */
const CHECK = 'required variables and secrets';

/** The `run` lines of a job, in order, without the check of its variables and secrets. */
const runs = (of: Job) =>
  of.steps.flatMap((step) => (step.run && step.name !== CHECK ? [step.run.trim()] : []));
/** The step that runs `command`. */
const runStep = (of: Job, command: string) => of.steps.find((step) => step.run?.trim().startsWith(command));
/** The index of the first step that uses `action` (without its version) or runs `command`. */
const stepIndex = (of: Job, match: string) =>
  of.steps.findIndex((step) => step.uses?.split('@')[0] === match || step.run?.trim().startsWith(match));
const stepUsing = (of: Job, action: string) => of.steps.find((step) => step.uses?.split('@')[0] === action);

const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** Every job of the workflows that run nx, by `<file>:<job>`. */
const NX_JOBS = NX_WORKFLOWS.flatMap(([file, of]) =>
  Object.entries(of.jobs).map(([name, j]) => [`${file}:${name}`, j] as const),
);
/** Every job of every workflow. */
const ALL_JOBS = [
  ...NX_JOBS,
  ...Object.entries(comment.jobs).map(([name, j]) => [`pr-comment.yml:${name}`, j] as const),
];
/** The nx commands the workflows may run: `nx affected` with its base and head from nx-set-shas, the drift of an
 * environment, and the synth diff against main. */
const NX_COMMAND =
  /^npx nx (?:affected -t ((?:[\w-]+ ?)+?)(?: --env=(dev|staging|prod))?|run-many -t (drift) --env=(staging|prod) --parallel=5|run synth:(diff) --env=(staging|prod) --base=origin\/main) --outputStyle=static$/;

describe('the workflow files', () => {
  it('are exactly pr.yml, pr-comment.yml, deploy.yml and drift.yml', () => {
    expect(readdirSync(WORKFLOWS).sort()).toEqual(FILES);
  });

  it('run pull requests to main, deploy on pushes to main only, check drift daily and on demand', () => {
    expect(pr.on).toEqual({ pull_request: { branches: ['main'] } });
    expect(deploy.on).toEqual({ push: { branches: ['main'] } });
    expect(drift.on).toEqual({ schedule: [{ cron: '17 6 * * *' }], workflow_dispatch: {} });
    // After the pull request workflow, by its name.
    expect(comment.on).toEqual({ workflow_run: { workflows: [pr.name], types: ['completed'] } });
  });

  it.each(NX_WORKFLOWS)('%s: turn the Nx daemon and Nx Cloud off', (_file, of) => {
    expect(of.env).toEqual(expect.objectContaining({ NX_DAEMON: 'false', NX_NO_CLOUD: 'true' }));
  });

  it.each(FILES)('%s: hold no long-lived AWS key, anywhere', (file) => {
    expect(text(file)).not.toMatch(
      /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|aws-access-key-id/i,
    );
    expect(text(file)).not.toMatch(/aws-secret-access-key|secrets\.AWS_/i);
  });

  it.each(FILES)('%s: pin every action to a released major version', (file) => {
    const uses = [...text(file).matchAll(/uses:\s*(\S+)/g)].map((m) => m[1] ?? '');
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$/);
  });

  it.each(FILES)(
    "%s: never runs a pull request's code with write access or secrets (no pull_request_target)",
    (file) => {
      expect(text(file)).not.toMatch(/pull_request_target/);
    },
  );
});

describe.each(NX_JOBS)('job %s', (_name, of) => {
  const commands = runs(of).filter((run) => run.includes('nx '));
  const affected = commands.some((command) => command.startsWith('npx nx affected'));
  const history = affected || commands.some((command) => command.startsWith('npx nx run synth:diff'));

  it('checks out, installs with npm ci, and only then runs nx; the whole history where it compares commits', () => {
    expect(stepUsing(of, 'actions/checkout')?.with).toEqual(history ? { 'fetch-depth': 0 } : undefined);
    expect(stepUsing(of, 'actions/setup-node')?.with).toEqual({ 'node-version': 20, cache: 'npm' });
    const order = ['actions/checkout', 'actions/setup-node', 'npm ci'].map((s) => stepIndex(of, s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const firstNx = of.steps.findIndex((step) => step.run?.includes('npx nx'));
    expect(firstNx).toBeGreaterThan(stepIndex(of, 'npm ci'));
  });

  it('lets nx-set-shas pick base and head exactly where it runs nx affected', () => {
    expect(stepUsing(of, 'nrwl/nx-set-shas')?.uses).toBe(affected ? 'nrwl/nx-set-shas@v4' : undefined);
    if (affected) {
      const firstNx = of.steps.findIndex((step) => step.run?.includes('npx nx'));
      expect(firstNx).toBeGreaterThan(stepIndex(of, 'nrwl/nx-set-shas'));
    }
  });

  it('runs nx only in the known forms, on targets that exist, with --env where a Pulumi target needs it', () => {
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const match = NX_COMMAND.exec(command);
      expect({ command, valid: match !== null }).toEqual({ command, valid: true });
      if (!match?.[1]) continue;
      const targets = match[1].trim().split(' ');
      for (const target of targets) {
        expect([...PULUMI_TARGETS, 'typecheck', 'lint', 'test', 'e2e']).toContain(target);
      }
      const pulumiTarget = targets.some((t) => (PULUMI_TARGETS as readonly string[]).includes(t));
      expect({ command, env: match[2] !== undefined }).toEqual({ command, env: pulumiTarget });
    }
  });
});

describe('pr.yml', () => {
  const checks = job(pr, 'checks');
  const preview = job(pr, 'preview');

  it('checks the affected projects offline: typecheck, lint, test, e2e, then synth', () => {
    expect(runs(checks)).toEqual([
      'npm ci',
      'npx nx affected -t typecheck lint test e2e --outputStyle=static',
      'npx nx affected -t synth --env=staging --outputStyle=static',
      'npx nx affected -t synth --env=prod --outputStyle=static',
    ]);
    expect(checks.permissions).toBeUndefined();
    expect(pr.permissions).toEqual({ contents: 'read', actions: 'read' });
  });

  it('previews the affected staging stacks after the checks, with OIDC credentials and the Pulumi CLI', () => {
    expect(preview.needs).toBe('checks');
    expect(runs(preview)).toEqual([
      'npm ci',
      'npx nx affected -t preview --env=staging --outputStyle=static',
    ]);
    expect(preview.permissions).toEqual({ contents: 'read', actions: 'read', 'id-token': 'write' });
    expect(stepUsing(preview, 'aws-actions/configure-aws-credentials')).toEqual({
      uses: 'aws-actions/configure-aws-credentials@v4',
      with: {
        'role-to-assume': '${{ vars.AWS_PREVIEW_ROLE_ARN }}',
        'aws-region': '${{ vars.AWS_REGION }}',
        'role-duration-seconds': 3600,
      },
    });
    const nx = stepIndex(preview, 'npx nx affected -t preview');
    expect(stepIndex(preview, 'pulumi/actions')).toBeLessThan(nx);
    expect(stepIndex(preview, 'aws-actions/configure-aws-credentials')).toBeLessThan(nx);
    expect(runStep(preview, 'npx nx affected -t preview')?.env).toEqual({
      PULUMI_BACKEND_URL: '${{ vars.PULUMI_BACKEND_URL }}',
    });
  });

  it('keeps forks and Dependabot (no secrets, no OIDC token) out of the credentialed preview', () => {
    expect(preview.if).toBe(
      "github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'",
    );
  });

  it('lets a newer push to the same pull request cancel the older run', () => {
    expect(pr.concurrency).toEqual({
      group: 'pr-${{ github.event.pull_request.number }}',
      'cancel-in-progress': true,
    });
  });
});

describe('pr.yml: the synth diff of a pull request', () => {
  const diff = job(pr, 'diff');

  it('diffs staging and prod against main offline, for every pull request, forks included', () => {
    expect(runs(diff)).toEqual([
      'npm ci',
      'npx nx run synth:diff --env=staging --base=origin/main --outputStyle=static',
      'npx nx run synth:diff --env=prod --base=origin/main --outputStyle=static',
      'mkdir -p dist/synth && echo "$PR_NUMBER" > dist/synth/pr-number',
    ]);
    // No credentials and no write access: it runs the pull request's code, for forks too.
    expect(diff.if).toBeUndefined();
    expect(diff.environment).toBeUndefined();
    expect(diff.permissions).toBeUndefined();
    expect(pr.permissions).toEqual({ contents: 'read', actions: 'read' });
    expect(stepUsing(diff, 'aws-actions/configure-aws-credentials')).toBeUndefined();
  });

  it('uploads the Markdown and the pull request number as an artifact, also after a failed diff', () => {
    const upload = stepUsing(diff, 'actions/upload-artifact');
    expect(upload).toEqual({
      uses: 'actions/upload-artifact@v4',
      if: '${{ !cancelled() }}',
      with: {
        name: 'synth-diff',
        path: 'dist/synth/pr-number\ndist/synth/staging/diff.md\ndist/synth/prod/diff.md\n',
        'retention-days': 7,
      },
    });
    // The number comes from the event, through the environment, never spliced into the script.
    expect(runStep(diff, 'mkdir -p dist/synth')?.env).toEqual({
      PR_NUMBER: '${{ github.event.pull_request.number }}',
    });
  });
});

describe("pr-comment.yml: the comment, from a workflow that never runs the pull request's code", () => {
  const post = job(comment, 'comment');

  it('runs after the pull request workflow, for pull requests, unless that run was cancelled by a newer push', () => {
    expect(Object.keys(comment.jobs)).toEqual(['comment']);
    expect(post.if).toBe(
      "github.event.workflow_run.event == 'pull_request' && github.event.workflow_run.conclusion != 'cancelled'",
    );
  });

  it("may read the other run's artifact and write pull request comments, and nothing else", () => {
    expect(comment.permissions).toEqual({});
    expect(post.permissions).toEqual({ actions: 'read', contents: 'read', 'pull-requests': 'write' });
    expect(contextNames(post, 'secrets')).toEqual([]);
    expect(contextNames(post, 'vars')).toEqual([]);
    expect(post.environment).toBeUndefined();
  });

  it('checks out only its own default branch, and runs only its own script on the artifact', () => {
    expect(post.steps.map((step) => step.uses?.split('@')[0] ?? step.run?.trim())).toEqual([
      'actions/checkout',
      'actions/download-artifact',
      'bash tools/ci/scripts/pr-comment.sh "$RUNNER_TEMP/synth-diff"',
    ]);
    // No ref, no repository: workflow_run checks out the default branch, never the pull request's head.
    expect(stepUsing(post, 'actions/checkout')?.with).toEqual({ 'persist-credentials': false });
    expect(stepUsing(post, 'actions/download-artifact')?.with).toEqual({
      name: stepUsing(job(pr, 'diff'), 'actions/upload-artifact')?.with?.['name'],
      path: '${{ runner.temp }}/synth-diff',
      'run-id': '${{ github.event.workflow_run.id }}',
      'github-token': '${{ github.token }}',
    });
    expect(runStep(post, 'bash tools/ci/scripts/pr-comment.sh')?.env).toEqual({
      GH_TOKEN: '${{ github.token }}',
      GH_REPO: '${{ github.repository }}',
      HEAD_SHA: '${{ github.event.workflow_run.head_sha }}',
      RUN_URL: '${{ github.event.workflow_run.html_url }}',
    });
  });
});

describe('drift.yml', () => {
  it.each([
    ['staging', 'staging-preview'],
    ['prod', 'prod-preview'],
  ] as const)(
    'checks %s with the read-only preview role, then keeps its drift issue in step',
    (env, environment) => {
      const of = job(drift, env);
      expect(of.environment).toBe(environment);
      expect(of.permissions).toEqual({ contents: 'read', 'id-token': 'write', issues: 'write' });
      expect(contextNames(of, 'vars')).not.toContain('AWS_DEPLOY_ROLE_ARN');
      expect(stepUsing(of, 'aws-actions/configure-aws-credentials')?.with).toEqual({
        'role-to-assume': '${{ vars.AWS_PREVIEW_ROLE_ARN }}',
        'aws-region': '${{ vars.AWS_REGION }}',
        'role-duration-seconds': 3600,
      });
      expect(runs(of)).toEqual([
        'npm ci',
        `npx nx run-many -t drift --env=${env} --parallel=5 --outputStyle=static`,
        `bash tools/ci/scripts/drift-issue.sh ${env}`,
      ]);
      const check = runStep(of, 'npx nx run-many -t drift');
      // Drift fails this step; the issue step still runs, and decides the job's result.
      expect(check?.['continue-on-error']).toBe(true);
      expect(check?.env).toEqual({
        PULUMI_BACKEND_URL: '${{ vars.PULUMI_BACKEND_URL }}',
      });
      const issue = runStep(of, 'bash tools/ci/scripts/drift-issue.sh');
      expect(issue?.if).toBe('${{ !cancelled() }}');
      expect(issue?.env).toEqual({
        GH_TOKEN: '${{ github.token }}',
        GH_REPO: '${{ github.repository }}',
        RUN_URL: '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}',
      });
      const nx = stepIndex(of, 'npx nx run-many -t drift');
      expect(stepIndex(of, 'pulumi/actions')).toBeLessThan(nx);
      expect(stepIndex(of, 'aws-actions/configure-aws-credentials')).toBeLessThan(nx);
      expect(stepIndex(of, 'bash tools/ci/scripts/drift-issue.sh')).toBeGreaterThan(nx);
    },
  );

  it('has exactly one job per environment that gates a deploy, one run at a time', () => {
    expect(Object.keys(drift.jobs)).toEqual(['staging', 'prod']);
    expect(drift.concurrency).toEqual({ group: 'drift', 'cancel-in-progress': false });
    expect(drift.permissions).toEqual({ contents: 'read' });
  });
});

describe('deploy.yml', () => {
  it.each([
    ['staging', undefined],
    ['prod', 'staging'],
  ] as const)(
    'deploys the affected %s stacks in one queue per environment, never cancelled',
    (env, needs) => {
      const of = job(deploy, env);
      expect(of.needs).toBe(needs);
      // For prod, the environment's required reviewers are the approval: configured in GitHub, not here.
      expect(of.environment).toBe(env);
      expect(of.concurrency).toEqual({ group: `deploy-${env}`, 'cancel-in-progress': false });
      expect(of.permissions).toEqual({ contents: 'read', actions: 'read', 'id-token': 'write' });
      expect(runs(of)).toEqual(['npm ci', `npx nx affected -t up --env=${env} --outputStyle=static`]);
      expect(stepUsing(of, 'aws-actions/configure-aws-credentials')?.with).toEqual({
        'role-to-assume': '${{ vars.AWS_DEPLOY_ROLE_ARN }}',
        'aws-region': '${{ vars.AWS_REGION }}',
        // Long enough for the creation of a cluster and its instances; the role's MaxSessionDuration must allow it.
        'role-duration-seconds': 10800,
      });
      expect(runStep(of, 'npx nx affected -t up')?.env).toEqual({
        PULUMI_BACKEND_URL: '${{ vars.PULUMI_BACKEND_URL }}',
      });
      // Before the first successful run, the base is the empty tree, so the first deploy deploys everything.
      expect(stepUsing(of, 'nrwl/nx-set-shas')?.with).toEqual({
        'fallback-sha': '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      });
      const nx = stepIndex(of, 'npx nx affected -t up');
      expect(stepIndex(of, 'pulumi/actions')).toBeLessThan(nx);
      expect(stepIndex(of, 'aws-actions/configure-aws-credentials')).toBeLessThan(nx);
    },
  );

  it('has exactly the staging and prod jobs', () => {
    expect(Object.keys(deploy.jobs)).toEqual(['staging', 'prod']);
    expect(deploy.concurrency).toBeUndefined();
  });
});

/** `vars.X` and `secrets.X` a job refers to, anywhere in its definition. */
function contextNames(of: Job, context: 'vars' | 'secrets'): string[] {
  const text = JSON.stringify(of);
  return [
    ...new Set([...text.matchAll(new RegExp(`\\b${context}\\.([A-Z_]+)`, 'g'))].map((m) => m[1] ?? '')),
  ].sort();
}

const CREDENTIALED = ALL_JOBS.filter(
  ([, of]) => contextNames(of, 'secrets').length + contextNames(of, 'vars').length > 0,
);

describe('what decrypts state and what deploys', () => {
  it('are secrets and variables of GitHub environments, never repository-wide: no workflow-level env holds them', () => {
    for (const workflow of [pr, deploy, drift, comment]) {
      expect(JSON.stringify(workflow.env ?? {})).not.toMatch(/secrets\.|vars\./);
    }
    expect(CREDENTIALED.map(([name, of]) => [name, of.environment])).toEqual([
      ['pr.yml:preview', 'staging-preview'],
      ['deploy.yml:staging', 'staging'],
      ['deploy.yml:prod', 'prod'],
      ['drift.yml:staging', 'staging-preview'],
      ['drift.yml:prod', 'prod-preview'],
    ]);
  });

  it('so a pull request reaches the preview role only, never a deploy role, and no job a passphrase', () => {
    for (const [name, of] of ALL_JOBS) {
      const vars = contextNames(of, 'vars');
      if (of.environment === 'staging' || of.environment === 'prod') {
        expect({ name, vars }).toEqual({ name, vars: expect.arrayContaining(['AWS_DEPLOY_ROLE_ARN']) });
      } else {
        expect({ name, vars }).toEqual({ name, vars: expect.not.arrayContaining(['AWS_DEPLOY_ROLE_ARN']) });
      }
    }
    // Each stack decrypts with its own KMS key (awskms:// in its stack file): no passphrase anywhere.
    for (const [, of] of ALL_JOBS) expect(JSON.stringify(of)).not.toContain('PASSPHRASE');
    expect(contextNames(job(pr, 'preview'), 'secrets')).toEqual([]);
    for (const name of ['checks', 'diff']) {
      expect(contextNames(job(pr, name), 'secrets')).toEqual([]);
      expect(contextNames(job(pr, name), 'vars')).toEqual([]);
    }
  });

  it('reach only the steps that need them: not npm ci, not third-party actions', () => {
    for (const [name, of] of CREDENTIALED) {
      expect({ name, env: of.env }).toEqual({ name, env: undefined });
      for (const step of of.steps) {
        const secrets = JSON.stringify(step).match(/secrets\.[A-Z_]+/g) ?? [];
        if (secrets.length === 0) continue;
        expect({ name, step: step.name === CHECK ? CHECK : step.run?.trim() }).toEqual({
          name,
          step: expect.stringMatching(
            /^(required variables and secrets|npx nx affected -t (preview|up) |npx nx run-many -t drift )/,
          ),
        });
      }
    }
  });
});

describe.each(CREDENTIALED)('job %s, before anything else', (_name, of) => {
  const check = of.steps[0];
  const names = [...contextNames(of, 'vars'), ...contextNames(of, 'secrets')].sort();
  // The check, as the runner runs a `run` step: bash -e, the step's env mapped from vars and secrets.
  const runCheck = (values: Record<string, string>) =>
    spawnSync('bash', ['-e', '-c', check?.run ?? 'exit 2'], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'], ...values },
    });

  it('checks every variable and secret the job uses', () => {
    expect(check?.name).toBe(CHECK);
    expect(Object.keys(check?.env ?? {}).sort()).toEqual(names);
    for (const [key, value] of Object.entries(check?.env ?? {})) {
      expect(value).toMatch(new RegExp(`^\\$\\{\\{ (vars|secrets)\\.${key} \\}\\}$`));
    }
  });

  it('passes when they are all set', () => {
    const result = runCheck(Object.fromEntries(names.map((n) => [n, `value-of-${n}`])));
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: '' });
  });

  it.each(names)('fails fast, naming %s, when GitHub passes it as an empty string', (missing) => {
    const result = runCheck(Object.fromEntries(names.map((n) => [n, n === missing ? '' : 'set'])));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(`^::error::Not set or empty: ${missing}\\. Set them for the ${of.environment} environment`),
    );
  });
});

describe('the Pulumi CLI the jobs install', () => {
  it('is the version of @pulumi/pulumi in the root package.json', () => {
    const jobs = ALL_JOBS.filter(([, of]) => stepUsing(of, 'pulumi/actions'));
    expect(jobs.map(([name]) => name).sort()).toEqual([
      'deploy.yml:prod',
      'deploy.yml:staging',
      'drift.yml:prod',
      'drift.yml:staging',
      'pr.yml:preview',
    ]);
    for (const [, of] of jobs) {
      expect(stepUsing(of, 'pulumi/actions')).toEqual({
        uses: 'pulumi/actions@v6',
        with: { 'pulumi-version': rootPackage.dependencies['@pulumi/pulumi'] },
      });
    }
  });
});
