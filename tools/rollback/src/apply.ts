import { createInterface } from 'node:readline';
import { NxPulumiError, commandArgs, runPulumi } from '@payments/nx-pulumi';
import type { Interruption } from '@payments/processes';
import type { RollbackPlan } from './plan';

/** How the rollback talks to the person running it; tests pass their own. */
export interface RollbackTerminal {
  /** Whether someone can answer a question on stdin. */
  interactive(): boolean;
  /** Asks `question`; resolves true only for an explicit yes. */
  confirm(question: string): Promise<boolean>;
}

export const processTerminal: RollbackTerminal = {
  interactive: () => process.stdin.isTTY === true,
  confirm: (question) =>
    new Promise((resolvePromise) => {
      const lines = createInterface({ input: process.stdin, output: process.stdout });
      let answered = false;
      const answer = (yes: boolean) => {
        if (answered) return;
        answered = true;
        lines.close();
        resolvePromise(yes);
      };
      // Ctrl-C at the prompt reaches readline, not the process: it is a no. So is end of input.
      lines.once('SIGINT', () => answer(false));
      lines.once('close', () => answer(false));
      lines.question(question, (text) => answer(/^(y|yes)$/i.test(text.trim())));
    }),
};

/**
 * Deploys a plan: `pulumi preview` in the old commit's project folder, then, unless `--dry-run`, `pulumi up` once
 * confirmed (or with `--yes`). The update is recorded as a rollback; only this stack is touched.
 */
export async function applyRollback(
  plan: RollbackPlan,
  args: {
    prefix: string;
    dryRun: boolean;
    yes: boolean;
    terminal: RollbackTerminal;
    interruption: Interruption;
  },
): Promise<boolean> {
  const { stack, label, cwd, pulumi, backend, policyPack } = plan;
  const { prefix, interruption } = args;
  const say = (line: string) => process.stdout.write(`${prefix}${line}\n`);
  const pulumiRun = async (pulumiArgs: string[], what: string) => {
    interruption.check(what);
    say(`pulumi ${pulumiArgs.join(' ')} (in ${cwd}, ${backend.description})`);
    const code = await runPulumi(pulumi, pulumiArgs, { cwd, env: backend.env, prefix });
    interruption.check(`pulumi ${pulumiArgs[0]} finished`);
    if (code !== 0) {
      const after = pulumiArgs[0] === 'preview' ? ' Nothing was deployed.' : '';
      throw new NxPulumiError(`pulumi ${pulumiArgs[0]} failed on ${stack} (exit code ${code}).${after}`);
    }
  };
  await pulumiRun(commandArgs('preview', stack, policyPack), 'the preview');
  if (args.dryRun) {
    say(`--dry-run: stopped after the preview of ${label}; nothing was deployed.`);
    return true;
  }
  if (
    !args.yes &&
    !(await args.terminal.confirm(`${prefix}Deploy ${label} to ${stack}, and only that stack? [y/N] `))
  ) {
    say('Not confirmed: nothing was deployed.');
    return false;
  }
  await pulumiRun(
    [...commandArgs('up', stack, policyPack), '--message', `rollback of ${stack} to ${label}`],
    'the update',
  );
  say(`rolled back ${stack} to ${label}.`);
  return true;
}
