import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { NxPulumiError } from '@payments/nx-pulumi';
import { run, type Checkout, type Interruption } from '@payments/processes';

/** Prefix of the temp folders, so that a leftover is recognisable (`/tmp/payments-rollback-<project>-*`). */
export const CHECKOUT_PREFIX = 'payments-rollback-';

/** The workspace projects `project` depends on, directly or not, in the current project graph. */
export function dependenciesOf(context: ExecutorContext, project: string): { name: string; root: string }[] {
  const graph = context.projectGraph;
  const found = new Map<string, string>();
  const visit = (name: string) => {
    for (const { target } of graph.dependencies[name] ?? []) {
      const node = graph.nodes[target];
      if (!node || found.has(target)) continue;
      found.set(target, node.data.root);
      visit(target);
    }
  };
  visit(project);
  return [...found].map(([name, root]) => ({ name, root })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Builds, in the checkout, what the stack deploys from disk: like the `^build` that `preview` and `up` depend on,
 * the `build` script of every project the stack depends on that has one (the api's Lambda bundles, built from
 * apps/payments-handler as it was at that commit).
 */
export async function buildDependencies(args: {
  checkout: Checkout;
  dependencies: readonly { name: string; root: string }[];
  commit: string;
  interruption: Interruption;
  prefix: string;
}): Promise<string[]> {
  const built: string[] = [];
  for (const dependency of args.dependencies) {
    const dir = join(args.checkout.workspaceRoot, dependency.root);
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { scripts } = JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> };
    if (!scripts?.['build']) continue;
    process.stdout.write(`${args.prefix}building ${dependency.name} at ${args.commit} (npm run build)\n`);
    const build = await run('npm', ['run', 'build'], { cwd: dir, prefix: args.prefix });
    args.interruption.check(`${dependency.name} was built`);
    if (build.code !== 0) {
      throw new NxPulumiError(
        `the build of ${dependency.name} at ${args.commit} failed (exit code ${build.code}).`,
      );
    }
    built.push(dependency.name);
  }
  return built;
}
