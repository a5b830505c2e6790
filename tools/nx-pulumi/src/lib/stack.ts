import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadSettings, type Domain, type Environment } from '@payments/config';
import { stackPath } from '@payments/naming';
import { NxPulumiError } from './errors';

/**
 * The org of a stack comes from its settings (`org`, overridable under `payments:overrides` in
 * `Pulumi.<env>.yaml`), because that is the org the programs' StackReferences read. `PULUMI_ORG`, when set,
 * must agree: deploying to one org while downstream stacks read another would break every reference.
 */
export function stackOrg(workspaceRoot: string, projectRoot: string, env: Environment): string {
  const file = join(projectRoot, `Pulumi.${env}.yaml`);
  let overrides: unknown;
  const absolute = join(workspaceRoot, file);
  if (existsSync(absolute)) {
    const config = (parse(readFileSync(absolute, 'utf8')) as { config?: Record<string, unknown> } | null)
      ?.config;
    overrides = config?.['payments:overrides'];
    if (typeof overrides === 'string') {
      try {
        overrides = JSON.parse(overrides);
      } catch {
        throw new NxPulumiError(
          `${file}: payments:overrides is a string that is not JSON; write it as a YAML map.`,
        );
      }
    }
  }
  const { org } = loadSettings(env, overrides);
  const fromEnv = process.env['PULUMI_ORG'];
  if (fromEnv !== undefined && fromEnv !== '' && fromEnv !== org) {
    throw new NxPulumiError(
      `PULUMI_ORG is '${fromEnv}' but the stacks read their upstreams in org '${org}' (settings of ${file}): ` +
        `set payments:overrides.org in every Pulumi.${env}.yaml, or unset PULUMI_ORG.`,
    );
  }
  return org;
}

/** The fully qualified stack a target works on: `<org>/payments-<domain>/<env>`. */
export function resolveStack(args: {
  workspaceRoot: string;
  projectRoot: string;
  domain: Domain;
  env: Environment;
}): string {
  return stackPath({
    org: stackOrg(args.workspaceRoot, args.projectRoot, args.env),
    domain: args.domain,
    env: args.env,
  });
}
