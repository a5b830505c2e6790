import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { readStackFile, runtimeConfig, type Environment } from '@payments/config';
import { SECRET_PLACEHOLDER, type SynthDocument } from '@payments/synth';
import type { ChildRequest } from '@payments/synth/src/child';
import { NxPulumiError } from './errors';
import { capture, type Interruption } from './processes';

/** Where synth's child process sits in a checkout: the harness that runs a program under mocks. */
export const SYNTH_CHILD = 'tools/synth/src/child.ts';

export interface OldProgramArgs {
  /** The workspace root inside the checkout of the old commit. */
  checkoutRoot: string;
  /** The project folder, relative to the workspace root. */
  projectRoot: string;
  env: Environment;
  /** The short sha, for messages. */
  commit: string;
  interruption: Interruption;
  prefix: string;
}

/** The upstream exports the old program's StackReferences see: every document in the checkout's temp dist. */
function upstreamOutputs(checkoutRoot: string, env: Environment): Record<string, Record<string, unknown>> {
  const dir = join(checkoutRoot, 'dist', 'synth', env);
  if (!existsSync(dir)) return {};
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const document = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SynthDocument;
    outputs[document.stack] = document.outputs;
  }
  return outputs;
}

/**
 * Runs the old program offline under Pulumi's mocks, with the synth harness and the dependencies of the old
 * commit itself (so the program, its workspace packages and the mocks share one `@pulumi/pulumi`), its own
 * `Pulumi.<env>.yaml`, and the current upstream exports copied into the checkout's `dist/synth/<env>/`.
 * Returns what the program exports; the contract check is the caller's, against today's consumers.
 */
export async function synthesizeOldProgram(args: OldProgramArgs): Promise<Record<string, unknown>> {
  const { checkoutRoot, env, commit } = args;
  const child = join(checkoutRoot, SYNTH_CHILD);
  if (!existsSync(child)) {
    throw new NxPulumiError(
      `${commit} predates the offline synth engine (it has no ${SYNTH_CHILD}), so its exports cannot be checked ` +
        'against the stacks that read them: roll back to a later version.',
    );
  }
  const projectDir = join(checkoutRoot, args.projectRoot);
  const pulumiYaml = (parse(readFileSync(join(projectDir, 'Pulumi.yaml'), 'utf8')) ?? {}) as {
    name?: string;
    main?: string;
  };
  if (!pulumiYaml.name)
    throw new NxPulumiError(`${args.projectRoot}/Pulumi.yaml at ${commit} has no 'name'.`);

  let config: Record<string, string>;
  try {
    // The one stack file reader (packages/config): the old file's keys are checked by today's rules; its
    // settings are validated by the old program's own packages/config when it runs.
    const stack = readStackFile({ projectDir, project: pulumiYaml.name, env, workspaceRoot: checkoutRoot });
    config = runtimeConfig(stack, SECRET_PLACEHOLDER);
  } catch (error) {
    throw new NxPulumiError(`at ${commit}: ${(error as Error).message}`);
  }
  const request: ChildRequest = {
    programPath: resolve(projectDir, pulumiYaml.main ?? '.'),
    project: pulumiYaml.name,
    env,
    config,
    stackOutputs: upstreamOutputs(checkoutRoot, env),
  };
  const work = join(checkoutRoot, 'dist', 'rollback');
  mkdirSync(work, { recursive: true });
  const requestFile = join(work, 'request.json');
  const resultFile = join(work, 'result.json');
  writeFileSync(requestFile, JSON.stringify(request));

  let register: string;
  try {
    register = require.resolve('@swc-node/register', { paths: [checkoutRoot] });
  } catch {
    throw new NxPulumiError(
      `the checkout of ${commit} has no @swc-node/register installed, which synth needs.`,
    );
  }
  const run = await capture(process.execPath, ['-r', register, child, requestFile, resultFile], {
    cwd: projectDir,
    env: { ...process.env, SWC_NODE_PROJECT: join(projectDir, 'tsconfig.json') },
    interruption: args.interruption,
  });
  args.interruption.check(`the program of ${commit} was synthesized`);
  const fail = (detail: string): never => {
    for (const line of detail.trim().split('\n').slice(-15))
      process.stderr.write(`${args.prefix}  ${line}\n`);
    throw new NxPulumiError(
      `the program at ${commit} cannot be synthesized offline (details above), so its exports are unknown.`,
    );
  };
  if (!existsSync(resultFile)) return fail(run.stderr || run.stdout || `exit code ${run.code}`);
  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as {
    ok?: unknown;
    error?: unknown;
    outputs?: unknown;
  };
  if (result.ok !== true) return fail(String(result.error ?? 'no error message'));
  if (typeof result.outputs !== 'object' || result.outputs === null) {
    return fail(`the synth harness at ${commit} returned no outputs.`);
  }
  return result.outputs as Record<string, unknown>;
}
