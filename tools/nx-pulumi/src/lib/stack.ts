import { join } from 'node:path';
import {
  loadStackSettings,
  readStackFile,
  type StackDomain,
  type Environment,
  type Settings,
  type StackFile,
} from '@payments/config';
import { pulumiProjectName, stackPath } from '@payments/naming';
import { NxPulumiError } from './errors';

export interface ResolvedStack {
  /** `<org>/payments-<domain>/<env>`. */
  path: string;
  /** The stack file, read and checked by the one reader (packages/config, DESIGN-13). */
  file: StackFile;
  settings: Settings;
}

/**
 * The stack a target works on, from its `Pulumi.<env>.yaml`: every key checked before any process starts. The
 * org comes from the stack settings (`org`, overridable under `payments:overrides`), because that is the org the
 * programs' StackReferences read. `PULUMI_ORG`, when set, must agree: deploying to one org while downstream
 * stacks read another would break every reference.
 */
export function resolveStack(args: {
  workspaceRoot: string;
  projectRoot: string;
  domain: StackDomain;
  env: Environment;
}): ResolvedStack {
  const file = readStackFile({
    projectDir: join(args.workspaceRoot, args.projectRoot),
    project: pulumiProjectName(args.domain),
    env: args.env,
    workspaceRoot: args.workspaceRoot,
  });
  const settings = loadStackSettings(file);
  const fromEnv = process.env['PULUMI_ORG'];
  if (fromEnv !== undefined && fromEnv !== '' && fromEnv !== settings.org) {
    throw new NxPulumiError(
      `PULUMI_ORG is '${fromEnv}' but the stacks read their upstreams in org '${settings.org}' (settings of ` +
        `${file.file}): set payments:overrides.org in every Pulumi.${args.env}.yaml, or unset PULUMI_ORG.`,
    );
  }
  return { path: stackPath({ org: settings.org, domain: args.domain, env: args.env }), file, settings };
}
