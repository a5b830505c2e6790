import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import type { Environment, Settings, StackDomain } from '@payments/config';
import { createNamer, type Namer } from '@payments/naming';
import {
  awsAccountGuardsFromPulumiConfig,
  settingsFromPulumiConfig,
  type AwsAccountGuards,
} from './pulumi-config';

/**
 * Where the stack deploys: looked up once per stack with its provider (`aws.getCallerIdentity`,
 * `aws.getPartition`). Components take these values; none looks them up itself.
 */
export interface AwsAccount {
  /** The account the stack's credentials belong to. */
  accountId: pulumi.Output<string>;
  /** The provider's pinned region (settings.region). */
  region: string;
  /** `aws`, `aws-cn`, `aws-us-gov`, ...: the first field of every ARN. */
  partition: pulumi.Output<string>;
  /** The partition's service domain (`amazonaws.com`, `amazonaws.com.cn`): service principals, kms:ViaService. */
  dnsSuffix: pulumi.Output<string>;
  /** `com.amazonaws`, ...: the prefix of VPC endpoint service names. */
  reverseDnsPrefix: pulumi.Output<string>;
}

/** What every stack program starts from: its environment's settings, its namer, its AWS provider and account. */
export interface StackContext {
  domain: StackDomain;
  env: Environment;
  org: string;
  settings: Settings;
  namer: Namer;
  /** The only AWS provider a stack uses: pinned region and the standard tags as default tags. */
  provider: aws.Provider;
  account: AwsAccount;
}

/**
 * Builds the context from the stack's config; tests pass settings directly. The account guards of the stack
 * file (`aws:allowedAccountIds`, `aws:forbiddenAccountIds`) reach the provider here: an explicit provider reads
 * no `aws:` config by itself.
 */
export function createStackContext(
  domain: StackDomain,
  settings: Settings = settingsFromPulumiConfig(domain),
  guards: AwsAccountGuards = awsAccountGuardsFromPulumiConfig(),
): StackContext {
  const namer = createNamer({ env: settings.env, domain, costCenter: settings.costCenter });
  const provider = new aws.Provider(namer.logical('aws'), {
    region: settings.region as aws.Region,
    defaultTags: { tags: namer.tags() },
    ...guards,
  });
  const identity = aws.getCallerIdentityOutput({}, { provider });
  const partition = aws.getPartitionOutput({}, { provider });
  const account: AwsAccount = {
    accountId: identity.accountId,
    region: settings.region,
    partition: partition.partition,
    dnsSuffix: partition.dnsSuffix,
    reverseDnsPrefix: partition.reverseDnsPrefix,
  };
  return { domain, env: settings.env, org: settings.org, settings, namer, provider, account };
}
