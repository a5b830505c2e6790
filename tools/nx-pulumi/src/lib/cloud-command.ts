import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { parseEnvironment } from '@payments/config';
import { NxPulumiError } from './errors';
import type { PulumiTargetOptions } from './options';
import {
  PULUMI_NOT_FOUND,
  commandArgs,
  findPulumi,
  policyPackDir,
  resolveBackend,
  runPulumi,
  selectStackArgs,
  type CloudCommand,
} from './pulumi-cli';
import { readPulumiProject } from './pulumi-project';
import { resolveStack } from './stack';
import { guarded, taskOf } from './task';

export interface CloudCommandOptions extends PulumiTargetOptions {
  forceProd?: boolean;
}

/**
 * `pulumi <command>` on the project's `<env>` stack. Everything that can be checked offline is checked before
 * the first process starts: the environment, the prod guard, the project, its settings and the CLI itself.
 */
export function runCloudCommand(
  command: CloudCommand,
  options: CloudCommandOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const task = taskOf(context);
  return guarded(task, async () => {
    const env = parseEnvironment(options.env);
    if (command === 'destroy' && env === 'prod' && options.forceProd !== true) {
      throw new NxPulumiError(
        `Refusing to destroy the prod stack of ${task.projectName}: re-run with --force-prod if you really mean it.`,
      );
    }
    const { domain } = readPulumiProject(task.workspaceRoot, task.projectRoot);
    const stack = resolveStack({
      workspaceRoot: task.workspaceRoot,
      projectRoot: task.projectRoot,
      domain,
      env,
    });
    const pulumi = findPulumi();
    if (!pulumi) throw new NxPulumiError(PULUMI_NOT_FOUND);

    const cwd = join(task.workspaceRoot, task.projectRoot);
    const backend = resolveBackend(task.workspaceRoot);
    process.stdout.write(`${task.prefix}pulumi ${command} ${stack}, ${backend.description}\n`);

    const steps: [string, string[]][] = [
      ['stack select', selectStackArgs(stack)],
      [command, commandArgs(command, stack, policyPackDir(task.workspaceRoot))],
    ];
    for (const [label, args] of steps) {
      const code = await runPulumi(pulumi, args, { cwd, env: backend.env, prefix: task.prefix });
      if (code !== 0) throw new NxPulumiError(`pulumi ${label} failed on ${stack} (exit code ${code}).`);
    }
    return true;
  });
}
