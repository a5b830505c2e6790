import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  createNodesFromFiles,
  type CreateNodesContextV2,
  type CreateNodesV2,
  type TargetConfiguration,
} from '@nx/devkit';
import { BOOTSTRAP_DOMAIN, type Domain, type StackDomain } from '@payments/config';
import { downstreamsOf, upstreamsOf } from '@payments/contracts';
import { NxPulumiError } from './lib/errors';
import { BOOTSTRAP_COMMANDS, type PulumiCommand } from './lib/options';
import { readPulumiProject } from './lib/pulumi-project';

/** The package whose executors the inferred targets run: `synth`, and `pulumi` for every CLI command. */
export const EXECUTORS = '@payments/nx-pulumi';

/** The rollback target's executor: its own project, tools/rollback. */
export const ROLLBACK_EXECUTOR = '@payments/rollback:rollback';

export const PULUMI_TARGETS = [
  'synth',
  'preview',
  'up',
  'refresh',
  'destroy',
  'drift',
  'rollback',
  'history',
  'init',
] as const;
export type PulumiTarget = (typeof PULUMI_TARGETS)[number];

/**
 * The targets of infra/bootstrap, an administrator's stack. None shares a name with a platform target CI runs
 * (`up`, `preview`, `drift`, `init`, ...), so `nx run-many -t up` or `nx affected -t preview` never runs Pulumi there:
 * its commands are named for it and run one by one (`bootstrap-up` creates its stack on first use, `migrate-state`
 * on the bucket). Only `synth` (offline) and `history` (read-only) are shared.
 */
export const BOOTSTRAP_TARGETS = ['synth', 'history', ...BOOTSTRAP_COMMANDS] as const;
export type BootstrapTarget = (typeof BOOTSTRAP_TARGETS)[number];

interface StackProject {
  root: string;
  name: string;
  domain: StackDomain;
}

function readJson(file: string): Record<string, unknown> | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
}

/** The Nx name of the project at `root`, as project.json or package.json declares it; undefined if none. */
function projectNameAt(workspaceRoot: string, root: string): string | undefined {
  const projectJson = readJson(join(workspaceRoot, root, 'project.json'));
  if (typeof projectJson?.['name'] === 'string') return projectJson['name'];
  const packageJson = readJson(join(workspaceRoot, root, 'package.json'));
  if (!packageJson) return undefined;
  const nx = packageJson['nx'] as { name?: unknown } | undefined;
  if (typeof nx?.name === 'string') return nx.name;
  return typeof packageJson['name'] === 'string' ? packageJson['name'] : undefined;
}

/**
 * Every stack project of the workspace by domain. A Pulumi.yaml beside no project.json or package.json
 * (a test fixture, say) is not a project and is left alone.
 */
function stackProjects(
  configFiles: readonly string[],
  workspaceRoot: string,
): Map<StackDomain, StackProject> {
  const byDomain = new Map<StackDomain, StackProject>();
  for (const file of configFiles) {
    const root = dirname(file);
    const name = projectNameAt(workspaceRoot, root);
    if (name === undefined) continue;
    const { domain } = readPulumiProject(workspaceRoot, root);
    const other = byDomain.get(domain);
    if (other) {
      throw new NxPulumiError(`Two projects implement the ${domain} stack: ${other.root} and ${root}.`);
    }
    byDomain.set(domain, { root, name, domain });
  }
  return byDomain;
}

function namesOf(
  domains: readonly Domain[],
  stacks: Map<StackDomain, StackProject>,
  of: StackProject,
): string[] {
  return domains.map((domain) => {
    const stack = stacks.get(domain);
    if (!stack) {
      throw new NxPulumiError(
        `${of.root}: the ${of.domain} stack is linked to ${domain} in CONTRACTS (packages/contracts), ` +
          `but no project has a Pulumi.yaml for ${domain}.`,
      );
    }
    return stack.name;
  });
}

function synthInputs(context: CreateNodesContextV2): TargetConfiguration['inputs'] {
  const production = 'production' in (context.nxJsonConfiguration.namedInputs ?? {});
  return [
    // The program, Pulumi.yaml and every Pulumi.<env>.yaml.
    production ? 'production' : 'default',
    // The upstream stacks (their exports feed this one's StackReferences) and the packages it imports.
    production ? '^production' : '^default',
    // Shared packages, also when reached only through the synth engine.
    '{workspaceRoot}/packages/**/*',
    '!{workspaceRoot}/packages/**/*.spec.ts',
    '!{workspaceRoot}/packages/**/*.md',
    // The engine and the policies it evaluates.
    '{workspaceRoot}/tools/synth/src/**/*',
    '!{workspaceRoot}/tools/synth/src/**/*.spec.ts',
    '!{workspaceRoot}/tools/synth/src/**/*.e2e.ts',
    '{workspaceRoot}/packages/policies/**/*',
    '!{workspaceRoot}/packages/policies/**/*.spec.ts',
  ];
}

const metadata = (description: string) => ({ description, technologies: ['pulumi'] });

const cloud = (command: PulumiCommand, description: string, dependsOn: TargetConfiguration['dependsOn']) => ({
  executor: `${EXECUTORS}:pulumi`,
  options: { command },
  cache: false,
  ...(dependsOn && dependsOn.length > 0 ? { dependsOn } : {}),
  metadata: metadata(description),
});

