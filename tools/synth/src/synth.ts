import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import {
  DOMAINS,
  STACK_DOMAINS,
  loadStackSettings,
  readStackFile,
  runtimeConfig,
  type Domain,
  type Environment,
  type Settings,
  type StackDomain,
} from '@payments/config';
import { contractViolations, upstreamsOf } from '@payments/contracts';
import { pulumiProjectName, stackPath } from '@payments/naming';
import { mandatoryViolations } from '@payments/policies';
import { SECRET_PLACEHOLDER, redactInputs, type SynthDocument } from './document';
import { HARNESS_ROOT, runHarness, runInProcess } from './harness';
import { defaultHooks, type SynthHooks } from './hooks';
import { formatStackSummary } from './summary';

export interface SynthProjectOptions {
  workspaceRoot: string;
  /** Project folder, relative to the workspace root or absolute. */
  projectRoot: string;
  /** Nx project name: the domain. */
  projectName: string;
  env: Environment;
  hooks?: SynthHooks;
  /** Where progress and the summary go; defaults to stdout. */
  log?: (line: string) => void;
  /**
   * The workspace whose harness, mocks and packages run the program (default: this one). `synth:diff` passes the
   * checkout of its base commit, whose own program must run with its own packages.
   */
  harnessRoot?: string;
  /**
   * Run the program in this process (runInProcess) rather than in a child harness: the synth executor's batch,
   * which synthesizes a whole environment in one process. Ignored with `harnessRoot`.
   */
  inProcess?: boolean;
  /**
   * The exports the program's StackReferences read, by stack path. Default: the documents of its contract's
   * upstreams in `<workspaceRoot>/dist/synth/<env>/`, each of which must exist.
   */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /**
   * Whether the exports must match this commit's contracts (default true). Off for a base commit, whose
   * contracts may be older than this one's.
   */
  checkContract?: boolean;
}

export interface SynthProjectResult {
  success: boolean;
  /** The one-line reason when it failed. */
  error?: string;
  document?: SynthDocument;
  file?: string;
}

export class SynthError extends Error {
  override name = 'SynthError';
}

/** File assets and archives as paths relative to the workspace, so the artifact reads the same on any machine. */
function relativeAssetPaths(value: unknown, workspaceRoot: string): unknown {
  if (Array.isArray(value)) return value.map((v) => relativeAssetPaths(v, workspaceRoot));
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const fileKind = object.kind === 'FileArchive' || object.kind === 'FileAsset';
  return Object.fromEntries(
    Object.entries(object).map(([k, v]) => [
      k,
      fileKind && k === 'path' && typeof v === 'string' && isAbsolute(v)
        ? relative(workspaceRoot, v)
        : relativeAssetPaths(v, workspaceRoot),
    ]),
  );
}

export function synthFile(workspaceRoot: string, env: Environment, domain: StackDomain): string {
  return join(workspaceRoot, 'dist', 'synth', env, `${domain}.json`);
}

function isStackDomain(name: string): name is StackDomain {
  return (STACK_DOMAINS as readonly string[]).includes(name);
}

/** A platform stack: one with a contract (upstreams, declared outputs); the bootstrap has none. */
function isPlatform(domain: StackDomain): domain is Domain {
  return (DOMAINS as readonly string[]).includes(domain);
}

