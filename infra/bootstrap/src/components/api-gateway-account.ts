import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsAccount } from '@payments/stack';

/** AWS's policy for API Gateway's account-level logging role (create and write log groups and streams). */
export const PUSH_TO_CLOUDWATCH_POLICY = 'service-role/AmazonAPIGatewayPushToCloudWatchLogs';

export interface ApiGatewayAccountArgs {
  /** Physical name of the role API Gateway assumes to write execution and access logs. */
  roleName: string;
  account: AwsAccount;
}

/**
 * API Gateway's CloudWatch role: a setting of the account and region, not of an API, so it lives in the bootstrap
 * (one stack per account) rather than in the api stack, where the last environment deployed owned it and destroying
 * one broke the others' logging. Two environments in one account: see infra/bootstrap/README.md.
 */
export class ApiGatewayAccount extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: ApiGatewayAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:bootstrap:ApiGatewayAccount', name, {}, opts);

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: args.roleName,
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      },
      { parent: this },
    );

    const attachment = new aws.iam.RolePolicyAttachment(
      `${name}-logs`,
      {
        role: role.name,
        policyArn: pulumi.interpolate`arn:${args.account.partition}:iam::aws:policy/${PUSH_TO_CLOUDWATCH_POLICY}`,
      },
      { parent: this },
    );

    new aws.apigateway.Account(
      `${name}-account`,
      { cloudwatchRoleArn: role.arn },
      // API Gateway checks the role's permissions when the setting is saved.
      { parent: this, dependsOn: [attachment] },
    );

    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
