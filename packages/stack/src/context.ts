import * as aws from '@pulumi/aws';
import type { Domain, Environment, Settings } from '@payments/config';
import { createNamer, type Namer } from '@payments/naming';
import { awsAccountGuardsFromPulumiConfig, settingsFromPulumiConfig, type AwsAccountGuards } from './pulumi-config';

/** What every stack program starts from: its environment's settings, its namer and its AWS provider. */
export interface StackContext {
  domain: Domain;
  env: Environment;
  org: string;
  settings: Settings;
  namer: Namer;
  /** The only AWS provider a stack uses: pinned region and the standard tags as default tags. */
  provider: aws.Provider;
}

/**
 * Builds the context from the stack's config; tests pass settings directly. The account guards of the stack
 * file (`aws:allowedAccountIds`, `aws:forbiddenAccountIds`) reach the provider here: an explicit provider reads
 * no `aws:` config by itself.
 */
export function createStackContext(
  domain: Domain,
  settings: Settings = settingsFromPulumiConfig(domain),
  guards: AwsAccountGuards = awsAccountGuardsFromPulumiConfig(),
): StackContext {
  const namer = createNamer({ env: settings.env, domain, costCenter: settings.costCenter });
  const provider = new aws.Provider(namer.logical('aws'), {
    region: settings.region as aws.Region,
    defaultTags: { tags: namer.tags() },
    ...guards,
  });
  return { domain, env: settings.env, org: settings.org, settings, namer, provider };
}
