import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '@payments/config';
import { addCheckout, installDependencies, removeCheckout, type Interruption } from '@payments/processes';
import type { SynthDocument } from '../document';
import { synthProject } from '../synth';

/** A stack project: its domain (the Nx project's name) and its folder, relative to the workspace root. */
export interface StackLocation {
  domain: string;
  root: string;
}

/** A side of the diff that cannot be synthesized: its one-line reason. */
export class DiffError extends Error {
  override readonly name = 'DiffError';
}

/**
 * Synthesizes, in order, the stacks of `env` that exist under `workspaceRoot` (a folder with Pulumi.yaml and
 * Pulumi.<env>.yaml; a missing one is a stack that does not exist on this side), into its `dist/synth/<env>/`.
 * A stack with mandatory policy violations still counts: the diff shows them. One that does not synthesize at
 * all is a DiffError, with the synth log on stderr.
 */
async function synthesizeStacks(args: {
  workspaceRoot: string;
  env: Environment;
  stacks: readonly StackLocation[];
  /** For messages: `this checkout`, `the base 1a2b3c4d5e6f`. */
  side: string;
  interruption: Interruption;
  prefix: string;
  /** Set for a checkout of another commit: its own harness, its exports unchecked against today's contracts. */
  checkout?: boolean;
}): Promise<Map<string, SynthDocument>> {
  const documents = new Map<string, SynthDocument>();
  for (const { domain, root } of args.stacks) {
    const projectRoot = join(args.workspaceRoot, root);
    if (
      !existsSync(join(projectRoot, 'Pulumi.yaml')) ||
      !existsSync(join(projectRoot, `Pulumi.${args.env}.yaml`))
    ) {
      continue;
    }
    args.interruption.check(`the ${domain} stack of ${args.side} was synthesized`);
    const log: string[] = [];
    const result = await synthProject({
      workspaceRoot: args.workspaceRoot,
      projectRoot,
      projectName: domain,
      env: args.env,
      log: (line) => log.push(line),
      ...(args.checkout
        ? {
            harnessRoot: args.workspaceRoot,
            // Whatever the old programs read, from the stacks synthesized before them.
            stackOutputs: Object.fromEntries([...documents.values()].map((d) => [d.stack, d.outputs])),
            checkContract: false,
          }
        : // This checkout's own programs run in this process, as nx run-many -t synth runs them.
          { inProcess: true }),
    });
    if (!result.document) {
      for (const line of log.slice(-15)) process.stderr.write(`${args.prefix}  ${line}\n`);
      throw new DiffError(
        `the ${domain} stack of ${args.side} does not synthesize (${result.error ?? 'see above'}), so there is ` +
          `nothing to compare.`,
      );
    }
    process.stdout.write(
      `${args.prefix}${args.side}: ${domain} synthesized, ${result.document.resources.length} resources\n`,
    );
    documents.set(domain, result.document);
  }
  return documents;
}

/** The current synth of `env`: this checkout's stacks, into `dist/synth/<env>/` as the synth target writes them. */
export function synthesizeHead(args: {
  workspaceRoot: string;
  env: Environment;
  stacks: readonly StackLocation[];
  interruption: Interruption;
  prefix: string;
}): Promise<Map<string, SynthDocument>> {
  return synthesizeStacks({ ...args, side: 'this checkout' });
}

/**
 * The synth of `env` at commit `sha`: checked out in a temporary git worktree (always removed, Ctrl-C included),
 * its dependencies linked or installed, each stack run by that commit's own harness, mocks and packages, with its
 * own `Pulumi.<env>.yaml`. Policies and cost are today's (this engine's hooks), so the two sides are judged and
 * priced alike.
 */
export async function synthesizeBase(args: {
  repo: string;
  workspaceRoot: string;
  sha: string;
  env: Environment;
  stacks: readonly StackLocation[];
  interruption: Interruption;
  prefix: string;
}): Promise<Map<string, SynthDocument>> {
  const short = args.sha.slice(0, 12);
  args.interruption.check(`the base ${short} was checked out`);
  const checkout = await addCheckout({
    repo: args.repo,
    workspaceRoot: args.workspaceRoot,
    sha: args.sha,
    folderPrefix: `payments-diff-${args.env}-`,
  });
  try {
    process.stdout.write(`${args.prefix}checked out the base ${short} in ${checkout.root}\n`);
    await installDependencies({
      repo: args.repo,
      workspaceRoot: args.workspaceRoot,
      checkout,
      sha: args.sha,
      interruption: args.interruption,
      prefix: args.prefix,
    });
    return await synthesizeStacks({
      workspaceRoot: checkout.workspaceRoot,
      env: args.env,
      stacks: args.stacks,
      side: `the base ${short}`,
      interruption: args.interruption,
      prefix: args.prefix,
      checkout: true,
    });
  } finally {
    await removeCheckout(checkout, args.prefix);
  }
}
