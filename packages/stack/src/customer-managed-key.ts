import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsAccount } from './context';
import { keyPolicy, type KeyGrant, type RolesGrant, type S3BucketsGrant } from './key-policy';

/** A grant as a stack states it: bucket names may still be outputs (they carry the account ID). */
export type KeyGrantInput =
  | Exclude<KeyGrant, S3BucketsGrant | RolesGrant>
  | (Omit<S3BucketsGrant, 'buckets'> & { buckets: readonly pulumi.Input<string>[] })
  | (Omit<RolesGrant, 'roles'> & { roles: readonly pulumi.Input<string>[] });

export interface CustomerManagedKeyArgs {
  /** `Name` tag (a KMS key has no name of its own) and alias, from the stack's namer. */
  keyName: string;
  aliasName: string;
  description: string;
  /** The account that administers the key, and the region and partition of its principals and ARNs. */
  account: AwsAccount;
  /** Every use of the key besides its administration (`key-policy.ts`). */
  grants: readonly KeyGrantInput[];
  /** Pulumi `protect` (DESIGN-9): destroying the key would make everything it encrypted unreadable. */
  protect: boolean;
}

/** KMS waits 7 to 30 days before it deletes a key: the longest window for keys we protect, the shortest elsewhere. */
export function deletionWindowInDays(protect: boolean): number {
  return protect ? 30 : 7;
}

/**
 * A stack's own KMS key (DESIGN-10: each stateful stack encrypts its data with its own key), rotated yearly, with
 * its alias. The account administers it; every use is a grant in `grants`, limited to a service and, where the
 * service sends one, to the encryption context of this stack's resources.
 */
export class CustomerManagedKey extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;
  readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: CustomerManagedKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:kms:CustomerManagedKey', name, {}, opts);
    const { account } = args;

    const grants = pulumi.output(args.grants) as pulumi.Output<KeyGrant[]>;
    const policy = pulumi
      .all([account.accountId, account.partition, account.dnsSuffix, grants])
      .apply(([accountId, partition, dnsSuffix, resolved]) =>
        JSON.stringify(keyPolicy({ accountId, region: account.region, partition, dnsSuffix }, resolved)),
      );

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: args.description,
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: deletionWindowInDays(args.protect),
        policy,
        tags: { Name: args.keyName },
      },
      { parent: this, protect: args.protect },
    );
    const alias = new aws.kms.Alias(
      `${name}-alias`,
      { name: args.aliasName, targetKeyId: key.keyId },
      { parent: this },
    );

    this.arn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
    this.registerOutputs({ arn: this.arn, keyId: this.keyId, aliasName: this.aliasName });
  }
}
