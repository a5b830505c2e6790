import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsAccount } from '@payments/stack';
import { functionPolicy, serviceRoleArgs, type DatabaseAccess } from '../policies';

export interface FunctionRoleArgs {
  /** Physical role name. */
  roleName: string;
  /** Physical name of the role's inline policy. */
  policyName: string;
  account: AwsAccount;
  /** ARN of the function's own log group. */
  logGroupArn: pulumi.Input<string>;
  /** The master secret (migrations) or IAM authentication as one database user (payments). */
  database: DatabaseAccess<pulumi.Input<string>>;
  tracing: boolean;
  /** Grants writes under the audit prefix of this bucket, encrypted with this key; absent: no S3 access. */
  audit?: { bucketArn: pulumi.Input<string>; kmsKeyArn: pulumi.Input<string> };
}

/** The execution role of one Lambda function: trusted by Lambda only, one least-privilege inline policy. */
export class FunctionRole extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly policy: aws.iam.RolePolicy;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: FunctionRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:api:FunctionRole', name, {}, opts);

    this.role = new aws.iam.Role(`${name}-role`, serviceRoleArgs(args.roleName, 'lambda.amazonaws.com'), {
      parent: this,
    });

    const audit = args.audit;
    const document = pulumi
      .output({
        partition: args.account.partition,
        dnsSuffix: args.account.dnsSuffix,
        logGroupArn: args.logGroupArn,
        database: args.database,
        audit: audit ? { bucketArn: audit.bucketArn, kmsKeyArn: audit.kmsKeyArn } : undefined,
      })
      .apply((values) =>
        JSON.stringify(
          functionPolicy({
            ...values,
            database: values.database as DatabaseAccess,
            region: args.account.region,
            tracing: args.tracing,
          }),
        ),
      );

    this.policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      { name: args.policyName, role: this.role.id, policy: document },
      { parent: this },
    );

    this.arn = this.role.arn;
    this.registerOutputs({ roleArn: this.arn, policyName: this.policy.name });
  }
}
