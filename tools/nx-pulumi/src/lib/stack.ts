import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadSettings, type Domain, type Environment } from '@payments/config';
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
    let config: Record<string, unknown> | undefined;
    try {
      config = (parse(readFileSync(absolute, 'utf8')) as { config?: Record<string, unknown> } | null)?.config;
    } catch (error) {
      throw new NxPulumiError(`${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
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
  let org: string;
  try {
    ({ org } = loadSettings(env, overrides));
  } catch (error) {
    // The config package names the key; say which file holds it.
    if (error instanceof ConfigError) throw new ConfigError(`${file}: ${error.message}`, error.problems);
    throw error;
  }
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
