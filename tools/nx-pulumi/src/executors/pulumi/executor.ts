import type { ExecutorContext } from '@nx/devkit';
import { parseEnvironment } from '@payments/config';
import { runBootstrapUp, runGithubVariables, runMigrateState } from '../../lib/bootstrap';
import { runCloudCommand, runInit } from '../../lib/cloud-command';
import { runDrift } from '../../lib/drift';
import { NxPulumiError } from '../../lib/errors';
import { runHistory } from '../../lib/history';
import { checkOptions, PULUMI_COMMANDS, type OptionTypes, type PulumiCommand } from '../../lib/options';
import { guarded, taskOf } from '../../lib/task';
import type { PulumiExecutorOptions } from './schema';

/** The options that belong to one command only, as users type them. */
const ONLY_FOR: Record<'forceProd' | 'secretsProvider' | 'to', { flag: string; command: PulumiCommand }> = {
  forceProd: { flag: '--force-prod', command: 'destroy' },
  secretsProvider: { flag: '--secrets-provider', command: 'init' },
  to: { flag: '--to', command: 'migrate-state' },
};

/** Every option the executor takes, with its JSON type: schema.json lists the same (executors/schemas.spec.ts). */
export const PULUMI_OPTIONS = {
  command: 'string',
  env: 'string',
  forceProd: 'boolean',
  secretsProvider: 'string',
  to: 'string',
} as const satisfies OptionTypes;

/**
 * The body of every Pulumi task, alone (the executor) or in a batch (./batch.ts). The commands' modules are imported
 * up front: Nx's TypeScript transpiler is not in place once the executor is loaded, so a lazy `require` of a
 * workspace `.ts` module fails in the batch process ("Cannot find module").
 */
export function runPulumiTask(options: PulumiExecutorOptions, context: ExecutorContext) {
  const task = taskOf(context);
  return guarded(task, async () => {
    const env = parseEnvironment(options.env);
    const { command } = options;
    if (!PULUMI_COMMANDS.includes(command)) {
      throw new NxPulumiError(
        `Unknown Pulumi command '${String(command)}': expected one of ${PULUMI_COMMANDS.join(', ')}.`,
      );
    }
    checkOptions(options, PULUMI_OPTIONS, command, ['command']);
    for (const [option, only] of Object.entries(ONLY_FOR)) {
      if (options[option as keyof typeof ONLY_FOR] !== undefined && command !== only.command) {
        throw new NxPulumiError(`${only.flag} is an option of ${only.command} only, not of ${command}.`);
      }
    }
    switch (command) {
      case 'init':
        return runInit(task, env, {
          secretsProvider: options.secretsProvider,
        });
      case 'history':
        return runHistory(task, env);
      case 'drift':
        return runDrift(task, env, context);
      case 'bootstrap-up':
        return runBootstrapUp(task, env);
      case 'bootstrap-preview':
        return runBootstrapUp(task, env, 'preview');
      case 'migrate-state':
        return runMigrateState(task, env, options.to === undefined ? {} : { to: options.to });
      case 'github-variables':
        return runGithubVariables(task, env);
      default:
        return runCloudCommand(command, task, env, {
          forceProd: options.forceProd,
        });
    }
  });
}

/**
 * Every Pulumi target of a stack project (`preview`, `up`, `refresh`, `destroy`, `drift`, `init`, `history`): the plugin
 * sets `command` to the target's name. `--env` is checked first; an option of another command is refused.
 */
export default function pulumiExecutor(options: PulumiExecutorOptions, context: ExecutorContext) {
  return runPulumiTask(options, context);
}