/** A Pulumi YAML file; a syntax error names the file and the line, not just the parser's complaint. */
function readYaml(file: string): Record<string, unknown> {
  try {
    return (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new SynthError(`${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * Reads `Pulumi.<env>.yaml` with the one stack file reader (packages/config, DESIGN-13): unknown keys are
 * refused, naming the file and the nearest valid key. Returns the `namespace:key` -> string map the Pulumi
 * runtime reads (encrypted values only as a placeholder) and the validated settings.
 */
export function stackConfig(
  projectRoot: string,
  project: string,
  env: Environment,
  workspaceRoot?: string,
): { config: Record<string, string>; settings: Settings } {
  const stack = readStackFile({
    projectDir: projectRoot,
    project,
    env,
    ...(workspaceRoot === undefined ? {} : { workspaceRoot }),
  });
  return { config: runtimeConfig(stack, SECRET_PLACEHOLDER), settings: loadStackSettings(stack) };
}

/** The Pulumi project name and the program of the project at `projectRoot`, from its Pulumi.yaml. */
export function readProgram(projectRoot: string): { project: string; programPath: string } {
  const file = join(projectRoot, 'Pulumi.yaml');
  const parsed = readYaml(file) as { name?: string; main?: string };
  if (!parsed.name) throw new SynthError(`${file} has no 'name'.`);
  return { project: parsed.name, programPath: resolve(projectRoot, parsed.main ?? '.') };
}

function upstreamOutputs(
  workspaceRoot: string,
  domain: StackDomain,
  env: Environment,
): Record<string, Record<string, unknown>> {
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const upstream of isPlatform(domain) ? upstreamsOf(domain) : []) {
    const file = synthFile(workspaceRoot, env, upstream);
    if (!existsSync(file)) {
      throw new SynthError(
        `${pulumiProjectName(domain)} reads ${pulumiProjectName(upstream)}, which has not been synthesized for ${env}: ` +
          `run npx nx run-many -t synth --env=${env}`,
      );
    }
    const document = JSON.parse(readFileSync(file, 'utf8')) as SynthDocument;
    outputs[document.stack] = document.outputs;
  }
  return outputs;
}

/**
 * Synthesizes one stack offline: runs its real program under Pulumi's runtime mocks with the config of
 * `Pulumi.<env>.yaml` and its upstreams' synthesized exports, checks its own contract, evaluates the policy
 * hook, writes `dist/synth/<env>/<project>.json` and prints a summary.
 */
export async function synthProject(options: SynthProjectOptions): Promise<SynthProjectResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { workspaceRoot, env } = options;
  const hooks = options.hooks ?? defaultHooks;
  const projectRoot = resolve(workspaceRoot, options.projectRoot);
  const fail = (error: string): SynthProjectResult => {
    log(`[${options.projectName}] synth ${env} failed: ${error}`);
    return { success: false, error };
  };

  try {
    if (!isStackDomain(options.projectName)) {
      throw new SynthError(
        `'${options.projectName}' is not a stack: expected one of ${STACK_DOMAINS.join(', ')}.`,
      );
    }
    const domain = options.projectName;
    const { project, programPath } = readProgram(projectRoot);
    // Validates the stack file and its settings before running anything, with the config package's errors.
    const { config, settings } = stackConfig(projectRoot, project, env, workspaceRoot);
    const stack = stackPath({ org: settings.org, domain, env });

    log(`[${domain}] synth ${env}: running ${project} under mocks`);
    const request = {
      programPath,
      project,
      env,
      config,
      stackOutputs: options.stackOutputs ?? upstreamOutputs(workspaceRoot, domain, env),
    };
    const result =
      options.inProcess && options.harnessRoot === undefined
        ? await runInProcess({ projectDir: projectRoot, request })
        : await runHarness({ root: options.harnessRoot ?? HARNESS_ROOT, projectDir: projectRoot, request });
    if (!result.ok) return fail(result.error);

    const problems =
      options.checkContract === false || !isPlatform(domain)
        ? []
        : contractViolations(domain, result.outputs);
    if (problems.length > 0) {
      return fail(
        `${project} breaks its declared outputs (packages/contracts, CONTRACTS.${domain}): ${problems.join('; ')}.`,
      );
    }

    const outputs = Object.fromEntries(
      Object.entries(result.outputs).map(([k, v]) => [
        k,
        result.secretOutputs.includes(k) ? SECRET_PLACEHOLDER : v,
      ]),
    );
    const document: SynthDocument = {
      project,
      stack,
      env,
      domain,
      resources: result.resources
        .map((r) => ({
          urn: r.urn,
          type: r.type,
          name: r.name,
          parent: r.parent ?? null,
          dependsOn: r.dependsOn,
          protect: r.protect,
          // Only when set: what Pulumi will not update in place (synth:diff shows such a change as ignored).
          ...(r.ignoreChanges && r.ignoreChanges.length > 0 ? { ignoreChanges: r.ignoreChanges } : {}),
          inputs: relativeAssetPaths(redactInputs(r.inputs, r.secretPaths), workspaceRoot) as Record<
            string,
            unknown
          >,
        }))
        .sort((a, b) => a.urn.localeCompare(b.urn)),
      outputs,
      references: result.reads.sort((a, b) => a.stack.localeCompare(b.stack)),
      policiesEvaluated: 0,
      policy: [],
      cost: null,
    };
    const policy = hooks.evaluatePolicies?.(document, settings);
    document.policiesEvaluated = policy?.evaluated ?? 0;
    document.policy = policy?.findings ?? [];
    document.cost = hooks.estimateCost?.(document, settings) ?? null;

    const file = synthFile(workspaceRoot, env, domain);
    mkdirSync(join(workspaceRoot, 'dist', 'synth', env), { recursive: true });
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    for (const line of formatStackSummary(document, file, workspaceRoot)) log(line);

    const mandatory = mandatoryViolations(document.policy);
    if (mandatory.length > 0) {
      return { ...fail(`${mandatory.length} mandatory policy violation(s), listed above.`), document, file };
    }
    return { success: true, document, file };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}
