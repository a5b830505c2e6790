import type { ExecutorContext } from '@nx/devkit';
import { parseEnvironment } from '@payments/config';
import { NxPulumiError, guarded, prepareStack, taskOf } from '@payments/nx-pulumi';
import { Interruption, removeCheckout, type Checkout } from '@payments/processes';
import { applyRollback, processTerminal, type RollbackTerminal } from './apply';
import type { RollbackExecutorOptions } from './executors/rollback/schema';
import { planRollback } from './plan';
import { parseTarget } from './target';

/**
 * `nx run <stack>:rollback --env=<env> --to=<version | sha>`: re-deploys this one stack from the source of an
 * earlier commit, checked out in a temporary git worktree: planned (plan.ts), then applied (apply.ts). The
 * worktree is removed whatever happens, Ctrl-C included. See README.md for every step.
 */
export function runRollback(
  options: RollbackExecutorOptions,
  context: ExecutorContext,
  terminal: RollbackTerminal = processTerminal,
): Promise<{ success: boolean }> {
  const task = taskOf(context);
  return guarded(task, async () => {
    // Everything that needs no process first: a bad flag costs nothing and changes nothing.
    const env = parseEnvironment(options.env);
    const target = parseTarget(options.to);
    const dryRun = options.dryRun === true;
    const yes = options.yes === true;
    if (!dryRun && !yes && !terminal.interactive()) {
      throw new NxPulumiError(
        'rollback asks for confirmation after the preview, but stdin is not a terminal: re-run with --yes to ' +
          'deploy without asking, or with --dry-run to stop after the preview. Nothing was changed.',
      );
    }
    const prepared = prepareStack(task, env);
    const interruption = new Interruption().start();
    let checkout: Checkout | undefined;
    try {
      const plan = await planRollback({
        task,
        context,
        prepared,
        target,
        interruption,
        onCheckout: (made) => (checkout = made),
      });
      return await applyRollback(plan, { prefix: task.prefix, dryRun, yes, terminal, interruption });
    } finally {
      if (checkout) await removeCheckout(checkout, task.prefix);
      interruption.stop();
    }
  });
}