function synthTarget(context: CreateNodesContextV2): TargetConfiguration {
  return {
    executor: `${EXECUTORS}:synth`,
    options: {},
    cache: true,
    inputs: synthInputs(context),
    // `{options.env}` is the forwarded --env, so each environment has its own cache entry and file.
    outputs: ['{workspaceRoot}/dist/synth/{options.env}/{projectName}.json'],
    dependsOn: [{ target: 'synth', dependencies: true, params: 'forward' }],
    metadata: metadata(
      'Offline: run the program under Pulumi mocks and write dist/synth/<env>/<project>.json.',
    ),
  };
}

/** infra/bootstrap's targets: offline and read-only ones like every stack's, and three of its own. */
function bootstrapTargets(context: CreateNodesContextV2): Record<BootstrapTarget, TargetConfiguration> {
  return {
    synth: synthTarget(context),
    history: cloud('history', 'The updates of the <env> bootstrap stack.', []),
    'bootstrap-preview': cloud(
      'bootstrap-preview',
      "An administrator's pulumi preview --diff of the <env> bootstrap stack; refused in CI.",
      [],
    ),
    'bootstrap-up': cloud(
      'bootstrap-up',
      "An administrator's pulumi up of the <env> bootstrap stack (the account's state bucket, secrets keys, CI roles); refused in CI.",
      [],
    ),
    'migrate-state': cloud(
      'migrate-state',
      "Moves the <env> bootstrap stack's state from the current backend into its own bucket: pulumi stack export, stack init and import there, resource count verified.",
      [],
    ),
    'github-variables': cloud(
      'github-variables',
      "Prints the gh variable set commands of the <env> GitHub environments from the bootstrap stack's outputs.",
      [],
    ),
  };
}

function targetsOf(
  stack: StackProject & { domain: Domain },
  stacks: Map<StackDomain, StackProject>,
  context: CreateNodesContextV2,
): Record<PulumiTarget, TargetConfiguration> {
  const upstreamFirst = (target: PulumiTarget) => [
    { target, dependencies: true, params: 'forward' as const },
  ];
  const downstreams = namesOf(downstreamsOf(stack.domain), stacks, stack);
  // What a program deploys from disk (the api's Lambda bundles) is built by the apps (type:app). Every stack waits
  // for the builds, not only the stacks that import an app: Nx 23.2.1 runs a batch to its end before it starts any
  // other task (tasks-runner/task-orchestrator.js `executeCoordinatorLoop`) and leaves out of a batch a task whose
  // dependencies are not done, so a build pending while the batch starts would run after it and put `api` in a
  // second process. With the builds first, every stack of the run goes into one batch.
  const buildArtifacts = { projects: ['tag:type:app'], target: 'build' };

  return {
    synth: synthTarget(context),
    preview: cloud('preview', 'pulumi preview --diff of the <env> stack, upstream stacks first.', [
      ...upstreamFirst('preview'),
      buildArtifacts,
    ]),
    up: cloud('up', 'pulumi up of the <env> stack, upstream stacks first.', [
      ...upstreamFirst('up'),
      buildArtifacts,
    ]),
    refresh: cloud(
      'refresh',
      'pulumi refresh of the <env> stack, upstream stacks first.',
      upstreamFirst('refresh'),
    ),
    destroy: cloud(
      'destroy',
      'pulumi destroy of the <env> stack after the stacks that read it; prod needs --force-prod.',
      // Nx has no reverse `^destroy`: depend on the destroy of each direct downstream instead.
      downstreams.length > 0 ? [{ projects: downstreams, target: 'destroy', params: 'forward' }] : [],
    ),
    // Read-only and independent of the other stacks: no order, so every stack of the environment runs at once.
    drift: cloud(
      'drift',
      'Read-only: pulumi refresh --preview-only of the <env> stack; what changed outside the code, in dist/drift/<env>/<project>.json.',
      [],
    ),
    rollback: {
      executor: ROLLBACK_EXECUTOR,
      options: {},
      cache: false,
      metadata: metadata(
        'Re-deploy this stack alone from the source of an earlier stack version or git sha: downstream check, preview, then up.',
      ),
    },
    history: cloud(
      'history',
      'The updates of the <env> stack with the version numbers rollback --to takes.',
      [],
    ),
    init: cloud(
      'init',
      'Day zero: create the <env> stack on the state backend; commit the key material it writes into Pulumi.<env>.yaml.',
      [],
    ),
  };
}

/**
 * Infers the Pulumi targets of every project with a Pulumi.yaml. The deploy order is not configured here:
 * it is `upstreams` in CONTRACTS, which becomes each project's implicit dependencies.
 */
export const createNodesV2: CreateNodesV2 = [
  '**/Pulumi.yaml',
  async (configFiles, options, context) => {
    const stacks = stackProjects(configFiles, context.workspaceRoot);
    return createNodesFromFiles(
      (file) => {
        const stack = [...stacks.values()].find((s) => s.root === dirname(file));
        if (!stack) return {};
        if (stack.domain === BOOTSTRAP_DOMAIN) {
          return {
            projects: { [stack.root]: { implicitDependencies: [], targets: bootstrapTargets(context) } },
          };
        }
        const platform = { ...stack, domain: stack.domain };
        return {
          projects: {
            [stack.root]: {
              implicitDependencies: namesOf(upstreamsOf(platform.domain), stacks, stack),
              targets: targetsOf(platform, stacks, context),
            },
          },
        };
      },
      configFiles,
      options,
      context,
    );
  },
];
