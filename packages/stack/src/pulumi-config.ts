import * as pulumi from '@pulumi/pulumi';
import { ConfigError, loadSettings, type Settings, type StackDomain } from '@payments/config';

/**
 * Settings for the running Pulumi program: the stack name is the environment and
 * `payments:overrides` in `Pulumi.<env>.yaml` holds the overrides (see OVERRIDABLE_KEYS). `domain`, the
 * program's stack, adds the checks only it needs (see `stackProblems`).
 */
export function settingsFromPulumiConfig(domain?: StackDomain): Settings {
  const stack = pulumi.getStack();
  // A fully qualified `org/project/env` names the same stack.
  const env = stack.split('/').pop() ?? stack;
  const source = `Source: stack '${stack}', Pulumi.${env}.yaml under payments:overrides.`;

  let overrides: unknown;
  try {
    overrides = new pulumi.Config('payments').getObject('overrides');
  } catch (error) {
    // Pulumi throws a RunError when the value is not JSON; report it like every other config problem.
    if (!pulumi.RunError.isInstance(error)) throw error;
    throw new ConfigError(`${(error as Error).message}\n${source}`);
  }
  try {
    return loadSettings(env, overrides, domain === undefined ? {} : { domain });
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${error.message}\n${source}`, error.problems);
    throw error;
  }
}

/** The account guards a stack file may set (`aws:allowedAccountIds`, `aws:forbiddenAccountIds`). */
export interface AwsAccountGuards {
  allowedAccountIds?: string[];
  forbiddenAccountIds?: string[];
}

/**
 * The account guards of the running stack's `aws:` config, for its explicit provider: Pulumi configures an
 * explicit `aws.Provider` from its arguments only, never from `aws:` config (pulumi/pulumi-aws#1307), so the
 * stack passes them on itself. The stack file reader (@payments/config `readStackFile`) has
 * checked their form.
 */
export function awsAccountGuardsFromPulumiConfig(): AwsAccountGuards {
  const aws = new pulumi.Config('aws');
  const allowedAccountIds = aws.getObject<string[]>('allowedAccountIds');
  const forbiddenAccountIds = aws.getObject<string[]>('forbiddenAccountIds');
  return {
    ...(allowedAccountIds ? { allowedAccountIds } : {}),
    ...(forbiddenAccountIds ? { forbiddenAccountIds } : {}),
  };
}
