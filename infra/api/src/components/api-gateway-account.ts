import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsAccount } from '@payments/stack';
import { serviceRoleArgs } from '../policies';

/** AWS's policy for API Gateway's account-level logging role (create and write log groups and streams). */
export const PUSH_TO_CLOUDWATCH_POLICY = 'service-role/AmazonAPIGatewayPushToCloudWatchLogs';

export interface ApiGatewayAccountArgs {
  /** Physical name of the role API Gateway assumes to write execution and access logs. */
  roleName: string;
  account: AwsAccount;
}

/**
 * API Gateway's CloudWatch role. It is a per-account, per-region setting, not per API: this assumes one AWS
 * account per environment, so each environment's stack owns its account's setting.
 */
export class ApiGatewayAccount extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly attachment: aws.iam.RolePolicyAttachment;
  readonly account: aws.apigateway.Account;
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: ApiGatewayAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:api:ApiGatewayAccount', name, {}, opts);

    this.role = new aws.iam.Role(`${name}-role`, serviceRoleArgs(args.roleName, 'apigateway.amazonaws.com'), {
      parent: this,
    });

    this.attachment = new aws.iam.RolePolicyAttachment(
      `${name}-logs`,
      {
        role: this.role.name,
        policyArn: pulumi.interpolate`arn:${args.account.partition}:iam::aws:policy/${PUSH_TO_CLOUDWATCH_POLICY}`,
      },
      { parent: this },
    );

    this.account = new aws.apigateway.Account(
      `${name}-account`,
      { cloudwatchRoleArn: this.role.arn },
      // API Gateway checks the role's permissions when the setting is saved.
      { parent: this, dependsOn: [this.attachment] },
    );

    this.roleArn = this.role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
